// SPDX-License-Identifier: MIT
#include "support/test_pki.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

namespace redactor::test {

test_pki::test_pki() {
  char tmpl[] = "/tmp/redactor-pki-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  // EC keys: made in milliseconds, unlike RSA.
  std::string script = "set -e; cd '" + dir_ + R"(';
key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"; }
ca() {
  key "$1"
  openssl req -x509 -new -key "$1.key" -sha256 -days 2 \
    -subj "/CN=redactor test $1" -out "$1.crt"
}
signed() {
  key "$1"
  openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr"
  printf '%s\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -days 2 -sha256 -extfile "$1.ext" -out "$1.crt"
}
ca ca
ca other-ca
signed server 'subjectAltName=DNS:localhost,IP:127.0.0.1'
signed client 'extendedKeyUsage=clientAuth'
)";
  std::string quoted;
  for (char c : script)
    quoted += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
  if (std::system(("bash -c '" + quoted + "' > /dev/null 2>&1").c_str()) != 0)
    throw std::runtime_error("openssl could not make the test certificates");
}

test_pki::~test_pki() {
  std::filesystem::remove_all(dir_);
}

} // namespace redactor::test

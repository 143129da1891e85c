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
  auto command = std::string{"bash "} + REDACTOR_TEST_PKI_SCRIPT + " '" + dir_ +
                 "' > /dev/null 2>&1";
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("openssl could not make the test certificates");
}

test_pki::~test_pki() {
  std::filesystem::remove_all(dir_);
}

} // namespace redactor::test

// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace redactor::test {

/// Certificates made at run time by deploy/tls/make-certs.sh, in a scratch
/// directory removed with the object (no key is ever committed): a CA, a
/// server certificate it signed for localhost and 127.0.0.1, a client
/// certificate it signed, and a second CA that signed nothing of these.
class test_pki {
 public:
  test_pki();
  ~test_pki();
  test_pki(const test_pki&) = delete;
  test_pki& operator=(const test_pki&) = delete;

  std::string ca_cert() const { return dir_ + "/ca.crt"; }
  std::string server_cert() const { return dir_ + "/server.crt"; }
  std::string server_key() const { return dir_ + "/server.key"; }
  std::string client_cert() const { return dir_ + "/client.crt"; }
  std::string client_key() const { return dir_ + "/client.key"; }
  /// A CA that signed none of the above.
  std::string other_ca_cert() const { return dir_ + "/other-ca.crt"; }

 private:
  std::string dir_;
};

} // namespace redactor::test

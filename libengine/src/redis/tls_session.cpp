// SPDX-License-Identifier: MIT
#include "redis/tls_session.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace redactor::redis {
namespace {

/// OpenSSL's queued error, as text; empty when there is none.
std::string openssl_error() {
  std::string out;
  while (auto code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty())
      out += "; ";
    out += buf;
  }
  return out;
}

/// What a failed certificate check means for the user.
std::string verify_advice(long result) {
  switch (result) {
  case X509_V_ERR_HOSTNAME_MISMATCH:
  case X509_V_ERR_IP_ADDRESS_MISMATCH:
    return "the server's certificate is not for this host name (set the "
           "expected name with --sni / tls_options::server_name)";
  case X509_V_ERR_CERT_HAS_EXPIRED:
    return "the server's certificate has expired";
  case X509_V_ERR_CERT_NOT_YET_VALID:
    return "the server's certificate is not valid yet";
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_CERT_UNTRUSTED:
    return "the server's certificate is not signed by a trusted CA (give "
           "its CA with --cacert / tls_options::ca_file)";
  default:
    return X509_verify_cert_error_string(result);
  }
}

bool is_ip_address(const std::string& host) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

} // namespace

result<std::shared_ptr<const tls_session::context>>
tls_session::context::make(const tls_options& o) {
  auto* ctx = SSL_CTX_new(TLS_client_method());
  if (ctx == nullptr)
    return make_error(errc::invalid_argument, "TLS: " + openssl_error());
  std::shared_ptr<const context> out{new context(ctx, o)};
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                            SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  auto fail = [](const std::string& what) {
    return make_error(errc::invalid_argument,
                      "TLS: " + what + ": " + openssl_error());
  };
  if (o.ca_file.empty() && o.ca_dir.empty()) {
    if (SSL_CTX_set_default_verify_paths(ctx) != 1)
      return fail("cannot load the system's trust store");
  } else if (SSL_CTX_load_verify_locations(
                 ctx, o.ca_file.empty() ? nullptr : o.ca_file.c_str(),
                 o.ca_dir.empty() ? nullptr : o.ca_dir.c_str()) != 1) {
    return fail("cannot load the CA certificates '" + o.ca_file + o.ca_dir +
                "'");
  }
  if (!o.cert_file.empty() &&
      SSL_CTX_use_certificate_chain_file(ctx, o.cert_file.c_str()) != 1)
    return fail("cannot load the client certificate '" + o.cert_file + "'");
  if (!o.key_file.empty() &&
      SSL_CTX_use_PrivateKey_file(ctx, o.key_file.c_str(), SSL_FILETYPE_PEM) !=
          1)
    return fail("cannot load the client key '" + o.key_file + "'");
  SSL_CTX_set_verify(ctx, o.verify_peer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE,
                     nullptr);
  return out;
}

tls_session::context::context(ssl_ctx_st* ctx, const tls_options& o)
    : ctx_(ctx), options_(o) {
  // nop
}

tls_session::context::~context() {
  SSL_CTX_free(ctx_);
}

tls_session::tls_session(std::shared_ptr<const context> ctx, int fd,
                         const std::string& host)
    : ctx_(std::move(ctx)), ssl_(SSL_new(ctx_->ctx_)) {
  SSL_set_fd(ssl_, fd);
  auto& name =
      ctx_->options_.server_name.empty() ? host : ctx_->options_.server_name;
  if (!is_ip_address(name)) // SNI carries host names only
    SSL_set_tlsext_host_name(ssl_, name.c_str());
  if (ctx_->options_.verify_peer) {
    if (is_ip_address(name))
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), name.c_str());
    else
      SSL_set1_host(ssl_, name.c_str());
  }
}

tls_session::~tls_session() {
  SSL_free(ssl_);
}

tls_session::status tls_session::handshake() {
  return classify(SSL_connect(ssl_));
}

tls_session::status tls_session::read(char* buf, std::size_t size,
                                      std::size_t& n) {
  n = 0;
  auto rc = SSL_read_ex(ssl_, buf, size, &n);
  if (rc != 1)
    return classify(rc);
  received_ = true;
  return status::done;
}

tls_session::status tls_session::write(const char* buf, std::size_t size,
                                       std::size_t& n) {
  n = 0;
  auto rc = SSL_write_ex(ssl_, buf, size, &n);
  return rc == 1 ? status::done : classify(rc);
}

tls_session::status tls_session::classify(int rc) {
  if (rc == 1)
    return status::done;
  switch (SSL_get_error(ssl_, rc)) {
  case SSL_ERROR_WANT_READ:
    return status::want_read;
  case SSL_ERROR_WANT_WRITE:
    return status::want_write;
  case SSL_ERROR_ZERO_RETURN:
    return status::closed;
  default:
    break;
  }
  auto verify = SSL_get_verify_result(ssl_);
  auto queued = openssl_error();
  if (verify != X509_V_OK)
    failure_ = "TLS: " + verify_advice(verify);
  else if (queued.find("wrong version number") != std::string::npos ||
           queued.find("packet length too long") != std::string::npos)
    failure_ = "TLS: the server does not speak TLS on this port (use "
               "redis:// for a plain one)";
  else if (queued.find("alert certificate required") != std::string::npos)
    failure_ = "TLS: the server requires a client certificate (--cert and "
               "--key / tls_options::cert_file and key_file): " +
               queued;
  else if (queued.empty() && !received_)
    // With TLS 1.3 the refusal of a missing client certificate comes after
    // the handshake, and may be lost when the server resets at once.
    failure_ = "TLS: the server closed the connection before answering; a "
               "server that requires a client certificate does that without "
               "one (--cert and --key / tls_options::cert_file and key_file)";
  else if (queued.empty())
    failure_ = "TLS: the server closed the connection";
  else
    failure_ = "TLS: " + queued;
  return status::failed;
}

} // namespace redactor::redis

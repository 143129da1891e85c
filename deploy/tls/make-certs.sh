#!/usr/bin/env bash
# Makes certificates in DIR with the openssl CLI (EC keys: made in
# milliseconds, unlike RSA): ca, other-ca (signed nothing here), server and
# client, each NAME.crt and NAME.key. The server certificate names SERVER
# (default: localhost and 127.0.0.1). For the tests' TLS servers and the
# TLS compose variant (docker-compose.tls.yml); not for production.
#   make-certs.sh DIR [SERVER-NAMES]   e.g. 'DNS:redis,DNS:localhost'
set -euo pipefail
mkdir -p "$1"
cd "$1"
server_names=${2:-DNS:localhost,IP:127.0.0.1}
key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"; }
ca() {
  key "$1"
  openssl req -x509 -new -key "$1.key" -sha256 -days 30 \
    -subj "/CN=redactor test $1" -out "$1.crt"
}
signed() {
  key "$1"
  openssl req -new -key "$1.key" -subj "/CN=$1" -out "$1.csr"
  printf '%s\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -days 30 -sha256 -extfile "$1.ext" -out "$1.crt"
}
ca ca
ca other-ca
signed server "subjectAltName=$server_names"
signed client 'extendedKeyUsage=clientAuth'

#!/usr/bin/env bash
# Makes the tests' certificates in DIR with the openssl CLI (EC keys: made
# in milliseconds, unlike RSA): ca, other-ca (signed nothing here), server
# (localhost, 127.0.0.1) and client, each NAME.crt and NAME.key.
#   make_test_pki.sh DIR
set -euo pipefail
cd "$1"
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

#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing, running and
# benchmarking Redactor needs. Idempotent: does nothing when all are present.
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build g++ pkg-config clang libclang-rt-14-dev clang-format
  # libraries (the design's fixed stack)
  libcaf-dev libhiredis-dev libboost-json1.81-dev
  # TLS on the engine's own sockets; the CLI makes the tests' certificates
  libssl-dev openssl
  # argument parsing for apps/ (usage messages, exclusive flags, subcommands)
  libcli11-dev
  prometheus-cpp-dev zlib1g-dev libcurl4-openssl-dev
  # the programs' allocator (apps/CMakeLists.txt says why)
  libjemalloc-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev redis-server redis-tools
  python3 python3-redis
  # the JSON-RPC list convention's Ruby client, a foreign peer in tests
  ruby-redis
  # validates the AsyncAPI documents against the AsyncAPI 3.0 schema
  python3-jsonschema
  # checks the Grafana dashboard against Grafana's published schema types
  node-typescript
  # deploy/ tests: a real Prometheus (and promtool) scraping our exporter,
  # YAML for reading the shipped prometheus.yml and compose file
  prometheus python3-yaml
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "install-deps: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
  --no-install-recommends "${missing[@]}" >/dev/null

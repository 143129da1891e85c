#!/usr/bin/env bash
# The benchmark of README "Performance": installs dependencies, makes the
# release build, and runs redactor-bench with the arguments given (--quick,
# --json FILE, --only NAME, --url URL; --help lists them). Without --url it
# starts its own redis-server on loopback. A first argument --jemalloc runs
# both sides (Redactor and the raw baseline, with their peer processes)
# under jemalloc instead of glibc's malloc.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/deploy/lib/build.sh"

jemalloc=false
if [ "${1:-}" = --jemalloc ]; then
  jemalloc=true
  shift
fi

"$root/deploy/install-deps.sh"
preload=()
if $jemalloc; then
  preload=(env "LD_PRELOAD=$(ls /usr/lib/*/libjemalloc.so.2 | head -n 1)")
fi
build_release "$root" --target redactor-bench redactor-codec-bench
exec "${preload[@]}" "$root/build/release/bench/redactor-bench" "$@"

#!/usr/bin/env bash
# The benchmark of README "Performance": installs dependencies, makes the
# release build, and runs redactor-bench with the arguments given (--quick,
# --json FILE, --only NAME, --url URL; --help lists them). Without --url it
# starts its own redis-server on loopback.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/deploy/lib/build.sh"

"$root/deploy/install-deps.sh"
build_release "$root" --target redactor-bench redactor-codec-bench
exec "$root/build/release/bench/redactor-bench" "$@"

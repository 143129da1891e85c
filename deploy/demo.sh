#!/usr/bin/env bash
# The main job: installs dependencies, builds, and runs the demo against
# $REDIS_URL, or against a private local redis-server started and stopped here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/deploy/lib/local-redis.sh"
. "$root/deploy/lib/build.sh"

"$root/deploy/install-deps.sh"
build_release "$root" --target redactor-demo
start_local_redis
"$root/build/release/apps/redactor-demo" --url "$REDIS_URL"

#!/usr/bin/env bash
# The main job: installs dependencies, builds, starts redis-server (unless
# $REDIS_URL is given), runs the calculator service, then the calculator
# client and a few `redactor request` calls against it, and stops everything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/deploy/lib/local-redis.sh"
. "$root/deploy/lib/build.sh"

"$root/deploy/install-deps.sh"
build_release "$root" --target redactor-calc-server redactor-calc-client \
  redactor-cli
bin="$root/build/release/apps"
start_local_redis

server_pid=
stop_all() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" || true
  fi
  stop_local_redis
}
trap stop_all EXIT

# The server says when it is serving; wait for that line.
coproc server { exec "$bin/redactor-calc-server" --url "$REDIS_URL"; }
server_pid=$server_PID
read -r -t 15 ready <&"${server[0]}"
echo "$ready"

echo "== redactor-calc-client"
"$bin/redactor-calc-client" --url "$REDIS_URL"

echo "== redactor request (JSON-RPC 2.0 on calc:jsonrpc)"
for body in '{"jsonrpc":"2.0","id":1,"method":"clr"}' \
            '{"jsonrpc":"2.0","id":2,"method":"add","params":[40]}' \
            '{"jsonrpc":"2.0","id":3,"method":"add","params":{"number":2}}' \
            '{"jsonrpc":"2.0","id":4,"method":"div","params":[0]}'; do
  echo "> $body"
  "$bin/redactor" request --url "$REDIS_URL" --list calc:jsonrpc \
    --timeout 5s "$body"
done

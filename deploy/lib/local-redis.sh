# Sourced by the deploy scripts. Sets REDIS_URL: the caller's, or that of a
# private redis-server on a free loopback port (persistence off) that is
# stopped when the calling script exits.
start_local_redis() {
  if [ -n "${REDIS_URL:-}" ]; then
    return
  fi
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --loglevel warning >/dev/null &
  LOCAL_REDIS_PID=$!
  trap stop_local_redis EXIT
  for _ in $(seq 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.05
  done
  redis-cli -p "$port" ping >/dev/null
  REDIS_URL="redis://127.0.0.1:$port"
  echo "local redis-server at $REDIS_URL" >&2
}

stop_local_redis() {
  if [ -n "${LOCAL_REDIS_PID:-}" ]; then
    kill "$LOCAL_REDIS_PID" 2>/dev/null || true
    wait "$LOCAL_REDIS_PID" 2>/dev/null || true
    LOCAL_REDIS_PID=
  fi
}

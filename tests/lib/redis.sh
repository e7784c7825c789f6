# shellcheck shell=bash
# A real redis-server (Debian's) for tests: sourced, not run. Needs
# fixture.sh (free ports) and a WORK directory. No persistence: a restarted
# server starts empty, as after a crash without a snapshot.

# redis_start [PORT]: starts redis-server on 127.0.0.1 (a free port, or
# PORT again after redis_kill); sets REDIS_PORT, REDIS_PID, REDIS_URL.
# Fails loudly when redis-server is missing.
redis_start() {
  command -v redis-server >/dev/null || fail "redis-server is not installed (make deps installs it)"
  local p=${1:-} ports i
  if [ -n "$p" ]; then ports=$p; else ports=$(fixture_free_ports 5); fi
  mkdir -p "$WORK/redis"
  for p in $ports; do
    redis-server --bind 127.0.0.1 --port "$p" --save '' --appendonly no --dir "$WORK/redis" \
      --protected-mode yes >>"$WORK/redis/log" 2>&1 &
    REDIS_PID=$!
    for i in $(seq 50); do
      redis-cli -p "$p" PING 2>/dev/null | grep -q PONG && break
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.1
    done
    if redis-cli -p "$p" PING 2>/dev/null | grep -q PONG; then
      REDIS_PORT=$p
      REDIS_URL=redis://127.0.0.1:$p/0
      return 0
    fi
    kill "$REDIS_PID" 2>/dev/null || true
  done
  fail "redis-server did not start: $(tail -n 5 "$WORK/redis/log")"
}

# redis_kill: SIGKILL, as a crash.
redis_kill() {
  [ -n "${REDIS_PID:-}" ] || return 0
  kill -KILL "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
  REDIS_PID=
}

redis_cli() { redis-cli -p "$REDIS_PORT" "$@"; }

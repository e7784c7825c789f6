# shellcheck shell=bash
# Helpers for tests that run hrn-relay as a process: sourced, not run.
# The sourcing script sets RELAY (the binary) and calls relay_test_begin,
# which makes WORK (its temp dir), defines fail() and cleans up at exit.

# relay_test_begin: WORK, RELAY_PID and COUNTER_PID set; at exit the relay
# and the counting upstream are stopped and WORK removed; fail MESSAGE
# prints the message and the end of the relay's log, and exits 1.
relay_test_begin() {
  WORK=$(mktemp -d)
  RELAY_PID=
  COUNTER_PID=
  BLOCKS_PID=
  trap relay_test_end EXIT
}
relay_test_end() {
  [ -n "${RELAY_PID:-}" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null
  [ -n "${COUNTER_PID:-}" ] && kill "$COUNTER_PID" 2>/dev/null
  if [ -n "${BLOCKS_PID:-}" ]; then kill "$BLOCKS_PID" 2>/dev/null && wait "$BLOCKS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
fail() {
  echo "FAIL: $*" >&2
  [ -n "${RELAY_LOG:-}" ] && tail -n 30 "$RELAY_LOG" >&2
  exit 1
}

# relay_start NAME ARGS...: starts a relay on a free loopback port with its
# state in $WORK/NAME; sets RELAY_PID and BASE (http://127.0.0.1:PORT).
relay_start() {
  local name=$1
  shift
  mkdir -p "$WORK/$name"
  rm -f "$WORK/$name/port"
  "$RELAY" --listen 127.0.0.1:0 --port-file "$WORK/$name/port" --state-dir "$WORK/$name" "$@" \
    >>"$WORK/$name/log" 2>&1 &
  RELAY_PID=$!
  RELAY_LOG=$WORK/$name/log
  local i
  for i in $(seq 100); do
    [ -s "$WORK/$name/port" ] && break
    kill -0 "$RELAY_PID" 2>/dev/null || { tail -n 20 "$RELAY_LOG" >&2; fail "relay exited at start"; }
    sleep 0.1
  done
  [ -s "$WORK/$name/port" ] || fail "relay wrote no port file"
  BASE=http://127.0.0.1:$(cat "$WORK/$name/port")
}

# relay_stop: SIGTERM, then waits (15 s at most) for a clean exit.
relay_stop() {
  [ -n "${RELAY_PID:-}" ] || return 0
  kill -TERM "$RELAY_PID" 2>/dev/null || true
  local i
  for i in $(seq 150); do kill -0 "$RELAY_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$RELAY_PID" 2>/dev/null && fail "relay still running 15 s after SIGTERM"
  wait "$RELAY_PID" || fail "relay exited non-zero"
  RELAY_PID=
}

# get PATH_AND_QUERY OUTFILE: prints the HTTP status, body to OUTFILE.
get() { curl -s --max-time 60 -o "$2" -w '%{http_code}' "$BASE$1"; }

# post BODY OUTFILE: POST /v1/resolve; prints the HTTP status.
post() { curl -s --max-time 60 -o "$2" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary "$1" "$BASE/v1/resolve"; }

# ask_from_addresses NAME...: each name from its own loopback address
# (127.0.0.2, .3, ...), as a GET with its proof and as a POST, so that an
# address in the relay's log could be tied to the name it asked for.
ask_from_addresses() {
  local port=${BASE##*:} i=2 n
  for n in "$@"; do
    curl -s --interface "127.0.0.$i" -o /dev/null "http://127.0.0.1:$port/v1/resolve?name=$n&proof=1"
    curl -s --interface "127.0.0.$i" -o /dev/null -H 'Content-Type: application/json' \
      --data-binary "{\"names\":[\"$n\"]}" "http://127.0.0.1:$port/v1/resolve"
    i=$((i + 1))
  done
}

# cache_entries: the relay's cache size from /healthz.
cache_entries() { curl -s "$BASE/healthz" | jq -r .cache.entries; }

# Counting upstream: a socat forwarder in front of the real resolver that
# logs each TCP connection, so a test counts lookups where the upstream sees
# them (one lookup = one connection), not where the relay says it sent them.
# counter_start TARGET_PORT: sets COUNTER_PORT, COUNTER_PID.
counter_start() {
  local target=$1 p
  COUNTER_TARGET=$target
  for p in $(fixture_free_ports 5); do
    socat -d -d "TCP-LISTEN:$p,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$target" \
      2>>"$WORK/counter.log" &
    COUNTER_PID=$!
    sleep 0.3
    if kill -0 "$COUNTER_PID" 2>/dev/null; then
      COUNTER_PORT=$p
      return 0
    fi
  done
  fail "socat counter did not start"
}
counter_stop() { [ -n "${COUNTER_PID:-}" ] && kill "$COUNTER_PID" 2>/dev/null; wait "$COUNTER_PID" 2>/dev/null || true; COUNTER_PID=; }
# counter_restart: the same port again (after counter_stop).
counter_restart() {
  socat -d -d "TCP-LISTEN:$COUNTER_PORT,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$COUNTER_TARGET" \
    2>>"$WORK/counter.log" &
  COUNTER_PID=$!
  sleep 0.3
  kill -0 "$COUNTER_PID" 2>/dev/null || fail "socat counter did not restart"
}
connections() { grep -c 'accepting connection' "$WORK/counter.log" || true; }

# blocks_rpc_start HEIGHT: a bitcoind-like JSON-RPC block source
# (tests/lib/block_servers.py) at HEIGHT in $WORK/rpc, stopped at exit; sets
# BLOCKS_ARGS, the relay options that use it (polled every second). Write a
# new height to $WORK/rpc/height to mine a block; hashes are SHA-256 of
# "block-HEIGHT".
blocks_rpc_start() {
  local lib
  lib=$(dirname "${BASH_SOURCE[0]}")
  mkdir -p "$WORK/rpc"
  echo "$1" >"$WORK/rpc/height"
  printf '__cookie__:%s\n' "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$WORK/rpc/cookie"
  python3 "$lib/block_servers.py" rpc "$WORK/rpc" "$WORK/rpc/cookie" 2>"$WORK/rpc/stderr" &
  BLOCKS_PID=$!
  local _
  for _ in $(seq 50); do [ -s "$WORK/rpc/port" ] && break; sleep 0.1; done
  [ -s "$WORK/rpc/port" ] || fail "rpc block source did not start: $(cat "$WORK/rpc/stderr")"
  BLOCKS_ARGS=(--blocks "bitcoind:http://127.0.0.1:$(cat "$WORK/rpc/port")" --blocks-rpc-cookie "$WORK/rpc/cookie"
    --blocks-poll 1)
}

# blocks_wait_height HEIGHT: until the relay's /healthz shows the tip at HEIGHT (10 s at most).
blocks_wait_height() {
  local _
  for _ in $(seq 100); do
    [ "$(curl -s --max-time 5 "$BASE/healthz" | jq -r .blocks.height)" = "$1" ] && return 0
    sleep 0.1
  done
  fail "the relay never saw height $1: $(curl -s "$BASE/healthz" | jq -c .blocks)"
}

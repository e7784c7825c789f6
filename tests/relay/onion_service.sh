#!/usr/bin/env bash
# The relay publishes its API as a v3 onion service in the private Tor
# network, and a Tor client reaches /healthz at that address:
#   1. with its own managed tor (joined to the test network), twice, to show
#      the onion address survives a restart (key kept in --state-dir);
#   2. with an existing tor given by --tor-socks/--tor-control.
set -euo pipefail
relay=$(realpath "$1")
tornet_env=${2:?usage: onion_service.sh HRN_RELAY TORNET_ENV}
# shellcheck disable=SC1090
. "$tornet_env"
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/log" ] && tail -n 30 "$work/log" >&2; exit 1; }

start_relay() {  # start_relay ARGS...: starts it, sets pid and port
  "$relay" --listen 127.0.0.1:0 --state-dir "$work/state" "$@" >"$work/log" 2>&1 &
  pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || fail "relay did not start"
}

stop_relay() {
  kill -TERM "$pid"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "relay still running 15 s after SIGTERM"
  wait "$pid" || fail "relay exited non-zero"
  pid=
}

# Waits for /healthz to report a published onion address; prints it.
wait_published() {
  local t0=$SECONDS h a
  while ((SECONDS - t0 < 120)); do
    h=$(curl -s "http://127.0.0.1:$port/healthz" || true)
    # Only an answer that names a v3 address counts (a half-read reply on a
    # loaded machine must not pass for one).
    a=$(echo "$h" | jq -r 'select(.tor.ready and .onion.published) | .onion.address // empty' 2>/dev/null || true)
    if [[ $a =~ ^[a-z2-7]{56}\.onion$ ]]; then
      echo "$a"
      return 0
    fi
    sleep 1
  done
  fail "no published onion service after 120 s: $h"
}

# Fetches /healthz at the onion address through the test network's client.
fetch_over_onion() {
  local addr=$1 t0=$SECONDS body
  while ((SECONDS - t0 < 90)); do
    body=$(curl -s --max-time 20 --socks5-hostname "$TOR_SOCKS" -U "onion-test:$RANDOM" \
      "http://$addr/healthz" || true)
    if echo "$body" | jq -e '.service=="hrn-relay"' >/dev/null 2>&1; then
      echo "$body" | jq -e --arg a "$addr" '.onion.address==$a' >/dev/null \
        || fail "the onion answer does not name its own address: $body"
      return 0
    fi
    sleep 2
  done
  fail "could not reach http://$addr/healthz through Tor"
}

# 1. managed tor joined to the private network
t0=$SECONDS
start_relay --onion-service --tor-torrc-append "$NETWORK_TORRC"
first=$(wait_published)
t_pub=$((SECONDS - t0))
fetch_over_onion "$first"
t_fetch=$((SECONDS - t0))
grep -q "bootstrap 100%" "$work/log" || fail "no bootstrap progress in the log"
[ "$(grep -c 'onion service: http://' "$work/log")" = 1 ] || fail "onion address not logged exactly once"
[ "$(stat -c %a "$work/state/onion_key")" = 600 ] || fail "onion key is not mode 0600"
stop_relay
pgrep -f "$work/state/tor" >/dev/null && fail "managed tor still running after the relay stopped"

start_relay --onion-service --tor-torrc-append "$NETWORK_TORRC"
second=$(wait_published)
[ "$first" = "$second" ] || fail "onion address changed across restarts: $first then $second"
fetch_over_onion "$second"
stop_relay

# 2. an existing tor (the network's hs instance) through its control port
rm -rf "$work/state"
start_relay --onion-service --tor-socks "127.0.0.1:$HS_SOCKS_PORT" --tor-control "127.0.0.1:$HS_CONTROL_PORT"
third=$(wait_published)
fetch_over_onion "$third"
stop_relay
echo "onion_service: managed tor published $first in ${t_pub}s, first fetch done at ${t_fetch}s; same address after restart; existing tor published $third"

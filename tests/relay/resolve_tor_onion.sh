#!/usr/bin/env bash
# The relay with its own managed tor in the private Tor network: a wallet
# reaches it as an onion service and resolves a name; then tor is killed
# mid-run: cached answers keep being served, misses get 503, and the relay
# recovers by itself when its tor is back.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_tor_onion.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
tornet_env=${4:?usage: resolve_tor_onion.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck disable=SC1090
. "$tornet_env"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
w=$WORK

relay_start onion --onion-service --tor-torrc-append "$NETWORK_TORRC" --upstream "$UPSTREAM" \
  --trust-anchor "$TRUST_ANCHOR" --rate-limit 0
t0=$SECONDS
addr=
while ((SECONDS - t0 < 150)); do
  h=$(curl -s "$BASE/healthz" || true)
  if echo "$h" | jq -e '.tor.ready and .onion.published and .resolver.available' >/dev/null 2>&1; then
    addr=$(echo "$h" | jq -r .onion.address)
    break
  fi
  sleep 1
done
[ -n "$addr" ] || fail "no published onion service: $h"

# A wallet over Tor: the test network's client tor, to the onion address.
t0=$SECONDS
ok=
while ((SECONDS - t0 < 120)); do
  if curl -sS --max-time 30 --socks5-hostname "$TOR_SOCKS" -U "wallet:$RANDOM" -o "$w/onion.json" \
    "http://$addr/v1/resolve?name=alice@rsa.test" && jq -e '.status=="ok"' "$w/onion.json" >/dev/null 2>&1; then
    ok=1
    break
  fi
  sleep 2
done
[ -n "$ok" ] || fail "could not resolve over the onion service: $(cat "$w/onion.json" 2>/dev/null)"
# Read whole first: with pipefail, grep -q leaving early would fail curl (SIGPIPE).
curl -s "$BASE/metrics" >"$w/metrics.txt"
grep -q '^hrn_http_listener_requests_total{listener="onion"} [1-9]' "$w/metrics.txt" \
  || fail "the onion request was not counted on the onion listener"

# Kill the relay's tor (found by its data directory in our state dir).
tor_pid=$(pgrep -f -- "$WORK/onion/tor" | head -n1 || true)
[ -n "$tor_pid" ] || fail "managed tor process not found"
kill -9 "$tor_pid"
# Hits are served; misses get 503 while tor is away (names never asked
# before, so each is a real miss).
saw_503=
for i in $(seq 40); do
  [ "$(get '/v1/resolve?name=alice@rsa.test' "$w/hit")" = 200 ] || fail "a hit failed while tor was down"
  jq -e '.cached==true' "$w/hit" >/dev/null || fail "hit body: $(cat "$w/hit")"
  code=$(get "/v1/resolve?name=gone$i@p256.test" "$w/miss")
  if [ "$code" = 503 ]; then
    jq -e '.status=="error" and (.error.code=="tor_not_ready" or .error.code=="socks_proxy_unreachable")' \
      "$w/miss" >/dev/null || fail "503 body: $(cat "$w/miss")"
    saw_503=1
    break
  fi
  sleep 0.1
done
[ -n "$saw_503" ] || fail "no miss got 503 after tor was killed (last: $code $(cat "$w/miss"))"

# The relay restarts its tor and lookups work again.
t0=$SECONDS
back=
while ((SECONDS - t0 < 120)); do
  if curl -s "$BASE/healthz" | jq -e '.resolver.available' >/dev/null 2>&1; then
    code=$(get '/v1/resolve?name=nobody@p256.test' "$w/after")
    if [ "$code" = 200 ]; then back=1; break; fi
  fi
  sleep 1
done
[ -n "$back" ] || fail "no lookup succeeded after tor came back: $(cat "$w/after" 2>/dev/null)"
jq -e '.status=="not_found" and .cached==false' "$w/after" >/dev/null || fail "after recovery: $(cat "$w/after")"
relay_stop
echo "resolve_tor_onion: all checks passed ($addr)"

#!/usr/bin/env bash
# The relay resolving through the private Tor network against the signed
# zones: answers, the cache, TTL expiry, serve-stale when the upstream is
# down, single-flight, and a restart from the snapshot. Lookups are counted
# where the upstream sees them: a socat forwarder in front of Unbound logs
# each TCP connection (one lookup is one connection). Without rounds
# (--round-interval 0), so that no decoy or refresh adds to the counts;
# resolve_rounds.sh checks the rounds.
set -euo pipefail
RELAY=$(realpath "$1")
HRN=$(realpath "$2")
dnszones_env=${3:?usage: resolve_tor.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
tornet_env=${4:?usage: resolve_tor.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
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

counter_start "$UNBOUND_PORT"
upstream=tcp://127.0.0.1:$COUNTER_PORT
# A 4-second TTL ceiling, so expiry and serve-stale can be seen in a test.
relay_start tor --tor-socks "$TOR_SOCKS" --upstream "$upstream" --trust-anchor "$TRUST_ANCHOR" \
  --cache-max-ttl 4 --rate-limit 0 --round-interval 0
curl -s "$BASE/healthz" | jq -e '.resolver.available and .tor.state=="external"' >/dev/null \
  || fail "healthz: $(curl -s "$BASE/healthz")"

# ok, through Tor; the second request is a hit and sends nothing.
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/ok")" = 200 ] || fail "ok: $(cat "$w/ok")"
jq -e '.status=="ok" and .cached==false and .ttl<=4' "$w/ok" >/dev/null || fail "ok body: $(cat "$w/ok")"
[ "$(connections)" = 1 ] || fail "one lookup should be one upstream connection, saw $(connections)"
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/hit")" = 200 ] || fail "hit"
jq -e '.cached==true' "$w/hit" >/dev/null || fail "second request not cached: $(cat "$w/hit")"
[ "$(connections)" = 1 ] || fail "a cache hit reached the upstream"

# not_found, and a bogus chain: 502, not cached, asked again next time.
[ "$(get '/v1/resolve?name=nobody@rsa.test' "$w/nf")" = 200 ] || fail "not_found"
jq -e '.status=="not_found"' "$w/nf" >/dev/null || fail "not_found body"
entries=$(cache_entries)
[ "$(get '/v1/resolve?name=tampered@rsa.test' "$w/bogus")" = 502 ] || fail "bogus: $(cat "$w/bogus")"
jq -e '.error.code=="dnssec_bogus"' "$w/bogus" >/dev/null || fail "bogus body"
[ "$(cache_entries)" = "$entries" ] || fail "a bogus answer was cached"
before=$(connections)
[ "$(get '/v1/resolve?name=tampered@rsa.test' "$w/bogus2")" = 502 ] || fail "bogus again"
[ "$(connections)" = $((before + 1)) ] || fail "a bogus answer was served from somewhere"

# 50 concurrent requests for one name: exactly one lookup at the upstream.
before=$(connections)
curl -s --no-progress-meter --parallel --parallel-max 50 --max-time 60 -w '%{http_code}\n' \
  $(for i in $(seq 50); do echo "-o $w/c$i $BASE/v1/resolve?name=carol@p384.test"; done) >"$w/codes"
[ "$(grep -c '^200$' "$w/codes")" = 50 ] || fail "concurrent: $(sort "$w/codes" | uniq -c | tr '\n' ' ')"
[ "$(connections)" = $((before + 1)) ] || fail "50 concurrent requests made $(($(connections) - before)) lookups"
jq -s -e 'all(.[]; .status=="ok")' "$w"/c[0-9]* >/dev/null || fail "a concurrent answer is not ok"

# The proof verifies offline.
[ "$(get '/v1/resolve?name=carol@p384.test&proof=1' "$w/proof")" = 200 ] || fail "proof"
jq -r .dnssec.proof "$w/proof" >"$w/proof.b64"
"$HRN" verify-proof --name carol@p384.test --at "$(date +%s)" --trust-anchor "$TRUST_ANCHOR" \
  --base64 "$w/proof.b64" >"$w/verified" || fail "proof: $(cat "$w/verified")"

# After the TTL, a new lookup happens.
sleep 4.2
before=$(connections)
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/again")" = 200 ] || fail "after TTL"
jq -e '.cached==false and .stale==false' "$w/again" >/dev/null || fail "after TTL: $(cat "$w/again")"
[ "$(connections)" = $((before + 1)) ] || fail "no new lookup after the TTL"

# Upstream down: the expired entry is served, marked stale; a name never
# seen gets the upstream's failure.
counter_stop
sleep 4.2
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/stale")" = 200 ] || fail "stale: $(cat "$w/stale")"
jq -e '.stale==true and .cached==true and .status=="ok" and .ttl==0' "$w/stale" >/dev/null \
  || fail "stale body: $(cat "$w/stale")"
code=$(get '/v1/resolve?name=dave@ed25519.test' "$w/down")
[ "$code" = 502 ] || [ "$code" = 504 ] || fail "a miss with the upstream down: $code $(cat "$w/down")"
# Read whole first: with pipefail, grep -q leaving early would fail curl (SIGPIPE).
curl -s "$BASE/metrics" >"$w/metrics.txt"
grep -q '^hrn_cache_requests_total{result="stale"} 1' "$w/metrics.txt" || fail "stale not counted"
counter_restart
relay_stop

# Restart from the snapshot: fresh names are answered without a lookup.
relay_start snap --tor-socks "$TOR_SOCKS" --upstream "$upstream" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
for n in alice@rsa.test carol@p384.test nobody@p256.test; do
  [ "$(get "/v1/resolve?name=$n" "$w/s")" = 200 ] || fail "snap warm $n: $(cat "$w/s")"
done
relay_stop
grep -q 'cache snapshot: 3 entries saved' "$RELAY_LOG" || fail "snapshot not saved"
before=$(connections)
relay_start snap --tor-socks "$TOR_SOCKS" --upstream "$upstream" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
grep -q 'cache snapshot: 3 entries restored' "$RELAY_LOG" || fail "snapshot not restored"
for n in alice@rsa.test carol@p384.test nobody@p256.test; do
  [ "$(get "/v1/resolve?name=$n" "$w/s")" = 200 ] || fail "after restart $n"
  jq -e '.cached==true' "$w/s" >/dev/null || fail "$n not cached after restart: $(cat "$w/s")"
done
[ "$(connections)" = "$before" ] || fail "the restart caused $(($(connections) - before)) lookups"
relay_stop
# Each chain is validated again at load: under other trust anchors (the
# built-in IANA root) none of them is, and nothing is restored.
relay_start snap --tor-socks "$TOR_SOCKS" --upstream "$upstream" --rate-limit 0 --round-interval 0
grep -q 'cache snapshot: 0 entries restored, 0 expired, 3 no longer valid' "$RELAY_LOG" \
  || fail "chains from the snapshot were not re-validated: $(grep snapshot "$RELAY_LOG")"
[ "$(cache_entries)" = 0 ] || fail "unvalidated snapshot entries were served"
relay_stop
# Put the good snapshot back (the relay saved its empty cache over it).
relay_start snap --tor-socks "$TOR_SOCKS" --upstream "$upstream" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
for n in alice@rsa.test carol@p384.test; do get "/v1/resolve?name=$n" "$w/s" >/dev/null; done
relay_stop
# A corrupt snapshot is skipped with a warning; the relay starts anyway.
head -c 200 "$WORK/snap/cache.snapshot" >"$WORK/snap/cut" && mv "$WORK/snap/cut" "$WORK/snap/cache.snapshot"
relay_start snap --tor-socks "$TOR_SOCKS" --upstream "$upstream" --trust-anchor "$TRUST_ANCHOR"
grep -q 'cache snapshot .* skipped' "$RELAY_LOG" || fail "corrupt snapshot not reported"
[ "$(get /healthz "$w/h")" = 200 ] || fail "relay not serving after a corrupt snapshot"
relay_stop
counter_stop
echo "resolve_tor: all checks passed ($(connections) upstream connections in all)"

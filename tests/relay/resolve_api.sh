#!/usr/bin/env bash
# /v1/resolve as a client meets it, with curl: every field and status of the
# API contract (DESIGN "HTTP API shape"), bad requests, and what is (not)
# cached. The relay runs --direct against the signed-zone fixture's Unbound,
# so this checks the API; resolve_tor.sh checks the same through Tor.
set -euo pipefail
RELAY=$(realpath "$1")
HRN=$(realpath "$2")
dnszones_env=${3:?usage: resolve_api.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
case_field() { awk -F'\t' -v id="$1" -v col="$2" '$1==id{print $col}' "$CASES"; }

relay_start api --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0
w=$WORK

# ok: every field of the answer object.
offer=$(case_field rsa_ok 8)
uri=$(case_field rsa_ok 7)
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/ok")" = 200 ] || fail "ok status: $(cat "$w/ok")"
jq -e --arg o "$offer" --arg u "$uri" '
  .name=="alice@rsa.test" and .display=="₿alice@rsa.test" and .status=="ok"
  and .uri==$u and .offer==$o and (.offer_info|type)=="object" and .offer_info.issuer_id!=null
  and .bip353_name=={"user":"alice","domain":"rsa.test"} and .payer_note==null
  and .source=="bip353" and .dnssec.validated==true and (.dnssec|has("proof")|not)
  and (.ttl|type)=="number" and .ttl>0 and .ttl<=300 and .cached==false and .stale==false
  and (has("error")|not)' "$w/ok" >/dev/null || fail "ok body: $(cat "$w/ok")"

# The second request is a cache hit; star notation and a short code are the
# same name, and the code comes back as payer_note.
[ "$(get '/v1/resolve?name=ALICE*RSA.TEST%23Ab12' "$w/hit")" = 200 ] || fail "hit status"
jq -e '.cached==true and .name=="alice@rsa.test" and .payer_note=="ab12"' "$w/hit" >/dev/null \
  || fail "hit body: $(cat "$w/hit")"

# proof=1: the RFC 9102 chain, which verifies offline with hrn verify-proof.
[ "$(get '/v1/resolve?name=alice@rsa.test&proof=1' "$w/proof")" = 200 ] || fail "proof status"
jq -r .dnssec.proof "$w/proof" >"$w/proof.b64"
[ "$(wc -c <"$w/proof.b64")" -gt 100 ] || fail "no proof: $(cat "$w/proof")"
"$HRN" verify-proof --name alice@rsa.test --at "$(date +%s)" --trust-anchor "$TRUST_ANCHOR" \
  --base64 "$w/proof.b64" >"$w/verified" || fail "proof does not verify: $(cat "$w/verified")"
jq -e --arg o "$offer" '.offer==$o' "$w/verified" >/dev/null || fail "verified offer differs"

# not_found is a 200 answer, and it is cached (negative entry).
[ "$(get '/v1/resolve?name=nobody@rsa.test' "$w/nf")" = 200 ] || fail "not_found status"
jq -e '.status=="not_found" and .uri==null and .offer==null and .ttl>0 and .cached==false' "$w/nf" \
  >/dev/null || fail "not_found body: $(cat "$w/nf")"
[ "$(get '/v1/resolve?name=nobody@rsa.test' "$w/nf2")" = 200 ] || fail "not_found again"
jq -e '.cached==true' "$w/nf2" >/dev/null || fail "negative answer not cached"
entries=$(cache_entries)
[ "$entries" = 2 ] || fail "cache should hold 2 entries, has $entries"

# Validation failures: 502 with the stable code, and nothing cached.
for c in rsa_bad_signature expired insecure rsa_multiple rsa_invalid_offer; do
  addr=$(case_field $c 2)
  code=$(case_field $c 4)
  [ "$(get "/v1/resolve?name=$addr" "$w/$c")" = 502 ] || fail "$c: status $(cat "$w/$c")"
  jq -e --arg c "$code" '.status=="error" and .error.code==$c and (.error.message|length)>0' "$w/$c" \
    >/dev/null || fail "$c body: $(cat "$w/$c")"
done
[ "$(cache_entries)" = "$entries" ] || fail "a failed lookup was cached"

# Bad names: 400 with the name module's code; nothing cached, no lookup.
[ "$(get '/v1/resolve?name=a@b' "$w/bad")" = 400 ] || fail "bad name status"
jq -e '.status=="error" and .error.code=="single_label_domain"' "$w/bad" >/dev/null || fail "bad name body"
[ "$(get '/v1/resolve?name=%20' "$w/empty")" = 400 ] || fail "empty name"
[ "$(get '/v1/resolve' "$w/missing")" = 400 ] || fail "missing name"
jq -e '.error.code=="missing_name"' "$w/missing" >/dev/null || fail "missing name body"
[ "$(get '/v1/resolve?name=%zz' "$w/esc")" = 400 ] || fail "bad escape"
[ "$(get '/v1/resolve?name=alice@rsa.test&proof=maybe' "$w/flag")" = 400 ] || fail "bad proof flag"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$BASE/v1/resolve")" = 405 ] || fail "DELETE"

# POST: results in order, each with its own status.
[ "$(post '{"names":["alice@rsa.test","a@b","nobody@rsa.test","alice@expired.test"],"proof":true}' "$w/batch")" = 200 ] \
  || fail "batch status: $(cat "$w/batch")"
jq -e '[.results[].status]==["ok","error","not_found","error"]
  and .results[0].cached==true and (.results[0].dnssec.proof|length)>100
  and .results[1].error.code=="single_label_domain" and .results[3].error.code=="dnssec_bogus"' \
  "$w/batch" >/dev/null || fail "batch body: $(cat "$w/batch")"
# A client that sends "Expect: 100-continue" (curl does above 1 KiB) gets
# the interim 100 at once instead of waiting a second for it.
t=$(curl -s -o "$w/expect" -w '%{time_total}' -H 'Expect: 100-continue' -H 'Content-Type: application/json' \
  --data-binary '{"names":["alice@rsa.test"]}' "$BASE/v1/resolve")
awk -v t="$t" 'BEGIN { exit !(t < 0.5) }' || fail "Expect: 100-continue took ${t}s"
jq -e '.results[0].status=="ok"' "$w/expect" >/dev/null || fail "expect body: $(cat "$w/expect")"
[ "$(post '{"names":[]}' "$w/none")" = 200 ] || fail "empty batch"
jq -e '.results==[]' "$w/none" >/dev/null || fail "empty batch body"

# Malformed requests as a whole: 4xx, and nothing cached.
names33=$(jq -cn '[range(33) | "u\(.)@rsa.test"]')
[ "$(post "{\"names\":$names33}" "$w/33")" = 400 ] || fail "33 names: $(cat "$w/33")"
jq -e '.error.code=="too_many_names"' "$w/33" >/dev/null || fail "33 names body"
[ "$(post '{"names":' "$w/json")" = 400 ] || fail "bad JSON"
jq -e '.error.code=="bad_json"' "$w/json" >/dev/null || fail "bad JSON body"
[ "$(post '{"names":"alice@rsa.test"}' "$w/shape")" = 400 ] || fail "names not an array"
[ "$(post '{"names":[1,2]}' "$w/ints")" = 400 ] || fail "names not strings"
[ "$(post '{"names":["alice@rsa.test"],"proof":"yes"}' "$w/pf")" = 400 ] || fail "proof not a bool"
head -c 200000 /dev/zero | tr '\0' a >"$w/big"
[ "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$w/big" "$BASE/v1/resolve")" = 413 ] \
  || fail "oversized body"
[ "$(cache_entries)" = "$entries" ] || fail "a bad request changed the cache"

# Metrics count outcomes, and never carry a name.
curl -s "$BASE/metrics" >"$w/metrics"
grep -q '^hrn_lookups_total{outcome="dnssec_bogus"} [1-9]' "$w/metrics" || fail "lookup outcomes: $(cat "$w/metrics")"
grep -q '^hrn_cache_requests_total{result="hit"} [1-9]' "$w/metrics" || fail "cache hits in metrics"
grep -q '^hrn_http_requests_total{endpoint="resolve_get",status="502"} 5' "$w/metrics" || fail "502 count"
if grep -qi 'rsa\.test\|alice\|nobody' "$w/metrics"; then fail "a name leaked into /metrics"; fi
# ... nor does the log at the default level.
if grep -qi 'rsa\.test\|alice\|nobody' "$RELAY_LOG"; then fail "a name leaked into the info log"; fi

# Every answer is padded to a size bucket (1, 2, 4, 8, 16 KiB, ...): its size
# says nothing about the name, the status or the proof.
for q in 'name=alice@rsa.test' 'name=alice@rsa.test&proof=1' 'name=nobody@rsa.test' 'name=a@b' \
         'name=alice@expired.test' 'name=long@rsa.test&proof=1'; do
  size=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/v1/resolve?$q")
  case $size in 1024|2048|4096|8192|16384) ;; *) fail "answer for $q is $size bytes, not a bucket";; esac
done

relay_stop

# Rate limit: a client gets its burst, then 429 rate_limited with a
# Retry-After; a batch costs one token per name. /healthz is never limited.
relay_start limited --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" \
  --rate-limit 0.5 --rate-burst 3
for i in 1 2 3; do
  [ "$(get '/v1/resolve?name=alice@rsa.test' "$w/rl$i")" = 200 ] || fail "request $i within the burst"
done
code=$(curl -s -D "$w/rl.h" -o "$w/rl" -w '%{http_code}' "$BASE/v1/resolve?name=alice@rsa.test")
[ "$code" = 429 ] || fail "4th request: $code"
jq -e '.error.code=="rate_limited"' "$w/rl" >/dev/null || fail "429 body: $(cat "$w/rl")"
grep -qi '^retry-after: [1-9]' "$w/rl.h" || fail "no Retry-After: $(cat "$w/rl.h")"
[ "$(get /healthz "$w/h")" = 200 ] || fail "/healthz rate limited"
sleep 2.2   # one token back
[ "$(post '{"names":["alice@rsa.test","nobody@rsa.test"]}' "$w/rlb")" = 429 ] || fail "a 2-name batch with 1 token"
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/rl5")" = 200 ] || fail "the refilled token"
relay_stop

# Two upstreams, one of them broken (it accepts and hangs up at once): each
# lookup picks one at random and, when it picks the broken one, tries the
# other within its deadline. Every name resolves, and the broken upstream was
# tried (8 lookups: the chance it was never picked first is 1/256).
broken_port=$(fixture_free_ports 1)
socat -d -d "TCP-LISTEN:$broken_port,bind=127.0.0.1,reuseaddr,fork" SYSTEM:'true' 2>"$w/broken.log" &
broken_pid=$!
sleep 0.3
relay_start retry --direct --upstream "tcp://127.0.0.1:$broken_port" --upstream "$UPSTREAM" \
  --trust-anchor "$TRUST_ANCHOR" --rate-limit 0
[ "$(post '{"names":["alice@rsa.test","carol@p384.test","dave@ed25519.test","alice@p256.test","alice@rsa512.test","dave@dname.test","anyone@p384.test","long@rsa.test"]}' "$w/retry.json")" = 200 ] \
  || fail "retry batch"
jq -e '[.results[].status] | all(. == "ok")' "$w/retry.json" >/dev/null || fail "retry: $(cat "$w/retry.json")"
tried=$(grep -c 'accepting connection' "$w/broken.log" || true)
((tried >= 1)) || fail "the broken upstream was never tried"
relay_stop
kill "$broken_pid" 2>/dev/null || true
echo "retry: $tried of 8 lookups met the broken upstream first and were answered by the other"

# An upstream that accepts and never answers, with steps allowed longer than
# the whole lookup: the lookup deadline fires mid-flight. Every name gets
# 504 upstream_timeout after about a second, and the relay lives on (a
# deadline that fired mid-flight used to crash it).
stall_port=$(fixture_free_ports 1)
socat "TCP-LISTEN:$stall_port,bind=127.0.0.1,reuseaddr,fork" SYSTEM:'sleep 30' 2>/dev/null &
stall_pid=$!
sleep 0.3
relay_start stall --direct --upstream "tcp://127.0.0.1:$stall_port" --trust-anchor "$TRUST_ANCHOR" \
  --rate-limit 0 --lookup-timeout 1000 --query-timeout 5000
names8=$(jq -cn '[range(8) | "s\(.)@rsa.test"]')
t0=$(date +%s%N)
for i in 1 2 3 4; do post "{\"names\":$names8}" "$w/stall$i" >"$w/stall$i.code" & done
wait_jobs=$(jobs -p | grep -v "^$stall_pid$" | grep -v "^$RELAY_PID$" || true)
# shellcheck disable=SC2086
wait $wait_jobs
took=$((($(date +%s%N) - t0) / 1000000))
for i in 1 2 3 4; do
  [ "$(cat "$w/stall$i.code")" = 200 ] || fail "stalled batch $i: $(cat "$w/stall$i.code")"
  jq -e '[.results[].error.code] | all(. == "upstream_timeout")' "$w/stall$i" >/dev/null \
    || fail "stalled batch $i body: $(cat "$w/stall$i")"
done
((took < 4000)) || fail "the lookup deadline of 1 s took $took ms"
[ "$(get '/v1/resolve?name=s0@rsa.test' "$w/stall_single")" = 504 ] || fail "GET with a stalled upstream"
kill -0 "$RELAY_PID" || fail "the relay died on a deadline mid-flight"
relay_stop
kill "$stall_pid" 2>/dev/null || true
pkill -f "TCP-LISTEN:$stall_port" 2>/dev/null || true
echo "resolve_api: all checks passed"

#!/usr/bin/env bash
# Wallets' endpoints as HTTP resources for browser wallets and operators:
# CORS headers on the GETs of /dns-query (wire and JSON), /resolve and
# /dnssecproof and on their preflights; the rate limit (one token per
# question, as /v1/resolve) answering 429 on each; /metrics counting each
# endpoint under its own label.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_wallets_http.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
# shellcheck source=../lib/wallets.sh
. "$here/../lib/wallets.sh"
relay_test_begin
wallets_require jq curl
wallets_require_dnspython
w=$WORK
alice=$(qname_of alice@rsa.test)
# The DoH GET form of a TXT question for alice@rsa.test (RFC 8484 §4.1:
# base64url without padding), built by dnspython.
dns_param=$("$WALLETS_PY" -c '
import base64, sys, dns.message
q = dns.message.make_query(sys.argv[1], "TXT", want_dnssec=True)
q.id = 0
print(base64.urlsafe_b64encode(q.to_wire()).decode().rstrip("="))' "$alice")

relay_start http --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
# fetch NAME PATH [CURL_ARGS...]: GET with an Origin, as a browser sends it;
# status in $w/NAME.code, headers in $w/NAME.h.
fetch() {
  local name=$1 path=$2
  shift 2
  curl -s --max-time 60 -H 'Origin: https://wallet.example' -D "$w/$name.h" -o "$w/$name" \
    -w '%{http_code}' "$@" "$BASE$path" >"$w/$name.code"
}
gets=(
  "wire /dns-query?dns=$dns_param"
  "cfjson /dns-query?name=$alice&type=TXT"
  "google /resolve?name=$alice&type=TXT"
  "proof /dnssecproof?d=$alice&t=TXT"
)
for g in "${gets[@]}"; do
  read -r name path <<<"$g"
  extra=()
  [ "$name" = cfjson ] && extra=(-H 'Accept: application/dns-json')
  fetch "$name" "$path" "${extra[@]}"
  [ "$(cat "$w/$name.code")" = 200 ] || fail "GET $path: HTTP $(cat "$w/$name.code")"
  # Exactly once: two values ("*, *") fail a browser's CORS check.
  [ "$(grep -ci '^access-control-allow-origin: \*' "$w/$name.h")" = 1 ] ||
    fail "GET $path: not one Access-Control-Allow-Origin: *"
done
grep -qi '^content-type: application/dns-message' "$w/wire.h" || fail "wire answer content type"
# The preflight a browser sends before a POST of application/dns-message.
for path in /dns-query /resolve /dnssecproof; do
  code=$(curl -s --max-time 10 -X OPTIONS -D "$w/pre.h" -o "$w/pre" -w '%{http_code}' \
    -H 'Origin: https://wallet.example' -H 'Access-Control-Request-Method: POST' \
    -H 'Access-Control-Request-Headers: content-type' "$BASE$path")
  [ "$code" = 204 ] || fail "OPTIONS $path: HTTP $code"
  grep -qi '^access-control-allow-origin: \*' "$w/pre.h" || fail "OPTIONS $path: no Allow-Origin"
  grep -qi '^access-control-allow-methods: .*GET' "$w/pre.h" || fail "OPTIONS $path: no Allow-Methods"
  grep -qi '^access-control-allow-headers: .*content-type' "$w/pre.h" || fail "OPTIONS $path: no Allow-Headers"
  [ ! -s "$w/pre" ] || fail "OPTIONS $path: a body"
done
grep -qi '^access-control-allow-methods: .*POST' <(curl -s -X OPTIONS -D - -o /dev/null "$BASE/dns-query") ||
  fail "the /dns-query preflight does not allow POST"
# Refusals and bad requests too: without the header a browser hands the
# wallet's script a network error instead of the status and error code.
errors=(
  "400 /dnssecproof?d=example.com&t=TXT"
  "400 /dnssecproof"
  "400 /dns-query?dns=AAAA"
  "400 /resolve?type=TXT"
  "405 /resolve -X PUT"
  "415 /dns-query -X POST -H Content-Type:text/plain --data-binary x"
)
for e in "${errors[@]}"; do
  read -r want path args <<<"$e"
  read -ra extra <<<"${args:-}"
  fetch err "$path" "${extra[@]}"
  [ "$(cat "$w/err.code")" = "$want" ] || fail "$path $args: HTTP $(cat "$w/err.code"), not $want"
  [ "$(grep -ci '^access-control-allow-origin: \*' "$w/err.h")" = 1 ] ||
    fail "$path $args ($want): not one Access-Control-Allow-Origin"
done
echo "CORS: Access-Control-Allow-Origin on ${#gets[@]} GETs, 3 preflights and ${#errors[@]} errors"

# Each endpoint is counted under its own label.
curl -s --max-time 10 "$BASE/metrics" >"$w/metrics"
for ep in dns_query json_doh dnssecproof; do
  n=$(awk -v ep="$ep" -F'[{}]' '$1=="hrn_http_requests_total" && $2 ~ "endpoint=\"" ep "\",status=\"200\"" {print $3+0}' \
    "$w/metrics")
  [ "${n:-0}" -ge 1 ] || fail "/metrics has no 200 for endpoint $ep: $(grep "$ep" "$w/metrics" | head -n 5)"
  echo "metrics: $ep 200 x $n"
done
relay_stop

# One token a second, a burst of one: of two questions sent at once from the
# same address, one is answered and one gets 429 with Retry-After, on each
# endpoint (each from its own loopback address, so they do not share tokens).
relay_start limited --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --round-interval 0 \
  --rate-limit 1 --rate-burst 1
i=1
for g in "${gets[@]}"; do
  read -r name path <<<"$g"
  i=$((i + 1))
  extra=(--interface "127.0.0.$i")
  [ "$name" = cfjson ] && extra+=(-H 'Accept: application/dns-json')
  fetch "rl-$name-1" "$path" "${extra[@]}" &
  first=$!
  fetch "rl-$name-2" "$path" "${extra[@]}" &
  second=$!
  wait "$first" "$second" || fail "curl failed on $path"
  codes=$(printf '%s\n' "$(cat "$w/rl-$name-1.code")" "$(cat "$w/rl-$name-2.code")" | sort | tr '\n' ' ')
  [ "$codes" = "200 429 " ] || fail "two questions at once on $path: HTTP $codes"
  for k in 1 2; do
    if [ "$(cat "$w/rl-$name-$k.code")" = 429 ]; then
      grep -qi '^retry-after: [1-9]' "$w/rl-$name-$k.h" || fail "429 on $path without Retry-After"
      # A script on another origin reads only the headers CORS lets it see.
      grep -qi '^access-control-allow-origin: \*' "$w/rl-$name-$k.h" || fail "429 on $path without Allow-Origin"
      grep -qi '^access-control-expose-headers: .*retry-after' "$w/rl-$name-$k.h" ||
        fail "429 on $path does not expose Retry-After to scripts"
    fi
  done
done
curl -s --max-time 10 "$BASE/metrics" >"$w/metrics"
for ep in dns_query json_doh dnssecproof; do
  grep -q "^hrn_http_requests_total{endpoint=\"$ep\",status=\"429\"} [1-9]" "$w/metrics" ||
    fail "/metrics counts no 429 on $ep"
done
echo "rate limit: 429 with Retry-After on /dns-query (wire and JSON), /resolve and /dnssecproof"
relay_stop
echo "resolve_wallets_http: all checks passed"

#!/usr/bin/env bash
# The node-id flag as the payer meets it: a relay with a bitcoind-like block
# source (a JSON-RPC server written for the tests), answering names of the
# signed-zone fixture. The flag in JSON, in the text lines and in the SMS is
# the one openssl computes from the offer's issuer id and the tip's hash; a
# new block changes it on a cached answer; /v1/flag and /v1/flag.svg agree.
set -euo pipefail
RELAY=$(realpath "$1")
HRN=$(realpath "$2")
dnszones_env=${3:?usage: resolve_flag.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
w=$WORK
command -v xmllint >/dev/null || fail "xmllint missing (libxml2-utils)"

# The block source: block_servers.py derives each hash from its height.
blocks_rpc_start 840000
block_hash() { printf 'block-%s' "$1" | openssl dgst -sha256 -r | cut -c1-64; }

relay_start flagged --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0 \
  "${BLOCKS_ARGS[@]}"
blocks_wait_height 840000

# The flag as openssl computes it: SHA-256(node_id || block hash as displayed),
# the first 12 bytes as four colours.
expected_colours() {  # NODE_ID HEIGHT
  python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$1$(block_hash "$2")" |
    openssl dgst -sha256 -r | cut -c1-24 |
    sed -E 's/(......)(......)(......)(......)/#\1 #\2 #\3 #\4/'
}

[ "$(get '/v1/resolve?name=ALICE*RSA.TEST%23ab12' "$w/a.json")" = 200 ] || fail "resolve: $(cat "$w/a.json")"
node=$(jq -r .offer_info.issuer_id "$w/a.json")
[ ${#node} = 66 ] || fail "the fixture's offer has no issuer id: $(cat "$w/a.json")"
want=$(expected_colours "$node" 840000)
jq -e --arg c "$want" '.flag.height==840000 and (.flag.colours|join(" "))==$c and (.flag.names|length)==4
  and .flag.previous.height==839999 and (has("flag_reason")|not)' "$w/a.json" >/dev/null \
  || fail "flag in JSON (want $want): $(jq -c .flag "$w/a.json")"
jq -e --arg c "$(expected_colours "$node" 839999)" '(.flag.previous.colours|join(" "))==$c' "$w/a.json" >/dev/null \
  || fail "previous flag: $(jq -c .flag.previous "$w/a.json")"
words="840000 $(jq -r '.flag.names|join(" ")' "$w/a.json")"
# hrn flag (Alice's side, offline) shows Alice the same flag.
"$HRN" flag --node-id "$node" --block-hash "$(block_hash 840000)" --height 840000 >"$w/alice.json"
jq -e --slurpfile r "$w/a.json" '.colours==$r[0].flag.colours and .names==$r[0].flag.names' "$w/alice.json" \
  >/dev/null || fail "hrn flag disagrees: $(cat "$w/alice.json")"
jq -r .sms "$w/a.json" | grep -qF "$words" || fail "the SMS lacks the flag words: $(jq -r .sms "$w/a.json")"

# The text lines for gateways.
[ "$(get '/v1/resolve?name=ALICE*RSA.TEST%23ab12&format=text' "$w/a.txt")" = 200 ] || fail "text status"
grep -qx "FLAG $words" "$w/a.txt" || fail "no FLAG line '$words': $(cat "$w/a.txt")"
grep -q "^PREVFLAG 839999 " "$w/a.txt" || fail "no PREVFLAG line"

# /v1/flag for the node id, at the tip and at a kept height; the SVG.
[ "$(get "/v1/flag?node_id=$node" "$w/f.json")" = 200 ] || fail "/v1/flag: $(cat "$w/f.json")"
jq -e --slurpfile r "$w/a.json" '.height==840000 and .colours==$r[0].flag.colours and .names==$r[0].flag.names' \
  "$w/f.json" >/dev/null || fail "/v1/flag differs from the answer's: $(cat "$w/f.json")"
[ "$(get "/v1/flag?node_id=$node&height=839995" "$w/f5.json")" = 200 ] || fail "a kept height: $(cat "$w/f5.json")"
jq -e --arg c "$(expected_colours "$node" 839995)" '(.colours|join(" "))==$c' "$w/f5.json" >/dev/null \
  || fail "flag at 839995: $(cat "$w/f5.json")"
[ "$(get "/v1/flag?node_id=$node&height=839000" "$w/old.json")" = 404 ] || fail "an unkept height: $(cat "$w/old.json")"
jq -e '.error.code=="unknown_height"' "$w/old.json" >/dev/null || fail "unknown height code"
[ "$(get "/v1/flag?node_id=zz" "$w/bad.json")" = 400 ] || fail "a bad node id"
code=$(curl -s -o "$w/f.svg" -w '%{http_code}|%{content_type}' "$BASE/v1/flag.svg?node_id=$node")
[ "$code" = "200|image/svg+xml; charset=utf-8" ] || fail "/v1/flag.svg: $code"
xmllint --noout "$w/f.svg" || fail "/v1/flag.svg is not well-formed"
for c in $want; do grep -qF "$c" "$w/f.svg" || fail "the SVG lacks $c"; done

# A new block: the cached answer's flag follows the tip.
echo 840001 >"$w/rpc/height"
blocks_wait_height 840001
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/b.json")" = 200 ] || fail "resolve after the new block"
jq -e --arg c "$(expected_colours "$node" 840001)" '.cached==true and .flag.height==840001
  and (.flag.colours|join(" "))==$c and .flag.previous.height==840000' "$w/b.json" >/dev/null \
  || fail "flag after the new block: $(jq -c '{cached, flag}' "$w/b.json")"

echo "resolve_flag: tip 840000 -> 840001, flags agree with openssl; words $words"

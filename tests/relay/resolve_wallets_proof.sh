#!/usr/bin/env bash
# The proof server's GET /dnssecproof?d=NAME&t=TXT: the RFC 9102 chain it
# returns verifies with `hrn verify-proof` and with an independent verifier
# built on Debian's dnspython (tests/lib/rfc9102_verify.py), for positive,
# split-TXT, CNAME, DNAME, wildcard (NSEC and NSEC3), NXDOMAIN and NODATA
# names; a chain with one octet changed verifies with neither. Then a chain a
# wallet rebuilds from /dns-query answers alone (TXT, then DS and DNSKEY of
# every zone, with DO: tests/lib/doh_chain.py) verifies with both too.
set -euo pipefail
RELAY=$(realpath "$1")
HRN=$(realpath "$2")
dnszones_env=${3:?usage: resolve_wallets_proof.sh HRN_RELAY HRN DNSZONES_ENV}
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
relay_start proof --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
w=$WORK
now=$(date +%s)

# proof QUERY FILE: GET /dnssecproof?QUERY into FILE (headers in FILE.h); 200 expected.
proof() {
  local code
  code=$(curl -s --max-time 60 -D "$2.h" -o "$2" -w '%{http_code}' "$BASE/dnssecproof?$1")
  [ "$code" = 200 ] || fail "/dnssecproof?$1: HTTP $code: $(cat "$2")"
  grep -qi '^content-type: application/octet-stream' "$2.h" || fail "/dnssecproof?$1: content type"
  grep -qi '^cache-control: private, max-age=[1-9][0-9]*' "$2.h" || fail "/dnssecproof?$1: no max-age"
  # The chain's size would tell which name it is: a header field's filler
  # brings chain and filler to a bucket (1, 2, 4, 8 KiB, then multiples of 8).
  local filler total
  filler=$(sed -n 's/^[Pp]adding: *//p' "$2.h" | tr -d '\r\n' | wc -c)
  total=$(( $(wc -c < "$2") + filler ))
  case $total in
    1024 | 2048 | 4096) ;;
    *) [ $((total % 8192)) = 0 ] || fail "/dnssecproof?$1: chain and padding are $total octets, not a bucket" ;;
  esac
}
# both_verify FILE ADDRESS ID STATUS WILDCARD: hrn verify-proof and the dnspython
# verifier accept the chain, with the fixture's answer for case ID.
both_verify() {
  local f=$1 address=$2 id=$3 status=$4 wildcard=$5 qname expect
  qname=$(qname_of "$address")
  "$HRN" verify-proof --raw "$f" --name "$address" --trust-anchor "$TRUST_ANCHOR" --at "$now" >"$f.hrn" ||
    fail "hrn verify-proof rejects the chain of $address: $(cat "$f.hrn")"
  "$WALLETS_PY" "$WALLETS_LIB/rfc9102_verify.py" "$f" "$qname" "$TRUST_ANCHOR" "$now" >"$f.py" 2>"$f.py.err" ||
    fail "the dnspython verifier rejects the chain of $address: $(cat "$f.py.err")"
  if [ "$status" = secure ]; then
    expect=$(uri_of "$id")
    jq -e --arg u "$expect" '.status == "ok" and .uri == $u' "$f.hrn" >/dev/null ||
      fail "hrn verify-proof on $address: $(cat "$f.hrn")"
    jq -e --arg u "$expect" --argjson wc "$wildcard" '.status == "secure" and .txt == [$u] and .wildcard == $wc' \
      "$f.py" >/dev/null || fail "dnspython verifier on $address: $(cat "$f.py")"
  else
    jq -e '.status == "not_found"' "$f.hrn" >/dev/null || fail "hrn verify-proof on $address: $(cat "$f.hrn")"
    jq -e --arg s "$status" '.status == $s' "$f.py" >/dev/null || fail "dnspython verifier on $address: $(cat "$f.py")"
  fi
}

# id:verifier status:wildcard (the fixture's README has each case).
summary=
for c in rsa_ok:secure:false rsa_split_txt:secure:false rsa512_ok:secure:false rsa_cname:secure:false \
  dname:secure:false p384_wildcard:secure:true ed25519_wildcard:secure:true rsa_nxdomain:nxdomain:false \
  p256_nxdomain:nxdomain:false rsa_nodata:nodata:false p256_nodata:nodata:false; do
  IFS=: read -r id status wildcard <<<"$c"
  address=$(case_field "$id" 2)
  qname=$(qname_of "$address")
  proof "d=${qname%.}&t=TXT" "$w/$id.chain"
  grep -qi '^access-control-allow-origin: \*' "$w/$id.chain.h" || fail "$id: no CORS header"
  both_verify "$w/$id.chain" "$address" "$id" "$status" "$wildcard"
  summary+=" $id($(wc -c <"$w/$id.chain") B, $(jq -r '.rrsets' "$w/$id.chain.py") RRsets$(jq -r 'if .denial then ", " + .denial else "" end' "$w/$id.chain.py"))"
done
echo "/dnssecproof chains verified by hrn and dnspython:$summary"

# The name with a trailing dot, t omitted (TXT by default) or in lower case:
# the same chain.
alice=$(qname_of alice@rsa.test)
proof "d=$alice&t=TXT" "$w/dot.chain"
proof "d=${alice%.}" "$w/default.chain"
proof "d=${alice%.}&t=txt" "$w/lower.chain"
for f in dot default lower; do
  cmp -s "$w/rsa_ok.chain" "$w/$f.chain" || fail "/dnssecproof ($f) differs from the one without a trailing dot"
done

# One octet of the URI changed: both verifiers refuse the chain.
cp "$w/rsa_ok.chain" "$w/tampered.chain"
at=$(grep -abo 'lno=' "$w/tampered.chain" | head -n 1 | cut -d: -f1)
[ -n "$at" ] || fail "no URI in the chain"
printf 'X' | dd of="$w/tampered.chain" bs=1 seek=$((at + 6)) conv=notrunc status=none
"$HRN" verify-proof --raw "$w/tampered.chain" --name alice@rsa.test --trust-anchor "$TRUST_ANCHOR" --at "$now" \
  >"$w/tampered.hrn" && fail "hrn verify-proof accepts a tampered chain"
"$WALLETS_PY" "$WALLETS_LIB/rfc9102_verify.py" "$w/tampered.chain" "$alice" "$TRUST_ANCHOR" "$now" \
  >/dev/null 2>"$w/tampered.err" && fail "the dnspython verifier accepts a tampered chain"
grep -q 'no RRSIG by rsa.test. validates' "$w/tampered.err" || fail "dnspython verifier: $(cat "$w/tampered.err")"
# Nor does either accept the chain after its signatures expire.
"$WALLETS_PY" "$WALLETS_LIB/rfc9102_verify.py" "$w/rsa_ok.chain" "$alice" "$TRUST_ANCHOR" $((now + 60 * 86400)) \
  >/dev/null 2>&1 && fail "the dnspython verifier accepts expired signatures"
"$HRN" verify-proof --raw "$w/rsa_ok.chain" --name alice@rsa.test --trust-anchor "$TRUST_ANCHOR" \
  --at $((now + 60 * 86400)) >/dev/null && fail "hrn verify-proof accepts expired signatures"

# Only BIP 353 TXT names: 400 refused_question; a name is required.
for q in "d=example.com&t=TXT" "d=${alice%.}&t=A" "d=rsa.test&t=DNSKEY" "d=_dmarc.rsa.test&t=TXT"; do
  [ "$(get "/dnssecproof?$q" "$w/refused")" = 400 ] || fail "/dnssecproof?$q: not 400"
  jq -e '.error.code == "refused_question"' "$w/refused" >/dev/null || fail "/dnssecproof?$q: $(cat "$w/refused")"
done
[ "$(get "/dnssecproof?t=TXT" "$w/noname")" = 400 ] || fail "/dnssecproof without d"
# A name the relay cannot validate: an error, not a chain.
code=$(get "/dnssecproof?d=$(qname_of alice@expired.test)&t=TXT" "$w/bogus")
[ "$code" = 502 ] || fail "/dnssecproof of a bogus name: HTTP $code: $(cat "$w/bogus")"

# A chain rebuilt by a client from /dns-query answers alone.
for c in rsa_ok:secure:false p384_wildcard:secure:true rsa_cname:secure:false dname:secure:false \
  p256_nxdomain:nxdomain:false; do
  IFS=: read -r id status wildcard <<<"$c"
  address=$(case_field "$id" 2)
  "$WALLETS_PY" "$WALLETS_LIB/doh_chain.py" "$BASE/dns-query" "$(qname_of "$address")" "$w/$id.rebuilt" \
    >"$w/$id.asked" || fail "could not rebuild the chain of $address from /dns-query"
  jq -e 'all(.asked[]; .ad) and (.asked | length) >= 5' "$w/$id.asked" >/dev/null ||
    fail "$address: an answer without AD, or too few questions: $(cat "$w/$id.asked")"
  both_verify "$w/$id.rebuilt" "$address" "$id" "$status" "$wildcard"
  echo "rebuilt from $(jq '.asked | length' "$w/$id.asked") DoH answers: $address ($(wc -c <"$w/$id.rebuilt") B) verifies"
done
relay_stop
echo "resolve_wallets_proof: all checks passed"

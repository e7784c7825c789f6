#!/usr/bin/env bash
# Black-box test of `hrn decode-offer`: exit codes and JSON, as other programs
# see them. Usage: bash decode_offer.sh /path/to/hrn
set -uo pipefail

hrn=${1:?usage: decode_offer.sh /path/to/hrn}
here=$(cd "$(dirname "$0")" && pwd)
vectors=$here/../vectors/bolt12
command -v jq >/dev/null || { echo "decode_offer.sh: jq is required" >&2; exit 1; }

failures=0
checks=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run EXPECTED_EXIT ARGS...: runs hrn decode-offer, stdout in $out, stderr in $err.
run() {
  local want=$1
  shift
  checks=$((checks + 1))
  "$hrn" decode-offer "$@" >"$out" 2>"$err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "decode-offer $(printf '%q ' "$@"): exit $got, expected $want"
    return 1
  fi
  return 0
}

# expect JQ_FILTER: the filter must print `true` for the last run's stdout.
expect() {
  checks=$((checks + 1))
  local got
  got=$(jq -e "$1" "$out" 2>/dev/null) || { fail "jq '$1' on: $(head -c 400 "$out")"; return 1; }
  [ "$got" = true ] || fail "jq '$1' gave $got"
}

minimal=lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese
key=02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619

# --- a valid offer: every field, records and summary -------------------------
run 0 "$minimal" && {
  expect '.issuer_id == "'$key'"'
  expect '.description == null and .amount == null and .chains == null'
  expect '.records == [{"type":22,"name":"offer_issuer_id","length":33,"hex":"'$key'"}]'
  expect '.summary.chains == ["bitcoin"] and .summary.num_paths == 0'
  expect '.summary.issuer_id == "'$key'"'
}

# Same offer in upper case, and with '+' joins followed by whitespace.
run 0 "${minimal^^}" && expect '.issuer_id == "'$key'"'
run 0 "$(printf 'lno1zcss9mk8y3+\n  wkklfvevcrszlmu23kfrxh49px+ 20665dqwmn4p72pksese')" && expect '.issuer_id == "'$key'"'

# A currency amount with expiry (fields from offers-test.json).
with_currency=$(jq -r '.[] | select(.description == "with currency") | .bolt12' "$vectors/offers-test.json")
run 0 "$with_currency" && {
  expect '.currency == "USD" and .amount == 10000 and .description == "Test vectors"'
  expect '.summary.amount == {"value":10000,"unit":"USD"}'
}
with_expiry=$(jq -r '.[] | select(.description == "with expiry") | .bolt12' "$vectors/offers-test.json")
run 0 "$with_expiry" && {
  # 0x7a4297d8; the vector's "2035-01-01" is local time in UTC+10:30.
  expect '.absolute_expiry == 2051184600 and .absolute_expiry_utc == "2034-12-31T13:30:00Z"'
  expect '.summary.absolute_expiry_utc == "2034-12-31T13:30:00Z"'
}

# Blinded paths, one of them introduced by a short channel id.
two_paths=$(jq -r '.[] | select(.description | startswith("... and with second blinded path")) | .bolt12' \
  "$vectors/offers-test.json")
run 0 "$two_paths" && {
  expect '(.paths | length) == 2 and .summary.num_paths == 2'
  expect '.paths[1].first_node_id == {"short_channel_id":"1x2x3","direction":1}'
  expect '.paths[0].hops[1].encrypted_recipient_data == "1111111111111111"'
  expect '.paths[0].first_path_key == "020202020202020202020202020202020202020202020202020202020202020202"'
}

# Unknown odd types are kept and listed.
odd=$(jq -r '.[] | select(.description == "unknown odd experimental field") | .bolt12' "$vectors/offers-test.json")
run 0 "$odd" && expect '.unknown_fields == [{"type":1000000033,"name":null,"length":10,"hex":"68656c6c6f776f726c64"}]'

# --summary prints the summary alone.
run 0 --summary "$minimal" && expect '.chains == ["bitcoin"] and has("records") == false'

# Standard input, with the trailing newline echo adds.
checks=$((checks + 1))
echo "$minimal" | "$hrn" decode-offer - >"$out" 2>"$err"
[ $? -eq 0 ] && expect '.issuer_id == "'$key'"' || fail "decode-offer - (stdin): non-zero exit"

# --- invalid offers: exit 1, {"error": {code, message}} on stdout ------------
expect_error() {  # CODE OFFER
  run 1 "$2" && expect '.error.code == "'"$1"'" and (.error.message | length) > 0'
}
expect_error mixed_case "Lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese"
expect_error bad_encoding "$minimal+"
expect_error bad_encoding "$minimal "
expect_error bad_encoding "lno1zcss 9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese"
expect_error bad_encoding ""
expect_error bad_hrp "lni1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese"
expect_error bad_tlv "lno1pg"
expect_error missing_field "lno1"
expect_error unknown_feature "$(jq -r '.[] | select(.description == "Contains unknown feature 122") | .bolt12' "$vectors/offers-test.json")"
run 1 "lno1pg" && expect '.error.message | test("type 10")'

# Every official vector: valid ones exit 0, invalid ones exit 1 with an error.
n=0
while IFS=$'\t' read -r valid b64; do
  offer=$(printf '%s' "$b64" | base64 -d)
  n=$((n + 1))
  if [ "$valid" = true ]; then
    run 0 "$offer" && expect 'has("records") and has("summary")'
  else
    run 1 "$offer" && expect '.error.code | type == "string"'
  fi
done < <(jq -r '.[] | [(.valid | tostring), (.bolt12 | @base64)] | @tsv' "$vectors/offers-test.json"
         jq -r '.[] | [(.valid | tostring), (.string | @base64)] | @tsv' "$vectors/format-string-test.json")
[ "$n" -eq 65 ] || fail "expected 65 official vectors, read $n"

# --- usage errors: exit 2, message on stderr, nothing on stdout --------------
for args in "" "--bogus $minimal" "$minimal $minimal" "--summary"; do
  # shellcheck disable=SC2086 # split on purpose
  run 2 $args && {
    [ -s "$out" ] && fail "usage error '$args' wrote to stdout"
    grep -q "decode-offer" "$err" || fail "usage error '$args': stderr does not name the command"
  }
done

# --help: exit 0, the usage on stdout.
run 0 --help && { grep -q "Usage: hrn decode-offer" "$out" || fail "--help has no usage line"; }
run 0 -h && { grep -q "Exit codes" "$out" || fail "-h does not list exit codes"; }

echo "decode_offer.sh: $checks checks, $failures failed"
[ "$failures" -eq 0 ]

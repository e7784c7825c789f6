#!/usr/bin/env bash
# Plain-text answers as an SMS/USSD gateway reads them, with curl against the
# signed-zone fixture: the lines of an ok answer (format=text and Accept:
# text/plain), NOT_FOUND, ERR lines with the JSON's status for bad names and
# failed lookups, the SMS line's limits, and bucket-sized bodies.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_text.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
case_field() { awk -F'\t' -v id="$1" -v col="$2" '$1==id{print $col}' "$CASES"; }
bucket() { case $1 in 1024 | 2048 | 4096 | 8192 | 16384) return 0 ;; esac; return 1; }
# The body without its padding.
body() { sed -e 's/ *$//' "$1" | sed -e '/^$/d'; }

relay_start text --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
w=$WORK

offer=$(case_field rsa_ok 8)
uri=$(case_field rsa_ok 7)
code=$(curl -s -o "$w/ok.txt" -w '%{http_code}|%{size_download}|%{content_type}' \
  "$BASE/v1/resolve?name=ALICE*RSA.TEST%23Ab12&format=text")
IFS='|' read -r status size ctype <<<"$code"
[ "$status" = 200 ] || fail "ok status $status: $(cat "$w/ok.txt")"
[ "$ctype" = "text/plain; charset=utf-8" ] || fail "content type $ctype"
bucket "$size" || fail "text answer of $size bytes is not a bucket size"
body "$w/ok.txt" >"$w/ok.lines"
[ "$(head -n1 "$w/ok.lines")" = "OK ₿alice@rsa.test" ] || fail "first line: $(head -n1 "$w/ok.lines")"
grep -qx "OFFER $offer" "$w/ok.lines" || fail "no OFFER line with the zone's offer: $(cat "$w/ok.lines")"
grep -qx "URI $uri" "$w/ok.lines" || fail "no URI line"
grep -qx "NOTE ab12" "$w/ok.lines" || fail "no NOTE line"
grep -qE '^AMOUNT ' "$w/ok.lines" || fail "no AMOUNT line"
grep -qx "NOFLAG no block source configured (--blocks)" "$w/ok.lines" || fail "no NOFLAG reason: $(cat "$w/ok.lines")"
sms=$(sed -n 's/^SMS //p' "$w/ok.lines")
[ -n "$sms" ] || fail "no SMS line"
[ "${#sms}" -le 160 ] || fail "SMS of ${#sms} characters"
LC_ALL=C grep -q '[^ -~]' <<<"$sms" && fail "SMS not plain GSM: $sms"
grep -q "alice@rsa.test" <<<"$sms" || fail "SMS lacks the name: $sms"
# Every line is KEY value, KEY upper case.
grep -vqE '^[A-Z_]+ ' "$w/ok.lines" && fail "a line is not KEY value: $(cat "$w/ok.lines")"

# Accept: text/plain gives the same; the JSON answer agrees with it.
curl -s -H 'Accept: text/plain' "$BASE/v1/resolve?name=ALICE*RSA.TEST%23Ab12" >"$w/accept.txt"
body "$w/accept.txt" | cmp -s - "$w/ok.lines" || fail "Accept: text/plain answers differently"
curl -s "$BASE/v1/resolve?name=ALICE*RSA.TEST%23Ab12" >"$w/ok.json"
jq -e --arg s "$sms" '.sms==$s and .invreq_payer_note=="ab12" and .flag==null and (.flag_reason|length)>0' \
  "$w/ok.json" >/dev/null || fail "JSON sms/flag fields: $(cat "$w/ok.json")"

# A name proven absent: NOT_FOUND, 200.
[ "$(get '/v1/resolve?name=nobody@rsa.test&format=text' "$w/nf.txt")" = 200 ] || fail "not_found status"
[ "$(body "$w/nf.txt" | head -n1)" = "NOT_FOUND ₿nobody@rsa.test" ] || fail "not_found text: $(cat "$w/nf.txt")"

# Errors: ERR code message, the status of the JSON answer.
[ "$(get '/v1/resolve?name=al%20ice@rsa.test&format=text' "$w/bad.txt")" = 400 ] || fail "bad name status"
body "$w/bad.txt" | grep -qE '^ERR bad_character .+' || fail "bad name text: $(cat "$w/bad.txt")"
[ "$(get '/v1/resolve?format=text' "$w/missing.txt")" = 400 ] || fail "missing name status"
body "$w/missing.txt" | grep -qE '^ERR missing_name ' || fail "missing name text"
bogus=$(case_field rsa_bad_signature 2)
[ "$(get "/v1/resolve?name=$bogus&format=text" "$w/bogus.txt")" = 502 ] || fail "bogus status: $(cat "$w/bogus.txt")"
body "$w/bogus.txt" | grep -qE '^ERR dnssec_bogus ' || fail "bogus text: $(cat "$w/bogus.txt")"
[ "$(body "$w/bogus.txt" | wc -l)" = 1 ] || fail "an error is one line"
bucket "$(stat -c %s "$w/bogus.txt")" || fail "error text not padded"
[ "$(get '/v1/resolve?name=alice@rsa.test&format=yaml' "$w/fmt")" = 400 ] || fail "unknown format accepted"

cat "$w/ok.lines"
echo "resolve_text: OK"

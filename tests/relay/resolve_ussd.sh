#!/usr/bin/env bash
# The USSD menu (POST /v1/ussd, --ussd) driven as a gateway drives it: form
# POSTs with a growing `text`, against the signed-zone fixture. A good name
# (typed with '*'), a bad one, the short code, confirm, the offer fetched by
# its reference and compared with the fixture's; a cancelled session, an
# expired session and an expired reference; every screen GSM 03.38 and at most
# 182 septets; and the log (at debug) never holds the payer's phone number.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_ussd.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
case_field() { awk -F'\t' -v id="$1" -v col="$2" '$1==id{print $col}' "$CASES"; }

PHONE=+254711082999
LIFE=4
relay_start ussd --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --round-interval 0 \
  --log-level debug --ussd --ussd-session-seconds "$LIFE" --ussd-offer-seconds "$LIFE"
w=$WORK

# ussd SESSION TEXT: one gateway callback; the screen in $w/screen, the
# status printed. Checked: text/plain, GSM 03.38 only, at most 182 septets.
ussd() {
  local status
  status=$(curl -s --max-time 30 -o "$w/screen" -D "$w/headers" -w '%{http_code}' \
    --data-urlencode "sessionId=$1" --data-urlencode 'serviceCode=*384*1#' \
    --data-urlencode "phoneNumber=$PHONE" --data-urlencode "networkCode=63902" \
    --data-urlencode "text=$2" "$BASE/v1/ussd")
  grep -qi '^content-type: text/plain' "$w/headers" || fail "screen is not text/plain: $(cat "$w/headers")"
  python3 - "$w/screen" <<'EOF' || fail "screen is not one GSM 03.38 USSD message: $(cat "$w/screen")"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
basic = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
         "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
extension = "\f^{}\\[~]|€"
septets = 0
for c in text:
    if c in basic: septets += 1
    elif c in extension: septets += 2
    else: sys.exit(f"not GSM 03.38: {c!r}")
if septets > 182: sys.exit(f"{septets} septets")
if not (text.startswith("CON ") or text.startswith("END ")): sys.exit("neither CON nor END")
EOF
  echo "$status"
}
screen() { cat "$w/screen"; }
expect() { # expect STATUS PATTERN SESSION TEXT
  local got
  got=$(ussd "$3" "$4")
  [ "$got" = "$1" ] || fail "'$4': status $got, want $1: $(screen)"
  screen | grep -q -- "$2" || fail "'$4': screen lacks '$2': $(screen)"
}

offer=$(case_field rsa_ok 8)
[ -n "$offer" ] || fail "no rsa_ok case in $CASES"

# A whole payment: a bad name first (asked again), then the name typed with
# '*' for '@', the short code, confirm.
expect 200 '^CON Pay a Lightning address' s1 ''
expect 200 '^CON The domain needs a dot' s1 'alice@rsatest'
expect 200 '^CON Short code' s1 'alice@rsatest*ALICE*RSA.TEST'
expect 200 '^CON Pay alice@rsa.test' s1 'alice@rsatest*ALICE*RSA.TEST*AB12'
screen | grep -q '^Note ab12$' || fail "confirm screen lacks the note: $(screen)"
screen | grep -q '^1 Confirm$' || fail "confirm screen lacks 1 Confirm: $(screen)"
# A gateway's retry of the same call gets the same screen, and no new lookup.
cp "$w/screen" "$w/confirm"
expect 200 '^CON Pay alice@rsa.test' s1 'alice@rsatest*ALICE*RSA.TEST*AB12'
cmp -s "$w/screen" "$w/confirm" || fail "a repeated call got another screen"
offer_asked=$(date +%s)
expect 200 '^END Confirmed. Ref ' s1 'alice@rsatest*ALICE*RSA.TEST*AB12*1'
offer_issued=$(date +%s)
ref=$(screen | sed -n 's/^END Confirmed. Ref \([0-9A-Z]\{16\}\)$/\1/p')
[ -n "$ref" ] || fail "no reference in: $(screen)"
# A session left open now, to find timed out once the reference has expired.
expect 200 '^CON Pay a Lightning address' s3 ''
session_started=$(date +%s)

# The backend fetches the offer: the fixture's, with the note and the name.
[ "$(get "/v1/ussd/offer/$ref" "$w/offer")" = 200 ] || fail "offer status: $(cat "$w/offer")"
jq -e --arg o "$offer" '.offer==$o and .name=="alice@rsa.test" and .payer_note=="ab12"
  and .bip353_name=={"user":"alice","domain":"rsa.test"} and has("amount")' "$w/offer" >/dev/null \
  || fail "offer body: $(cat "$w/offer")"
[ "$(get "/v1/ussd/offer/0123456789ABCDEF" "$w/nope")" = 404 ] || fail "a made-up reference was found"
jq -e '.error.code=="ussd_offer_unknown"' "$w/nope" >/dev/null || fail "unknown reference: $(cat "$w/nope")"

# A cancelled session; a name with its own #code skips the code screen.
expect 200 '^CON Pay a Lightning address' s2 ''
expect 200 '^CON Pay alice@rsa.test' s2 'alice@rsa.test#7'
expect 200 '^END Cancelled' s2 'alice@rsa.test#7*2'
# A lookup that fails ends with a reason.
expect 200 '^CON' s4 ''
expect 200 '^END Could not pay alice@expired.test: ' s4 'alice@expired.test#1'

# The expired reference, then the expired session. The relay says "expired"
# (rather than "unknown") for one more lifetime after expiry: check inside
# that window, whatever the steps above cost on a busy machine.
while [ $(($(date +%s) - offer_issued)) -le "$LIFE" ]; do sleep 0.2; done
late=$(($(date +%s) - offer_asked))
[ "$(get "/v1/ussd/offer/$ref" "$w/expired")" = 404 ] || fail "expired reference status: $(cat "$w/expired")"
if [ "$late" -lt $((2 * LIFE - 1)) ]; then
  jq -e '.error.code=="ussd_offer_expired"' "$w/expired" >/dev/null || fail "expired body: $(cat "$w/expired")"
else
  echo "note: the steps above took ${late}s, past the 'expired' window; the reference is gone" >&2
  jq -e '.error.code=="ussd_offer_unknown"' "$w/expired" >/dev/null || fail "expired body: $(cat "$w/expired")"
fi
while [ $(($(date +%s) - session_started)) -le "$LIFE" ]; do sleep 0.2; done
expect 200 '^END Session timed out, dial again.' s3 'alice@rsa.test'

# Malformed forms, and /metrics counts the endpoint without a number in it.
[ "$(curl -s -o "$w/bad" -w '%{http_code}' --data 'sessionId=x&text=%zz' "$BASE/v1/ussd")" = 400 ] \
  || fail "bad form: $(cat "$w/bad")"
curl -s "$BASE/metrics" >"$w/metrics"
grep -q 'hrn_http_requests_total{endpoint="ussd",status="200"}' "$w/metrics" || fail "no ussd metrics"
relay_stop

# The log audit: at debug, not one line holds the phone number, in any form.
log=$RELAY_LOG
grep -q 'lookup alice@rsa.test: ok in' "$log" || fail "the debug log shows no lookup: $(tail -5 "$log")"
for form in 254711082999 711082999 0711082999 '711 082 999' '%2B254' '+254'; do
  if grep -F -q -- "$form" "$log" "$w/metrics"; then fail "the phone number ($form) is in the log or metrics"; fi
done
if grep -r -F -q 711082999 "$WORK/ussd" --exclude=log; then fail "the phone number is in the state dir"; fi

# Without --ussd the path does not exist.
relay_start off --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --round-interval 0
[ "$(curl -s -o "$w/off.json" -w '%{http_code}' --data 'sessionId=x&text=' "$BASE/v1/ussd")" = 404 ] \
  || fail "/v1/ussd answers without --ussd: $(cat "$w/off.json")"
jq -e '.error.code=="not_found"' "$w/off.json" >/dev/null || fail "off body: $(cat "$w/off.json")"
relay_stop
echo "resolve_ussd: all checks passed"

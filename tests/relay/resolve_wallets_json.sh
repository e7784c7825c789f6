#!/usr/bin/env bash
# The JSON DoH answers, field by field against reference shapes written from
# the providers' own documentation (tests/fixtures/doh_json/): Google's at
# GET /resolve, Cloudflare's at GET /dns-query with Accept: application/dns-json.
# Then as a web wallet reads them (tests/lib/wallet_txt.jq): Answer[].data,
# quotes stripped, the record that starts with bitcoin:. A TXT record of three
# character-strings (long@rsa.test) shows the two styles: Google's data is
# the strings joined with no quotes, Cloudflare's one quoted string per
# character-string, separated by spaces.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_wallets_json.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
# shellcheck source=../lib/wallets.sh
. "$here/../lib/wallets.sh"
relay_test_begin
wallets_require jq curl
fixtures=$(cd "$here/../fixtures/doh_json" && pwd)
relay_start json --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
w=$WORK

# ask STYLE FILE QUERY: one JSON question (google: /resolve; cloudflare:
# /dns-query with the Accept header); 200 expected, headers in FILE.h.
ask() {
  local style=$1 f=$2 query=$3 code
  if [ "$style" = google ]; then
    code=$(curl -s --max-time 60 -D "$f.h" -o "$f" -w '%{http_code}' "$BASE/resolve?$query")
  else
    code=$(curl -s --max-time 60 -D "$f.h" -o "$f" -w '%{http_code}' -H 'Accept: application/dns-json' \
      "$BASE/dns-query?$query")
  fi
  [ "$code" = 200 ] || fail "$style $query: HTTP $code: $(cat "$f")"
}
# fits STYLE FILE: the answer has the reference's fields and types, no others.
fits() {
  local ref=$fixtures/google_resolve.json verdict
  [ "$1" = cloudflare ] && ref=$fixtures/cloudflare_dns_json.json
  verdict=$(jq -cn --slurpfile ref "$ref" --slurpfile got "$2" -f "$WALLETS_LIB/json_shape.jq")
  [ "$verdict" = '{"unknown":[],"missing":[],"record_keys":[]}' ] ||
    fail "$1 $(basename "$2") does not fit the reference shape: $verdict in $(cat "$2")"
}
# wallet_reads FILE URI: the wallet-style parser finds exactly URI.
wallet_reads() {
  [ "$(jq -c -f "$WALLETS_LIB/wallet_txt.jq" "$1")" = "$(jq -cn --arg u "$2" '[$u]')" ] ||
    fail "a wallet reads $(jq -c -f "$WALLETS_LIB/wallet_txt.jq" "$1") from $(basename "$1"), not $2"
}

alice=$(qname_of alice@rsa.test)
long=$(qname_of long@rsa.test)
alice_uri=$(uri_of rsa_ok)
long_uri=$(uri_of rsa_split_txt)
checked=0
for style in google cloudflare; do
  # Names with and without the trailing dot, types by name (any case) and number.
  ask $style "$w/$style-alice" "name=${alice%.}&type=TXT"
  ask $style "$w/$style-alice-do" "name=$alice&type=txt&do=1"
  ask $style "$w/$style-long" "name=${long%.}&type=16"
  ask $style "$w/$style-long-do" "name=${long%.}&type=TXT&do=true"
  ask $style "$w/$style-nx" "name=$(qname_of nobody@rsa.test)&type=TXT&do=1"
  ask $style "$w/$style-wild" "name=$(qname_of anyone@ed25519.test)&type=TXT&do=1"
  ask $style "$w/$style-bogus" "name=$(qname_of alice@expired.test)&type=TXT"
  ask $style "$w/$style-refused" "name=example.com&type=A"
  ask $style "$w/$style-cd" "name=$alice&type=TXT&cd=1"
  ask $style "$w/$style-keys" "name=rsa.test&type=DNSKEY&do=1"
  ask $style "$w/$style-dname" "name=$(qname_of dave@dname.test)&type=TXT"
  for f in alice alice-do long long-do nx wild bogus refused cd keys dname; do
    fits $style "$w/$style-$f"
    checked=$((checked + 1))
  done

  # Header bits, status and sections as the providers set them.
  jq -e --arg q "$alice" '.Status == 0 and .AD and (.CD | not) and .RD and .RA and (.TC | not)
    and .Question == [{name: $q, type: 16}] and (.Answer | map(.type) == [16])
    and (.Answer[0].name == $q) and (.Answer[0].TTL > 0 and .Answer[0].TTL <= 300) and (has("Authority") | not)' \
    "$w/$style-alice" >/dev/null || fail "$style alice: $(cat "$w/$style-alice")"
  jq -e '.Status == 0 and .AD and (.Answer | map(.type) | sort == [16, 46])' "$w/$style-alice-do" >/dev/null ||
    fail "$style alice do=1: $(cat "$w/$style-alice-do")"
  jq -e '.Status == 3 and .AD and (.Authority | map(.type) | index(47) != null and index(46) != null)
    and (has("Answer") | not)' "$w/$style-nx" >/dev/null || fail "$style NXDOMAIN: $(cat "$w/$style-nx")"
  jq -e '.Status == 0 and .AD and (.Authority | map(.type) | index(50) != null)' "$w/$style-wild" >/dev/null ||
    fail "$style wildcard (NSEC3): $(cat "$w/$style-wild")"
  jq -e '.Status == 2 and (.AD | not) and (has("Answer") | not) and (.Comment | length > 0)' "$w/$style-bogus" \
    >/dev/null || fail "$style bogus: $(cat "$w/$style-bogus")"
  jq -e '.Status == 5 and (.AD | not) and (has("Answer") | not)' "$w/$style-refused" >/dev/null ||
    fail "$style refused: $(cat "$w/$style-refused")"
  jq -e '.CD and .Status == 0' "$w/$style-cd" >/dev/null || fail "$style cd=1: $(cat "$w/$style-cd")"
  jq -e '.Status == 0 and .AD and (.Answer | map(.type) | index(48) != null and index(46) != null)' \
    "$w/$style-keys" >/dev/null || fail "$style DNSKEY: $(cat "$w/$style-keys")"
  # DNAME, the CNAME it synthesizes from the name asked, then the TXT.
  jq -e --arg q "$(qname_of dave@dname.test)" '.Status == 0 and .AD and (.Answer | map(.type) == [39, 5, 16])
    and .Answer[1].name == $q' "$w/$style-dname" >/dev/null || fail "$style DNAME: $(cat "$w/$style-dname")"
  grep -qi '^cache-control: private, max-age=[1-9]' "$w/$style-alice.h" || fail "$style: no max-age on a validated answer"
  grep -qi '^cache-control: no-store' "$w/$style-bogus.h" || fail "$style: a failure may be cached"

  # As a wallet reads them, with and without do=1.
  for f in alice alice-do cd; do wallet_reads "$w/$style-$f" "$alice_uri"; done
  for f in long long-do; do wallet_reads "$w/$style-$f" "$long_uri"; done
  wallet_reads "$w/$style-dname" "$(uri_of dname)"
  [ "$(jq -c -f "$WALLETS_LIB/wallet_txt.jq" "$w/$style-nx")" = '[]' ] || fail "$style: a URI in an NXDOMAIN"
done
grep -qi '^content-type: application/json' "$w/google-alice.h" || fail "/resolve content type"
grep -qi '^content-type: application/dns-json' "$w/cloudflare-alice.h" || fail "dns-json content type"

# TXT data: Google's joined and unquoted, Cloudflare's quoted per string.
jq -e --arg u "$long_uri" '.Answer[0].data == $u' "$w/google-long" >/dev/null ||
  fail "Google-style TXT data is not the strings joined: $(jq .Answer "$w/google-long")"
jq -e --arg u "$alice_uri" '.Answer[0].data == $u' "$w/google-alice" >/dev/null || fail "Google-style TXT data"
jq -e --arg u "$alice_uri" '.Answer[0].data == "\"" + $u + "\""' "$w/cloudflare-alice" >/dev/null ||
  fail "Cloudflare-style TXT data: $(jq .Answer "$w/cloudflare-alice")"
jq -e --arg a "${long_uri:0:255}" --arg b "${long_uri:255:255}" --arg c "${long_uri:510}" \
  '.Answer[0].data == "\"" + $a + "\" \"" + $b + "\" \"" + $c + "\""' "$w/cloudflare-long" >/dev/null ||
  fail "Cloudflare-style TXT data is not three quoted strings: $(jq .Answer "$w/cloudflare-long")"
[ ${#long_uri} = 579 ] || fail "the fixture's long URI is ${#long_uri} octets, not 579"
echo "JSON DoH: $checked answers fit the reference shapes; TXT data styles and the wallet parser agree"

# Bad questions are HTTP errors, as both providers answer them.
[ "$(get '/resolve?type=TXT' "$w/noname")" = 400 ] || fail "/resolve without a name"
[ "$(get '/resolve?name=a..b&type=TXT' "$w/badname")" = 400 ] || fail "/resolve with a bad name"
[ "$(get "/resolve?name=$alice&type=NOSUCHTYPE" "$w/badtype")" = 400 ] || fail "/resolve with a bad type"
relay_stop
echo "resolve_wallets_json: all checks passed"

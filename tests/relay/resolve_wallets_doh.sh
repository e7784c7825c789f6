#!/usr/bin/env bash
# RFC 8484 DoH at /dns-query spoken to by clients nobody here wrote, through
# nginx with TLS and HTTP/2 in front of the relay (as an operator deploys it):
# kdig +https (knot-dnsutils; POST and GET over HTTP/2) and dohdec from npm
# (wire format over HTTP/1.1, POST and GET, and its JSON client).
# Checked: the TXT answer of fixture names (one and three character-strings),
# RRSIGs with DO and not without, AD only for data the relay validated and
# only to queries with AD or DO (RFC 6840 §5.7), SERVFAIL without AD for
# insecure and bogus names, signed NSEC/NSEC3 in the authority section of
# NXDOMAIN and wildcard answers, DS/DNSKEY of a zone on a held chain and
# REFUSED for everything else, EDNS padding to 468-octet blocks (RFC 8467).
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_wallets_doh.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
# shellcheck source=../lib/doh_stack.sh
. "$here/../lib/doh_stack.sh"
# shellcheck source=../lib/wallets.sh
. "$here/../lib/wallets.sh"
relay_test_begin
DOH_NGINX_PID=
trap 'if [ -n "$DOH_NGINX_PID" ]; then fixture_stop_pid "$DOH_NGINX_PID"; fi; relay_test_end' EXIT
wallets_require kdig nginx node npm jq curl openssl
wallets_require_dnspython
cache=${HRN_WALLETS_CACHE:-$PWD/wallets-client}
mkdir -p "$cache"

# The DoH client, installed once into the build tree from the pinned lock file.
if ! cmp -s "$here/wallets/package-lock.json" "$cache/package-lock.json" || [ ! -d "$cache/node_modules/dohdec" ]; then
  cp "$here/wallets/package.json" "$here/wallets/package-lock.json" "$cache/"
  (cd "$cache" && timeout 240 npm ci --cache "$cache/npm-cache" --no-audit --no-fund --loglevel=error) ||
    fail "npm could not install dohdec into $cache (is the npm registry reachable?)"
fi
# ES modules find their packages next to the script, so it runs from there.
cp "$here/wallets/doh_client.mjs" "$cache/doh_client.mjs"

relay_start doh --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
relay_port=${BASE##*:}
tls=$WORK/tls
mkdir -p "$tls"
cd "$tls"
{ doh_test_ca "wallets test CA" && doh_cert front "DNS:doh.test,IP:127.0.0.1"; } || fail "test certificates"
started=0
for port in $(fixture_free_ports 3); do
  if doh_nginx_front_start front "$port" "$relay_port"; then started=1 && break; fi
  [ -n "$DOH_NGINX_PID" ] && fixture_stop_pid "$DOH_NGINX_PID"
  DOH_NGINX_PID=
done
((started)) || fail "nginx did not start: $(cat nginx.out nginx-error.log)"
cd "$WORK"
doh_url=https://127.0.0.1:$port/dns-query

alice=$(qname_of alice@rsa.test)
long=$(qname_of long@rsa.test)
alice_uri=$(uri_of rsa_ok)
long_uri=$(uri_of rsa_split_txt)

# --- kdig ---
# kd FILE ARGS...: one kdig query over DoH through nginx; output in FILE.
kd() {
  local f=$1
  shift
  timeout 30 kdig @127.0.0.1 -p "$port" +https +tls-ca="$tls/ca.pem" +tls-hostname=doh.test +timeout=10 \
    +retry=0 "$@" >"$f" 2>&1 || fail "kdig $*: $(cat "$f")"
  grep -q '^;; HTTP session (HTTP/2-' "$f" || fail "kdig $* did not use DoH over HTTP/2: $(cat "$f")"
}
status_of() { sed -n 's/^;; ->>HEADER<<- .* status: \([A-Z]*\);.*/\1/p' "$1" | tail -n 1; }
flags_of() { sed -n 's/^;; Flags: \([^;]*\);.*/ \1 /p' "$1" | tail -n 1; }
# section FILE NAME: the records of one section (e.g. ANSWER, AUTHORITY).
section() { awk -v s=";; $2 SECTION:" '$0==s{on=1;next} on&&/^$/{on=0} on' "$1"; }
received_of() { sed -n 's/^;; Received \([0-9]*\) B$/\1/p' "$1" | tail -n 1; }
# expect_kdig FILE STATUS FLAG_TEST: STATUS and "ad" set (ad) or not (noad).
expect_kdig() {
  local f=$1 flags
  flags=$(flags_of "$f")
  [ "$(status_of "$f")" = "$2" ] || fail "$f: status $(status_of "$f"), not $2: $(cat "$f")"
  case $3 in
    ad) [[ $flags == *" ad "* ]] || fail "$f: no AD flag ($flags)" ;;
    noad) [[ $flags != *" ad "* ]] || fail "$f: AD flag set ($flags)" ;;
  esac
}
txt_of() { section "$1" ANSWER | awk '$4=="TXT"' | sed 's/^[^"]*//'; }

# No AD, no DO: the TXT, no AD, no RRSIG; with EDNS, padded.
kd "$WORK/k-plain" "$alice" TXT +noadflag +edns
expect_kdig "$WORK/k-plain" NOERROR noad
[ "$(txt_of "$WORK/k-plain")" = "\"$alice_uri\"" ] || fail "kdig TXT: $(txt_of "$WORK/k-plain")"
section "$WORK/k-plain" ANSWER | grep -q RRSIG && fail "RRSIG without DO"
size=$(received_of "$WORK/k-plain")
((size % 468 == 0)) || fail "a $size-octet answer is not padded to 468-octet blocks"
grep -q '^;; PADDING: ' "$WORK/k-plain" || fail "no padding option in the answer"
# AD in the query, no DO: AD (the relay validated it), still no RRSIG.
kd "$WORK/k-ad" "$alice" TXT +adflag
expect_kdig "$WORK/k-ad" NOERROR ad
section "$WORK/k-ad" ANSWER | grep -q RRSIG && fail "RRSIG without DO (AD query)"
# DO (POST and GET): RRSIG over the TXT, AD even without AD in the query.
for how in post get; do
  opt=+nohttps-get
  [ $how = get ] && opt=+https-get
  kd "$WORK/k-do-$how" "$alice" TXT +dnssec +noadflag "$opt"
  expect_kdig "$WORK/k-do-$how" NOERROR ad
  grep -q "^;; HTTP session (HTTP/2-${how^^})" "$WORK/k-do-$how" || fail "kdig did not $how"
  section "$WORK/k-do-$how" ANSWER | awk -v q="$alice" '$1==q && $4=="RRSIG" && $5=="TXT" && $6==8' | grep -q . ||
    fail "no RSASHA256 RRSIG over the TXT with DO ($how): $(cat "$WORK/k-do-$how")"
  size=$(received_of "$WORK/k-do-$how")
  ((size % 468 == 0)) || fail "$how: a $size-octet answer is not padded to 468-octet blocks"
done
grep -q '^;; Version: 0; flags: do;' "$WORK/k-do-post" || fail "no DO in the answer's OPT"
# Three character-strings, as the zone has them.
kd "$WORK/k-long" "$long" TXT +dnssec
expect_kdig "$WORK/k-long" NOERROR ad
[ "$(txt_of "$WORK/k-long" | tr -d '"' | tr -d ' ')" = "$long_uri" ] || fail "long TXT: $(txt_of "$WORK/k-long")"
[ "$(txt_of "$WORK/k-long" | grep -o '"[^"]*"' | awk '{print length($0) - 2}' | tr '\n' ' ')" = "255 255 69 " ] ||
  fail "long TXT is not the zone's three strings: $(txt_of "$WORK/k-long")"
# A DNAME answer carries the CNAME it synthesizes (RFC 6672 §3.4), so a stub
# that follows CNAMEs only (as dnspython's resolve_chaining does) reaches
# the TXT record from the name it asked for.
dname_q=$(qname_of dave@dname.test)
dname_target=$(qname_of dave@ed25519.test)
kd "$WORK/k-dname" "$dname_q" TXT +noadflag
expect_kdig "$WORK/k-dname" NOERROR noad
section "$WORK/k-dname" ANSWER | awk -v q="$dname_q" -v t="$dname_target" '$1==q && $4=="CNAME" && $5==t' | grep -q . ||
  fail "no synthesized CNAME beside the DNAME: $(section "$WORK/k-dname" ANSWER)"
"$WALLETS_PY" - "$doh_url" "$tls/ca.pem" "$dname_q" "$(uri_of dname)" <<'EOF' || fail "a CNAME-only stub cannot follow the DNAME answer"
import ssl, sys, urllib.request
import dns.message
url, ca, qname, uri = sys.argv[1:]
query = dns.message.make_query(qname, "TXT")
request = urllib.request.Request(url, data=query.to_wire(), headers={"Content-Type": "application/dns-message"})
body = urllib.request.urlopen(request, timeout=30, context=ssl.create_default_context(cafile=ca)).read()
answer = dns.message.from_wire(body).resolve_chaining().answer
assert answer is not None and [b"".join(r.strings).decode() for r in answer] == [uri], answer
EOF

# Negative and wildcard answers: signed NSEC (rsa.test, p384.test) and NSEC3
# (p256.test, ed25519.test) in the authority section, with DO only.
for c in rsa_nxdomain:NXDOMAIN:NSEC p256_nxdomain:NXDOMAIN:NSEC3 p384_wildcard:NOERROR:NSEC \
  ed25519_wildcard:NOERROR:NSEC3; do
  IFS=: read -r id status kind <<<"$c"
  q=$(qname_of "$(case_field "$id" 2)")
  kd "$WORK/k-$id" "$q" TXT +dnssec +noadflag
  expect_kdig "$WORK/k-$id" "$status" ad
  section "$WORK/k-$id" AUTHORITY | awk -v k="$kind" '$4==k' | grep -q . || fail "$id: no $kind in authority: $(cat "$WORK/k-$id")"
  section "$WORK/k-$id" AUTHORITY | awk -v k="$kind" '$4=="RRSIG" && $5==k' | grep -q . ||
    fail "$id: no RRSIG over the $kind in authority"
  kd "$WORK/k-$id-nodo" "$q" TXT +noadflag +edns
  [ -z "$(section "$WORK/k-$id-nodo" AUTHORITY)" ] || fail "$id: authority records without DO"
done
[ "$(txt_of "$WORK/k-p384_wildcard")" = "\"$(uri_of p384_wildcard)\"" ] || fail "wildcard TXT"
# Not validated: SERVFAIL and never AD, even to a query with AD and DO.
for id in insecure expired ds_wrong_key; do
  kd "$WORK/k-$id" "$(qname_of "$(case_field "$id" 2)")" TXT +dnssec +adflag
  expect_kdig "$WORK/k-$id" SERVFAIL noad
  [ -z "$(section "$WORK/k-$id" ANSWER)" ] || fail "$id: records in a SERVFAIL"
done
# DS and DNSKEY of the zones on a chain the relay holds (alice@rsa.test's).
for q in "rsa.test. DNSKEY" "rsa.test. DS" "test. DNSKEY" "test. DS" ". DNSKEY"; do
  read -r name type <<<"$q"
  kd "$WORK/k-keys" "$name" "$type" +dnssec
  expect_kdig "$WORK/k-keys" NOERROR ad
  section "$WORK/k-keys" ANSWER | awk -v t="$type" '$4==t' | grep -q . || fail "no $type for $name"
  section "$WORK/k-keys" ANSWER | awk -v t="$type" '$4=="RRSIG" && $5==t' | grep -q . || fail "no RRSIG over $type $name"
done
# Everything else: REFUSED, no records, no AD.
for q in "example.com A" "example.com TXT" "rsa.test TXT" "$alice A" "_dmarc.rsa.test TXT" "sha1.test DNSKEY" \
  "iter2501.test DS" "$alice ANY"; do
  read -r name type <<<"$q"
  kd "$WORK/k-refused" "$name" "$type" +dnssec +adflag
  expect_kdig "$WORK/k-refused" REFUSED noad
  [ -z "$(section "$WORK/k-refused" ANSWER)" ] || fail "$q: records in a REFUSED answer"
done
# An EDNS version the relay does not implement: BADVERS (RFC 6891 section 6.1.3).
kd "$WORK/k-badvers" "$alice" TXT +edns=1
expect_kdig "$WORK/k-badvers" BADVERS noad
[ -z "$(section "$WORK/k-badvers" ANSWER)" ] || fail "records in a BADVERS answer"
echo "kdig: TXT, RRSIGs with DO only, AD rules, NSEC/NSEC3 authority, keys, REFUSED, BADVERS, padding: ok"

# --- dohdec (npm) ---
# dd ARGS...: one dohdec question (doh_client.mjs), its JSON line on stdout.
dd() {
  (cd "$cache" && NODE_EXTRA_CA_CERTS="$tls/ca.pem" timeout 60 node doh_client.mjs "$doh_url" "$@") ||
    fail "dohdec $*"
}
for how in post get; do
  dd "${alice%.}" TXT "$how" >"$WORK/d-$how"
  jq -e --arg u "$alice_uri" '.rcode == "NOERROR" and .ad == false and .do == false and .padding and .id == 0
    and (.answers | map(select(.type == "TXT")) | .[0].strings == [$u])
    and (.answers | all(.type != "RRSIG"))' "$WORK/d-$how" >/dev/null || fail "dohdec $how: $(cat "$WORK/d-$how")"
  jq -e '.size % 468 == 0' "$WORK/d-$how" >/dev/null || fail "dohdec $how: $(jq .size "$WORK/d-$how") octets, not padded"
  dd "${long%.}" TXT "$how" dnssec >"$WORK/d-$how-do"
  jq -e --arg u "$long_uri" '.rcode == "NOERROR" and .ad and .do
    and (.answers | map(select(.type == "TXT")) | .[0].strings | (map(length) == [255, 255, 69]) and join("") == $u)
    and (.answers | any(.type == "RRSIG" and .covers == "TXT"))' "$WORK/d-$how-do" >/dev/null ||
    fail "dohdec $how with DO: $(cat "$WORK/d-$how-do")"
done
dd "$(qname_of nobody@p256.test)" TXT post dnssec >"$WORK/d-nx"
jq -e '.rcode == "NXDOMAIN" and .ad and (.authorities | any(.type == "NSEC3"))
  and (.authorities | any(.type == "RRSIG" and .covers == "NSEC3"))' "$WORK/d-nx" >/dev/null ||
  fail "dohdec NXDOMAIN: $(cat "$WORK/d-nx")"
dd "$(qname_of alice@expired.test)" TXT post dnssec >"$WORK/d-bogus"
jq -e '.rcode == "SERVFAIL" and (.ad | not) and .answers == []' "$WORK/d-bogus" >/dev/null ||
  fail "dohdec bogus: $(cat "$WORK/d-bogus")"
for q in "example.com A" "rsa.test TXT" "alice.user._bitcoin-payment.rsa.test AAAA"; do
  read -r name type <<<"$q"
  dd "$name" "$type" get dnssec >"$WORK/d-refused"
  jq -e '.rcode == "REFUSED" and (.ad | not) and .answers == []' "$WORK/d-refused" >/dev/null ||
    fail "dohdec $q: $(cat "$WORK/d-refused")"
done
# dohdec's JSON client (Cloudflare's API: Accept: application/dns-json, an
# extra random_padding parameter), read as a wallet reads it.
dd "${long%.}" TXT json dnssec >"$WORK/d-json"
[ "$(jq -c -f "$WALLETS_LIB/wallet_txt.jq" "$WORK/d-json")" = "$(jq -cn --arg u "$long_uri" '[$u]')" ] ||
  fail "dohdec JSON, read as a wallet: $(cat "$WORK/d-json")"
jq -e '.Status == 0 and .AD and (.Answer | any(.type == 46))' "$WORK/d-json" >/dev/null ||
  fail "dohdec JSON with do=1: $(cat "$WORK/d-json")"
echo "dohdec: wire POST/GET, DO, AD, NXDOMAIN NSEC3, SERVFAIL, REFUSED, padding, JSON: ok"

# Every request went through nginx, over HTTP/2 (kdig) and HTTP/1.1 (dohdec).
grep -q ' HTTP/2.0 ' "$tls/nginx-access.log" || fail "no HTTP/2 request in nginx's log"
grep -q ' HTTP/1.1 ' "$tls/nginx-access.log" || fail "no HTTP/1.1 request in nginx's log"
echo "through nginx: $(grep -c ' HTTP/2.0 ' "$tls/nginx-access.log") HTTP/2 and" \
  "$(grep -c ' HTTP/1.1 ' "$tls/nginx-access.log") HTTP/1.1 requests"
relay_stop
echo "resolve_wallets_doh: all checks passed"

#!/usr/bin/env bash
# The Lightning Address fallback (--methods bip353,lnurl) through the private
# Tor network: BIP 353 proves user@rsa.test absent (signed zones), then the
# relay fetches https://rsa.test/.well-known/lnurlp/USER through Tor. The
# exit resolves rsa.test with the fixture's Unbound (tests/lib/exit_dns.sh):
# its A record is 127.0.5.1, where nginx with a test-CA certificate serves
# the LUD-16 replies. Cases: valid, callback on another host, the LUD-06
# error shape and 404 (not_found, cached), invalid JSON (502, not cached),
# text/plain (accepted: LUD-01), a redirect (not followed) and a 500 (502), a
# server too slow for the lookup deadline (504), and no fetch at all when
# BIP 353 answered or when lnurl is not enabled (nginx's log shows none).
# Needs root (nginx on port 443).
set -euo pipefail
RELAY=$(realpath "$1")
HRN=$(realpath "$2")
dnszones_env=${3:?usage: resolve_tor_lnurl.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
tornet_env=${4:?usage: resolve_tor_lnurl.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck disable=SC1090
. "$tornet_env"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
# shellcheck source=../lib/doh_stack.sh
. "$here/../lib/doh_stack.sh"
# shellcheck source=../lib/exit_dns.sh
. "$here/../lib/exit_dns.sh"
# shellcheck source=../lib/lnurl_site.sh
. "$here/../lib/lnurl_site.sh"
# shellcheck source=../tor/network/lib.sh
. "$here/../tor/network/lib.sh"
PATH="$PATH:/usr/sbin:/sbin"
for tool in nginx openssl curl jq; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (make deps)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "FAIL: needs root: the Lightning Address server listens on port 443" >&2; exit 1; }
LNURL_NGINX_PID=
relay_test_begin
trap 'if [ -n "$LNURL_NGINX_PID" ]; then kill "$LNURL_NGINX_PID" 2>/dev/null; wait "$LNURL_NGINX_PID" 2>/dev/null || true; fi; relay_test_end' EXIT
w=$WORK
domain=rsa.test
address=127.0.5.1

# The site: one reply per case (the metadata is a JSON string, LUD-06).
mkdir -p "$w/site/www/.well-known/lnurlp"
cd "$w/site"
doh_test_ca "hrn lnurl test CA" || fail "test CA"
meta='[[\"text/plain\",\"Coffee for lnvalid\"],[\"text/identifier\",\"lnvalid@rsa.test\"]]'
lp=www/.well-known/lnurlp
printf '{"tag":"payRequest","callback":"https://rsa.test/lnurlp/lnvalid/cb","minSendable":1000,"maxSendable":250000000,"metadata":"%s","commentAllowed":140}' "$meta" >"$lp/lnvalid"
printf '{"tag":"payRequest","callback":"https://pay.other.test/cb/lnother","minSendable":1000,"maxSendable":1000,"metadata":"[[\\"text/plain\\",\\"hosted\\"]]"}' >"$lp/lnother"
printf '{"status":"ERROR","reason":"unknown user"}' >"$lp/lnerror"
cp "$lp/lnother" "$lp/lntext"
printf '{"tag":"payRequest","callback":"https://rsa.test/cb",' >"$lp/lnbadjson"
printf '{"tag":"payRequest","callback":"https://rsa.test/cb","minSendable":1,"maxSendable":1,"metadata":"[[\\"text/plain\\",\\"slow\\"]]"}' >"$lp/lnslow"
jq -e . "$lp/lnvalid" "$lp/lnother" >/dev/null || fail "the test's own JSON is broken"
lnurl_site_start "$address" "$domain" || fail "nginx for https://$domain on $address:443 did not start: $(cat nginx-error.log nginx.out 2>/dev/null | tail -5)"
cd "$w"
log=$w/site/lnurl-access.log
requests() { (cd "$w/site" && lnurl_requests "$1"); }

# The exit resolves rsa.test the way a real exit resolves a real domain.
exit_dns_use "$UNBOUND_PORT" || fail "could not point the Tor exit at the fixture's resolver"

relay_start lnurl --tor-socks "$TOR_SOCKS" --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" \
  --ca-file "$w/site/ca.pem" --methods bip353,lnurl --rate-limit 0 --round-interval 0 \
  --lookup-timeout 8000 --query-timeout 8000
grep -q 'methods lnurl' "$RELAY_LOG" || fail "no warning that lnurl is on"

# Valid: source lnurl, no BOLT 12 fields, the payRequest's fields.
code=$(get '/v1/resolve?name=lnvalid@rsa.test' "$w/valid")
[ "$code" = 200 ] || fail "valid: $code $(cat "$w/valid")"
jq -e '.status=="ok" and .source=="lnurl" and .offer==null and .uri==null and .offer_info==null
       and .dnssec.validated==true and .cached==false
       and .lnurl.callback=="https://rsa.test/lnurlp/lnvalid/cb" and .lnurl.callback_host=="rsa.test"
       and .lnurl.callback_domain_matches==true and .lnurl.min_sendable==1000
       and .lnurl.max_sendable==250000000 and .lnurl.description=="Coffee for lnvalid"
       and .lnurl.identifier=="lnvalid@rsa.test" and .lnurl.comment_allowed==140
       and (.lnurl.metadata|fromjson|length)==2 and .flag==null' "$w/valid" >/dev/null \
  || fail "valid body: $(cat "$w/valid")"
[ "$(requests lnvalid)" = 1 ] || fail "valid: nginx saw $(requests lnvalid) requests"
# The request carried the fixed header set, nothing of the client's.
line=$(grep '^/.well-known/lnurlp/lnvalid ' "$log")
[[ $line == *'ua="-" accept="application/json" host="rsa.test" via="-" xff="-" cookie="-"'* ]] \
  || fail "request headers: $line"
# Cached like any answer: the second request reaches nobody.
[ "$(get '/v1/resolve?name=lnvalid@rsa.test' "$w/valid2")" = 200 ] || fail "valid again"
jq -e '.cached==true and .source=="lnurl"' "$w/valid2" >/dev/null || fail "valid not cached: $(cat "$w/valid2")"
[ "$(requests lnvalid)" = 1 ] || fail "a cached Lightning Address was fetched again"
# The other views: text (no OFFER or URI line), the web page, the SMS.
curl -s --max-time 30 "$BASE/v1/resolve?name=lnvalid@rsa.test&format=text" >"$w/valid.txt"
grep -q '^OK ₿lnvalid@rsa.test' "$w/valid.txt" && grep -q '^SOURCE lnurl$' "$w/valid.txt" \
  && grep -q '^AMOUNT 1-250000 sat' "$w/valid.txt" && grep -q '^CALLBACK https://rsa.test/lnurlp/lnvalid/cb' "$w/valid.txt" \
  && grep -q '^CALLBACK_HOST rsa.test same-domain' "$w/valid.txt" && ! grep -q '^OFFER\|^URI\|^FLAG' "$w/valid.txt" \
  || fail "text view: $(cat "$w/valid.txt")"
jq -e '.sms | test("lnvalid@rsa.test") and test("1-250000 sat")' "$w/valid" >/dev/null || fail "sms: $(jq .sms "$w/valid")"
curl -s --max-time 30 "$BASE/pay?name=lnvalid@rsa.test" >"$w/valid.html"
grep -q 'Lightning Address' "$w/valid.html" && ! grep -q 'Copy offer' "$w/valid.html" || fail "web page: $(head -c 600 "$w/valid.html")"

# A callback on another host: answered, and said so.
[ "$(get '/v1/resolve?name=lnother@rsa.test' "$w/other")" = 200 ] || fail "other: $(cat "$w/other")"
jq -e '.source=="lnurl" and .lnurl.callback_host=="pay.other.test" and .lnurl.callback_domain_matches==false' \
  "$w/other" >/dev/null || fail "other body: $(cat "$w/other")"

# 404 and the error shape: not_found, cached like BIP 353's.
for user in lnmissing lnerror; do
  [ "$(get "/v1/resolve?name=$user@rsa.test" "$w/$user")" = 200 ] || fail "$user: $(cat "$w/$user")"
  jq -e '.status=="not_found" and .source=="bip353" and (has("lnurl")|not)' "$w/$user" >/dev/null \
    || fail "$user body: $(cat "$w/$user")"
  [ "$(get "/v1/resolve?name=$user@rsa.test" "$w/$user.2")" = 200 ] || fail "$user again"
  jq -e '.cached==true' "$w/$user.2" >/dev/null || fail "$user not cached: $(cat "$w/$user.2")"
  [ "$(requests "$user")" = 1 ] || fail "$user: nginx saw $(requests "$user") requests"
done
grep -q '^/.well-known/lnurlp/lnmissing 404 ' "$log" || fail "nginx did not answer 404 for lnmissing"

# Invalid JSON: the server's fault, 502, never cached.
[ "$(get '/v1/resolve?name=lnbadjson@rsa.test' "$w/bad")" = 502 ] || fail "bad json: $(cat "$w/bad")"
jq -e '.status=="error" and .error.code=="lnurl_bad_json"' "$w/bad" >/dev/null || fail "bad json body: $(cat "$w/bad")"
[ "$(get '/v1/resolve?name=lnbadjson@rsa.test' "$w/bad2")" = 502 ] || fail "bad json again"
[ "$(requests lnbadjson)" = 2 ] || fail "an invalid reply was cached ($(requests lnbadjson) requests)"

# LUD-01: the body decides, not the headers: a payRequest as text/plain is one.
[ "$(get '/v1/resolve?name=lntext@rsa.test' "$w/text")" = 200 ] || fail "text/plain: $(cat "$w/text")"
jq -e '.source=="lnurl"' "$w/text" >/dev/null || fail "text/plain body: $(cat "$w/text")"
# A redirect is not followed; an error page is the server's fault.
for user in lnredirect lnbroken; do
  [ "$(get "/v1/resolve?name=$user@rsa.test" "$w/$user")" = 502 ] || fail "$user: $(cat "$w/$user")"
  jq -e '.error.code=="lnurl_http_status"' "$w/$user" >/dev/null || fail "$user body: $(cat "$w/$user")"
done
[ "$(requests lnvalid)" = 1 ] || fail "the redirect to lnvalid was followed"

# Too slow for the lookup's deadline (8 s): 504 within it, not a hang.
start=$(date +%s)
[ "$(get '/v1/resolve?name=lnslow@rsa.test' "$w/slow")" = 504 ] || fail "slow: $(cat "$w/slow")"
jq -e '.error.code=="lnurl_timeout"' "$w/slow" >/dev/null || fail "slow body: $(cat "$w/slow")"
took=$(($(date +%s) - start))
((took <= 12)) || fail "the slow server held the lookup for $took s (deadline 8 s)"

# BIP 353 answered: no fetch.
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/alice")" = 200 ] || fail "alice"
jq -e '.status=="ok" and .source=="bip353" and (.offer|startswith("lno1"))' "$w/alice" >/dev/null \
  || fail "alice body: $(cat "$w/alice")"
[ "$(requests alice)" = 0 ] || fail "the fallback ran although BIP 353 answered"

# Not persisted: after a restart the snapshot does not bring lnvalid back.
relay_stop
relay_start lnurl --tor-socks "$TOR_SOCKS" --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" \
  --ca-file "$w/site/ca.pem" --methods bip353,lnurl --rate-limit 0 --round-interval 0
[ "$(get '/v1/resolve?name=lnvalid@rsa.test' "$w/after")" = 200 ] || fail "after restart"
jq -e '.cached==false and .source=="lnurl"' "$w/after" >/dev/null || fail "after restart: $(cat "$w/after")"
[ "$(requests lnvalid)" = 2 ] || fail "after restart: nginx saw $(requests lnvalid) requests"
relay_stop

# lnurl not enabled (the default): not_found, and nginx sees nothing.
relay_start plain --tor-socks "$TOR_SOCKS" --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" \
  --ca-file "$w/site/ca.pem" --rate-limit 0 --round-interval 0
[ "$(get '/v1/resolve?name=lnplain@rsa.test' "$w/plain.json")" = 200 ] || fail "plain"
jq -e '.status=="not_found" and .source=="bip353"' "$w/plain.json" >/dev/null || fail "plain body: $(cat "$w/plain.json")"
[ "$(requests lnplain)" = 0 ] || fail "the fallback ran without --methods lnurl"
relay_stop

# hrn resolve runs the same lookup. The fetch rides the lookup's circuit: tor
# sees its stream to the domain with the SOCKS credentials of the stream to
# the resolver, and no other stream has them.
tn_ctl_open "$CLIENT_CONTROL_PORT" "$CLIENT_COOKIE" || fail "cannot authenticate on tor's control port"
tn_ctl_cmd "SETEVENTS STREAM" || fail "SETEVENTS STREAM: ${TN_REPLY[*]}"
net_ctl_mark
mark=$NET_MARK
"$HRN" resolve lnvalid@rsa.test --upstream "$UPSTREAM" --tor-socks "$TOR_SOCKS" --trust-anchor "$TRUST_ANCHOR" \
  --ca-file "$w/site/ca.pem" --methods bip353,lnurl >"$w/cli" || fail "hrn resolve: $(cat "$w/cli")"
jq -e '.status=="ok" and .source=="lnurl" and .lnurl.min_sendable==1000 and .offer==null' "$w/cli" >/dev/null \
  || fail "hrn resolve body: $(cat "$w/cli")"
net_ctl_mark
tn_ctl_drain 0.5
dns_creds=$(net_streams "${UPSTREAM#tcp://}" | awk -v m="$mark" '$2 >= m { print $5 ":" $6 }' | sort -u)
web_creds=$(net_streams "rsa.test:443" | awk -v m="$mark" '$2 >= m { print $5 ":" $6 }' | sort -u)
tn_ctl_close
[ "$(printf '%s\n' "$dns_creds" | grep -c .)" = 1 ] || fail "wanted one resolver stream's credentials, got: $dns_creds"
[ -n "$web_creds" ] && [ "$web_creds" = "$dns_creds" ] ||
  fail "the Lightning Address fetch did not ride the lookup's circuit: resolver '$dns_creds', domain '$web_creds'"
"$HRN" resolve lnplain@rsa.test --upstream "$UPSTREAM" --tor-socks "$TOR_SOCKS" --trust-anchor "$TRUST_ANCHOR" \
  >"$w/cli-plain" || fail "hrn resolve (bip353 only): $(cat "$w/cli-plain")"
jq -e '.status=="not_found"' "$w/cli-plain" >/dev/null || fail "hrn resolve (bip353 only): $(cat "$w/cli-plain")"
[ "$(requests lnplain)" = 0 ] || fail "hrn resolve fetched without --methods lnurl"
echo "resolve_tor_lnurl: all checks passed"

#!/usr/bin/env bash
# The web page (GET / and GET /pay?name=) against the signed-zone fixture,
# with a bitcoind-like block source so the page shows a node-id flag:
# with curl, its headers, statuses, padding, weight and well-formed QR SVG;
# in headless Chromium (web/drive.mjs, puppeteer-core from npm), the form
# submitted with and without JavaScript, the result read as a person sees it,
# the copy button, screenshots; the QR code decoded back from its screenshot.
# Screenshots stay in $HRN_WEB_OUT (result.png is the README's picture).
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_web.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
case_field() { awk -F'\t' -v id="$1" -v col="$2" '$1==id{print $col}' "$CASES"; }
out=${HRN_WEB_OUT:-$PWD/resolve_web}
cache=${HRN_WEB_CACHE:-$PWD/web-driver}
mkdir -p "$out" "$cache"
rm -f "$out"/*.png "$out"/*.html
for tool in chromium zbarimg xmllint node npm perl; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run 'make deps' (scripts/deps.sh) as root"
done

# The browser driver, installed once into the build tree from the pinned lock file.
if ! cmp -s "$here/web/package-lock.json" "$cache/package-lock.json" || [ ! -d "$cache/node_modules/puppeteer-core" ]; then
  cp "$here/web/package.json" "$here/web/package-lock.json" "$cache/"
  (cd "$cache" && PUPPETEER_SKIP_DOWNLOAD=1 timeout 240 npm ci --cache "$cache/npm-cache" --no-audit --no-fund \
    --loglevel=error) || fail "npm could not install puppeteer-core into $cache (is the npm registry reachable?)"
fi
# ES modules find their packages next to the script, so it runs from there.
cp "$here/web/drive.mjs" "$cache/drive.mjs"

w=$WORK
# A bitcoind-like block source, so the page shows a real flag.
blocks_rpc_start 840000
relay_start web --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0 \
  "${BLOCKS_ARGS[@]}"
blocks_wait_height 840000
# page PATH FILE: prints the status; body to FILE, headers to FILE.h.
page() { curl -s --max-time 30 -D "$2.h" -o "$2" -w '%{http_code}' "$BASE$1"; }
# weight FILE: the bytes before the padding (trailing spaces).
weight() { perl -0777 -pe 's/ +\z//' "$1" | wc -c; }
is_bucket() { case $(wc -c <"$1") in 1024 | 2048 | 4096 | 8192 | 16384 | 32768) return 0 ;; *) return 1 ;; esac; }

offer=$(case_field p256_ok 8)
[ -n "$offer" ] || fail "no p256_ok case in $CASES"
# The flag the JSON API gives for the name: the page must show the same.
[ "$(get '/v1/resolve?name=alice@p256.test' "$w/a.json")" = 200 ] || fail "resolve: $(cat "$w/a.json")"
jq -e '.flag.height==840000 and .flag.previous.height==839999' "$w/a.json" >/dev/null \
  || fail "no flag at 840000 in the JSON answer: $(jq -c '[.flag, .flag_reason]' "$w/a.json")"
words="$(jq -r '.flag.names|join(" ")' "$w/a.json") at block 840000"

# The form, the result, and each kind of failure, with the JSON API's statuses.
[ "$(page / "$w/form")" = 200 ] || fail "GET /"
[ "$(page '/pay?name=ALICE*P256.TEST%23ab12' "$w/ok")" = 200 ] || fail "result: $(cat "$w/ok")"
[ "$(page '/pay?name=nobody@rsa.test' "$w/nf")" = 200 ] || fail "not found status"
grep -q 'No payment address' "$w/nf" || fail "not found page"
for c in $(jq -r '.flag.colours[], .flag.previous.colours[]' "$w/a.json"); do
  grep -q "fill=\"$c\"" "$w/ok" || fail "the page has no stripe of colour $c"
done
[ "$(page '/pay?name=a@b' "$w/bad")" = 400 ] || fail "bad name status"
grep -q 'value="a@b"' "$w/bad" || fail "the bad name is not back in the field"
grep -q 'single_label_domain' "$w/bad" || fail "the bad name's code is not shown"
[ "$(page '/pay' "$w/missing")" = 400 ] || fail "missing name"
[ "$(page '/pay?name=alice@expired.test' "$w/bogus")" = 502 ] || fail "bogus status"
grep -q 'dnssec_bogus' "$w/bogus" || fail "bogus page"
[ "$(page '/pay?name=%22%3E%3Cscript%3Ealert(1)%3C/script%3E@x.test' "$w/evil")" = 400 ] || fail "hostile name status"
grep -q '<script>alert' "$w/evil" && fail "a typed name reached the page as markup"
grep -q 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.test"' "$w/evil" || fail "hostile name not escaped in the field"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/pay")" = 405 ] || fail "POST /pay"

for f in form ok nf bad missing bogus evil; do
  is_bucket "$w/$f" || fail "$f: $(wc -c <"$w/$f") bytes is not a bucket size"
  grep -qi '^content-type: text/html; charset=utf-8' "$w/$f.h" || fail "$f: content type"
  grep -qi "^content-security-policy: default-src 'none'; style-src 'sha256-[^']*'; script-src 'sha256-[^']*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" \
    "$w/$f.h" || fail "$f: CSP: $(grep -i content-security "$w/$f.h")"
  grep -qi '^x-content-type-options: nosniff' "$w/$f.h" || fail "$f: nosniff"
  grep -qi '^referrer-policy: no-referrer' "$w/$f.h" || fail "$f: referrer policy"
  # Relative URLs only, so the page works the same on the onion address.
  grep -Eq '(src|href|action)="(https?:)?//' "$w/$f" && fail "$f: an absolute URL"
done
form_weight=$(weight "$w/form")
result_weight=$(weight "$w/ok")
((result_weight <= 30720)) || fail "the result page weighs $result_weight bytes (more than 30 KB)"
echo "page weight before padding: form $form_weight bytes, result $result_weight bytes (padded to $(wc -c <"$w/ok"))"

# The QR code is well-formed SVG on its own.
perl -ne 'print $1 if m{(<svg xmlns="http://www.w3.org/2000/svg" class="qr".*?</svg>)}' "$w/ok" >"$w/qr.svg"
[ -s "$w/qr.svg" ] || fail "no QR SVG in the result page"
xmllint --noout "$w/qr.svg" || fail "the QR SVG is not well-formed XML"

# In the browser, with and without JavaScript.
expect=$(jq -cn --arg o "$offer" --arg words "$words" '{texts: ["₿alice@p256.test", "Test vectors", "100 USD", "ab12",
  "the recipient will see it", $words, "The block before, 839999", $o], paytext: $o}')
(cd "$cache" && timeout 120 node drive.mjs "$BASE" 'ALICE*P256.TEST#ab12' "$out" "$expect") \
  || fail "the browser run failed"
for f in form result result-nojs qr; do [ -s "$out/$f.png" ] || fail "no screenshot $f.png"; done

# The QR code, decoded from its screenshot, is the URI with the offer in
# upper case (alphanumeric mode).
decoded=$(timeout 30 zbarimg --raw -q "$out/qr.png" 2>"$w/zbarimg.log") || fail "zbarimg found no QR code in $out/qr.png"
[ "$decoded" = "bitcoin:?lno=${offer^^}" ] || fail "the QR code says $decoded"

relay_stop

# Rate limit: a lookup costs one token as on /v1/resolve; the form is free.
# (This relay has no block source.)
relay_start limited --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --round-interval 0 \
  --rate-limit 0.5 --rate-burst 1
[ "$(page '/pay?name=alice@p256.test' "$w/rl1")" = 200 ] || fail "first lookup within the burst"
[ "$(page '/pay?name=alice@p256.test' "$w/rl2")" = 429 ] || fail "second lookup not rate limited"
grep -qi '^retry-after: [1-9]' "$w/rl2.h" || fail "no Retry-After"
grep -q 'value="alice@p256.test"' "$w/rl2" || fail "the rate-limited page lost the name"
[ "$(page / "$w/rl3")" = 200 ] || fail "the form was rate limited"
# Without a block source the page says why there is no flag.
grep -q 'No flag to show: no block source configured' "$w/rl1" || fail "no reason for the missing flag"
relay_stop
echo "resolve_web: all checks passed; screenshots in $out"

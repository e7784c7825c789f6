#!/usr/bin/env bash
# `make demo`, non-interactively (DEMO_SECONDS=0), on the shared fixtures:
# its printed answers are checked, so the demo a newcomer runs is known to
# work. Needs root (the demo's Lightning Address server listens on 443).
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_tor_demo.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
tornet_env=${4:?usage: resolve_tor_demo.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
here=$(cd "$(dirname "$0")" && pwd)
build=$(dirname "$(dirname "$RELAY")")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "FAIL: $*" >&2; tail -n 60 "$out" >&2; exit 1; }
DEMO_SECONDS=0 DEMO_DNSZONES_ENV=$dnszones_env DEMO_TORNET_ENV=$tornet_env \
  timeout 400 bash "$here/../../scripts/demo.sh" "$build" >"$out" 2>&1 || fail "the demo failed (exit $?)"
expect() { grep -qE -- "$1" "$out" || fail "the demo did not print: $1"; }
expect '"name": "alice@rsa.test"'
expect '"status": "ok"'
expect '"dnssec": true'
expect '^OK ' # the plain-text answer's first line
expect '^NOTE 1234$'
expect '"name": "anyone@p384.test"'
expect '"code": "dnssec_bogus"'
expect '"source": "lnurl"'
expect '"description": "Coffee at the corner shop"'
expect '"via": "[a-z2-7]{56}\.onion"'
expect 'screenshot: .*page\.png \([0-9]+ bytes\)'
expect 'demo: stopped everything it started'
run=$build/demo
jq -e '.status == "ok"' "$run/verify.json" >/dev/null || fail "hrn verify-proof: $(cat "$run/verify.json")"
[ "$(jq -r .uri "$run/verify.json")" = "$(jq -r .uri "$run/alice.json")" ] || fail "the proof proves another URI"
head -c 8 "$run/page.png" | od -An -tx1 | grep -q '89 50 4e 47' || fail "page.png is not a PNG"
echo "resolve_tor_demo: the demo printed every answer; the proof verifies; the screenshot is a PNG"

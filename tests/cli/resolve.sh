#!/usr/bin/env bash
# `hrn resolve` and `hrn verify-proof` as other programs use them, against the
# real signed zones of the dnszones fixture (Unbound as the upstream).
set -euo pipefail
hrn=$1
env_file=${2:?usage: resolve.sh HRN DNSZONES_ENV}
# shellcheck disable=SC1090
. "$env_file"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # expect_exit CODE OUTFILE -- command...
  local want=$1 out=$2; shift 3
  set +e; "$@" >"$out" 2>"$work/stderr"; local rc=$?; set -e
  [ "$rc" = "$want" ] || fail "exit $rc (wanted $want): $* : $(cat "$out" "$work/stderr")"
}
common=(--upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --direct)
offer=$(awk -F'\t' '$1=="rsa_ok"{print $8}' "$CASES")

expect_exit 0 "$work/ok.json" -- "$hrn" resolve alice@rsa.test "${common[@]}" --proof
jq -e --arg o "$offer" '.status=="ok" and .offer==$o and .name=="alice@rsa.test"
  and .round_trips==1 and .ttl>0 and (.proof|length)>100 and .offer_info.issuer_id!=null' \
  "$work/ok.json" >/dev/null || fail "resolve ok: $(cat "$work/ok.json")"
grep -q 'without Tor' "$work/stderr" || fail "--direct printed no warning"

# The proof verifies offline at a time inside its window and fails after it.
jq -r .proof "$work/ok.json" >"$work/proof.b64"
now=$(date +%s)
expires=$(jq -r .expires "$work/ok.json")
expect_exit 0 "$work/v.json" -- "$hrn" verify-proof --name alice@rsa.test --at "$now" \
  --trust-anchor "$TRUST_ANCHOR" --base64 "$work/proof.b64"
jq -e --arg o "$offer" '.status=="ok" and .offer==$o' "$work/v.json" >/dev/null || fail "verify: $(cat "$work/v.json")"
expect_exit 1 "$work/late.json" -- "$hrn" verify-proof --name alice@rsa.test --at $((expires + 1)) \
  --trust-anchor "$TRUST_ANCHOR" --base64 "$work/proof.b64"
jq -e '.error.code=="dnssec_bogus"' "$work/late.json" >/dev/null || fail "expired proof: $(cat "$work/late.json")"
# ... for another name, it proves nothing.
expect_exit 1 "$work/other.json" -- "$hrn" verify-proof --name bob@rsa.test --at "$now" \
  --trust-anchor "$TRUST_ANCHOR" --base64 "$work/proof.b64"
# ... and under the built-in IANA anchors it is not trusted.
expect_exit 1 "$work/iana.json" -- "$hrn" verify-proof --name alice@rsa.test --at "$now" --base64 "$work/proof.b64"

# BIP 353 PSBT_OUT_DNSSEC_PROOF form: 1-byte length, name, chain.
{ printf '%02x' 14; printf 'alice@rsa.test' | od -An -tx1 | tr -d ' \n'; base64 -d "$work/proof.b64" | od -An -tx1 | tr -d ' \n'; } >"$work/psbt.hex"
expect_exit 0 "$work/p.json" -- "$hrn" verify-proof --psbt --at "$now" --trust-anchor "$TRUST_ANCHOR" --hex "$work/psbt.hex"
jq -e '.status=="ok" and .name=="alice@rsa.test"' "$work/p.json" >/dev/null || fail "psbt: $(cat "$work/p.json")"

# A proven non-existent name is not_found (exit 0), not an error.
expect_exit 0 "$work/nf.json" -- "$hrn" resolve nobody@rsa.test "${common[@]}"
jq -e '.status=="not_found" and .offer==null' "$work/nf.json" >/dev/null || fail "not_found: $(cat "$work/nf.json")"

# Hostile cases are errors with stable codes.
expect_exit 1 "$work/exp.json" -- "$hrn" resolve alice@expired.test "${common[@]}"
jq -e '.status=="error" and .error.code=="dnssec_bogus"' "$work/exp.json" >/dev/null || fail "expired: $(cat "$work/exp.json")"
expect_exit 1 "$work/two.json" -- "$hrn" resolve two@rsa.test "${common[@]}"
jq -e '.error.code=="multiple_bitcoin_records"' "$work/two.json" >/dev/null || fail "two: $(cat "$work/two.json")"

# Bad names, usage errors and unreachable upstreams.
expect_exit 1 "$work/bad.json" -- "$hrn" resolve 'a@b' "${common[@]}"
jq -e '.error.code=="single_label_domain"' "$work/bad.json" >/dev/null || fail "bad name"
expect_exit 2 /dev/null -- "$hrn" resolve alice@rsa.test --upstream "$UPSTREAM"
expect_exit 2 /dev/null -- "$hrn" resolve alice@rsa.test --upstream udp://127.0.0.1:53 --direct
# --methods: bip353 is required; the Lightning Address fallback needs Tor.
expect_exit 2 /dev/null -- "$hrn" resolve alice@rsa.test "${common[@]}" --methods lnurl
expect_exit 2 /dev/null -- "$hrn" resolve alice@rsa.test "${common[@]}" --methods bip353,lnurl
expect_exit 1 "$work/down.json" -- "$hrn" resolve alice@rsa.test --upstream tcp://127.0.0.1:1 --direct --trust-anchor "$TRUST_ANCHOR"
jq -e '.error.code=="upstream_error"' "$work/down.json" >/dev/null || fail "down: $(cat "$work/down.json")"
expect_exit 1 "$work/name.json" -- "$hrn" resolve alice@rsa.test --upstream tcp://localhost:53 --direct
jq -e '.error.code=="upstream_error"' "$work/name.json" >/dev/null || fail "host name upstream: $(cat "$work/name.json")"
echo "resolve: all checks passed"

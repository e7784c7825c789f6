#!/usr/bin/env bash
# `hrn verify-proof --psbt` on BIP 353's own example proof with one extra,
# unused RRSIG appended to the chain.
#
# BIP 353 (PSBT types): "When validating the contained proof, clients MUST
# enforce the inception on all contained RRSigs is no later than the current
# time and that the expiry of all RRSigs is no earlier than an hour in the
# past." All contained RRSIGs, not only those the validation used: a proof
# holding an RRSIG whose inception is in the future must be refused.
set -euo pipefail
hrn=$1
vectors=$(cd "$(dirname "$0")/../vectors/bip353" && pwd)
command -v jq >/dev/null || { echo "forged_psbt.sh: jq is required" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

at=1754568000  # the vector's own validation time (August 7, 2025)
base=$(tr -d ' \n\r\t' < "$vectors/simple-onchain.psbt.hex")
# The owner of the proof's TXT RRset: simple.user._bitcoin-payment.dnssec_proof_tests.bitcoin.ninja
owner=0673696d706c650475736572105f626974636f696e2d7061796d656e7412646e737365635f70726f6f665f746573747307626974636f696e056e696e6a6100
[[ $base == *"$owner"* ]] || fail "the vector no longer holds the TXT owner"
signer=07626974636f696e056e696e6a6100  # bitcoin.ninja
sig=$(printf '11%.0s' $(seq 64))        # 64 octets that verify nothing

# extra_rrsig INCEPTION: an RRSIG over the TXT RRset (algorithm 13, 6 labels,
# original TTL 30, the genuine RRSIG's expiration and key tag 53474) with
# the given inception and a garbage signature. RDLENGTH 0x61 = 18 + 15 + 64.
extra_rrsig() {
  printf '%s002e00010000001e0061' "$owner"
  printf '00100d060000001e68a70b7e%08x' "$1"
  printf 'd0e2%s%s' "$signer" "$sig"
}

check() {  # check LABEL HEX EXIT JQ-FILTER
  local out rc
  printf '%s\n' "$2" > "$tmp/in.hex"
  set +e; out=$("$hrn" verify-proof --psbt --at "$at" --hex "$tmp/in.hex"); rc=$?; set -e
  [ "$rc" = "$3" ] || fail "$1: exit $rc, wanted $3: $out"
  echo "$out" | jq -e "$4" >/dev/null || fail "$1: $out"
  echo "ok: $1"
}

check "the vector as published" "$base" 0 '.status=="ok"'
# Genuine: an extra RRSIG that does not verify but whose inception is in the
# past is not used, and BIP 353's time rule holds for it.
check "an extra unused RRSIG with inception in the past" "$base$(extra_rrsig $((at - 86400)))" 0 '.status=="ok"'
# Forged: the extra RRSIG's inception is one day after --at.
# Today: exit 0, status "ok" (the unused RRSIG is never looked at).
check "an extra unused RRSIG with inception in the future" "$base$(extra_rrsig $((at + 86400)))" 1 \
  '.status=="error" and .error.code=="dnssec_bogus"'
echo "forged_psbt: all checks passed"

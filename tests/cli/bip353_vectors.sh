#!/usr/bin/env bash
# The example proofs of BIP 353 itself, through `hrn verify-proof --psbt`
# with the built-in IANA root anchors: three valid, two that BIP 353 rejects.
set -euo pipefail
hrn=$1
dir=$(cd "$(dirname "$0")/../vectors/bip353" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
check() {  # check FILE TIME EXIT JQ-FILTER
  local out rc
  set +e; out=$("$hrn" verify-proof --psbt --at "$2" --hex "$dir/$1"); rc=$?; set -e
  [ "$rc" = "$3" ] || fail "$1: exit $rc, wanted $3: $out"
  echo "$out" | jq -e "$4" >/dev/null || fail "$1: $out"
  echo "ok: $1"
}
check simple-onchain.psbt.hex 1754568000 0 \
  '.status=="ok" and .uri=="bitcoin:?bc=bc1qztwy6xen3zdtt7z0vrgapmjtfz8acjkfp5fp7l" and .offer==null'
check override-wildcard-cname.psbt.hex 1754481600 0 \
  '.status=="ok" and .uri=="BITCOIN:?BC=BC1QYYQ734DCNHHCWYW8YJXSWXG4P7K9NXU0QT84QZ"'
check cname-wild-offer.psbt.hex 1754481600 0 \
  '.status=="ok" and (.offer|startswith("lno1zr5qyugqgskrk70kqmuq7v3dnr2fnmhukps9n8hut48vkqpq")) and .offer_info!=null'
check invalid-two-bitcoin-records.psbt.hex 1754568000 1 '.error.code=="multiple_bitcoin_records"'
check invalid-missing-nsec3.psbt.hex 1754481600 1 '.error.code=="dnssec_bogus"'
# A valid proof is valid only in its window: a year later it is not.
check simple-onchain.psbt.hex $((1754568000 + 365 * 86400)) 1 '.error.code=="dnssec_bogus"'
echo "bip353_vectors: all checks passed"

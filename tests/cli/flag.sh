#!/usr/bin/env bash
# `hrn flag` against an independent computation of its definition: the
# colours are the first 12 bytes of SHA-256(node_id || block_hash), with both
# given as hex and the block hash decoded as displayed (openssl and xxd do
# the hashing here, not the project's code). Also its published vectors.
set -euo pipefail
hrn=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for i in $(seq 20); do
  node=0$((2 + i % 2))$(head -c 32 /dev/urandom | xxd -p -c 64)
  hash=$(head -c 32 /dev/urandom | xxd -p -c 64)
  "$hrn" flag --node-id "$node" --block-hash "$hash" --height "$i" >"$work/out" || fail "hrn flag failed: $(cat "$work/out")"
  want=$(printf '%s%s' "$node" "$hash" | xxd -r -p | openssl dgst -sha256 -r | cut -c1-24)
  got=$(jq -r '.colours | map(ltrimstr("#")) | join("")' "$work/out")
  [ "$got" = "$want" ] || fail "colours $got, SHA-256 says $want (node $node, block $hash)"
  jq -e --argjson h "$i" '.height == $h and (.names | length) == 4 and all(.names[]; test("^[A-Z]+$"))' \
    "$work/out" >/dev/null || fail "output: $(cat "$work/out")"
done

# Published vectors (README "Node-id flag"): the BOLT 12 test key and the
# genesis block, and block 840,000.
check() {  # NODE HASH HEIGHT COLOURS NAMES
  "$hrn" flag --node-id "$1" --block-hash "$2" --height "$3" >"$work/v"
  jq -e --arg c "$4" --arg n "$5" '(.colours | join(" ")) == $c and (.names | join(" ")) == $n' "$work/v" \
    >/dev/null || fail "vector $3: $(jq -c . "$work/v")"
}
check 02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619 \
  000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f 0 \
  "#da2f5b #303995 #3d743f #3b920e" "RED PURPLE GREEN GREEN"
check 0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c \
  0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5 840000 \
  "#cae08c #2673f3 #347b55 #030cb7" "LIME BLUE GREEN NAVY"

# The SVG: well-formed XML (xmllint), the four colours and names, the height,
# and nothing but the flag's own values (no script, no external reference).
command -v xmllint >/dev/null || fail "xmllint missing (libxml2-utils)"
"$hrn" flag --node-id 0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c \
  --block-hash 0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5 --height 840000 --svg >"$work/flag.svg"
xmllint --noout "$work/flag.svg" || fail "the SVG is not well-formed XML"
for c in '#cae08c' '#2673f3' '#347b55' '#030cb7' '>LIME<' '>BLUE<' '>GREEN<' '>NAVY<' 'block 840000'; do
  grep -qF "$c" "$work/flag.svg" || fail "the SVG lacks $c"
done
[ "$(xmllint --xpath 'count(//*[local-name()="rect"])' "$work/flag.svg")" = 5 ] || fail "expected a background and 4 stripes"
grep -qiE '<script|href=|url\(' "$work/flag.svg" && fail "the SVG refers to something outside itself"
# Deterministic: the same inputs, the same bytes.
"$hrn" flag --node-id 0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c \
  --block-hash 0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5 --height 840000 --svg | cmp -s - "$work/flag.svg" \
  || fail "the SVG differs between two runs"

# Bad input: a clear error (exit 1), never a flag.
set +e
"$hrn" flag --node-id 04eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619 \
  --block-hash 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f --height 0 >"$work/bad"
rc=$?
set -e
[ $rc = 1 ] || fail "an uncompressed-key prefix gave exit $rc"
jq -e '.error.code == "bad_node_id"' "$work/bad" >/dev/null || fail "bad node id: $(cat "$work/bad")"
set +e
"$hrn" flag --node-id 02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619 --block-hash 00ff --height 0 >"$work/bad"
rc=$?
set -e
[ $rc = 1 ] && jq -e '.error.code == "bad_block_hash"' "$work/bad" >/dev/null || fail "short block hash: $(cat "$work/bad")"
echo "flag: all checks passed"

#!/usr/bin/env bash
# Black-box test of `hrn parse-name`: exit codes and JSON, as other programs
# see them. Usage: bash parse_name.sh /path/to/hrn   (fails on any mismatch)
set -uo pipefail

hrn=${1:?usage: parse_name.sh /path/to/hrn}
command -v jq >/dev/null || { echo "jq is required" >&2; exit 1; }
[ -x "$hrn" ] || { echo "not executable: $hrn" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
checks=0

fail() {
  echo "FAIL: $*" >&2
  echo "  exit=$rc stdout: $(head -c 600 "$work/out")" >&2
  echo "  stderr: $(head -c 300 "$work/err")" >&2
  failures=$((failures + 1))
}

# run ARGS... : runs `hrn parse-name ARGS...`, sets rc; output in $work/out, $work/err
run() {
  "$hrn" parse-name "$@" >"$work/out" 2>"$work/err"
  rc=$?
  checks=$((checks + 1))
}

# expect_ok INPUT JQ_CONDITION : exit 0, the documented fields in order, condition true
expect_ok() {
  local input=$1 condition=$2
  # Only a name that starts with '-' needs '--'; the others go in as people type them.
  if [[ $input == -* ]]; then run -- "$input"; else run "$input"; fi
  [ "$rc" -eq 0 ] || { fail "[$input] expected exit 0"; return; }
  jq -e '(keys_unsorted == ["user","domain","short_code","dns_name","idn","display"])' \
    "$work/out" >/dev/null || { fail "[$input] wrong field set or not JSON"; return; }
  jq -e "$condition" "$work/out" >/dev/null || fail "[$input] expected: $condition"
  [ -s "$work/err" ] && fail "[$input] unexpected stderr"
}

# expect_error CODE ARGS... : exit 1, {"error":{"code":CODE,"message":non-empty}} on stdout
expect_error() {
  local code=$1
  shift
  run "$@"
  [ "$rc" -eq 1 ] || { fail "[$*] expected exit 1 ($code)"; return; }
  jq -e --arg code "$code" \
    '(keys == ["error"]) and .error.code == $code
     and (.error.message | type == "string" and length > 0 and (contains("\n") | not))' \
    "$work/out" >/dev/null || fail "[$*] expected error code $code"
  [ -s "$work/err" ] && fail "[$*] unexpected stderr"
}

# expect_usage ARGS... : exit 2, nothing on stdout, a message on stderr
expect_usage() {
  run "$@"
  [ "$rc" -eq 2 ] || { fail "[$*] expected exit 2"; return; }
  [ -s "$work/out" ] && fail "[$*] usage error wrote to stdout"
  [ -s "$work/err" ] || fail "[$*] usage error without a message"
}

# --- the contract's own examples -------------------------------------------
expect_ok ' ₿Alice@Example.COM ' \
  '.user == "alice" and .domain == "example.com" and .short_code == null
   and .dns_name == "alice.user._bitcoin-payment.example.com." and .idn == false
   and .display == "₿alice@example.com"'
expect_ok 'RUSTY*BLOCKSTREAM.COM#a1B2' \
  '.user == "rusty" and .domain == "blockstream.com" and .short_code == "a1b2"
   and .dns_name == "rusty.user._bitcoin-payment.blockstream.com."'
expect_error single_label_domain 'a@b'
jq -e '.error.message | contains("two labels")' "$work/out" >/dev/null ||
  fail "single_label_domain message should say what to fix"

# --- accepted forms ----------------------------------------------------------
expect_ok 'alice@example.com.' '.domain == "example.com"'
expect_ok 'first.last@sub.example.co.uk#ZZ9' \
  '.user == "first.last" and .domain == "sub.example.co.uk" and .short_code == "zz9"'
expect_ok 'alice@münchen.de' \
  '.domain == "xn--mnchen-3ya.de" and .idn == true
   and .dns_name == "alice.user._bitcoin-payment.xn--mnchen-3ya.de."'
expect_ok 'ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ' '.user == "alice" and .domain == "example.com" and .idn == false'
expect_ok "$(printf '\t alice@example.com \n')" '.user == "alice"'

# Pretty-printed: one field per line, so shell users can grep it.
run 'alice@example.com'
[ "$(wc -l <"$work/out")" -ge 8 ] || fail "output is not pretty-printed"

# --- every error code --------------------------------------------------------
expect_error empty ''
expect_error empty '   '
expect_error no_separator 'alice.example.com'
expect_error bad_character 'alice smith@example.com'
expect_error bad_character 'a%40b@example.com'
expect_error bad_character 'a@b@example.com'
expect_error bad_character 'a*b@example.com'
expect_error empty_label '@example.com'
expect_error empty_label 'alice@example..com'
expect_error label_too_long "$(printf 'a%.0s' {1..64})@example.com"
expect_error name_too_long "$(printf 'a%.0s' {1..63}).$(printf 'b%.0s' {1..63})@$(printf 'c%.0s' {1..63}).$(printf 'd%.0s' {1..40}).com"
expect_error single_label_domain 'RUSTY*BLOCKSTREAM'
expect_error bad_short_code 'alice@example.com#'
expect_error bad_short_code "alice@example.com#$(printf '1%.0s' {1..17})"
expect_error idna '😀@example.com'
expect_error idna 'alice@xn--zz.com'

# --- options and usage errors ------------------------------------------------
run --help
[ "$rc" -eq 0 ] || fail "--help should exit 0"
grep -q 'Usage: hrn parse-name' "$work/out" || fail "--help lacks a usage line"
grep -q 'ALICE\*EXAMPLE.COM' "$work/out" || fail "--help should show the star notation"
grep -q '#1234' "$work/out" || fail "--help should show a short code"
run -h
[ "$rc" -eq 0 ] && grep -q 'Usage:' "$work/out" || fail "-h should print help and exit 0"

expect_usage
expect_usage 'alice@example.com' 'bob@example.com'
expect_usage alice @ example.com
expect_usage --bogus 'alice@example.com'
expect_usage '-x@y.com'
grep -q -- "'--'" "$work/err" || fail "a leading '-' should hint at '--'"

# '--' ends the options: a name may start with '-', and '--help' is then a name.
expect_ok '-x@y.com' '.user == "-x" and .domain == "y.com"'
expect_error no_separator -- '--help'
expect_error no_separator -

if [ "$failures" -ne 0 ]; then
  echo "parse_name.sh: $failures failures over $checks runs of hrn" >&2
  exit 1
fi
echo "parse_name.sh: all checks passed ($checks runs of hrn)"

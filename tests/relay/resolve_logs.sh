#!/usr/bin/env bash
# Log audit (DESIGN "Privacy mechanisms" 8): run resolutions, good and bad,
# one name per client address, with the relay at info and at debug, and
# check which log lines hold a name or a client address: at info no name at
# all; at any level never a client address in the same line as a name.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_logs.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin

names=(alice@rsa.test nobody@rsa.test alice@expired.test tampered@rsa.test carol@p384.test)
for level in info debug; do
  relay_start "$level" --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --log-level "$level"
  ask_from_addresses "${names[@]}"
  relay_stop
  log=$RELAY_LOG
  lines=$(wc -l <"$log")
  with_name=$(grep -c -E 'alice|nobody|tampered|carol|rsa\.test|p384\.test|expired\.test' "$log" || true)
  with_address=$(grep -c -E '127\.0\.0\.([2-9]|1[0-9])\b' "$log" || true)
  both=$(grep -E 'alice|nobody|tampered|carol|\.test' "$log" | grep -c -E '127\.0\.0\.([2-9]|1[0-9])\b' || true)
  echo "log at $level: $lines lines, $with_name with a name, $with_address with a client address, $both with both"
  [ "$both" = 0 ] || fail "a log line at $level holds a name and a client address"
  if [ "$level" = info ] && [ "$with_name" != 0 ]; then fail "a name was logged at info: $(grep -E 'alice|nobody|\.test' "$log" | head -3)"; fi
  # At debug the operator sees each lookup with its name and outcome.
  if [ "$level" = debug ]; then
    grep -q 'lookup alice@rsa.test: ok in' "$log" || fail "no debug line for a lookup: $(tail -5 "$log")"
    grep -q 'lookup tampered@rsa.test: dnssec_bogus in' "$log" || fail "no debug line for a failed lookup"
  fi
done
echo "resolve_logs: all checks passed"

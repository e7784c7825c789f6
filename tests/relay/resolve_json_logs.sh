#!/usr/bin/env bash
# --log-format json: every line one JSON object (time, level, message,
# logger), and the privacy rule of resolve_logs.sh holds in it: at info no
# name and no client address; at debug names, never beside a client address.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_json_logs.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin

names=(alice@rsa.test nobody@rsa.test tampered@rsa.test carol@p384.test)
name_re='alice|nobody|tampered|carol|rsa\.test|p384\.test'
for level in info debug; do
  relay_start "$level" --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --log-level "$level" \
    --log-format json
  port=${BASE##*:}
  # From 127.0.0.1 (the address the relay listens on, too) and from
  # 127.0.0.2 and up, one name each.
  curl -s -o /dev/null "http://127.0.0.1:$port/v1/resolve?name=alice@rsa.test"
  ask_from_addresses "${names[@]}"
  relay_stop
  log=$RELAY_LOG
  [ -s "$log" ] || fail "no log at all"
  # Every line parses alone as an object with the fields, time in UTC.
  while IFS= read -r line; do
    jq -e '(.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"))
           and (.level | type == "string") and (.message | type == "string")' <<<"$line" >/dev/null ||
      fail "not a JSON log line: $line"
  done <"$log"
  # What the messages say, decoded (an escaped name would hide from grep).
  jq -r '.message' "$log" >"$WORK/$level.messages"
  lines=$(wc -l <"$log")
  # 127.0.0.1 is also the relay's own listening address: only that line may have it.
  client_re='127\.0\.0\.([2-9]|1[0-9])\b'
  with_name=$(grep -c -E "$name_re" "$WORK/$level.messages" || true)
  with_client=$(grep -v 'listening on' "$WORK/$level.messages" | grep -c -E "$client_re|127\.0\.0\.1" || true)
  both=$(grep -E "$name_re" "$WORK/$level.messages" | grep -c -E "$client_re|127\.0\.0\.1" || true)
  echo "json log at $level: $lines lines, $with_name with a name, $with_client with a client address"
  [ "$both" = 0 ] || fail "a line at $level holds a name and a client address"
  if [ "$level" = info ]; then
    [ "$with_name" = 0 ] || fail "a name at info: $(grep -E "$name_re" "$log" | head -3)"
    [ "$with_client" = 0 ] || fail "a client address at info: $(grep -v 'listening on' "$log" | grep 127.0.0 | head -3)"
  else
    jq -e -s 'map(select(.level == "debug" and (.message | startswith("lookup alice@rsa.test: ok in")))) | length > 0' \
      "$log" >/dev/null || fail "no debug line for a lookup"
  fi
done
echo "resolve_json_logs: all checks passed"

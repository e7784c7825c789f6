#!/usr/bin/env bash
# SIGHUP: the relay re-reads its --config file and applies the log level and
# format and the rate limits at once, keeping its connections; an option that
# needs a restart gets a warning; a broken file changes nothing. No DNS: the
# only upstream refuses connections, which is all the lookups need here.
set -euo pipefail
RELAY=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
conf=$WORK/relay.conf

# hup: SIGHUP, then waits for the relay to log the reload (or its error).
hup() {
  local before _
  before=$(grep -c SIGHUP "$RELAY_LOG" || true)
  kill -HUP "$RELAY_PID"
  for _ in $(seq 100); do
    [ "$(grep -c SIGHUP "$RELAY_LOG" || true)" -gt "$before" ] && return 0
    sleep 0.05
  done
  fail "no reload logged after SIGHUP"
}
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$BASE/v1/resolve?name=$1"; }

printf '# reload test\nlog-level = info\nrate-limit = 0\n' >"$conf"
relay_start hup --direct --config "$conf" --round-interval 0 --upstream tcp://127.0.0.1:9 \
  --lookup-timeout 2000 --query-timeout 500

# The log level: info, then debug after the SIGHUP, on one keep-alive connection.
printf 'log-level = debug\nrate-limit = 0\n' >"$conf"
statuses=$(python3 "$here/../lib/keepalive.py" "${BASE##*:}" "$RELAY_PID" "$RELAY_LOG") ||
  fail "keep-alive across SIGHUP"
echo "keep-alive statuses: $statuses"
read -r health_before _ health_after _ <<<"$statuses"
[ "$health_before" = 200 ] && [ "$health_after" = 200 ] || fail "/healthz before/after: $statuses"
grep -q 'before@example.com' "$RELAY_LOG" && fail "a name was logged at info"
grep -q 'lookup after@example.com: ' "$RELAY_LOG" || fail "no debug line after the SIGHUP to debug"
kill -0 "$RELAY_PID" || fail "the relay died"

# Rate limits: from none to one lookup, then 429.
printf 'log-level = info\nrate-limit = 0.01\nrate-burst = 1\n' >"$conf"
hup
[ "$(status a@example.com)" != 429 ] || fail "the first lookup after the new limit was refused"
[ "$(status b@example.com)" = 429 ] || fail "the new rate limit does not apply"

# A broken file: an error with its line, and the running settings stay.
printf 'log-level = info\nrate-limit = 0\n\nfrobnicate = 1\n' >"$conf"
hup
grep -Eq "SIGHUP: .*relay.conf line 4: unknown option 'frobnicate'.*keeping the running settings" "$RELAY_LOG" ||
  fail "no error for the broken file: $(grep SIGHUP "$RELAY_LOG" | tail -1)"
kill -0 "$RELAY_PID" || fail "the relay died of a broken config file"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ] || fail "/healthz after a broken file"
[ "$(status c@example.com)" = 429 ] || fail "the broken file changed the rate limit"
printf 'batch-size = many\n' >"$conf"
hup
grep -q 'relay.conf line 1: .*batch-size' "$RELAY_LOG" || fail "no line for a bad value"

# Back to no limit; an option that needs a restart gets one warning; json logs.
printf 'log-level = info\nrate-limit = 0\nmax-lookups = 5\nlog-format = json\n' >"$conf"
hup
[ "$(status d@example.com)" != 429 ] || fail "lifting the rate limit did not apply"
[ "$(grep -c -- '--max-lookups changed in the config file; restart to apply' "$RELAY_LOG")" = 1 ] ||
  fail "no (or more than one) warning for --max-lookups"
grep -q -- '--rate-limit changed' "$RELAY_LOG" && fail "a reloadable option got a restart warning"
tail -n 1 "$RELAY_LOG" | jq -e '.level == "info" and (.message | contains("re-read"))' >/dev/null ||
  fail "not a JSON line after log-format = json: $(tail -n 1 "$RELAY_LOG")"
# The decoy directory is read again; a bad one changes nothing.
printf 'alice@example.com\nbob@example.com\n# a comment\n' >"$WORK/directory"
printf 'log-format = json\nrate-limit = 0\ndirectory = %s\n' "$WORK/directory" >"$conf"
hup
grep -q 'directory: 2 names for decoys' "$RELAY_LOG" || fail "--directory not read again"
printf 'alice@example.com\nnot a name\n' >"$WORK/directory"
hup
grep -q 'SIGHUP: --directory .*directory line 2: .*keeping the running settings' "$RELAY_LOG" ||
  fail "no error for a bad --directory file"
kill -0 "$RELAY_PID" || fail "the relay died of a bad --directory file"

# A message quoting a quote, a backslash, a control character and a byte
# that is not UTF-8 is still one JSON line.
printf 'log-format = json\nrate-limit = 0\n\xff\001"\\ = 1\n' >"$conf"
hup
tail -n 1 "$RELAY_LOG" | jq -e '.level == "error" and (.message | contains("line 3"))' >/dev/null ||
  fail "the error about a strange line is not JSON: $(tail -n 1 "$RELAY_LOG" | od -c | head -5)"
relay_stop
echo "config_reload: all checks passed"

#!/usr/bin/env bash
# hrn-relay's options: help, version, config file, and clear usage errors.
set -euo pipefail
relay=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$relay" --help >"$work/help"
grep -q -- '--listen' "$work/help" || fail "--help does not list --listen"
"$relay" --version | grep -q '^hrn-relay [0-9]' || fail "--version"

set +e
"$relay" --no-such-option >/dev/null 2>"$work/err"; rc=$?
set -e
[ $rc = 2 ] || fail "unknown option exit $rc"
grep -q 'no-such-option' "$work/err" || fail "unknown option not named: $(cat "$work/err")"

for bad in "--listen nohost" "--listen 127.0.0.1:99999" "--listen example.com:80 --log-level info" "--log-level chatty" "--config /nonexistent/file"; do
  set +e
  # shellcheck disable=SC2086
  timeout 5 "$relay" $bad >/dev/null 2>"$work/err"; rc=$?
  set -e
  # example.com parses as HOST:PORT but cannot be bound without resolving: start-up failure.
  [ $rc = 2 ] || [ $rc = 1 ] || fail "'$bad' exit $rc"
  [ -s "$work/err" ] || fail "'$bad' printed no reason"
done

# A config file sets options; the relay then serves on the configured port.
printf '# test\nlisten = 127.0.0.1:0\nlog-level = debug\n' >"$work/relay.conf"
"$relay" --config "$work/relay.conf" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'listening on' "$work/log" && break; sleep 0.1; done
kill "$pid"; wait "$pid" || true
grep -q 'config: log-level=debug' "$work/log" || fail "config file not applied: $(cat "$work/log")"
# The example config file in the repository is valid, and every option of
# --help appears in it.
example=$(cd "$(dirname "$0")/../.." && pwd)/hrn-relay.conf.example
"$relay" --config "$example" --listen 127.0.0.1:0 --direct --state-dir "$work/state" \
  --port-file "$work/port" >"$work/log2" 2>&1 &
pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
kill "$pid"; wait "$pid" || true
[ -s "$work/port" ] || fail "the example config does not start the relay: $(cat "$work/log2")"
for opt in $("$relay" --help | grep -o '^  --[a-z-]*' | sed 's/^  --//'); do
  case $opt in help|version|config|port-file|check-config) continue;; esac
  grep -q "^#\?$opt =" "$example" || fail "option --$opt is missing from hrn-relay.conf.example"
done

# Bad values get a clear usage error (exit 2).
for bad in "--cache-max-bytes 12parsecs" "--methods lnurl" "--methods bip353,bip353" "--methods bip353,dane" \
           "--methods bip353,lnurl --direct" "--methods ''" "--upstream" "--rate-limit -1" \
           "--onion-listen example.org:80" "--upstream udp://9.9.9.9:53" \
           "--rate-limit nan" "--onion-listen 0.0.0.0:8081" "--max-lookups 0" \
           "--blocks esplora:http://blockstream.info/api" "--blocks bitcoind:http://localhost:8332" \
           "--blocks bitcoind:http://127.0.0.1:8332" "--blocks-rpc-cookie /tmp/c" \
           "--blocks esplora:https://blockstream.info/api --blocks-rpc-user u" \
           "--blocks esplora:https://blockstream.info/api --blocks-poll 0" \
           "--blocks esplora:https://blockstream.info/api --blocks-poll 60 --blocks-max-age 90" \
           "--blocks esplora:https://blockstream.info/api --direct" \
           "--cache-backend disk" "--cache-backend redis" "--redis redis://127.0.0.1:6379/0" \
           "--cache-backend redis --redis http://127.0.0.1:6379" \
           "--cache-backend redis --redis redis://u:secret@127.0.0.1:6379/0" \
           "--cache-backend redis --redis redis://127.0.0.1:6379 --redis-password-file /nonexistent" \
           "--cache-backend redis --redis redis://127.0.0.1:6379 --redis-timeout 0" \
           "--cache-max-bytes 0"; do
  set +e
  # shellcheck disable=SC2086
  timeout 5 "$relay" $bad >/dev/null 2>"$work/err"; rc=$?
  set -e
  [ $rc = 2 ] || fail "'$bad' exit $rc"
  [ -s "$work/err" ] || fail "'$bad' printed no reason"
done
echo "command_line: all checks passed"

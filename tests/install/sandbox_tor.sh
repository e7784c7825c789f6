#!/usr/bin/env bash
# The relay and its managed tor under hrn-relay.service's sandbox, without
# systemd: an unprivileged user (nobody, as root), no_new_privs, and the unit's
# SystemCallFilter=, RestrictAddressFamilies= and MemoryDenyWriteExecute= as a
# seccomp filter (sandbox_exec.py builds it from the unit), where a system call
# outside the filter kills the process instead of failing with EPERM. The
# managed tor joins the private Tor network, bootstraps and publishes the
# relay's onion service, and a Tor client fetches /healthz over it.
set -euo pipefail
relay=$(realpath "$1")
unit_template=$(realpath "$2")
tornet_env=${3:?usage: sandbox_tor.sh HRN_RELAY UNIT_TEMPLATE TORNET_ENV}
# shellcheck disable=SC1090
. "$tornet_env"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/log" ] && tail -n 30 "$work/log" >&2; exit 1; }

# Debian's python3 with its seccomp module (a python3 earlier in PATH may lack it).
/usr/bin/python3 -c 'import seccomp' 2>/dev/null || fail "python3-seccomp is missing: run 'make deps'"
user=$(id -un)
[ "$(id -u)" = 0 ] && user=nobody
chmod 755 "$work"
mkdir -m 700 "$work/state"
chown "$user" "$work/state"
sed -e 's|@HRN_BINDIR@|/usr/local/bin|' -e 's|@HRN_CONFIG_DIR@|/etc/hrn-relay|' "$unit_template" >"$work/unit.service"
# The user must reach the network's torrc (the run dir is root's).
cp "$NETWORK_TORRC" "$work/network.torrc"
chmod 644 "$work/network.torrc"

/usr/bin/python3 "$here/sandbox_exec.py" "$work/unit.service" kill "$user" -- \
  "$relay" --listen 127.0.0.1:0 --state-dir "$work/state" --onion-service \
  --tor-torrc-append "$work/network.torrc" >"$work/log" 2>&1 &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "the relay did not start under the sandbox"

t0=$SECONDS addr=
while ((SECONDS - t0 < 120)); do
  h=$(curl -s "http://127.0.0.1:$port/healthz" || true)
  if jq -e '.tor.ready and .onion.published' <<<"$h" >/dev/null 2>&1; then
    addr=$(jq -r .onion.address <<<"$h")
    break
  fi
  kill -0 "$pid" 2>/dev/null || fail "the relay died under the sandbox"
  sleep 1
done
[ -n "$addr" ] || fail "managed tor not ready with a published onion service after 120 s: $h
tor's log: $(tail -n 20 "$work/state/tor/tor.log" 2>/dev/null)"

t0=$SECONDS ok=
while ((SECONDS - t0 < 90)); do
  body=$(curl -s --max-time 20 --socks5-hostname "$TOR_SOCKS" -U "sandbox-test:$RANDOM" "http://$addr/healthz" || true)
  if jq -e '.service=="hrn-relay"' <<<"$body" >/dev/null 2>&1; then ok=1; break; fi
  sleep 2
done
[ -n "$ok" ] || fail "could not reach the onion service through Tor"

# Nothing was killed by the filter: not tor (the relay would have logged its
# end and restarted it), not the relay.
! grep -Ei 'signal 31|Bad system call|tor (exited|was killed)' "$work/log" || fail "a process met the filter"
[ "$(stat -c %U "$work/state/tor/data")" = "$user" ] || fail "tor's data is not the service user's"
kill -TERM "$pid"
wait "$pid" || fail "the relay exited with status $? after SIGTERM"
pid=
echo "sandbox_tor: the relay and its tor ran under the unit's filter as $user; onion $addr answered"

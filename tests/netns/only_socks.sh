#!/usr/bin/env bash
# netns: only the SOCKS port. The `hrn` CLI and the `hrn-relay` daemon run in a
# network namespace of their own where the one thing they can reach is Tor's
# SOCKS port (bridged in through a UNIX socket), and they still work; a direct
# connection from the same place fails. So no lookup needs anything but Tor.
# See README.md beside this file.
#
# usage: only_socks.sh HRN HRN_RELAY TORNET_ENV DNSZONES_ENV
# Needs root (ip netns), iproute2 (ip, ss), socat, curl, jq.
set -euo pipefail

hrn=${1:?usage: only_socks.sh HRN HRN_RELAY TORNET_ENV DNSZONES_ENV}
relay=${2:?usage: only_socks.sh HRN HRN_RELAY TORNET_ENV DNSZONES_ENV}
tornet_env=${3:?usage: only_socks.sh HRN HRN_RELAY TORNET_ENV DNSZONES_ENV}
dnszones_env=${4:?usage: only_socks.sh HRN HRN_RELAY TORNET_ENV DNSZONES_ENV}

t0=$(date +%s%N)
say() { printf 'netns: [%6.1fs] %s\n' "$(( ($(date +%s%N) - t0) / 1000000 ))e-3" "$*"; }
fail() { echo "netns: FAIL: $*" >&2; exit 1; }

# --- what the test needs: missing means failure, never a skip -----------------
[ "$(id -u)" = 0 ] || fail "must run as root: 'ip netns add' needs CAP_SYS_ADMIN"
for tool in ip ss socat curl jq timeout setpriv; do
  command -v "$tool" >/dev/null ||
    fail "'$tool' is not installed (Debian: iproute2 for ip/ss, socat, curl, jq; see scripts/deps.sh)"
done
for f in "$hrn" "$relay"; do [ -x "$f" ] || fail "not an executable: $f"; done
for f in "$tornet_env" "$dnszones_env"; do [ -r "$f" ] || fail "no fixture env file: $f (fixture not running?)"; done

# The two env files both have RUN_DIR: read only the keys we need, by name.
env_get() {  # env_get FILE KEY
  local v
  v=$(sed -n "s/^$2=//p" "$1" | tail -n 1)
  [ -n "$v" ] || fail "$1 has no $2"
  printf '%s' "$v"
}
CLIENT_SOCKS_PORT=$(env_get "$tornet_env" CLIENT_SOCKS_PORT)
CLIENT_CONTROL_PORT=$(env_get "$tornet_env" CLIENT_CONTROL_PORT)
HTTP_PORT=$(env_get "$tornet_env" HTTP_PORT)
HTTP_BODY=$(env_get "$tornet_env" HTTP_BODY)
UPSTREAM=$(env_get "$dnszones_env" UPSTREAM)
UNBOUND_PORT=$(env_get "$dnszones_env" UNBOUND_PORT)
TRUST_ANCHOR=$(env_get "$dnszones_env" TRUST_ANCHOR)
CASES=$(env_get "$dnszones_env" CASES)
offer=$(awk -F'\t' '$1=="rsa_ok"{print $8}' "$CASES")
[ -n "$offer" ] || fail "no rsa_ok case in $CASES"

# --- state, and cleanup that runs however the script ends ----------------------
ns=hrn-netns-$$
tmp_root=${TMPDIR:-/tmp}
work=$(mktemp -d "$tmp_root/hrn-netns-$$.XXXXXX")
sock=$work/socks.sock
[ ${#sock} -lt 100 ] || fail "UNIX socket path too long for sun_path: $sock"
ns_made=0
pids=()          # every process this script started, by PID
relay_pid=

stop_pid() {  # TERM a PID we started (and its children), KILL it after 5 s
  local pid=$1 kids
  kill -0 "$pid" 2>/dev/null || return 0
  kids=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
  # shellcheck disable=SC2086
  kill -TERM "$pid" $kids 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  # shellcheck disable=SC2086
  kill -KILL "$pid" $kids 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  if [ $rc -ne 0 ]; then
    for log in "$work"/*.log; do
      [ -s "$log" ] || continue
      echo "--- ${log##*/} (last 30 lines)" >&2
      tail -n 30 "$log" >&2
    done
  fi
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  if [ $ns_made = 1 ]; then
    # Anything still inside the namespace was started by this script (the name
    # is ours alone): end it by PID before deleting the namespace.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do stop_pid "$pid"; done
    ip netns del "$ns" 2>/dev/null || echo "netns: warning: could not delete namespace $ns" >&2
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Background processes die with this script even if it is killed with SIGKILL
# (ctest's timeout), when no trap can run.
guard=(setpriv --pdeathsig KILL)
# Runs a command inside the namespace. (Started in the background, use
# `ip netns exec` itself, not this function, so that $! is the command's PID:
# ip netns exec execs the command in its own process.)
in_ns() { ip netns exec "$ns" "$@"; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND... : poll every 0.1 s
  local limit=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after ${limit}s waiting for $what"
    sleep 0.1
  done
}

bridge_connections() { grep -c 'accepting connection' "$work/bridge-host.log" || true; }

# expect_exit CODE OUT -- COMMAND... : run it, stdout to OUT, stderr to OUT.err
expect_exit() {
  local want=$1 out=$2 rc; shift 3
  set +e; "$@" >"$out" 2>"$out.err"; rc=$?; set -e
  [ "$rc" = "$want" ] || fail "exit $rc (wanted $want): $* : $(cat "$out" "$out.err")"
}

# --- 1. a namespace with nothing but its own loopback ---------------------------
# A run killed with SIGKILL (ctest's timeout) cannot clean up: delete the
# namespaces and temp dirs such runs left (named after a PID that no longer runs).
for old in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^hrn-netns-[0-9]+$' || true); do
  kill -0 "${old#hrn-netns-}" 2>/dev/null && continue
  for pid in $(ip netns pids "$old" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  ip netns del "$old" 2>/dev/null && echo "netns: deleted namespace $old, left by a killed run" >&2
done
for old in "$tmp_root"/hrn-netns-*.*; do
  [ -d "$old" ] || continue
  pid=${old##*/hrn-netns-}; pid=${pid%%.*}
  [[ $pid =~ ^[0-9]+$ ]] || continue
  kill -0 "$pid" 2>/dev/null && continue
  rm -rf "$old" && echo "netns: deleted $old, left by a killed run" >&2
done
if ! err=$(ip netns add "$ns" 2>&1); then
  fail "cannot create a network namespace ('ip netns add $ns': $err); the test needs root and a kernel with CONFIG_NET_NS"
fi
ns_made=1
in_ns ip link set lo up || fail "cannot bring up lo in $ns"
links=$(in_ns ip -o link show | awk -F': ' '{print $2}' | paste -sd ' ')
[ "$links" = "lo" ] || fail "namespace has interfaces other than lo: $links"
routes=$(in_ns ip -4 route show default; in_ns ip -6 route show default)
[ -z "$routes" ] || fail "namespace has a default route: $routes"
say "namespace $ns: interfaces: $links, no default route"

# --- 2. the bridge: netns 127.0.0.1:9050 -> UNIX socket -> tor's SOCKS port -----
# Pathname UNIX sockets are found through the file system, which the namespace
# shares; TCP is not: this one socket is the namespace's only way out.
"${guard[@]}" socat -d -d "UNIX-LISTEN:$sock,fork,mode=600" "TCP:127.0.0.1:$CLIENT_SOCKS_PORT" \
  2>"$work/bridge-host.log" &
pids+=($!)
wait_for 10 "the host end of the bridge ($sock)" test -S "$sock"
ip netns exec "$ns" "${guard[@]}" socat -d -d "TCP-LISTEN:9050,bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:$sock" \
  2>"$work/bridge-ns.log" &
pids+=($!)
wait_for 10 "the namespace end of the bridge (127.0.0.1:9050)" \
  bash -c "ip netns exec '$ns' ss -Hltn 'sport = :9050' | grep -q 9050"
socks=127.0.0.1:9050
say "bridge up: $ns 127.0.0.1:9050 -> $sock -> host 127.0.0.1:$CLIENT_SOCKS_PORT (tor client)"

# --- 3. only the SOCKS port is reachable ------------------------------------------
# Each port is first shown open on the host, so a failure inside the namespace
# can only come from the namespace.
for pair in "nginx:$HTTP_PORT" "unbound:$UNBOUND_PORT" "tor-socks:$CLIENT_SOCKS_PORT" "tor-control:$CLIENT_CONTROL_PORT"; do
  what=${pair%%:*} port=${pair##*:}
  timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null ||
    fail "on the host, $what 127.0.0.1:$port does not accept connections: fixture down?"
  rc=0; in_ns curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/" || rc=$?
  [ "$rc" = 7 ] || fail "inside $ns, curl to the host's $what port 127.0.0.1:$port gave exit $rc, not 7 (could not connect)"
done
say "inside the namespace, curl to the host's nginx, unbound, tor SOCKS and control ports: refused"

before=$(bridge_connections)
body=$(in_ns curl -sS --max-time 30 --socks5-hostname "$socks" -U "netns-$$:page" "http://127.0.0.1:$HTTP_PORT/") ||
  fail "inside $ns, fetching nginx's page through the bridged SOCKS port failed"
[ "$body" = "$(cat "$HTTP_BODY")" ] || fail "page through Tor is '$body', expected '$(cat "$HTTP_BODY")'"
[ "$(bridge_connections)" -gt "$before" ] || fail "the page fetch did not cross the bridge"
say "through the bridged SOCKS port, the same nginx page arrives via the tor exit"

# --- 4. hrn resolve through Tor works; --direct cannot ------------------------------
common=(--upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR")
before=$(bridge_connections)
s=$(date +%s%N)
expect_exit 0 "$work/tor-ok.json" -- in_ns timeout 60 "$hrn" resolve alice@rsa.test "${common[@]}" \
  --tor-socks "$socks" --proof --timeout 20000
ms=$(( ($(date +%s%N) - s) / 1000000 ))
jq -e --arg o "$offer" '.status=="ok" and .name=="alice@rsa.test" and .offer==$o and (.proof|length)>100' \
  "$work/tor-ok.json" >/dev/null || fail "resolve through Tor: $(cat "$work/tor-ok.json")"
[ "$(bridge_connections)" -gt "$before" ] || fail "the lookup did not cross the bridge"
say "hrn resolve alice@rsa.test --tor-socks $socks: ok, offer matches cases.tsv (${ms} ms)"

s=$(date +%s%N)
expect_exit 0 "$work/tor-nf.json" -- in_ns timeout 60 "$hrn" resolve nobody@rsa.test "${common[@]}" \
  --tor-socks "$socks" --timeout 20000
ms=$(( ($(date +%s%N) - s) / 1000000 ))
jq -e '.status=="not_found"' "$work/tor-nf.json" >/dev/null || fail "not_found through Tor: $(cat "$work/tor-nf.json")"
say "hrn resolve nobody@rsa.test --tor-socks $socks: not_found, proven (${ms} ms)"

# The same lookup without Tor: fine on the host, impossible inside the namespace.
expect_exit 0 "$work/host-direct.json" -- timeout 60 "$hrn" resolve alice@rsa.test "${common[@]}" --direct
jq -e '.status=="ok"' "$work/host-direct.json" >/dev/null || fail "--direct on the host: $(cat "$work/host-direct.json")"
before=$(bridge_connections)
expect_exit 1 "$work/ns-direct.json" -- in_ns timeout 60 "$hrn" resolve alice@rsa.test "${common[@]}" --direct
jq -e '.status=="error" and .error.code=="upstream_error"' "$work/ns-direct.json" >/dev/null ||
  fail "--direct inside the namespace: $(cat "$work/ns-direct.json")"
[ "$(bridge_connections)" = "$before" ] || fail "--direct went through the bridge"
say "hrn resolve --direct: ok on the host, upstream_error inside the namespace ($(jq -r .error.message "$work/ns-direct.json"))"

# --- 5. hrn-relay inside the namespace, with only the SOCKS port -------------------
relay_args=(--tor-socks "$socks" --listen 127.0.0.1:0 --state-dir "$work/state" --log-level debug)
# A relay that resolves over HTTP takes --upstream and --trust-anchor: give them
# when this build has them, and then also ask it for a name.
relay_resolves=0
if "$relay" --help 2>/dev/null | grep -q -- '--upstream'; then
  relay_resolves=1
  relay_args+=(--upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR")
fi
s=$(date +%s%N)
ip netns exec "$ns" "${guard[@]}" "$relay" "${relay_args[@]}" >"$work/relay.out" 2>"$work/relay.log" &
relay_pid=$!
pids+=("$relay_pid")
wait_for 20 "hrn-relay to listen (log: 'listening on')" grep -q 'listening on http://' "$work/relay.log"
kill -0 "$relay_pid" 2>/dev/null || fail "hrn-relay exited right after start"
api=$(grep -o 'listening on http://[0-9.:]*' "$work/relay.log" | head -n 1 | sed 's/^listening on //')
ms=$(( ($(date +%s%N) - s) / 1000000 ))
say "hrn-relay ${relay_args[*]} listens on $api inside the namespace (${ms} ms)"

# It cannot be reached from the host (its port is in the namespace's loopback) ...
rc=0; curl -s -o /dev/null --max-time 5 "$api/healthz" || rc=$?
[ "$rc" != 0 ] || fail "the relay's $api answered from the host: the namespace leaks"
# ... and answers inside it.
code=$(in_ns curl -sS --max-time 10 -o "$work/healthz.json" -w '%{http_code}' "$api/healthz") ||
  fail "curl $api/healthz inside the namespace failed"
[ "$code" = 200 ] || fail "/healthz answered HTTP $code: $(cat "$work/healthz.json")"
jq -e '.status=="ok" and .service=="hrn-relay" and (.direct|not) and (.tor.state|type)=="string"
  and .tor.state!="disabled" and .tor.state!="failed"' "$work/healthz.json" >/dev/null ||
  fail "/healthz: $(cat "$work/healthz.json")"
say "GET /healthz inside the namespace: 200, $(jq -c '{tor, resolver}' "$work/healthz.json")"

if [ $relay_resolves = 1 ]; then
  if jq -e '.resolver.available == false' "$work/healthz.json" >/dev/null; then
    say "hrn-relay takes --upstream but /healthz says resolver.available=false: no HTTP lookup asked"
  else
    s=$(date +%s%N)
    code=$(in_ns curl -sS --max-time 60 -o "$work/relay-resolve.json" -w '%{http_code}' \
      "$api/v1/resolve?name=alice@rsa.test") || fail "GET /v1/resolve inside the namespace failed"
    ms=$(( ($(date +%s%N) - s) / 1000000 ))
    [ "$code" = 200 ] || fail "/v1/resolve answered HTTP $code: $(cat "$work/relay-resolve.json")"
    jq -e --arg o "$offer" '.status=="ok" and .offer==$o' "$work/relay-resolve.json" >/dev/null ||
      fail "/v1/resolve: $(cat "$work/relay-resolve.json")"
    say "GET /v1/resolve?name=alice@rsa.test through the relay: ok, offer matches (${ms} ms)"
  fi
else
  say "this hrn-relay does not resolve over HTTP yet (no --upstream): /healthz only"
fi

s=$(date +%s%N)
kill -TERM "$relay_pid"
rc=0
for _ in $(seq 100); do kill -0 "$relay_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$relay_pid" 2>/dev/null && fail "hrn-relay still runs 10 s after SIGTERM"
wait "$relay_pid" || rc=$?
ms=$(( ($(date +%s%N) - s) / 1000000 ))
[ "$rc" = 0 ] || fail "hrn-relay exited with status $rc after SIGTERM"
grep -q 'shutting down' "$work/relay.log" || fail "hrn-relay logged no shutdown"
say "SIGTERM: hrn-relay stopped with status 0 in ${ms} ms"

grep -q 'DIRECT MODE' "$work/relay.log" && fail "hrn-relay ran in direct mode: $(grep 'DIRECT MODE' "$work/relay.log")"

say "bridge connections in all: $(bridge_connections)"
echo "netns: only the SOCKS port: all checks passed"

# shellcheck shell=bash
# Shared helpers for the end-to-end Tor tests in tests/tor/network (sourced,
# not run). They reuse the fixtures' own helpers: tests/tornet/lib.sh (tn_*:
# env loading, the control-port connection) and tests/fixtures/dnszones/lib.sh
# (dz_*: free ports).

net_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../tornet/lib.sh
. "$net_here/../../tornet/lib.sh"
# shellcheck source=../../fixtures/dnszones/lib.sh
. "$net_here/../../fixtures/dnszones/lib.sh"

NET_NAME=${NET_NAME:-tor network}

net_fail() {
  echo "$NET_NAME: FAIL: $*" >&2
  exit 1
}

net_log() {
  echo "$NET_NAME: $*"
}

# net_load_envs TORNET_ENV DNSZONES_ENV: both fixtures' env files (KEY=VALUE).
# Both define RUN_DIR; it is dropped so nothing uses the wrong one.
net_load_envs() {
  [[ -r $1 ]] || net_fail "no tornet env file $1 (did 'tornet: start' run?)"
  [[ -r $2 ]] || net_fail "no dnszones env file $2 (did 'dnszones: start' run?)"
  tn_load_env "$1"
  tn_load_env "$2"
  unset RUN_DIR
  local v
  for v in CLIENT_SOCKS_PORT CLIENT_CONTROL_PORT CLIENT_COOKIE TOR_SOCKS HTTP_PORT \
    UNBOUND_PORT UPSTREAM TRUST_ANCHOR CASES; do
    [[ -n ${!v:-} ]] || net_fail "env files $1 $2 lack $v"
  done
}

# net_port_blocked PORT: true if tor's default exit policy rejects PORT.
# Clients pick exits by the microdescriptor's port summary, which describes
# public addresses only, so a target on such a port would find no exit even
# though our exit accepts 127.0.0.0/8 on every port.
net_port_blocked() {
  local p=$1
  case $p in 25 | 119 | 445 | 563 | 1214 | 6699) return 0 ;; esac
  ((p >= 135 && p <= 139)) && return 0
  ((p >= 4661 && p <= 4666)) && return 0
  ((p >= 6346 && p <= 6429)) && return 0
  ((p >= 6881 && p <= 6999)) && return 0
  return 1
}

# net_free_port [EXCLUDE...]: a free port that tor's default exit policy
# does not reject.
net_free_port() {
  local p i
  for ((i = 0; i < 50; i++)); do
    p=$(fixture_free_ports 1 "$@")
    net_port_blocked "$p" || {
      echo "$p"
      return 0
    }
  done
  net_fail "no free port outside tor's rejected exit ports"
}

# net_now_ms: wall clock in milliseconds.
net_now_ms() { tn_now_ms; }

# net_run OUT ERR CMD...: run CMD with stdout to OUT and stderr to ERR; sets
# NET_RC (exit code) and NET_MS (wall time in ms). Never exits the script.
NET_RC=0
NET_MS=0
# shellcheck disable=SC2034 # NET_RC, NET_MS: results for the caller
net_run() {
  local out=$1 err=$2 t0 t1
  shift 2
  t0=$(net_now_ms)
  set +e
  "$@" >"$out" 2>"$err"
  NET_RC=$?
  set -e
  t1=$(net_now_ms)
  NET_MS=$((t1 - t0))
}

# --- STREAM/CIRC events recorded with tn_ctl_* (tornet/lib.sh) -------------
# After tn_ctl_open and "SETEVENTS STREAM CIRC", TN_EVENTS collects the
# events (and tn_ctl_cmd "GETINFO circuit-status" the circuits); the
# functions below read them.

# net_streams TARGET: every stream to TARGET (host:port as tor prints it)
# that TN_EVENTS shows, one line per stream, in order of its first event:
#   STREAM_ID FIRST LAST_STATUS CIRCUIT USERNAME PASSWORD
# FIRST is the index in TN_EVENTS of its first event (compare with NET_MARK),
# CIRCUIT the circuit of its SUCCEEDED event (0 if it never succeeded).
net_streams() {
  local target=$1 i e re
  re='^650 STREAM ([0-9]+) ([A-Z]+) ([0-9]+) ([^ ]+)( .*)?$'
  for ((i = 0; i < ${#TN_EVENTS[@]}; i++)); do
    e=${TN_EVENTS[i]}
    [[ $e =~ $re ]] || continue
    [[ ${BASH_REMATCH[4]} == "$target" ]] || continue
    printf '%s %s\n' "$i" "$e"
  done | awk '
    {
      idx = $1; id = $4; st = $5; circ = $6
      user = "-"; pass = "-"
      if (match($0, /SOCKS_USERNAME="[^"]*"/)) user = substr($0, RSTART + 16, RLENGTH - 17)
      if (match($0, /SOCKS_PASSWORD="[^"]*"/)) pass = substr($0, RSTART + 16, RLENGTH - 17)
      if (!(id in first)) { first[id] = idx; order[++n] = id; c[id] = 0 }
      last[id] = st; u[id] = user; p[id] = pass
      if (st == "SUCCEEDED") c[id] = circ
    }
    END { for (i = 1; i <= n; i++) { id = order[i]; print id, first[id], last[id], c[id], u[id], p[id] } }'
}

# net_conflux_map: "CIRCUIT CONFLUX_ID" for every circuit that CIRC events
# in TN_EVENTS or the lines of NET_CIRCUITS (GETINFO circuit-status) name with
# a CONFLUX_ID.
NET_CIRCUITS=()
net_conflux_map() {
  {
    printf '%s\n' "${TN_EVENTS[@]}" | awk '$1 == "650" && $2 == "CIRC" { print $3, $0 }'
    printf '%s\n' "${NET_CIRCUITS[@]}" | awk '$1 ~ /^[0-9]+$/ { print $1, $0 }'
  } | awk 'match($0, /CONFLUX_ID=[0-9A-F]+/) { print $1, substr($0, RSTART + 11, RLENGTH - 11) }' |
    sort -u
}

# net_circuit_set CIRC MAP: the conflux set of CIRC ("conflux:ID"), or the
# circuit itself ("circ:N") when it is not a conflux leg. MAP is the output of
# net_conflux_map. A set counts as one circuit: its legs share one isolation.
net_circuit_set() {
  local id
  id=$(awk -v c="$1" '$1 == c { print $2; exit }' <<<"$2")
  if [[ -n $id ]]; then echo "conflux:$id"; else echo "circ:$1"; fi
}

# net_ctl_mark: sync with tor (a command's reply comes after every event tor
# queued before it) and set NET_MARK to the number of events recorded so far.
# (Not for $(...): the events must land in this shell's TN_EVENTS.)
NET_MARK=0
# shellcheck disable=SC2034 # NET_MARK: the result, for the caller
net_ctl_mark() {
  tn_ctl_cmd "GETINFO version" || net_fail "control port: GETINFO version: ${TN_REPLY[*]}"
  NET_MARK=${#TN_EVENTS[@]}
}

# net_fixtures_start RUN: the private Tor network in RUN/tornet and the signed
# DNS fixture in RUN/dnszones, both at once (the network's bootstrap is the
# long part), then their env files loaded. For benchmarks, which run outside
# ctest's fixtures; net_fixtures_stop RUN stops both (safe in an EXIT trap).
net_fixtures_start() {
  local run=$1 tn_pid
  mkdir -p "$run"
  net_log "starting the private Tor network and the signed DNS fixture in $run"
  bash "$net_here/../../tornet/start.sh" "$run/tornet" >"$run/tornet-start.log" 2>&1 &
  tn_pid=$!
  bash "$net_here/../../fixtures/dnszones/start.sh" "$run/dnszones" >"$run/dnszones-start.log" 2>&1 ||
    net_fail "dnszones did not start: $(tail -5 "$run/dnszones-start.log")"
  wait "$tn_pid" || net_fail "tornet did not start: $(tail -5 "$run/tornet-start.log")"
  net_load_envs "$run/tornet/env" "$run/dnszones/env"
}
net_fixtures_stop() {
  bash "$net_here/../../tornet/stop.sh" "$1/tornet" >/dev/null 2>&1 || true
  bash "$net_here/../../fixtures/dnszones/stop.sh" "$1/dnszones" >/dev/null 2>&1 || true
}

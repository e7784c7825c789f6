#!/usr/bin/env bash
# resolve_isolation.sh HRN TORNET_ENV DNSZONES_ENV
#
# One circuit per lookup (DESIGN.md privacy mechanism 2), on real circuits:
# four `hrn resolve --tor-socks` lookups (two one after the other, then two at
# once) while tor's client reports STREAM and CIRC events on its control
# port. Each lookup's streams to Unbound carry credentials no other lookup
# has, all of them ride one circuit, and no two lookups share a circuit. A
# conflux set (legs with one CONFLUX_ID) counts as one circuit, as in
# tests/tornet/smoke.sh.
set -euo pipefail
NET_NAME="tor network: resolve isolation"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

[[ $# == 3 ]] || net_fail "usage: resolve_isolation.sh HRN TORNET_ENV DNSZONES_ENV"
hrn=$(realpath "$1")
[[ -x $hrn ]] || net_fail "no hrn binary at $1"
net_load_envs "$2" "$3"
fixture_require jq awk
work=$(mktemp -d)
cleanup() {
  tn_ctl_close
  rm -rf "$work"
}
trap cleanup EXIT
target=127.0.0.1:$UNBOUND_PORT

tn_ctl_open "$CLIENT_CONTROL_PORT" "$CLIENT_COOKIE" ||
  net_fail "cannot authenticate on the client's control port $CLIENT_CONTROL_PORT"
tn_ctl_cmd "SETEVENTS STREAM CIRC" || net_fail "SETEVENTS STREAM CIRC: ${TN_REPLY[*]}"

resolve() { # resolve NAME OUT: one lookup through Tor, must answer ok
  "$hrn" resolve "$1" --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" \
    --tor-socks "$TOR_SOCKS" >"$2" 2>"$2.err"
}
check_ok() { # check_ok RC OUT NAME
  [[ $1 == 0 ]] || net_fail "lookup of $3 exited $1: $(cat "$2" "$2.err")"
  jq -e '.status == "ok"' "$2" >/dev/null || net_fail "lookup of $3: $(cat "$2")"
}

# Windows of events: marks[i] is where lookup window i starts in TN_EVENTS;
# a stream belongs to the window its first event (NEW) falls in.
marks=()
expect=() # streams' lookups expected per window
net_ctl_mark
marks+=("$NET_MARK")
set +e
resolve alice@rsa.test "$work/l1.json"
rc=$?
set -e
check_ok "$rc" "$work/l1.json" alice@rsa.test
expect+=(1)
net_ctl_mark
marks+=("$NET_MARK")
set +e
resolve carol@p384.test "$work/l2.json"
rc=$?
set -e
check_ok "$rc" "$work/l2.json" carol@p384.test
expect+=(1)
net_ctl_mark
marks+=("$NET_MARK")
# Two lookups in flight at once: the case where a shared circuit would be
# most tempting for tor, and where a shared token would show.
set +e
resolve dave@ed25519.test "$work/l3.json" &
p3=$!
resolve cname@rsa.test "$work/l4.json" &
p4=$!
wait "$p3"
rc3=$?
wait "$p4"
rc4=$?
set -e
check_ok "$rc3" "$work/l3.json" dave@ed25519.test
check_ok "$rc4" "$work/l4.json" cname@rsa.test
expect+=(2)
net_ctl_mark
marks+=("$NET_MARK")
tn_ctl_drain 0.5
tn_ctl_cmd "GETINFO circuit-status" || net_fail "GETINFO circuit-status: ${TN_REPLY[*]}"
NET_CIRCUITS=("${TN_REPLY[@]}")
tn_ctl_close

mapfile -t streams < <(net_streams "$target" | awk -v m="${marks[0]}" '$2 >= m')
conflux=$(net_conflux_map)
dump() {
  printf '%s\n' "${TN_EVENTS[@]}" >&2
  printf 'streams (id first status circuit user password):\n' >&2
  printf '  %s\n' "${streams[@]}" >&2
}

# Per lookup (password): its streams, their circuit sets.
declare -A set_of_pass=() window_of_pass=() streams_of_pass=()
for s in "${streams[@]}"; do
  read -r sid first status circ user pass <<<"$s"
  ((circ > 0)) || { dump; net_fail "stream $sid to $target never SUCCEEDED (last status $status)"; }
  [[ $user == '<torS0X>0' && $pass =~ ^[0-9a-f]{32}$ ]] ||
    { dump; net_fail "stream $sid: credentials '$user'/'$pass' are not hrn's isolation credentials"; }
  w=-1
  for ((i = 0; i + 1 < ${#marks[@]}; i++)); do
    ((first >= marks[i] && first < marks[i + 1])) && w=$i
  done
  ((w >= 0)) || { dump; net_fail "stream $sid started outside the lookups' windows"; }
  set=$(net_circuit_set "$circ" "$conflux")
  if [[ -n ${set_of_pass[$pass]:-} ]]; then
    # Another stream of the same lookup: same circuit (set), same window.
    [[ ${set_of_pass[$pass]} == "$set" ]] ||
      { dump; net_fail "one lookup's streams rode two circuits: ${set_of_pass[$pass]} and $set"; }
    [[ ${window_of_pass[$pass]} == "$w" ]] || { dump; net_fail "one password in two lookups' windows"; }
  fi
  set_of_pass[$pass]=$set
  window_of_pass[$pass]=$w
  streams_of_pass[$pass]=$((${streams_of_pass[$pass]:-0} + 1))
done

# Exactly the lookups we made: one password per lookup in each window.
total=0
for ((i = 0; i < ${#expect[@]}; i++)); do
  n=0
  for p in "${!window_of_pass[@]}"; do [[ ${window_of_pass[$p]} == "$i" ]] && n=$((n + 1)); done
  ((n == expect[i])) ||
    { dump; net_fail "window $((i + 1)): $n lookups' credentials seen on streams to $target, wanted ${expect[i]}"; }
  total=$((total + n))
done
((total == 4 && ${#set_of_pass[@]} == 4)) || { dump; net_fail "wanted 4 lookups, saw ${#set_of_pass[@]}"; }

# No two lookups share a circuit.
distinct=$(printf '%s\n' "${set_of_pass[@]}" | sort -u | wc -l)
if ((distinct != 4)); then
  dump
  printf '%s\n' "${NET_CIRCUITS[@]}" >&2
  net_fail "4 lookups rode only $distinct distinct circuits: ${set_of_pass[*]}"
fi
for p in "${!set_of_pass[@]}"; do
  echo "$((${window_of_pass[$p]} + 1)) $p"
done | sort -n | while read -r _ p; do
  net_log "lookup ${p:0:8}…: ${streams_of_pass[$p]} stream(s) to $target on ${set_of_pass[$p]} (window $((${window_of_pass[$p]} + 1)))"
done
net_log "ok: 4 lookups (2 sequential, 2 concurrent), 4 credentials, 4 distinct circuits; every stream of a lookup on its circuit"

#!/usr/bin/env bash
# smoke.sh RUN_DIR — check a network that start.sh RUN_DIR started.
#
#  1. fetches the local page through the client's SOCKS port (exit to 127.0.0.1);
#  2. prints the latency of one request on a fresh circuit (new SOCKS
#     credentials) and of one on an existing circuit (same credentials);
#  3. checks with STREAM events and GETINFO circuit-status on the client's
#     control port that IsolateSOCKSAuth works: requests with different
#     SOCKS username/password (also: same username, other password) use
#     different circuits, two requests with the same credentials share one.
#     (With conflux, "one circuit" is one conflux set: the legs of a set
#     carry the same CONFLUX_ID and the same isolation.)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

RUN=$(fixture_run_dir "${1:-}")
fixture_require curl awk od tr
tn_load_env "$RUN/env"
SOCKS=127.0.0.1:$CLIENT_SOCKS_PORT
want=$(<"$HTTP_BODY")
tag="smoke$$x$RANDOM"

# fetch USER:PASS: GET the page through the client; prints the total time in
# seconds (curl's %{time_total}); fails unless the body is the expected page.
fetch() {
  local out body t
  out=$(curl -sS --noproxy '' --max-time 30 --socks5-hostname "$SOCKS" -U "$1" \
    -w '%{time_total}' "$HTTP_URL" 2>&1) || fixture_die "fetch through $SOCKS as '$1' failed: $out"
  t=${out##*$'\n'}
  body=${out%$'\n'*}
  [[ $body == "$want" ]] || fixture_die "fetch as '$1': unexpected body '${body:0:80}'"
  printf '%s\n' "$t"
}
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

# 1. The page arrives through the exit.
t=$(fetch "$tag-warmup:pw")
echo "tornet smoke: page through $SOCKS ok ($(ms "$t") ms, first request with new credentials)"

# 2 + 3. Four requests while watching STREAM events.
tn_ctl_open "$CLIENT_CONTROL_PORT" "$CLIENT_COOKIE" || fixture_die "control port $CLIENT_CONTROL_PORT: cannot authenticate"
tn_ctl_cmd "SETEVENTS STREAM" || fixture_die "SETEVENTS STREAM: ${TN_REPLY[*]}"
A="$tag-a:pa" B="$tag-b:pb" C="$tag-a:pc" # C: A's username, another password
tA1=$(fetch "$A")
tB=$(fetch "$B")
tC=$(fetch "$C")
tA2=$(fetch "$A")
tn_ctl_drain 1
tn_ctl_cmd "GETINFO circuit-status" || fixture_die "GETINFO circuit-status: ${TN_REPLY[*]}"
circuits=("${TN_REPLY[@]}")
tn_ctl_close

echo "tornet smoke: latency of one request (GET $HTTP_URL via $SOCKS):"
echo "  new credentials (a clean circuit): A $(ms "$tA1") ms, B $(ms "$tB") ms, C $(ms "$tC") ms"
echo "  same credentials (A's circuit again): $(ms "$tA2") ms"

# circ_of USER PASS: circuit ids of SUCCEEDED streams to the page with these
# SOCKS credentials, in order.
circ_of() {
  local e re
  re="^650 STREAM [0-9]+ SUCCEEDED ([0-9]+) 127\.0\.0\.1:$HTTP_PORT .*SOCKS_USERNAME=\"$1\" SOCKS_PASSWORD=\"$2\""
  for e in "${TN_EVENTS[@]}"; do
    [[ $e =~ $re ]] && echo "${BASH_REMATCH[1]}"
  done
  return 0
}
# set_of CIRC: the conflux set of a circuit (CONFLUX_ID), else the circuit.
set_of() {
  local l
  for l in "${circuits[@]}"; do
    if [[ $l =~ ^$1\  ]]; then
      if [[ $l =~ CONFLUX_ID=([0-9A-F]+) ]]; then echo "conflux:${BASH_REMATCH[1]}"; else echo "circ:$1"; fi
      return 0
    fi
  done
  echo "circ:$1"
}

mapfile -t cA < <(circ_of "$tag-a" pa)
mapfile -t cB < <(circ_of "$tag-b" pb)
mapfile -t cC < <(circ_of "$tag-a" pc)
if ((${#cA[@]} != 2 || ${#cB[@]} != 1 || ${#cC[@]} != 1)); then
  printf '%s\n' "${TN_EVENTS[@]}" >&2
  fixture_die "expected 2+1+1 STREAM SUCCEEDED events for A, B, C; got ${#cA[@]}+${#cB[@]}+${#cC[@]} (events above)"
fi
sA1=$(set_of "${cA[0]}") sA2=$(set_of "${cA[1]}") sB=$(set_of "${cB[0]}") sC=$(set_of "${cC[0]}")
echo "tornet smoke: circuits: A ${cA[0]} ($sA1), B ${cB[0]} ($sB), C ${cC[0]} ($sC), A again ${cA[1]} ($sA2)"
fail=0
if [[ $sA1 != "$sA2" ]]; then
  echo "tornet smoke: FAIL: two requests with the same credentials used different circuits" >&2
  fail=1
fi
if [[ $sB == "$sA1" ]]; then
  echo "tornet smoke: FAIL: different credentials (A, B) shared a circuit" >&2
  fail=1
fi
if [[ $sC == "$sA1" || $sC == "$sB" ]]; then
  echo "tornet smoke: FAIL: same username, other password (C) shared a circuit with A or B" >&2
  fail=1
fi
if ((fail)); then
  printf '%s\n' "${circuits[@]}" >&2
  fixture_die "SOCKS isolation check failed (circuit-status above)"
fi

# 4. A burst like one relay round: N requests in a row, each with new
# credentials, so tor soon runs out of pre-built circuits and builds them on
# demand. Informational only.
N=${TORNET_BURST:-8}
times=()
for ((i = 1; i <= N; i++)); do times+=("$(ms "$(fetch "$tag-burst$i:x")")"); done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$N" '
  { v[NR] = $1; s += $1 }
  END { printf "tornet smoke: %d requests in a row, each with new credentials: min %s ms, median %s ms, max %s ms, mean %.1f ms\n", n, v[1], v[int((NR + 1) / 2)], v[NR], s / NR }'
echo "  (in order: ${times[*]} ms)"

echo "tornet smoke: ok: IsolateSOCKSAuth isolates by username and password; same credentials share a circuit"

#!/usr/bin/env bash
# onion.sh RUN_DIR — check that the spare "hs" tor of start.sh RUN_DIR can host
# an onion service that the client reaches.
#
# On the hs control port: SETEVENTS HS_DESC, ADD_ONION NEW:ED25519-V3 mapping
# port 80 to the fixture's nginx; waits for the descriptor upload, then
# fetches http://<id>.onion/ through the client's SOCKS port (retrying until
# TORNET_ONION_TIMEOUT, default 90 s), prints how long publication took and
# the latency of one request, and removes the service (DEL_ONION).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

RUN=$(fixture_run_dir "${1:-}")
fixture_require curl awk od tr
tn_load_env "$RUN/env"
TIMEOUT=${TORNET_ONION_TIMEOUT:-90}
SOCKS=127.0.0.1:$CLIENT_SOCKS_PORT
want=$(<"$HTTP_BODY")
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

t0=$(tn_now_ms)
deadline=$((t0 + TIMEOUT * 1000))
tn_ctl_open "$HS_CONTROL_PORT" "$HS_COOKIE" || fixture_die "hs control port $HS_CONTROL_PORT: cannot authenticate"
tn_ctl_cmd "SETEVENTS HS_DESC" || fixture_die "SETEVENTS HS_DESC: ${TN_REPLY[*]}"
tn_ctl_cmd "ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,127.0.0.1:$HTTP_PORT" ||
  fixture_die "ADD_ONION: ${TN_REPLY[*]}"
id=""
for l in "${TN_REPLY[@]}"; do [[ $l =~ ^250-ServiceID=([a-z2-7]{56})$ ]] && id=${BASH_REMATCH[1]}; done
[[ -n $id ]] || fixture_die "ADD_ONION gave no ServiceID: ${TN_REPLY[*]}"
echo "tornet onion: ADD_ONION on the hs instance: $id.onion -> 127.0.0.1:$HTTP_PORT"

# The first fetch must wait for the descriptor: a client that asks an HSDir
# too early gets "No more HSDir available to query" and does not ask again
# for a while. Wait for the first upload, then give the others a moment.
tn_ctl_wait_event "^650 HS_DESC UPLOADED $id " "$deadline" >/dev/null ||
  fixture_die "no HS_DESC UPLOADED for $id within $TIMEOUT s; events: $(printf '%s | ' "${TN_EVENTS[@]}")
$(tn_logs_tail "$RUN")"
t_up=$(tn_now_ms)
tn_ctl_drain 1
ups=0
for e in "${TN_EVENTS[@]}"; do [[ $e == "650 HS_DESC UPLOADED $id "* ]] && ups=$((ups + 1)); done
echo "tornet onion: descriptor uploaded to $ups HSDir(s) $(tn_secs $((t_up - t0))) s after ADD_ONION"

tries=0 err="" t_first=""
while :; do
  left=$(((deadline - $(tn_now_ms)) / 1000))
  ((left > 0)) || fixture_die "could not fetch http://$id.onion/ through $SOCKS within $TIMEOUT s after $tries tries (last: $err)
$(tn_logs_tail "$RUN")"
  ((left > 30)) && left=30
  tries=$((tries + 1))
  cred="onion-$$-$tries:x"
  if out=$(curl -sS --noproxy '' --max-time "$left" --socks5-hostname "$SOCKS" -U "$cred" \
    -w '%{time_total}' "http://$id.onion/" 2>&1); then
    body=${out%$'\n'*}
    if [[ $body == "$want" ]]; then
      t_first=${out##*$'\n'}
      break
    fi
    err="unexpected body '${body:0:60}'"
  else
    err=$out
  fi
  sleep 1
done
t_ok=$(tn_now_ms)
echo "tornet onion: reachable through the client $(tn_secs $((t_ok - t0))) s after ADD_ONION ($tries tries; first request $(ms "$t_first") ms)"
out=$(curl -sS --noproxy '' --max-time 30 --socks5-hostname "$SOCKS" -U "$cred" \
  -w '%{time_total}' "http://$id.onion/" 2>&1) || fixture_die "second fetch of http://$id.onion/ failed: $out"
echo "tornet onion: latency of one more request (same credentials, rendezvous circuit reused): $(ms "${out##*$'\n'}") ms"
tn_ctl_cmd "DEL_ONION $id" || fixture_die "DEL_ONION: ${TN_REPLY[*]}"
tn_ctl_close
echo "tornet onion: ok"

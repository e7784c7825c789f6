#!/usr/bin/env bash
# stop.sh RUN_DIR [--tor-only] — stop the tor instances and the nginx that
# start.sh RUN_DIR started.
# Sends TERM to the PIDs in RUN_DIR's pid files (checking that each PID still
# runs with RUN_DIR's config), waits until they are gone (a new network on
# reused ports right after can half-work otherwise), KILLs what is left after
# 10 s, and fails if any tor or nginx with a file of RUN_DIR on its command
# line remains. Already-stopped processes and a missing RUN_DIR are fine.
# Leaves the files. --tor-only leaves nginx running (start.sh's port retry).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

RUN=$(fixture_run_dir "${1:-}")
comms=(tor nginx)
[[ ${2:-} == --tor-only ]] && comms=(tor)
if [[ ! -d $RUN ]]; then
  fixture_log "stop: $RUN does not exist; nothing to stop"
  exit 0
fi

signalled=()
for node in "${TN_NODES[@]}"; do
  mapfile -t -O "${#signalled[@]}" signalled < <(tn_stop_pidfile "$RUN/$node/tor.pid" "$RUN/$node/torrc")
done
if [[ ${comms[*]} == *nginx* ]]; then
  mapfile -t -O "${#signalled[@]}" signalled < <(tn_stop_pidfile "$RUN/nginx.pid" "$RUN/nginx.conf")
fi

# Anything of this run still alive without (or with a stale) pid file, e.g.
# a tor that failed half-way through start: TERM it too.
for p in $(tn_pids_under "$RUN" "${comms[@]}"); do
  [[ " ${signalled[*]} " == *" $p "* ]] && continue
  kill -TERM "$p" 2>/dev/null && signalled+=("$p")
done

left=""
for ((i = 0; i < 200; i++)); do
  left=$(tn_pids_under "$RUN" "${comms[@]}")
  [[ -z $left ]] && break
  sleep 0.05
done
if [[ -n $left ]]; then
  fixture_log "stop: ${left//$'\n'/ } did not stop on TERM within 10 s; sending KILL"
  for p in $left; do kill -KILL "$p" 2>/dev/null || true; done
  for ((i = 0; i < 40; i++)); do
    left=$(tn_pids_under "$RUN" "${comms[@]}")
    [[ -z $left ]] && break
    sleep 0.05
  done
fi
[[ -z $left ]] || fixture_die "stop: processes still running with $RUN's files: ${left//$'\n'/ }"

for node in "${TN_NODES[@]}"; do rm -f "$RUN/$node/tor.pid"; done
[[ ${comms[*]} == *nginx* ]] && rm -f "$RUN/nginx.pid"
fixture_log "stop: ${#signalled[@]} process(es) of $RUN stopped (${comms[*]})"

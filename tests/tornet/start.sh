#!/usr/bin/env bash
# start.sh RUN_DIR — start a private Tor network on 127.0.0.1 for tests.
#
# Three directory authorities (also relays; keys made with tor-gencert at each
# start), a middle relay, an exit whose policy reaches 127.0.0.0/8, a client
# (SocksPort with tor's default IsolateSOCKSAuth, ControlPort with cookie
# authentication) and a second client "hs" with its own ControlPort and
# SocksPort, to host onion services (ADD_ONION). All are Debian's tor with
# TestingTorNetwork 1. Also starts nginx on 127.0.0.1 serving one small page,
# the target that proves circuits to the exit work.
#
# Waits (at most TORNET_TIMEOUT seconds, default 120) until the client and the
# hs instance report bootstrap 100 % on their control ports AND a page fetched
# through the client's SOCKS port arrives intact. Writes into RUN_DIR:
#   env               KEY=VALUE lines (README.md): CLIENT_SOCKS_PORT,
#                     CLIENT_CONTROL_PORT, CLIENT_COOKIE, HS_*, HTTP_PORT, ...
#   start-time        total and per-phase times
#   <node>/           DataDirectory, torrc, tor.pid, notice.log of each tor
#   nginx.conf nginx.pid www/ nginx-*.log
# Stop with stop.sh RUN_DIR. Re-running start.sh on the same RUN_DIR stops
# what a previous run left and starts afresh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

t0=$(tn_now_ms)
PHASES=""
phase() { PHASES+="$1=$(($(tn_now_ms) - t0))ms "; }
RUN=$(fixture_run_dir "${1:-}")
TIMEOUT=${TORNET_TIMEOUT:-120}
if ! [[ $TIMEOUT =~ ^[1-9][0-9]*$ ]]; then
  fixture_die "TORNET_TIMEOUT must be a positive number of seconds, not '$TIMEOUT'"
fi

fixture_require tor tor-gencert nginx curl od awk sed tr grep tail date timeout

# --- run directory: stop stale processes, wipe, recreate ---------------------
MARK=.hrn-tornet-run
if [[ -e $RUN ]]; then
  if [[ -f $RUN/$MARK ]]; then
    bash "$here/stop.sh" "$RUN" >/dev/null
    rm -rf "$RUN"
  elif [[ -d $RUN && -z $(ls -A "$RUN") ]]; then
    rmdir "$RUN"
  else
    fixture_die "$RUN exists and was not made by start.sh (no $MARK); refusing to wipe it"
  fi
fi
mkdir -p "$RUN"
touch "$RUN/$MARK"
: >"$RUN/empty.torrc" # --defaults-torrc and -f for --list-fingerprint: never /etc/tor/torrc
phase clean
# On any failure, stop whatever this run started: nothing is left behind.
on_exit() {
  local rc=$?
  if ((rc != 0)); then
    bash "$here/stop.sh" "$RUN" >/dev/null 2>&1 || true
    fixture_log "start.sh FAILED (exit $rc)"
  fi
}
trap on_exit EXIT

# --- nginx: the local page the readiness probe and the smoke test fetch ------
mkdir -p "$RUN/www" "$RUN/nginx-tmp"
TOKEN="hrn-tornet $(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$TOKEN" >"$RUN/www/index.html"

write_nginx_conf() { # write_nginx_conf PORT
  local v m temps=""
  v=$(nginx -V 2>&1)
  # Temp paths inside RUN (the defaults under /var/lib/nginx may be missing or
  # unwritable); only for modules this nginx has, or the directive is unknown.
  for m in proxy fastcgi uwsgi scgi; do
    [[ $v == *"--without-http_${m}_module"* ]] ||
      temps+="  ${m}_temp_path $RUN/nginx-tmp/$m;"$'\n'
  done
  cat >"$RUN/nginx.conf" <<EOF
daemon on;
master_process off;
worker_processes 1;
pid $RUN/nginx.pid;
error_log $RUN/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log $RUN/nginx-access.log;
  client_body_temp_path $RUN/nginx-tmp/body;
$temps  default_type text/plain;
  server {
    listen 127.0.0.1:$1;
    root $RUN/www;
  }
}
EOF
}

start_nginx() {
  local port out i body
  for _ in 1 2 3 4 5; do
    port=$(fixture_free_ports 1)
    write_nginx_conf "$port"
    rm -f "$RUN/nginx.pid" "$RUN/nginx-error.log"
    out=$(timeout 30 nginx -p "$RUN/" -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf" 2>&1) || true
    for ((i = 0; i < 60; i++)); do
      body=$(curl -s --noproxy '*' --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null) || body=""
      if [[ $body == "$TOKEN" && -s $RUN/nginx.pid ]]; then
        echo "$port"
        return 0
      fi
      ((i > 5)) && [[ -z $(tn_pids_under "$RUN" nginx) ]] && break
      sleep 0.05
    done
    tn_stop_pidfile "$RUN/nginx.pid" "$RUN/nginx.conf" >/dev/null
    if grep -qi 'address already in use' "$RUN/nginx-error.log" 2>/dev/null ||
      [[ $out == *"already in use"* ]]; then
      fixture_log "nginx: port $port taken, retrying with another"
      continue
    fi
    fixture_die "nginx did not serve 127.0.0.1:$port. Output: $out
$(tn_logs_tail "$RUN")"
  done
  fixture_die "nginx: no free port after 5 attempts"
}
HTTP_PORT=$(start_nginx)
phase nginx

# --- tor configuration ---------------------------------------------------------
declare -A ORPORT=() DIRPORT=() SOCKSPORT=() CTLPORT=() FPR=() V3ID=()

pick_ports() {
  local -a p
  local node i=0
  local n=$((2 * ${#TN_AUTHS[@]} + ${#TN_RELAYS[@]} + 2 * ${#TN_CLIENTS[@]}))
  mapfile -t p < <(fixture_free_ports "$n")
  ((${#p[@]} == n)) || fixture_die "could not pick $n free ports"
  for node in "${TN_AUTHS[@]}" "${TN_RELAYS[@]}"; do ORPORT[$node]=${p[i++]}; done
  for node in "${TN_AUTHS[@]}"; do DIRPORT[$node]=${p[i++]}; done
  for node in "${TN_CLIENTS[@]}"; do
    SOCKSPORT[$node]=${p[i++]}
    CTLPORT[$node]=${p[i++]}
  done
}

# make_keys: authority keys (tor-gencert) and relay identity fingerprints
# (tor --list-fingerprint) of the three authorities, in parallel.
make_keys() {
  local node d pids=() j
  for node in "${TN_AUTHS[@]}"; do
    d=$RUN/$node
    mkdir -p "$d/keys"
    chmod 700 "$d" "$d/keys"
    (cd "$d/keys" && echo "" | timeout 60 tor-gencert --create-identity-key -m 12 \
      -a "127.0.0.1:${DIRPORT[$node]}" -i authority_identity_key \
      -s authority_signing_key -c authority_certificate --passphrase-fd 0 \
      >"$d/gencert.out" 2>&1) &
    pids+=($!)
    timeout 60 tor -f "$RUN/empty.torrc" --defaults-torrc "$RUN/empty.torrc" --list-fingerprint \
      --DataDirectory "$d" --ORPort "127.0.0.1:${ORPORT[$node]}" --Address 127.0.0.1 \
      --Nickname "$node" --Log "notice file $d/fingerprint.out" >/dev/null 2>&1 &
    pids+=($!)
  done
  for j in "${pids[@]}"; do wait "$j" || true; done
  for node in "${TN_AUTHS[@]}"; do
    d=$RUN/$node
    V3ID[$node]=$(awk '$1 == "fingerprint" { print $2 }' "$d/keys/authority_certificate" 2>/dev/null)
    [[ ${V3ID[$node]} =~ ^[0-9A-F]{40}$ ]] ||
      fixture_die "tor-gencert for $node failed: $(cat "$d/gencert.out" 2>/dev/null)"
    FPR[$node]=$(awk '{ print $2 }' "$d/fingerprint" 2>/dev/null)
    [[ ${FPR[$node]} =~ ^[0-9A-F]{40}$ ]] ||
      fixture_die "tor --list-fingerprint for $node failed: $(tail -n 5 "$d/fingerprint.out" 2>/dev/null)"
  done
}

write_torrcs() {
  local node d common
  # network.torrc: what any further tor needs to join this network (a test's
  # own tor, the relay's managed tor). Every torrc below includes it inline.
  {
    echo "# Join the hrn-relay test network of $RUN (written by start.sh)"
    echo "TestingTorNetwork 1"
    for node in "${TN_AUTHS[@]}"; do
      echo "DirAuthority $node orport=${ORPORT[$node]} no-v2 v3ident=${V3ID[$node]} 127.0.0.1:${DIRPORT[$node]} ${FPR[$node]}"
    done
    echo "PathsNeededToBuildCircuits 0.25"
  } >"$RUN/network.torrc"
  common=$(
    tail -n +2 "$RUN/network.torrc"
    cat <<EOF
RunAsDaemon 1
SafeLogging 0
NumCPUs 1
ShutdownWaitLength 0
EOF
  )
  for node in "${TN_NODES[@]}"; do
    d=$RUN/$node
    mkdir -p "$d"
    chmod 700 "$d"
    {
      echo "# $node of the hrn-relay test network in $RUN (written by start.sh)"
      echo "Nickname $node"
      echo "DataDirectory $d"
      echo "PidFile $d/tor.pid"
      echo "Log notice file $d/notice.log"
      echo "$common"
      case $node in
        auth* | relay* | exit*)
          cat <<EOF
Address 127.0.0.1
ORPort 127.0.0.1:${ORPORT[$node]}
AssumeReachable 1
SocksPort 0
ContactInfo hrn-relay tornet test fixture
EOF
          ;;
      esac
      case $node in
        auth*)
          cat <<EOF
DirPort 127.0.0.1:${DIRPORT[$node]}
AuthoritativeDirectory 1
V3AuthoritativeDirectory 1
V3AuthVotingInterval 10
V3AuthVoteDelay 2
V3AuthDistDelay 2
V3AuthNIntervalsValid 2
TestingV3AuthInitialVotingInterval 5
TestingV3AuthInitialVoteDelay 2
TestingV3AuthInitialDistDelay 2
TestingDirAuthVoteExit *
TestingDirAuthVoteGuard *
TestingDirAuthVoteHSDir *
ExitRelay 0
ExitPolicy reject *:*
EOF
          ;;
        relay*)
          echo "ExitRelay 0"
          echo "ExitPolicy reject *:*"
          ;;
        exit*)
          # Loopback first; tor's default exit policy follows (no "reject *:*"),
          # so the microdescriptor's port summary is not reject-all and clients
          # pick this exit (summaries ignore private addresses).
          cat <<EOF
ExitRelay 1
ExitPolicyRejectPrivate 0
ExitPolicyRejectLocalInterfaces 0
ExitPolicy accept 127.0.0.0/8:*
# The exit resolves the names clients send with this file, a copy of the
# system's at start; a test points it at the signed-zone fixture's
# resolver and sends SIGHUP (tests/lib/exit_dns.sh), so that a name like
# rsa.test reaches a local web server the way a real domain would.
ServerDNSResolvConfFile $RUN/$node/resolv.conf
ServerDNSDetectHijacking 0
EOF
          if [[ -r /etc/resolv.conf ]]; then cp /etc/resolv.conf "$RUN/$node/resolv.conf"; else echo "nameserver 127.0.0.1" >"$RUN/$node/resolv.conf"; fi
          ;;
        client | hs)
          # No isolation flags: tor's defaults, IsolateSOCKSAuth included.
          cat <<EOF
SocksPort 127.0.0.1:${SOCKSPORT[$node]}
ControlPort 127.0.0.1:${CTLPORT[$node]}
CookieAuthentication 1
WarnUnsafeSocks 0
# As torrc.example recommends: without conflux, all streams with the same
# SOCKS credentials (one lookup) share one circuit.
ConfluxEnabled 0
# Onion circuits here need no vanguards: with six relays on one address the
# layer-2 vanguard set sometimes has no node a path may use ("Could not find
# a node that matches the configured _HSLayer2Nodes set"), and the service's
# descriptor then never leaves. The relay's own tor keeps tor's default.
VanguardsLiteEnabled 0
EOF
          ;;
      esac
    } >"$d/torrc"
  done
}

# launch_all: start every tor. Returns 2 when a port was taken (the caller
# retries with new ports), dies on any other failure.
launch_all() {
  local node d rc
  for node in "${TN_NODES[@]}"; do
    d=$RUN/$node
    rc=0
    # tor returns once its daemon has opened every port (exit 1 if a bind fails).
    timeout 60 tor -f "$d/torrc" --defaults-torrc "$RUN/empty.torrc" >"$d/launch.out" 2>&1 || rc=$?
    if ((rc != 0)); then
      if grep -qi 'address already in use' "$d/launch.out"; then
        fixture_log "tor $node: a port was taken, retrying with new ports"
        return 2
      fi
      fixture_die "tor $node did not start (exit $rc)
$(tn_logs_tail "$RUN" 20)"
    fi
  done
  # The daemon writes its PidFile just after the launcher returns.
  local i
  for node in "${TN_NODES[@]}"; do
    for ((i = 0; i < 100; i++)); do
      [[ -s $RUN/$node/tor.pid ]] && break
      sleep 0.05
    done
    [[ -s $RUN/$node/tor.pid ]] || fixture_die "tor $node started but wrote no $RUN/$node/tor.pid within 5 s"
  done
  return 0
}

stop_tors() {
  bash "$here/stop.sh" "$RUN" --tor-only >/dev/null
}

started=no
for attempt in 1 2 3; do
  for node in "${TN_NODES[@]}"; do rm -rf "${RUN:?}/$node"; done
  pick_ports
  make_keys
  write_torrcs
  phase "keys$attempt"
  t_launch=$(tn_now_ms)
  rc=0
  launch_all || rc=$?
  if ((rc == 0)); then
    started=yes
    break
  fi
  stop_tors
done
[[ $started == yes ]] || fixture_die "tor: ports kept being taken; gave up after 3 attempts"
phase launched

# --- wait: bootstrap 100 % on client and hs, then a page through the exit ------
deadline=$((t0 + TIMEOUT * 1000))
CLIENT_COOKIE=$RUN/client/control_auth_cookie
HS_COOKIE=$RUN/hs/control_auth_cookie

fail_wait() {
  fixture_die "$1 (after $(tn_secs $(($(tn_now_ms) - t0))) s; TORNET_TIMEOUT=$TIMEOUT)
$(tn_logs_tail "$RUN")"
}

check_alive() {
  local node pid
  for node in "${TN_NODES[@]}"; do
    pid=$(tr -dc '0-9' <"$RUN/$node/tor.pid" 2>/dev/null) || pid=""
    fixture_pid_matches "$pid" "$RUN/$node/torrc" || fail_wait "tor $node (pid ${pid:-?}) has exited"
  done
}

last=""
while :; do
  cb=$(tn_bootstrap "${CTLPORT[client]}" "$CLIENT_COOKIE")
  hb=$(tn_bootstrap "${CTLPORT[hs]}" "$HS_COOKIE")
  if [[ "$cb/$hb" != "$last" ]]; then
    fixture_log "bootstrap: client ${cb:-?}%, hs ${hb:-?}% ($(tn_secs $(($(tn_now_ms) - t0))) s)"
    last="$cb/$hb"
  fi
  [[ $cb == 100 && $hb == 100 ]] && break
  (($(tn_now_ms) < deadline)) || fail_wait "bootstrap did not reach 100 % (client ${cb:-?}%, hs ${hb:-?}%)"
  check_alive
  sleep 0.5
done
phase bootstrapped

# A fetch through the client proves an exit circuit to 127.0.0.1 works.
tries=0
while :; do
  left=$(((deadline - $(tn_now_ms)) / 1000))
  ((left > 0)) || fail_wait "no page through the client's SOCKS port after $tries tries (last: ${err:-none})"
  ((left > 15)) && left=15
  tries=$((tries + 1))
  err=""
  body=$(curl -sS --noproxy '' --max-time "$left" \
    --socks5-hostname "127.0.0.1:${SOCKSPORT[client]}" -U "tornet-ready:$tries" \
    "http://127.0.0.1:$HTTP_PORT/" 2>"$RUN/probe.err") || err=$(tail -n 1 "$RUN/probe.err")
  [[ -z $err && $body == "$TOKEN" ]] && break
  [[ -z $err ]] && err="unexpected body '${body:0:60}'"
  check_alive
  sleep 0.5
done
t_ready=$(tn_now_ms)
phase ready
BOOT_MS=$((t_ready - t_launch))

cat >"$RUN/env" <<EOF
CLIENT_SOCKS_PORT=${SOCKSPORT[client]}
CLIENT_CONTROL_PORT=${CTLPORT[client]}
CLIENT_COOKIE=$CLIENT_COOKIE
HS_SOCKS_PORT=${SOCKSPORT[hs]}
HS_CONTROL_PORT=${CTLPORT[hs]}
HS_COOKIE=$HS_COOKIE
TOR_SOCKS=127.0.0.1:${SOCKSPORT[client]}
TOR_CONTROL=127.0.0.1:${CTLPORT[client]}
HTTP_PORT=$HTTP_PORT
HTTP_URL=http://127.0.0.1:$HTTP_PORT/
HTTP_BODY=$RUN/www/index.html
NETWORK_TORRC=$RUN/network.torrc
EXIT_RESOLV_CONF=$RUN/exit1/resolv.conf
EXIT_PID_FILE=$RUN/exit1/tor.pid
RUN_DIR=$RUN
BOOTSTRAP_SECONDS=$(tn_secs "$BOOT_MS")
EOF

total=$((t_ready - t0))
echo "$total ms: $PHASES" >"$RUN/start-time"
fixture_log "network ready: bootstrap + first exit circuit in $(tn_secs "$BOOT_MS") s after launch ($(tn_secs "$total") s in all; $PHASES)"
fixture_log "client socks 127.0.0.1:${SOCKSPORT[client]} control 127.0.0.1:${CTLPORT[client]}; hs control 127.0.0.1:${CTLPORT[hs]}; http 127.0.0.1:$HTTP_PORT"
fixture_log "env: $RUN/env"
echo "BOOTSTRAP_SECONDS=$(tn_secs "$BOOT_MS")"

# shellcheck shell=bash
# Shared helpers for start.sh, stop.sh and smoke.sh (sourced, not run).
# bash only: no Python, nothing beyond coreutils, awk, sed, od, curl and tor.

# tor and nginx live in /usr/sbin, which a non-root PATH may lack.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"

# The tor instances of one network, in start order. auth* are directory
# authorities (and relays), relay1 and relay2 middle relays (onion-service
# circuits need enough distinct middles: with fewer, tor sometimes finds no
# node for hop 2 of a vanguard path), exit1 the exit that may
# reach 127.0.0.0/8, client the test client, hs the spare onion-service host.
TN_AUTHS=(auth1 auth2 auth3)
TN_RELAYS=(relay1 relay2 exit1)
TN_CLIENTS=(client hs)
TN_NODES=("${TN_AUTHS[@]}" "${TN_RELAYS[@]}" "${TN_CLIENTS[@]}")

FIXTURE_NAME=tornet
# shellcheck source=../lib/fixture.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/fixture.sh"

# tn_now_ms: wall clock in milliseconds.
tn_now_ms() {
  local ns
  ns=$(date +%s%N)
  echo $((ns / 1000000))
}

# tn_secs MS: MS milliseconds as seconds with one decimal ("21.4").
tn_secs() {
  printf '%d.%d' $(($1 / 1000)) $((($1 % 1000) / 100))
}

# tn_pids_under RUN [COMM...]: PIDs of live processes named COMM (default
# tor and nginx) whose command line names a file inside RUN (every one this
# fixture starts does: -f RUN/NODE/torrc, -c RUN/nginx.conf). Zombies have
# an empty command line and are skipped.
tn_pids_under() {
  local run=$1 d p comm arg
  local -a argv
  shift
  local comms=" ${*:-tor nginx} "
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    comm=""
    read -r comm 2>/dev/null <"$d/comm" || continue
    [[ $comms == *" $comm "* ]] || continue
    argv=()
    mapfile -d '' argv 2>/dev/null <"$d/cmdline" || continue
    for arg in "${argv[@]}"; do
      if [[ $arg == "$run"/* ]]; then
        echo "$p"
        break
      fi
    done
  done
  return 0
}

# tn_stop_pidfile PIDFILE CONF: TERM the process of PIDFILE if it still runs
# with CONF. Prints the PID it signalled. Tolerates a missing process.
tn_stop_pidfile() {
  local pidfile=$1 conf=$2 pid=""
  [[ -f $pidfile ]] && pid=$(tr -dc '0-9' <"$pidfile")
  if [[ -n $pid ]] && fixture_pid_matches "$pid" "$conf"; then
    kill -TERM "$pid" 2>/dev/null && echo "$pid"
  fi
  return 0
}


# tn_cookie_hex FILE: a control-port cookie file as lowercase hex.
tn_cookie_hex() {
  local hex
  [[ -r $1 ]] || return 1
  hex=$(od -An -v -tx1 "$1" | tr -d ' \n')
  [[ ${#hex} == 64 ]] || return 1
  printf '%s' "$hex"
}

# tn_control PORT COOKIE_FILE COMMAND...: authenticate on tor's control port
# with the cookie, send each COMMAND, then QUIT; print every reply line (CR
# removed). Fails if the connection or authentication fails, or if tor stops
# answering for 5 s. Pure bash (/dev/tcp).
tn_control() {
  local port=$1 cookie=$2 hex fd line c rc=0
  shift 2
  hex=$(tn_cookie_hex "$cookie") || return 1
  exec {fd}<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
  {
    printf 'AUTHENTICATE %s\r\n' "$hex"
    for c in "$@"; do printf '%s\r\n' "$c"; done
    printf 'QUIT\r\n'
  } 1>&"$fd" 2>/dev/null || rc=1
  if ((rc == 0)); then
    IFS= read -r -t 5 -u "$fd" line || rc=1
    line=${line%$'\r'}
    [[ $line == "250 OK" ]] || rc=1
  fi
  if ((rc == 0)); then
    while IFS= read -r -t 5 -u "$fd" line; do
      line=${line%$'\r'}
      [[ $line == "250 closing connection" ]] && break
      printf '%s\n' "$line"
    done
  fi
  exec {fd}>&-
  return "$rc"
}

# tn_bootstrap PORT COOKIE_FILE: tor's bootstrap percentage (0-100), or
# nothing when the control port does not answer yet.
tn_bootstrap() {
  local out
  out=$(tn_control "$1" "$2" "GETINFO status/bootstrap-phase" 2>/dev/null) || return 0
  [[ $out =~ PROGRESS=([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
  return 0
}

# tn_logs_tail RUN [LINES]: the last LINES (default 12) lines of every tor's
# log and of its launch output, for failure messages.
tn_logs_tail() {
  local run=$1 n=${2:-12} node f
  for node in "${TN_NODES[@]}"; do
    # launch.out holds the start of notice.log, or the error of a tor that
    # never got as far as opening its log.
    f=$run/$node/notice.log
    [[ -s $f ]] || f=$run/$node/launch.out
    [[ -s $f ]] || continue
    echo "--- $f (tail) ---"
    tail -n "$n" "$f"
  done
  if [[ -s $run/nginx-error.log ]]; then
    echo "--- $run/nginx-error.log (tail) ---"
    tail -n "$n" "$run/nginx-error.log"
  fi
}

# --- a long-lived control connection (events, ADD_ONION) ---------------------
# tn_ctl_open PORT COOKIE_FILE: connect and authenticate; the descriptor is
# in TN_CTL_FD. tn_ctl_cmd sends one command and reads its reply into
# TN_REPLY (array of lines, data blocks included); asynchronous event lines
# (650) read on the way are appended to TN_EVENTS. tn_ctl_close closes.
TN_CTL_FD=""
TN_REPLY=()
TN_EVENTS=()

tn_ctl_open() {
  local hex
  hex=$(tn_cookie_hex "$2") || { echo "cannot read cookie $2" >&2; return 1; }
  exec {TN_CTL_FD}<>"/dev/tcp/127.0.0.1/$1" || { echo "cannot connect to 127.0.0.1:$1" >&2; return 1; }
  tn_ctl_cmd "AUTHENTICATE $hex" || { echo "AUTHENTICATE failed: ${TN_REPLY[*]}" >&2; return 1; }
}

tn_ctl_close() {
  [[ -n $TN_CTL_FD ]] || return 0
  printf 'QUIT\r\n' 1>&"$TN_CTL_FD" 2>/dev/null || true
  exec {TN_CTL_FD}>&-
  TN_CTL_FD=""
}

# tn_ctl_line VAR [TIMEOUT]: read one line (CR removed) into VAR.
tn_ctl_line() {
  local -n _l=$1
  IFS= read -r -t "${2:-10}" -u "$TN_CTL_FD" _l || return 1
  _l=${_l%$'\r'}
}

# tn_ctl_cmd COMMAND: send COMMAND, read its reply into TN_REPLY. True if the
# final status is 250.
tn_ctl_cmd() {
  local line data=no event=no
  TN_REPLY=()
  printf '%s\r\n' "$1" 1>&"$TN_CTL_FD" || return 1
  while tn_ctl_line line 10; do
    if [[ $data == yes ]]; then
      [[ $line == . ]] && data=no
      if [[ $event == yes ]]; then TN_EVENTS+=("$line"); else TN_REPLY+=("$line"); fi
      [[ $data == no ]] && event=no
      continue
    fi
    if [[ $line == 650* ]]; then
      TN_EVENTS+=("$line")
      [[ $line == 650+* ]] && data=yes event=yes
      continue
    fi
    TN_REPLY+=("$line")
    [[ $line =~ ^[0-9]{3}\+ ]] && data=yes
    if [[ $line =~ ^([0-9]{3})\  ]]; then
      [[ ${BASH_REMATCH[1]} == 250 ]]
      return
    fi
  done
  return 1
}

# tn_ctl_wait_event REGEX DEADLINE_MS: read events until one matches REGEX
# (printed) or the wall clock passes DEADLINE_MS. Every event read is
# appended to TN_EVENTS.
tn_ctl_wait_event() {
  local re=$1 deadline=$2 line
  while (($(tn_now_ms) < deadline)); do
    tn_ctl_line line 1 || continue
    TN_EVENTS+=("$line")
    if [[ $line =~ $re ]]; then
      printf '%s\n' "$line"
      return 0
    fi
  done
  return 1
}

# tn_ctl_drain SECONDS: read pending events until none arrives for SECONDS.
tn_ctl_drain() {
  local line
  while tn_ctl_line line "$1"; do TN_EVENTS+=("$line"); done
  return 0
}

# tn_load_env FILE: read a start.sh env file into the shell (KEY=VALUE only).
tn_load_env() {
  local k v
  [[ -r $1 ]] || fixture_die "no env file $1 (did start.sh run?)"
  while IFS='=' read -r k v; do
    [[ $k =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
    printf -v "$k" '%s' "$v"
    export "${k?}"
  done <"$1"
}

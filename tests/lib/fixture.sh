# shellcheck shell=bash
# Helpers shared by the test fixtures (dnszones, tornet) and the scripts that
# use them: sourced, not run. bash builtins, coreutils and awk only.
# A sourcing script sets FIXTURE_NAME (used in messages) first.

fixture_die() {
  echo "${FIXTURE_NAME:-fixture}: ERROR: $*" >&2
  exit 1
}

fixture_log() {
  echo "${FIXTURE_NAME:-fixture}: $*" >&2
}

# fixture_run_dir ARG: the absolute run directory, refusing paths that env
# files and server configs cannot carry unquoted.
fixture_run_dir() {
  local d=${1:-}
  [[ -n $d ]] || fixture_die "usage: $0 RUN_DIR"
  [[ $d == /* ]] || d="$PWD/$d"
  d=${d%/}
  [[ $d =~ ^[A-Za-z0-9_./+-]+$ ]] ||
    fixture_die "run directory '$d' must be made of [A-Za-z0-9_./+-] only"
  [[ $d != / ]] || fixture_die "refusing / as run directory"
  printf '%s\n' "$d"
}

# fixture_require TOOL...: fail loudly if a tool is missing.
fixture_require() {
  local t missing=()
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || fixture_die "missing tool(s): ${missing[*]} (install them with: make deps)"
}

# fixture_pid_matches PID CONF: true if PID is alive and one of its arguments
# is exactly CONF (our config path), so a recycled PID is never touched.
fixture_pid_matches() {
  local pid=$1 conf=$2 arg
  local -a argv=()
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  mapfile -d '' argv 2>/dev/null <"/proc/$pid/cmdline" || return 1
  for arg in "${argv[@]}"; do
    [[ $arg == "$conf" ]] && return 0
  done
  return 1
}

# fixture_used_ports: every local TCP/UDP port in use or in TIME_WAIT (IPv4
# and IPv6), decimal.
fixture_used_ports() {
  local f
  for f in /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6; do
    [[ -r $f ]] || continue
    awk 'NR > 1 { split($2, a, ":"); print a[2] }' "$f"
  done | while read -r hex; do echo $((16#$hex)); done | sort -un
}

# fixture_free_ports N [EXCLUDE...]: N distinct ports, each free for TCP and
# UDP and not in EXCLUDE, outside the kernel's ephemeral range (so an outgoing
# connection cannot take one between our check and the bind). Callers still
# retry when a bind fails: the check is only a good first guess.
fixture_free_ports() {
  local n=$1 lo=10000 hi eph_lo used p i got=0
  shift
  read -r eph_lo _ </proc/sys/net/ipv4/ip_local_port_range || eph_lo=32768
  hi=$((eph_lo - 1))
  ((hi > lo + 1000)) || { lo=1025; hi=$((eph_lo - 1)); }
  used=" $(fixture_used_ports | tr '\n' ' ') $* "
  for ((i = 0; i < 5000 && got < n; i++)); do
    p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
    [[ $used == *" $p "* ]] && continue
    used+="$p "
    echo "$p"
    got=$((got + 1))
  done
  ((got == n)) || fixture_die "no $n free ports found in $lo-$hi"
}

# fixture_stop_pid PID: TERM, up to 5 s, then KILL. Bounded: cleanup never hangs.
fixture_stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

#!/usr/bin/env bash
# doh_upstreams.sh BUILD_DIR [NAMES]
#
# Cold lookups through the private Tor network over the three upstream
# transports, in one run: DNS over TCP to Unbound, DoH over HTTP/2 and DoH
# over HTTP/1.1 (nginx with TLS in front of dnsdist in front of the same
# Unbound). NAMES (default 100) distinct names (the wildcard zone p384.test
# answers every one), each looked up once per transport by `hrn resolve
# --tor-socks` as a fresh process (its own circuit, no cache), transports
# taking turns name by name so drift hits all alike. Prints p50 and p99 of
# the time from start to exit, and the round trips each needed.
#
# Loopback has next to no latency, so it runs twice: as is, and with every
# server behind tests/lib/delay_proxy.py holding answers BENCH_DOH_DELAY_MS
# (default 100) ms, like a resolver that far away. Prints figures; asserts
# nothing. Stops everything on exit.
set -euo pipefail
NET_NAME="bench doh upstreams"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../tor/network/lib.sh
. "$here/../tor/network/lib.sh"
# shellcheck source=../lib/doh_stack.sh
. "$here/../lib/doh_stack.sh"

[[ $# -ge 1 && $# -le 2 ]] || net_fail "usage: doh_upstreams.sh BUILD_DIR [NAMES]"
build=$(realpath "$1")
names=${2:-100}
[[ $names =~ ^[0-9]+$ ]] && ((names >= 1 && names <= 1000)) || net_fail "NAMES must be 1 to 1000"
delay=${BENCH_DOH_DELAY_MS:-100}
[[ $delay =~ ^[0-9]+$ ]] && ((delay <= 2000)) || net_fail "BENCH_DOH_DELAY_MS must be 0 to 2000"
hrn=$build/tools/hrn/hrn
[[ -x $hrn ]] || net_fail "build hrn in $build first"
fixture_require jq awk nginx dnsdist python3 curl openssl

run=$build/bench/doh-upstreams
rm -rf "$run/stack"
mkdir -p "$run/stack"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do fixture_stop_pid "$p"; done
  net_fixtures_stop "$run"
}
trap cleanup EXIT
net_fixtures_start "$run"

cd "$run/stack"
doh_test_ca "hrn-relay bench CA" && doh_cert server "IP:127.0.0.1" || net_fail "openssl"
dd_port=$(net_free_port)
doh_dnsdist_start "$dd_port" "$UNBOUND_PORT" || net_fail "dnsdist did not start: $(cat dnsdist.log)"
pids+=("$DOH_DNSDIST_PID")
h2_port=$(net_free_port "$dd_port")
h1_port=$(net_free_port "$dd_port" "$h2_port")
doh_nginx_start server "$h2_port ssl http2" "$h1_port ssl" || net_fail "nginx did not start: $(cat nginx.out)"
pids+=("$DOH_NGINX_PID")

# proxy TARGET_PORT DELAY_MS: prints the port of a delay proxy to TARGET_PORT.
used=("$dd_port" "$h2_port" "$h1_port")
proxy() {
  local port pid
  port=$(net_free_port "${used[@]}")
  used+=("$port")
  python3 "$here/../lib/delay_proxy.py" "$port" "$1" "$2" >"proxy-$port.out" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 50); do
    grep -qs listening "proxy-$port.out" && echo "$port" && return 0
    sleep 0.1
  done
  net_fail "delay proxy to $1 did not start"
}

pct() {  # pct P VALUE...: nearest-rank percentile
  local p=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v p="$p" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }'
}

# bench DELAY_MS: every name over every transport, then the table.
bench() {
  local d=$1 tcp_url h2_url h1_url
  if ((d > 0)); then
    tcp_url=tcp://127.0.0.1:$(proxy "$UNBOUND_PORT" "$d")
    h2_url=https://127.0.0.1:$(proxy "$h2_port" "$d")/dns-query
    h1_url=https://127.0.0.1:$(proxy "$h1_port" "$d")/dns-query
  else
    tcp_url=tcp://127.0.0.1:$UNBOUND_PORT
    h2_url=https://127.0.0.1:$h2_port/dns-query
    h1_url=https://127.0.0.1:$h1_port/dns-query
  fi
  local -A ms=() rts=()
  local order=(tcp h2 h1) i k t url
  for ((i = 0; i < names; i++)); do
    for ((k = 0; k < 3; k++)); do
      t=${order[(i + k) % 3]}
      case $t in tcp) url=$tcp_url ;; h2) url=$h2_url ;; h1) url=$h1_url ;; esac
      net_run out.json err "$hrn" resolve "bench$d-$i@p384.test" --upstream "$url" --ca-file ca.pem \
        --trust-anchor "$TRUST_ANCHOR" --tor-socks "$TOR_SOCKS" --timeout 30000 --deadline 60000
      ((NET_RC == 0)) || net_fail "bench$d-$i@p384.test over $t: exit $NET_RC: $(cat out.json err)"
      ms[$t]+="$NET_MS "
      rts[$t]+="$(jq .round_trips out.json) "
    done
  done
  echo "cold lookups through the private Tor network, $names names each, servers $d ms away (added per round trip):"
  printf '  %-28s %8s %8s %12s\n' transport p50_ms p99_ms round_trips
  local label
  for t in tcp h2 h1; do
    case $t in tcp) label="DNS over TCP" ;; h2) label="DoH over HTTP/2" ;; h1) label="DoH over HTTP/1.1" ;; esac
    # shellcheck disable=SC2086 # the lists are space-separated numbers
    printf '  %-28s %8s %8s %12s\n' "$label" "$(pct 50 ${ms[$t]})" "$(pct 99 ${ms[$t]})" "$(pct 50 ${rts[$t]})"
  done
}

bench 0
((delay > 0)) && bench "$delay"

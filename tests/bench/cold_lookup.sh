#!/usr/bin/env bash
# cold_lookup.sh BUILD_DIR [ITERATIONS]
#
# Cold BIP 353 lookups through Tor against the cost of the network itself.
# Starts the private Tor network (tests/tornet) and the signed DNS fixture
# (tests/fixtures/dnszones) in BUILD_DIR/bench/cold-lookup, then prints, over
# ITERATIONS (default 30) rounds, the median and p90 of:
#   - in-process (bench_cold_lookup): a fresh SOCKS stream plus one DNS
#     exchange (the baseline), and a whole cold lookup (SOCKS with fresh
#     credentials, the pipelined flights, validation), and their difference;
#   - the `hrn resolve --tor-socks` process, start to exit, for comparison.
# Prints figures; asserts nothing. Stops both fixtures on exit.
#
# BENCH_LO_MTU=N (1280 to 65536) runs all of it in a private network namespace
# (unshare; a user namespace too when not root) whose loopback has MTU N:
# 1500 gives TCP the segment size of an Ethernet path instead of loopback's
# 65483, the size that makes Nagle and delayed ACKs stall the flight here.
set -euo pipefail
NET_NAME="bench cold lookup"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../tor/network/lib.sh
. "$here/../tor/network/lib.sh"

[[ $# -ge 1 && $# -le 2 ]] || net_fail "usage: cold_lookup.sh BUILD_DIR [ITERATIONS]"
build=$(realpath "$1")
iterations=${2:-30}
[[ $iterations =~ ^[0-9]+$ ]] && ((iterations >= 1 && iterations <= 1000)) ||
  net_fail "ITERATIONS must be 1 to 1000"
bench=$build/tests/bench/bench_cold_lookup
hrn=$build/tools/hrn/hrn
[[ -x $bench && -x $hrn ]] || net_fail "build bench_cold_lookup and hrn in $build first"
fixture_require jq awk

if [[ -n ${BENCH_LO_MTU:-} ]]; then
  [[ $BENCH_LO_MTU =~ ^[0-9]+$ ]] && ((BENCH_LO_MTU >= 1280 && BENCH_LO_MTU <= 65536)) ||
    net_fail "BENCH_LO_MTU must be 1280 to 65536"
  if [[ ${BENCH_NETNS:-} != "$BENCH_LO_MTU" ]]; then
    fixture_require unshare ip
    userns=(--map-root-user)
    ((EUID == 0)) && userns=()
    exec unshare --net "${userns[@]}" env BENCH_NETNS="$BENCH_LO_MTU" bash "${BASH_SOURCE[0]}" "$@"
  fi
  ip link set lo mtu "$BENCH_LO_MTU" up || net_fail "cannot set the namespace's loopback MTU"
  net_log "in a private network namespace, loopback MTU $BENCH_LO_MTU"
fi

run=$build/bench/cold-lookup
cleanup() { net_fixtures_stop "$run"; }
trap cleanup EXIT
net_fixtures_start "$run"

names=(alice@rsa.test cname@rsa.test)
"$bench" "$run/tornet/env" "$run/dnszones/env" "$iterations" "${names[@]}"

# The same lookups as processes: what a user of `hrn resolve` waits.
work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT
pct() {  # pct P VALUE...: nearest-rank percentile
  local p=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v p="$p" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }'
}
echo "'hrn resolve --tor-socks' as a process (start to exit), $iterations iterations:"
for name in "${names[@]}"; do
  ms=()
  rt=?
  for ((i = 0; i < iterations; i++)); do
    sleep 0.15 # as in-process: lets tor replace the clean circuit just used
    net_run "$work/out.json" "$work/err" "$hrn" resolve "$name" --upstream "$UPSTREAM" \
      --trust-anchor "$TRUST_ANCHOR" --tor-socks "$TOR_SOCKS"
    ((NET_RC == 0)) || net_fail "$name: exit $NET_RC: $(cat "$work/out.json" "$work/err")"
    ms+=("$NET_MS")
    rt=$(jq -r '.round_trips' "$work/out.json")
  done
  printf '  %-34s median %4d ms   p90 %4d ms\n' "hrn resolve $name ($rt rt)" "$(pct 50 "${ms[@]}")" "$(pct 90 "${ms[@]}")"
done

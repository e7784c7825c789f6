#!/usr/bin/env bash
# privacy.sh BUILD_DIR
#
# How well an adversary links a client's request to the lookup it caused.
# Starts the signed DNS fixture (tests/fixtures/dnszones) in
# BUILD_DIR/bench/privacy, and for each run a recording DNS-over-TCP forwarder
# in front of its Unbound (privacy_recorder: the domain's view, time and name
# of every query) and a fresh relay (--direct, its upstream the recorder, no
# rate or per-address limit, no snapshot). The driver (privacy_driver) sends
# Poisson arrivals (BENCH_RATE requests/s, default 5) for BENCH_SECONDS
# (default 60) of GET /v1/resolve, names drawn Zipf(BENCH_ZIPF, default 1) from
# a directory of BENCH_NAMES (default 400) names userN@p384.test and
# userN@ed25519.test (wildcard zones: every name is valid). privacy_analyze
# then computes the adversaries (see README.md here and analyze.cpp).
#
# Runs: the scheduler off (no scheduler flags), then, if this relay has
# --round-interval and --batch-size, (1000 ms, 8), (500 ms, 8), (1000 ms, 4)
# (BENCH_PRIVACY_RUNS="MS:K ..." overrides). Prints a table, writes
# privacy.csv in the run directory and, with gnuplot, privacy.png (success
# against added latency). Prints figures; asserts nothing. Stops everything it
# started on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURE_NAME="bench privacy"
# shellcheck source=../../lib/fixture.sh
. "$here/../../lib/fixture.sh"

[[ $# -eq 1 ]] || fixture_die "usage: privacy.sh BUILD_DIR"
build=$(realpath "$1")
relay=$build/relay/hrn-relay
bin=$build/tests/bench/privacy
for p in "$relay" "$bin/privacy_recorder" "$bin/privacy_driver" "$bin/privacy_analyze"; do
  [[ -x $p ]] || fixture_die "build $(basename "$p") in $build first"
done
fixture_require awk timeout
seconds=${BENCH_SECONDS:-60}
rate=${BENCH_RATE:-5}
nnames=${BENCH_NAMES:-400}
zipf=${BENCH_ZIPF:-1}
seed=${BENCH_SEED:-1}
[[ $seconds =~ ^[0-9]+$ ]] && ((seconds >= 5 && seconds <= 600)) || fixture_die "BENCH_SECONDS must be 5 to 600"
[[ $rate =~ ^[0-9]+([.][0-9]+)?$ ]] || fixture_die "BENCH_RATE must be a number"
[[ $nnames =~ ^[0-9]+$ ]] && ((nnames >= 2 && nnames <= 100000)) || fixture_die "BENCH_NAMES must be 2 to 100000"
[[ $zipf =~ ^[0-9]+([.][0-9]+)?$ ]] || fixture_die "BENCH_ZIPF must be a number"
[[ $seed =~ ^[0-9]+$ ]] || fixture_die "BENCH_SEED must be a number"

run=$build/bench/privacy
dz_dir=$run/dnszones
mkdir -p "$run"
relay_pid=""
recorder_pid=""

cleanup() {
  [[ -n $relay_pid ]] && fixture_stop_pid "$relay_pid"
  [[ -n $recorder_pid ]] && fixture_stop_pid "$recorder_pid"
  timeout 30 bash "$here/../../fixtures/dnszones/stop.sh" "$dz_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fixture_log "starting the signed DNS fixture in $dz_dir"
bash "$here/../../fixtures/dnszones/start.sh" "$dz_dir" >"$run/dnszones-start.log" 2>&1 ||
  fixture_die "dnszones did not start: $(tail -5 "$run/dnszones-start.log")"
# shellcheck disable=SC1091
. "$dz_dir/env"

# The directory, most popular first: the two wildcard zones interleaved.
directory=$run/directory.txt
awk -v n="$nnames" 'BEGIN { for (i = 1; i <= n; i++) printf "user%d@%s\n", int((i + 1) / 2), (i % 2 ? "p384.test" : "ed25519.test") }' >"$directory"

help=$("$relay" --help 2>&1 || true)
has_flag() { grep -q -- "$1\b" <<<"$help"; }
runs=("off:0")
if has_flag --round-interval && has_flag --batch-size; then
  read -r -a extra <<<"${BENCH_PRIVACY_RUNS:-1000:8 500:8 1000:4}"
  runs+=("${extra[@]}")
  scheduler=1
else
  scheduler=0
fi

# one_run LABEL INTERVAL K: recorder, relay, load, analysis; appends to the CSV.
one_run() {
  local label=$1 interval=$2 k=$3 dir=$run/$1 i
  rm -rf "$dir" && mkdir -p "$dir/state"
  "$bin/privacy_recorder" "$dir/recorder.port" "$UNBOUND_PORT" "$dir/lookups.log" 2>"$dir/recorder.err" &
  recorder_pid=$!
  for ((i = 0; i < 50; i++)); do
    [[ -s $dir/recorder.port ]] && break
    sleep 0.1
  done
  [[ -s $dir/recorder.port ]] || fixture_die "recorder did not start: $(cat "$dir/recorder.err")"
  local flags=()
  if [[ $label == off ]]; then
    # The rounds are on by default where the relay has them: off means 0.
    has_flag --round-interval && flags+=(--round-interval 0)
  else
    flags+=(--round-interval "$interval" --batch-size "$k")
    has_flag --directory && flags+=(--directory "$directory")
  fi
  "$relay" --listen 127.0.0.1:0 --port-file "$dir/port" --direct \
    --upstream "tcp://127.0.0.1:$(cat "$dir/recorder.port")" --trust-anchor "$TRUST_ANCHOR" \
    --rate-limit 0 --max-connections-per-address 0 --no-snapshot --state-dir "$dir/state" \
    --log-level warn "${flags[@]}" >"$dir/relay.log" 2>&1 &
  relay_pid=$!
  for ((i = 0; i < 100; i++)); do
    [[ -s $dir/port ]] && break
    kill -0 "$relay_pid" 2>/dev/null || fixture_die "relay exited at start: $(tail -5 "$dir/relay.log")"
    sleep 0.1
  done
  [[ -s $dir/port ]] || fixture_die "relay wrote no port file"
  fixture_log "run $label: ${seconds} s of load"
  timeout $((seconds + 120)) "$bin/privacy_driver" "$(cat "$dir/port")" "$directory" "$rate" "$seconds" \
    "$zipf" "$seed" "$dir/requests.log" || fixture_die "the driver failed in run $label"
  # A relay that died under the load makes the run's figures meaningless.
  if ! kill -0 "$relay_pid" 2>/dev/null; then
    local status=0
    wait "$relay_pid" || status=$?
    relay_pid=""
    echo "run $label: the relay exited during the load (status $status; $dir/relay.log): no figures for this run"
    fixture_stop_pid "$recorder_pid"
    recorder_pid=""
    return 0
  fi
  fixture_stop_pid "$relay_pid"
  relay_pid=""
  fixture_stop_pid "$recorder_pid"
  recorder_pid=""
  "$bin/privacy_analyze" "$dir/requests.log" "$dir/lookups.log" "$directory" "$zipf" "$label" "$interval" "$k" \
    >>"$csv"
}

csv=$run/privacy.csv
"$bin/privacy_analyze" --header >"$csv"
echo "privacy: Poisson arrivals at $rate requests/s for $seconds s per run, names Zipf(s=$zipf) over $nnames"
echo "names (userN@p384.test, userN@ed25519.test); relay --direct, a fresh relay (empty cache) per run;"
echo "lookups recorded where the domain sees them (TXT queries, in front of Unbound)."
for r in "${runs[@]}"; do
  if [[ ${r%%:*} == off ]]; then
    one_run off 0 0
  else
    one_run "t${r%%:*}-k${r##*:}" "${r%%:*}" "${r##*:}"
  fi
done
((scheduler)) || echo "scheduler flags not available in this build: only the scheduler-off run"

# The table: added latency is each run's miss p50/p99 minus the scheduler-off run's.
echo
awk -F, 'NR == 1 { next }
  $1 == "off" { b50 = $22; b99 = $23 }
  { row[NR] = $0 }
  END {
    printf "%-11s %5s %5s %6s %6s %7s %6s %6s %6s %6s %6s %6s %6s %6s %7s %7s %9s %9s\n",
      "run", "reqs", "hits", "looks", "l/req", "W ms", "first", "unif", "pop", "name", "anon", "perlk", "lkset", "ideal",
      "p50 ms", "p99 ms", "+miss p50", "+miss p99"
    for (i = 2; i <= NR; i++) {
      split(row[i], f, ",")
      printf "%-11s %5d %5.2f %6d %6.2f %7.1f %6.3f %6.3f %6.3f %6.3f %6.2f %6.3f %6.2f %6s %7.1f %7.1f %9.1f %9.1f\n",
        f[1], f[4], f[6], f[7], f[8], f[11], f[12], f[13], f[14], f[15], f[16], f[17], f[18], f[19],
        f[20], f[21], f[22] - b50, f[23] - b99
    }
  }' "$csv"
echo
echo "reqs: requests sent; hits: share answered from the cache (no lookup); looks: lookups the domain saw;"
echo "l/req: lookups per request; W: the adversary's window (longest request-to-lookup delay of the run);"
echo "first/unif/pop/name: success of the first-after, uniform, popularity-weighted and name-aware adversaries"
echo "(request -> lookup); anon: mean candidate lookups; perlk/lkset: uniform guess lookup -> request and its"
echo "mean candidate requests; ideal: 1/K; +miss p50/p99: added latency of cache misses against the off run."
echo "CSV: $csv"

if ! awk 'END { exit NR < 2 }' "$csv"; then
  echo "no run gave figures: plot skipped"
elif command -v gnuplot >/dev/null 2>&1; then
  awk -F, 'NR == 1 { next } $1 == "off" { b = $22 } { r[NR] = $0 }
    END { for (i = 2; i <= NR; i++) { split(r[i], f, ","); print f[1], f[22] - b, f[12], f[13], f[15], (f[19] == "-" ? "NaN" : f[19]) } }' "$csv" \
    >"$run/privacy.dat"
  if gnuplot >"$run/gnuplot.log" 2>&1 <<EOF; then
set terminal png size 900,600
set output "$run/privacy.png"
set title "Linking a request to its lookup: success against added latency (miss p50)"
set xlabel "added latency of a cache miss, p50 (ms)"
set ylabel "adversary success"
set yrange [0:1.05]
set key outside right
set grid
plot "$run/privacy.dat" using 2:3 with points pt 7 ps 1.5 title "first lookup after", \
     "" using 2:4 with points pt 5 ps 1.5 title "uniform", \
     "" using 2:5 with points pt 9 ps 1.5 title "name-aware", \
     "" using 2:6 with points pt 6 ps 2 title "ideal 1/K", \
     "" using 2:3:1 with labels offset 0,1 notitle
EOF
    echo "plot: $run/privacy.png"
  else
    echo "gnuplot failed: plot skipped ($(tail -1 "$run/gnuplot.log"))"
  fi
else
  echo "gnuplot not installed: plot skipped (make deps installs gnuplot-nox)"
fi

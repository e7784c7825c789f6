# shellcheck shell=bash
# wrk runs for the benchmarks: sourced, not run. Needs fixture.sh, `run` (a
# directory for wrk's output) and `seconds` (the length of each run).

# to_ms VALUE: wrk's latency ("812.00us", "1.23ms", "1.02s") in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.3f", n }'
}

# bench LABEL URL CONNS: runs wrk; sets RPS, P50, P99 (ms) and NOTE (errors, non-2xx).
bench() {
  local label=$1 url=$2 conns=$3 out=$run/wrk-$1-$3.txt
  timeout $((seconds + 30)) wrk -t 2 -c "$conns" -d "${seconds}s" --latency "$url" >"$out" 2>&1 ||
    fixture_die "wrk against $label failed: $(tail -5 "$out")"
  RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  NOTE=$(awk '/Socket errors|Non-2xx/ { $1 = $1; printf "%s%s", sep, $0; sep = "; " }' "$out")
}

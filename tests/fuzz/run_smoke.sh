#!/usr/bin/env bash
# run_smoke.sh FUZZER SEED_DIR SECONDS [PER_INPUT_TIMEOUT [MAX_LEN]]
# Fuzzes for SECONDS from the checked-in seeds, working on a scratch copy so
# the source tree is never written. Any crash, leak or UB report fails, and
# so does one input that runs longer than PER_INPUT_TIMEOUT seconds (default
# 10): a slow input is a denial of service waiting for its attacker.
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3 per_input=${4:-10} max_len=${5:-4096}
[ -x "$fuzzer" ] || { echo "fuzzer not built: $fuzzer" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
[ -d "$seeds" ] && cp -r "$seeds"/. "$work/corpus/"
cd "$work"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
"$fuzzer" -max_total_time="$seconds" -timeout="$per_input" -rss_limit_mb=2048 -max_len="$max_len" \
  -print_final_stats=1 corpus 2>&1 | tail -n 25
exit "${PIPESTATUS[0]}"

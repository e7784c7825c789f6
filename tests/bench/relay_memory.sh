#!/usr/bin/env bash
# relay_memory.sh BUILD_DIR [ENTRIES]
#
# Memory per cached entry in the relay process itself, with real validated
# chains: the relay (--direct) resolves distinct names of the signed-zone
# fixture's wildcard zone (uN@p384.test, each its own chain) through
# POST /v1/resolve. A first batch warms up everything that does not grow with
# entries (heap arenas, the key cache, buffers); then ENTRIES (default 20000)
# more names are resolved and the growth of RSS is set against the growth of
# the cache's payload (key, URI and chain bytes, from /healthz's cache bytes
# minus the store's fixed charge per entry). Prints figures; asserts nothing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURE_NAME="bench relay memory"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
[[ $# -ge 1 ]] || fixture_die "usage: relay_memory.sh BUILD_DIR [ENTRIES]"
build=$(realpath "$1")
entries=${2:-20000}
[[ $entries =~ ^[0-9]+$ ]] && ((entries >= 1000 && entries <= 1000000)) || fixture_die "ENTRIES must be 1000 to 1000000"
relay=$build/relay/hrn-relay
[[ -x $relay ]] || fixture_die "build hrn-relay in $build first"
fixture_require curl jq xargs
run=$build/bench/relay-memory
mkdir -p "$run"
relay_pid=""
cleanup() {
  [[ -n $relay_pid ]] && kill "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null
  bash "$here/../fixtures/dnszones/stop.sh" "$run/dnszones" >/dev/null 2>&1 || true
}
trap cleanup EXIT
bash "$here/../fixtures/dnszones/start.sh" "$run/dnszones" >/dev/null
# shellcheck disable=SC1091
. "$run/dnszones/env"
rm -f "$run/port"
"$relay" --listen 127.0.0.1:0 --port-file "$run/port" --direct --upstream "$UPSTREAM" \
  --trust-anchor "$TRUST_ANCHOR" --state-dir "$run/state" --no-snapshot --rate-limit 0 --round-interval 0 \
  --max-connections-per-address 0 --max-lookups 1024 --log-level warn >"$run/relay.log" 2>&1 &
relay_pid=$!
for _ in $(seq 100); do [[ -s $run/port ]] && break; sleep 0.1; done
base=http://127.0.0.1:$(cat "$run/port")
overhead=352  # cache::store::entry_overhead: the store's charge per entry beside the payload

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$relay_pid/status"; }
cache_json() { curl -s "$base/healthz" | jq -c .cache; }
# fill FIRST COUNT: resolves uFIRST..u(FIRST+COUNT-1)@p384.test, 32 per request.
fill() {
  local first=$1 count=$2 b
  for ((b = first; b < first + count; b += 32)); do echo "$b"; done |
    xargs -P 4 -I{} sh -c "jq -cn --argjson b {} '{names:[range(32)|\"u\\(\$b+.)@p384.test\"]}' |
      curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @- $base/v1/resolve"
}

fill 0 3200
sleep 1
e0=$(cache_json | jq .entries); b0=$(cache_json | jq .bytes); r0=$(rss_kb)
t0=$SECONDS
fill 100000 "$entries"
sleep 1
e1=$(cache_json | jq .entries); b1=$(cache_json | jq .bytes); r1=$(rss_kb)
n=$((e1 - e0))
payload=$(((b1 - b0) - n * overhead))
growth=$(((r1 - r0) * 1024))
echo "relay memory: $n more cached entries (real chains from the fixture's wildcard zone) in $((SECONDS - t0)) s"
echo "  after warm-up: $e0 entries, RSS $r0 kB; after: $e1 entries, RSS $r1 kB"
echo "  payload (key + URI + chain) $((payload / n)) B per entry"
echo "  RSS growth $((growth / n)) B per entry; beside the payload $(((growth - payload) / n)) B (target 512)"
grep -E '^hrn_lookups_total' <(curl -s "$base/metrics") | sed 's/^/  /'

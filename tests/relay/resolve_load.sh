#!/usr/bin/env bash
# The relay's listener under abuse, with its default limits: slow clients
# (slowloris), a thousand clients at once, oversized headers. The relay must
# keep serving cached answers quickly and end up with no leftover
# connections. It runs --direct against the signed-zone fixture, with one name
# cached first; the attack traffic and the probes ask for that name (a hit).
# Connection caps are checked with small limits in tests/api/http_server_test.cpp.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_load.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
WORK=$(mktemp -d)
work=$WORK
RELAY_PID=
helper=
cleanup() {
  [ -n "$helper" ] && kill "$helper" 2>/dev/null
  [ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"

# 1,000 sockets here and as many in the relay, plus slack.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 4096 ]; then ulimit -n 4096; else ulimit -n "$hard"; fi
[ "$(ulimit -n)" -ge 2600 ] || fail "open-file limit $(ulimit -n) is too low for this test"

# No rate limit: the attack comes from loopback addresses, and this checks
# the listener's limits, not the lookup budget.
# Without rounds: the check below counts lookups exactly.
relay_start load --direct --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --no-snapshot \
  --round-interval 0
base=$BASE
port=${BASE##*:}
hit=/v1/resolve?name=alice@rsa.test
curl -s --max-time 20 "$base$hit" | jq -e '.status=="ok"' >/dev/null || fail "could not resolve the probe name"
curl -s "$base$hit" | jq -e '.cached' >/dev/null || fail "the probe name is not cached"

# Opens N connections spread over source addresses 127.0.0.2.. (50 each,
# under the per-address cap) and either trickles a header (slow) or sends
# whole requests on all of them at once (burst). Prints a JSON summary.
cat >"$work/clients.py" <<'PY'
import json, selectors, socket, sys, time
mode, port, n, ready = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
socks, opened, closed, replies = [], {}, {}, {}
sel = selectors.DefaultSelector()
for i in range(n):
    s = socket.socket()
    s.bind((f"127.0.0.{2 + i // 50}", 0))
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    opened[s] = time.monotonic()
    socks.append(s)
    sel.register(s, selectors.EVENT_READ)
    if mode == "slow":
        s.send(b"GET /v1/resolve?name=alice@rsa.test HTTP/1.1\r\nHost: relay\r\n")
open(ready, "w").close()
if mode == "burst":
    for s in socks:
        s.send(b"GET /v1/resolve?name=alice@rsa.test HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n")
deadline = time.monotonic() + 25
last_drip = time.monotonic()
while len(closed) < n and time.monotonic() < deadline:
    for key, _ in sel.select(timeout=0.2):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except ConnectionError:
            data = b""
        if data:
            replies[s] = replies.get(s, b"") + data
            continue
        closed[s] = time.monotonic() - opened[s]
        sel.unregister(s)
    if mode == "slow" and time.monotonic() - last_drip > 2:
        # A byte every two seconds: each read is quick, the request never ends.
        last_drip = time.monotonic()
        for s in socks:
            if s not in closed:
                try:
                    s.send(b"X")
                except OSError:
                    pass
status = {}
for s in socks:
    line = replies.get(s, b"").split(b"\r\n", 1)[0].decode(errors="replace")
    code = line.split(" ")[1] if line.startswith("HTTP/1.1 ") else "none"
    status[code] = status.get(code, 0) + 1
times = sorted(closed.values())
print(json.dumps({"opened": n, "closed": len(closed), "status": status,
                  "first_close": times[0] if times else None,
                  "last_close": times[-1] if times else None}))
PY

# (c) 200 header fields: 431 with the stable code.
for i in $(seq 200); do echo "X-Field-$i: a"; done >"$work/headers"
code=$(curl -s -o "$work/431" -w '%{http_code}' -H @"$work/headers" "$base/healthz")
[ "$code" = 431 ] || fail "200 header fields gave $code"
jq -e '.error.code == "headers_too_large"' "$work/431" >/dev/null || fail "431 body: $(cat "$work/431")"

# (a) Slowloris: 500 connections trickling a header that never ends.
python3 "$work/clients.py" slow "$port" 500 "$work/slow.ready" >"$work/slow.json" &
helper=$!
for _ in $(seq 100); do [ -e "$work/slow.ready" ] && break; sleep 0.1; done
[ -e "$work/slow.ready" ] || fail "slow clients did not connect"
worst=0
for _ in $(seq 12); do
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 1 "$base$hit" || true)
  [ "${out%% *}" = 200 ] || fail "a cache hit during the slowloris attack: '$out'"
  worst=$(echo "$worst ${out#* }" | awk '{print ($2 > $1) ? $2 : $1}')
  sleep 0.5
done
wait "$helper" || fail "slow clients failed"
helper=
slow=$(cat "$work/slow.json")
echo "slowloris: $slow; slowest cache hit during it: ${worst}s"
# Every slow connection is closed by the relay at its 10 s request deadline.
echo "$slow" | jq -e '.closed == 500 and .first_close >= 9 and .last_close < 14' >/dev/null ||
  fail "slow connections not closed at the request deadline: $slow"

# (b) A thousand clients at once, each connection held until all are open.
python3 "$work/clients.py" burst "$port" 1000 "$work/burst.ready" >"$work/burst.json" ||
  fail "burst clients failed"
burst=$(cat "$work/burst.json")
echo "1000 concurrent connections: $burst"
echo "$burst" | jq -e '.closed == 1000 and .status["200"] == 1000' >/dev/null ||
  fail "not every concurrent client was answered: $burst"

# And a thousand parallel requests from one address: past its 64-connection
# share they are refused with a clean 503, never left hanging or reset.
curl -s --parallel --parallel-max 1000 --max-time 10 -w '%{http_code}\n' \
  $(for _ in $(seq 1000); do echo "-o /dev/null $base$hit"; done) >"$work/parallel" 2>/dev/null || true
answered=$(grep -c '^200$' "$work/parallel" || true)
refused=$(grep -c '^503$' "$work/parallel" || true)
echo "1000 parallel curl requests from one address: $answered answered, $refused refused"
[ $((answered + refused)) = 1000 ] ||
  fail "parallel requests: $(sort "$work/parallel" | uniq -c | head -c 300 | tr '\n' ' ')"

# Still healthy, and nothing left open once clients are gone.
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base$hit")
[ "$code" = 200 ] || fail "a cache hit after the load gave $code"
lookups=$(curl -s "$base/metrics" | awk '/^hrn_lookups_total/ {n += $2} END {print n + 0}')
[ "$lookups" = 1 ] || fail "the load caused $lookups lookups; the one name was cached"
# Never a client address next to a request target in the log.
if grep -E '127\.0\.0\.[0-9]+' "$RELAY_LOG" | grep -q 'rsa\.test\|/v1/'; then fail "log names a client and a target"; fi
kill -0 "$RELAY_PID" || fail "relay died"
relay_stop
echo "resolve_load: all checks passed on port $port"

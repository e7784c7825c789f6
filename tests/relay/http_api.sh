#!/usr/bin/env bash
# Starts hrn-relay on a free loopback port and checks its HTTP surface with curl.
set -euo pipefail
relay=$1
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$relay" --listen 127.0.0.1:0 >"$work/log" 2>&1 &
pid=$!
port=
for _ in $(seq 50); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/log"; fail "relay did not report its port"; }
base=http://127.0.0.1:$port

code=$(curl -s -o "$work/health" -w '%{http_code}' "$base/healthz")
[ "$code" = 200 ] || fail "/healthz status $code"
jq -e '.status == "ok" and .resolver.available == false and (.version | type) == "string"' \
  "$work/health" >/dev/null || fail "/healthz body: $(cat "$work/health")"

# Until its tor is ready the relay cannot look anything up: 503 tor_not_ready
# (tor has just been started, it cannot have bootstrapped yet).
code=$(curl -s -o "$work/notready" -w '%{http_code}' "$base/v1/resolve?name=alice@example.com")
[ "$code" = 503 ] || fail "/v1/resolve before tor is ready gave $code: $(cat "$work/notready")"
jq -e '.status=="error" and .error.code=="tor_not_ready"' "$work/notready" >/dev/null \
  || fail "503 body: $(cat "$work/notready")"

curl -s "$base/metrics" >"$work/metrics"
grep -q '^hrn_http_requests_total{endpoint="healthz",status="200"} 1$' "$work/metrics" || fail "metrics: $(cat "$work/metrics")"

code=$(curl -s -o "$work/nf" -w '%{http_code}' "$base/nope")
[ "$code" = 404 ] || fail "unknown path gave $code"
jq -e '.error.code == "not_found"' "$work/nf" >/dev/null || fail "404 body"

code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d x "$base/healthz")
[ "$code" = 405 ] || fail "POST /healthz gave $code"

# An oversized body is refused with 413, not read into memory.
head -c 200000 /dev/zero | tr '\0' a >"$work/big"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$work/big" "$base/v1/resolve")
[ "$code" = 413 ] || fail "oversized body gave $code"

# A chunked body is refused with 411 before any of it is parsed.
code=$(curl -s -o "$work/chunked" -w '%{http_code}' -X POST -H 'Transfer-Encoding: chunked' \
  --data-binary '{"names":[]}' "$base/v1/resolve")
[ "$code" = 411 ] || fail "chunked body gave $code"
jq -e '.error.code == "length_required"' "$work/chunked" >/dev/null || fail "411 body: $(cat "$work/chunked")"

# Garbage on the wire gets a 400 and the relay keeps serving.
exec 3<>/dev/tcp/127.0.0.1/"$port"
printf 'NOT HTTP AT ALL\r\n\r\n' >&3
reply=$(timeout 5 head -n1 <&3 || true)
exec 3<&-
case "$reply" in "HTTP/1.1 400"*) ;; *) fail "garbage request got '$reply'";; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")
[ "$code" = 200 ] || fail "relay stopped serving after bad input"

# Keep-alive: two requests on one connection.
n=$(curl -s -v "$base/healthz" "$base/healthz" 2>&1 | grep -c 'Re-using existing connection' || true)
[ "$n" -ge 1 ] || fail "keep-alive connection not reused"

# SIGTERM stops it promptly and cleanly.
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "relay still running 5 s after SIGTERM"
wait "$pid" || fail "relay exited non-zero after SIGTERM"
pid=
echo "http_api: all checks passed on port $port"

#!/usr/bin/env bash
# Several relays, one shared cache in a real redis-server: a name one relay
# looked up is a hit at the other with no lookup; concurrent requests over
# both make exactly one lookup at the upstream; a tampered entry (changed
# offer, broken signature) is refused by both and looked up again; Redis
# killed and restarted: answers keep coming, /healthz says degraded and then
# recovers; a lease holder killed mid-lookup: another relay takes over once
# the lease runs out. Lookups are counted at the upstream (a socat forwarder
# in front of Unbound logs one connection per lookup).
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_shared_cache.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
# shellcheck source=../lib/redis.sh
. "$here/../lib/redis.sh"
relay_test_begin
w=$WORK
A_PID= B_PID= STALL_PID= R2_PID= E_PID=
cleanup() {
  for p in ${A_PID:-} ${B_PID:-} ${STALL_PID:-} ${R2_PID:-} ${E_PID:-}; do kill "$p" 2>/dev/null || true; done
  redis_kill
  relay_test_end
}
trap cleanup EXIT

redis_start
counter_start "$UNBOUND_PORT"
lone=(--direct --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --no-snapshot --round-interval 0)
shared=(--direct --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --no-snapshot
  --cache-backend redis --redis "$REDIS_URL" --redis-timeout 250)
common=("${shared[@]}" --round-interval 0)
start_a() { relay_start a --upstream "tcp://127.0.0.1:$COUNTER_PORT" "${common[@]}" "$@"; A_PID=$RELAY_PID; A=$BASE; A_LOG=$RELAY_LOG; }
start_b() { relay_start b --upstream "tcp://127.0.0.1:$COUNTER_PORT" "${common[@]}" "$@"; B_PID=$RELAY_PID; B=$BASE; B_LOG=$RELAY_LOG; }
stop_pid() { kill -TERM "$1" 2>/dev/null || true; for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done; }
at() { curl -s --max-time 30 -o "$3" -w '%{http_code}' "$1/v1/resolve?name=$2"; }
wait_up() {  # wait_up BASE: until its /healthz says the shared cache is up (bounded)
  for _ in $(seq 100); do
    [ "$(curl -s "$1/healthz" | jq -r .cache.shared.state)" = up ] && return 0
    sleep 0.1
  done
  fail "$1 never connected to Redis: $(curl -s "$1/healthz")"
}
metric() { curl -s "$1/metrics" | awk -v m="$2" '$1 == m {print $2}'; }

start_a
start_b
RELAY_PID=
wait_up "$A"
wait_up "$B"
jq -e '.status == "ok" and .cache.backend == "redis"' <(curl -s "$A/healthz") >/dev/null || fail "healthz: $(curl -s "$A/healthz")"

# 1. Looked up at A, a hit at B with no lookup.
c0=$(connections)
[ "$(at "$A" alice@rsa.test "$w/a1")" = 200 ] || fail "A: $(cat "$w/a1")"
jq -e '.status == "ok" and .cached == false' "$w/a1" >/dev/null || fail "A: $(cat "$w/a1")"
c1=$(connections)
((c1 == c0 + 1)) || fail "A's lookup: $((c1 - c0)) upstream connections, expected 1"
[ "$(at "$B" alice@rsa.test "$w/b1")" = 200 ] || fail "B: $(cat "$w/b1")"
jq -e '.status == "ok" and .cached == true' "$w/b1" >/dev/null || fail "B did not serve it cached: $(cat "$w/b1")"
[ "$(jq -r .uri "$w/a1")" = "$(jq -r .uri "$w/b1")" ] || fail "A and B serve different answers"
(($(connections) == c1)) || fail "B looked the name up again"
[ "$(metric "$B" 'hrn_shared_cache_total{event="hit"}')" = 1 ] || fail "B's shared hit not counted"
echo "shared: looked up at A (1 upstream lookup), a hit at B with none"

# 2. 50 concurrent requests for one new name, 25 at each relay: one lookup.
c0=$(connections)
pids=()
for i in $(seq 50); do
  if ((i % 2)); then base=$A; else base=$B; fi
  (at "$base" carol@p384.test "$w/c$i" >"$w/c$i.code") &
  pids+=($!)
done
wait "${pids[@]}"
for i in $(seq 50); do
  [ "$(cat "$w/c$i.code")" = 200 ] || fail "request $i: $(cat "$w/c$i.code") $(cat "$w/c$i")"
  jq -e '.status == "ok"' "$w/c$i" >/dev/null || fail "request $i: $(cat "$w/c$i")"
done
lookups=$(($(connections) - c0))
echo "shared: 50 concurrent requests over two relays made $lookups upstream lookup(s)"
((lookups == 1)) || fail "50 concurrent requests over A and B made $lookups lookups, expected exactly 1"
# Whether the other relay waited on the lease or came after the entry was
# written depends on timing; either way it made no lookup.
waited=$(($(metric "$A" 'hrn_shared_cache_total{event="waited"}') + $(metric "$B" 'hrn_shared_cache_total{event="waited"}')))
echo "shared: $waited request(s) waited on the other relay's lease, the rest were hits"

# 2b. A stale entry in Redis is not the answer of the lookup another relay
# is making: a relay waiting on that relay's lease keeps waiting for its new
# entry (here the lease is forged and runs out, so B looks the name up
# itself) instead of serving the old entry at once, marked stale, with no
# refresh having failed (RFC 8767 section 4).
[ "$(at "$A" s1@p384.test "$w/s1")" = 200 ] || fail "A: s1: $(cat "$w/s1")"
python3 "$here/../lib/redis_entry.py" "$REDIS_PORT" 'hrn:1:e:s1@p384.test' stale >/dev/null
[ "$(redis_cli SET 'hrn:1:l:s1@p384.test' another-relay PX 2000)" = OK ] || fail "could not forge a lease"
c0=$(connections)
t0=$(date +%s%N)
[ "$(at "$B" s1@p384.test "$w/s2")" = 200 ] || fail "B: s1: $(cat "$w/s2")"
took=$((($(date +%s%N) - t0) / 1000000))
jq -e '.status == "ok" and .stale == false' "$w/s2" >/dev/null \
  || fail "B served the stale entry as the lease holder's answer after $took ms: $(cat "$w/s2")"
(($(connections) == c0 + 1)) || fail "B did not look the name up once the lease ran out"
((took >= 1500)) || fail "B did not wait for the lease ($took ms)"
echo "stale: B waited $took ms on a lease over a stale entry, then looked the name up (not served stale)"

# 2c. Forged failure notes: whoever can write to Redis must not be able to
# deny a name. A note with no lease is never believed (claiming the lease
# clears it); with a forged lease that runs out, a note is believed at most
# once per 5 s, and the next request looks the name up.
redis_cli SET 'hrn:1:f:w1@p384.test' dnssec_bogus PX 60000 >/dev/null
[ "$(at "$B" w1@p384.test "$w/f1")" = 200 ] || fail "a forged failure note denied w1: $(cat "$w/f1")"
forge() { redis_cli SET 'hrn:1:l:w2@p384.test' forged PX 300 >/dev/null; redis_cli SET 'hrn:1:f:w2@p384.test' dnssec_bogus PX 60000 >/dev/null; }
forge
first=$(at "$B" w2@p384.test "$w/f2")
forge
[ "$(at "$B" w2@p384.test "$w/f3")" = 200 ] || fail "a forged failure note denied w2 twice: $first, then $(cat "$w/f3")"
jq -e '.status == "ok"' "$w/f3" >/dev/null || fail "w2 after a forged note: $(cat "$w/f3")"
echo "forged failure notes: without a lease never believed; with a forged lease believed once (HTTP $first), then looked up"

# 3. Tampered entries are refused by both relays and looked up again. Each
# relay starts with an empty cache of its own, so it must read Redis.
stop_pid "$A_PID"
stop_pid "$B_PID"
good_alice=$(jq -r .uri "$w/a1")
good_carol=$(jq -r .uri "$w/c1")
python3 "$here/../lib/redis_entry.py" "$REDIS_PORT" 'hrn:1:e:alice@rsa.test' uri >/dev/null
python3 "$here/../lib/redis_entry.py" "$REDIS_PORT" 'hrn:1:e:carol@p384.test' signature >/dev/null
[ "$(python3 "$here/../lib/redis_entry.py" "$REDIS_PORT" 'hrn:1:e:alice@rsa.test' show | cut -d' ' -f2)" != "$good_alice" ] \
  || fail "the tampering did not change the stored offer"
start_a
start_b
RELAY_PID=
wait_up "$A"
wait_up "$B"
refused_at() {  # refused_at BASE NAME GOOD_URI: the tampered entry is refused, the name looked up again
  local c0 n
  c0=$(connections)
  [ "$(at "$1" "$2" "$w/t")" = 200 ] || fail "$2 at $1: $(cat "$w/t")"
  [ "$(jq -r .uri "$w/t")" = "$3" ] || fail "$2 at $1 served the tampered answer: $(cat "$w/t")"
  jq -e '.cached == false' "$w/t" >/dev/null || fail "$2 at $1 was served from the tampered entry: $(cat "$w/t")"
  n=$(($(connections) - c0))
  ((n == 1)) || fail "$2 at $1: $n lookups after refusing the tampered entry, expected 1"
}
refused_at "$A" alice@rsa.test "$good_alice"
refused_at "$B" carol@p384.test "$good_carol"
# The lookups replaced the entries: tamper again the other way round.
python3 "$here/../lib/redis_entry.py" "$REDIS_PORT" 'hrn:1:e:alice@rsa.test' signature >/dev/null
python3 "$here/../lib/redis_entry.py" "$REDIS_PORT" 'hrn:1:e:carol@p384.test' uri >/dev/null
stop_pid "$A_PID"
stop_pid "$B_PID"
start_a
start_b
RELAY_PID=
wait_up "$A"
wait_up "$B"
refused_at "$B" alice@rsa.test "$good_alice"
refused_at "$A" carol@p384.test "$good_carol"
ra=$(metric "$A" 'hrn_shared_cache_total{event="refused"}')
rb=$(metric "$B" 'hrn_shared_cache_total{event="refused"}')
echo "tampered: a changed offer and a broken signature, each refused by A and by B (refusals since their last restart: A $ra, B $rb), looked up again"
((ra >= 1 && rb >= 1)) || fail "refusals not counted: A $ra, B $rb"

# 4. Redis killed mid-run, then restarted on the same port.
redis_kill
[ "$(at "$A" carol@p384.test "$w/k1")" = 200 ] || fail "a cached name while Redis is down: $(cat "$w/k1")"
c0=$(connections)
for n in dave@ed25519.test alice@p256.test; do
  [ "$(at "$A" "$n" "$w/k2")" = 200 ] || fail "$n while Redis is down: $(cat "$w/k2")"
  jq -e '.status == "ok"' "$w/k2" >/dev/null || fail "$n while Redis is down: $(cat "$w/k2")"
done
(($(connections) == c0 + 2)) || fail "misses while Redis is down were not looked up alone"
curl -s "$A/healthz" >"$w/h"
jq -e '.status == "degraded" and .cache.shared.state == "down" and (.cache.shared.reason | length > 0)' "$w/h" \
  >/dev/null || fail "healthz while Redis is down: $(cat "$w/h")"
[ "$(metric "$A" hrn_redis_up)" = 0 ] || fail "hrn_redis_up while Redis is down"
downs=$(grep -c 'Redis at .* unavailable' "$A_LOG" || true)
echo "redis down: A answered a cached name and looked up 2 new ones alone; /healthz degraded; logged $downs time(s)"
((downs == 1)) || fail "the outage was logged $downs times, expected once"
redis_start "$REDIS_PORT"
wait_up "$A"
wait_up "$B"
jq -e '.status == "ok"' <(curl -s "$A/healthz") >/dev/null || fail "healthz after Redis came back"
[ "$(at "$A" u1@p384.test "$w/r1")" = 200 ] || fail "after recovery: $(cat "$w/r1")"
c0=$(connections)
[ "$(at "$B" u1@p384.test "$w/r2")" = 200 ] || fail "after recovery at B: $(cat "$w/r2")"
jq -e '.cached == true' "$w/r2" >/dev/null || fail "after recovery B did not read A's entry: $(cat "$w/r2")"
(($(connections) == c0)) || fail "after recovery B looked the name up again"
echo "redis back: both relays reconnected by themselves; sharing again (a name A looked up is a hit at B)"

# 5. A lease holder killed mid-lookup: A looks up through an upstream that
# never answers (its lease: its 3 s lookup deadline + 2 s), and is killed
# holding the lease; B waits for it to run out, then looks the name up.
stop_pid "$A_PID"
stall=$(fixture_free_ports 1)
socat "TCP-LISTEN:$stall,bind=127.0.0.1,reuseaddr,fork" SYSTEM:'sleep 30' 2>/dev/null &
STALL_PID=$!
sleep 0.3
relay_start a2 --upstream "tcp://127.0.0.1:$stall" "${common[@]}" --lookup-timeout 3000 --query-timeout 3000
A_PID=$RELAY_PID
A=$BASE
RELAY_PID=
wait_up "$A"
(curl -s --max-time 10 "$A/v1/resolve?name=alice@rsa512.test" >/dev/null || true) &
for _ in $(seq 50); do
  [ "$(redis_cli EXISTS 'hrn:1:l:alice@rsa512.test')" = 1 ] && break
  sleep 0.1
done
[ "$(redis_cli EXISTS 'hrn:1:l:alice@rsa512.test')" = 1 ] || fail "A took no lease"
kill -KILL "$A_PID"
A_PID=
left=$(redis_cli PTTL 'hrn:1:l:alice@rsa512.test')
t0=$(date +%s%N)
[ "$(at "$B" alice@rsa512.test "$w/l1")" = 200 ] || fail "B after the holder died: $(cat "$w/l1")"
took=$((($(date +%s%N) - t0) / 1000000))
jq -e '.status == "ok"' "$w/l1" >/dev/null || fail "B after the holder died: $(cat "$w/l1")"
echo "lease: holder killed with ${left} ms left on its lease; B answered after $took ms (takeovers: $(metric "$B" 'hrn_shared_cache_total{event="takeover"}'))"
((took >= left - 500)) || fail "B did not wait for the lease ($took ms, lease had $left ms)"
[ "$(metric "$B" 'hrn_shared_cache_total{event="takeover"}')" -ge 1 ] || fail "no takeover counted"
stop_pid "$B_PID"
B_PID=

# 6. Decoys from the fleet's demand: relay C's clients ask for names; relay
# D has no client, no directory and an empty cache of its own, so every
# decoy it sends comes from the demand C shared through Redis (relays
# exchange demand every ten rounds: 2 s here).
rounds=(--round-interval 200 --batch-size 2 --idle-rounds cover)
relay_start c --upstream "tcp://127.0.0.1:$COUNTER_PORT" "${shared[@]}" "${rounds[@]}"
C_PID=$RELAY_PID
C=$BASE
RELAY_PID=
A_PID=$C_PID  # stopped at exit
wait_up "$C"
for n in alice@rsa.test carol@p384.test dave@ed25519.test; do
  [ "$(at "$C" "$n" "$w/asked")" = 200 ] || fail "C: $n: $(cat "$w/asked")"
done
relay_start d --upstream "tcp://127.0.0.1:$COUNTER_PORT" "${shared[@]}" "${rounds[@]}"
B_PID=$RELAY_PID
D=$BASE
RELAY_PID=
wait_up "$D"
for _ in $(seq 80); do
  [ "$(metric "$D" 'hrn_round_slots_total{kind="decoy"}')" -gt 0 ] && break
  sleep 0.1
done
decoys=$(metric "$D" 'hrn_round_slots_total{kind="decoy"}')
empty=$(metric "$D" 'hrn_round_slots_total{kind="empty"}')
echo "demand: relay D, with no client of its own, sent $decoys decoys from the names C's clients asked for ($empty empty slots before it learnt them)"
((decoys > 0)) || fail "D sent no decoys: the fleet's demand did not reach it"

# 7. Redis on a unix socket with a password (--redis-password-file): the
# right one connects and shares; a wrong one leaves the relay degraded, with
# the reason in /healthz.
sock=$w/redis2.sock
printf 'pw-%s\n' "$RANDOM$RANDOM" >"$w/redis.pw"
redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --requirepass "$(head -n 1 "$w/redis.pw")" \
  --save '' --appendonly no --dir "$w/redis" >>"$w/redis/log2" 2>&1 &
R2_PID=$!
for _ in $(seq 50); do
  redis-cli -s "$sock" --no-auth-warning -a "$(head -n 1 "$w/redis.pw")" PING 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
relay_start e --upstream "tcp://127.0.0.1:$COUNTER_PORT" "${lone[@]}" --cache-backend redis --redis "unix://$sock" \
  --redis-password-file "$w/redis.pw"
E_PID=$RELAY_PID
E=$BASE
RELAY_PID=
wait_up "$E"
[ "$(at "$E" alice@rsa.test "$w/e1")" = 200 ] || fail "E: $(cat "$w/e1")"
[ "$(redis-cli -s "$sock" --no-auth-warning -a "$(head -n 1 "$w/redis.pw")" EXISTS 'hrn:1:e:alice@rsa.test')" = 1 ] \
  || fail "E wrote no entry through the unix socket"
echo wrong >"$w/wrong.pw"
relay_start f --upstream "tcp://127.0.0.1:$COUNTER_PORT" "${lone[@]}" --cache-backend redis --redis "unix://$sock" \
  --redis-password-file "$w/wrong.pw"
F=$BASE
for _ in $(seq 50); do
  [ "$(curl -s "$F/healthz" | jq -r '.cache.shared.reason // ""')" != "" ] && break
  sleep 0.1
done
curl -s "$F/healthz" >"$w/fh"
jq -e '.status == "degraded" and (.cache.shared.reason | test("auth"; "i"))' "$w/fh" >/dev/null \
  || fail "a wrong password: $(cat "$w/fh")"
[ "$(at "$F" alice@rsa.test "$w/f1")" = 200 ] || fail "F (no Redis) did not answer: $(cat "$w/f1")"
echo "unix socket + password file: E shares through it; a wrong password leaves F degraded ($(jq -r .cache.shared.reason "$w/fh")) and answering alone"
echo "resolve_shared_cache: all checks passed"

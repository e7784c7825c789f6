#!/usr/bin/env bash
# The privacy scheduler in the relay, seen from the upstream: lookups leave
# in rounds of exactly K, at the round ticks; with `cover` the rounds go on
# (decoys: names clients asked for) when no client asks; with `quiet` nothing
# leaves unasked; a request that would wait too long is busy (429). The
# upstream is a socat forwarder in front of Unbound that logs each TCP
# connection (one lookup) with a microsecond timestamp.
set -euo pipefail
RELAY=$(realpath "$1")
dnszones_env=${3:?usage: resolve_rounds.sh HRN_RELAY HRN DNSZONES_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
relay_test_begin
w=$WORK

# socat with microsecond timestamps: the start of each lookup.
port=$(fixture_free_ports 1)
socat -d -d -lu "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$UNBOUND_PORT" 2>"$w/up.log" &
COUNTER_PID=$!
sleep 0.3
# The log is appended to by socat: a test marks where it starts reading.
mark() { wc -l <"$w/up.log"; }
since() { tail -n +$(($1 + 1)) "$w/up.log" | grep -a 'accepting connection' || true; }
starts() {  # seconds since midnight of each connection after mark $1, one per line
  since "$1" | awk '{ split($2, t, ":"); print t[1] * 3600 + t[2] * 60 + t[3] }'
}

names=(alice@rsa.test carol@p384.test dave@ed25519.test alice@p256.test alice@rsa512.test u1@p384.test)
K=4
# Rounds of 1 s here: a loaded machine can delay a lookup's start by a few
# hundred milliseconds, and the rounds must stay apart on the wire.
relay_start cover --direct --upstream "tcp://127.0.0.1:$port" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 \
  --round-interval 1000 --batch-size $K --idle-rounds cover
for n in "${names[@]}"; do
  [ "$(get "/v1/resolve?name=$n" "$w/a")" = 200 ] || fail "$n: $(cat "$w/a")"
  jq -e '.status=="ok"' "$w/a" >/dev/null || fail "$n: $(cat "$w/a")"
done
# No client asks now; the rounds go on with decoys drawn from those names.
m=$(mark)
sleep 5
starts "$m" >"$w/starts"
total=$(wc -l <"$w/starts")
# Group the starts into rounds: a gap of more than 400 ms opens a new round
# (rounds are 900-1100 ms apart, a round's starts spread over 100 ms: either
# side has 300 ms of slack).
awk 'NR == 1 || $1 - prev > 0.4 { if (NR > 1) print n; n = 0 } { n++; prev = $1 } END { print n }' \
  "$w/starts" >"$w/rounds"
rounds=$(wc -l <"$w/rounds")
echo "cover: $total lookups in 5 s without a client, in $rounds rounds of: $(tr '\n' ' ' <"$w/rounds")"
((rounds >= 4 && rounds <= 7)) || fail "expected about 5 rounds in 5 s, saw $rounds"
# Every round but the cut ones at both ends has exactly K lookups.
inner=$(sed '1d;$d' "$w/rounds" | sort -u | tr '\n' ' ')
[ "$inner" = "$K " ] || fail "rounds without a client should have exactly $K lookups, saw: $inner"
# ... and each round's lookups start close together (within its window).
# (100 ms, with slack for a loaded machine.)
awk 'NR == 1 || $1 - prev > 0.4 { first = $1 } { if ($1 - first > 0.25) bad = 1; prev = $1 } END { exit bad }' \
  "$w/starts" || fail "a round's lookups did not start within its window"
curl -s "$BASE/metrics" >"$w/metrics"
grep -q '^hrn_round_slots_total{kind="decoy"} [1-9]' "$w/metrics" || fail "no decoy slots: $(grep round_slots "$w/metrics")"
grep -q '^hrn_scheduler_batch_size 4$' "$w/metrics" || fail "K in metrics"
# A name is served from the cache the decoys keep fresh: no client-made lookup.
[ "$(get '/v1/resolve?name=alice@rsa.test' "$w/hit")" = 200 ] || fail "hit"
jq -e '.cached==true' "$w/hit" >/dev/null || fail "not cached: $(cat "$w/hit")"
relay_stop

# quiet: after the same requests, nothing leaves while no client asks.
relay_start quiet --direct --upstream "tcp://127.0.0.1:$port" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 \
  --round-interval 500 --batch-size $K --idle-rounds quiet
for n in "${names[@]}"; do get "/v1/resolve?name=$n" "$w/a" >/dev/null; done
m=$(mark)
sleep 2
quiet=$(since "$m" | wc -l)
# Quiet rounds send what is asked for and what is due for refresh, never a
# decoy. (A refresh can be due: Unbound counts its cached TTLs down, and
# other tests asked for these names minutes ago.)
curl -s "$BASE/metrics" >"$w/qmetrics"
decoys=$(awk '/^hrn_round_slots_total\{kind="decoy"\}/ {print $2}' "$w/qmetrics")
refreshes=$(awk '/^hrn_round_slots_total\{kind="refresh"\}/ {print $2}' "$w/qmetrics")
echo "quiet: $quiet lookups in 2 s without a client ($refreshes refreshes in all, $decoys decoys)"
[ "$decoys" = 0 ] || fail "quiet rounds sent $decoys decoys"
((quiet <= refreshes)) || fail "quiet rounds sent $quiet lookups with no client asking, $refreshes of them refreshes"
# A miss waits for its round: it is answered within about one interval.
t0=$(date +%s%N)
[ "$(get '/v1/resolve?name=u2@p384.test' "$w/miss")" = 200 ] || fail "miss"
took=$((($(date +%s%N) - t0) / 1000000))
echo "quiet: a miss answered in $took ms (rounds of 500 ms)"
((took < 2000)) || fail "a miss took $took ms"
relay_stop

# --hit-release round: a cached answer leaves at a round boundary too. Five
# hits one after another each wait for a boundary (about a round each);
# released at once they take milliseconds.
relay_start release --direct --upstream "tcp://127.0.0.1:$port" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 \
  --round-interval 500 --batch-size $K --idle-rounds quiet --hit-release round
get '/v1/resolve?name=alice@rsa.test' "$w/a" >/dev/null
t0=$(date +%s%N)
for i in 1 2 3 4 5; do
  [ "$(get '/v1/resolve?name=alice@rsa.test' "$w/h$i")" = 200 ] || fail "held hit $i"
  jq -e '.cached==true' "$w/h$i" >/dev/null || fail "held hit $i not cached"
done
held=$((($(date +%s%N) - t0) / 1000000))
echo "hit-release round: 5 hits in $held ms (rounds of 500 ms)"
((held >= 1800)) || fail "hits were not held to round boundaries ($held ms for 5)"
relay_stop

# busy: one lookup per 1 s round and a 1 s limit on waiting: of a batch of
# distinct new names, those that would wait too long are refused at once.
relay_start busy --direct --upstream "tcp://127.0.0.1:$port" --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 \
  --round-interval 1000 --batch-size 1 --max-queue-wait 1000 --idle-rounds quiet
[ "$(post '{"names":["b1@p384.test","b2@p384.test","b3@p384.test","b4@p384.test"]}' "$w/busy.json")" = 200 ] \
  || fail "busy batch"
nbusy=$(jq '[.results[] | select(.error.code == "busy")] | length' "$w/busy.json")
nok=$(jq '[.results[] | select(.status == "ok")] | length' "$w/busy.json")
echo "busy: of 4 new names with K=1 and a 1 s wait limit, $nok answered, $nbusy busy"
((nbusy >= 2 && nok >= 1)) || fail "busy: $(jq -c '[.results[] | .status, .error.code]' "$w/busy.json")"
# A single GET that would wait too long is 429 busy.
for i in 1 2 3; do
  curl -s -o "$w/c$i.json" -w '%{http_code}\n' "$BASE/v1/resolve?name=c$i@p384.test" >"$w/c$i.code" &
done
sleep 2.5
grep -l 429 "$w"/c?.code >/dev/null || fail "no GET was refused: $(cat "$w"/c?.code | tr '\n' ' ')"
jq -e '.error.code=="busy"' $(grep -l 429 "$w"/c?.code | head -1 | sed 's/code$/json/') >/dev/null || fail "429 body"
grep -q '^hrn_scheduler_busy_total [1-9]' <(curl -s "$BASE/metrics") || fail "busy not counted"
relay_stop
echo "resolve_rounds: all checks passed"

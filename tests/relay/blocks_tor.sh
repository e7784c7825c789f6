#!/usr/bin/env bash
# The block source in the relay, against servers written here:
#  - an Esplora-like HTTPS server (python3, a test CA made with openssl) at
#    the name esplora.test, reached through the private Tor network: the
#    tip shows in /healthz, a new block is picked up at the next poll, every
#    poll rides its own SOCKS credentials with the name (never an address)
#    as the target, and with the server down the tip is dropped after
#    --blocks-max-age with the reason;
#  - a bitcoind-like JSON-RPC server (python3) checking Basic auth from a
#    cookie file: the tip shows, a wrong cookie gives a clear reason, and a
#    rewritten cookie (bitcoind restarted) is picked up.
# esplora.test exists nowhere but in the tor client's address map (MAPADDRESS
# esplora.test=127.0.0.1 on its control port): this machine cannot resolve
# it, so a tip proves the relay handed the name to tor.
set -euo pipefail
RELAY=$(realpath "$1")
tornet_env=${2:?usage: blocks_tor.sh HRN_RELAY TORNET_ENV}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../tor/network/lib.sh
. "$here/../tor/network/lib.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
tn_load_env "$tornet_env"
fixture_require jq openssl python3 curl
relay_test_begin
w=$WORK
servers=()
mapped=0
end_test() {
  if ((mapped)); then tn_ctl_cmd "MAPADDRESS esplora.test=esplora.test" || true; fi
  tn_ctl_close
  local p
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  relay_test_end
}
trap end_test EXIT

# start_server NAME MODE ARGS...: runs block_servers.py in $w/NAME; sets SERVER_PORT, SERVER_PID.
start_server() {
  local name=$1 mode=$2 i
  shift 2
  mkdir -p "$w/$name"
  python3 "$here/../lib/block_servers.py" "$mode" "$w/$name" "$@" 2>"$w/$name/stderr" &
  SERVER_PID=$!
  servers+=("$SERVER_PID")
  for i in $(seq 50); do [ -s "$w/$name/port" ] && break; sleep 0.1; done
  [ -s "$w/$name/port" ] || fail "$name server did not start: $(cat "$w/$name/stderr")"
  SERVER_PORT=$(cat "$w/$name/port")
}
# blocks_health: the /healthz blocks section.
blocks_health() { curl -s --max-time 5 "$BASE/healthz" | jq -c .blocks; }
# wait_blocks JQ_FILTER SECONDS: until the blocks section matches (events drained meanwhile).
wait_blocks() {
  local filter=$1 until=$(($(date +%s) + $2))
  while (($(date +%s) < until)); do
    blocks_health | jq -e "$filter" >/dev/null 2>&1 && return 0
    if [[ -n $TN_CTL_FD ]]; then tn_ctl_drain 0.3; else sleep 0.3; fi
  done
  fail "blocks never matched '$filter' in $2 s: $(blocks_health)"
}
hash_of() { printf 'block-%s' "$1" | sha256sum | cut -d' ' -f1; }

# --- the Esplora server, its certificate for esplora.test -------------------------
cd "$w"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -days 2 -subj "/CN=hrn-relay blocks test CA" 2>/dev/null || fail "openssl: test CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout esplora.key -out esplora.csr \
  -subj "/CN=esplora.test" 2>/dev/null || fail "openssl: key"
printf 'subjectAltName=DNS:esplora.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >esplora.ext
openssl x509 -req -in esplora.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out esplora.pem -days 2 \
  -extfile esplora.ext 2>/dev/null || fail "openssl: certificate"
getent hosts esplora.test >/dev/null && fail "esplora.test resolves on this machine; the test needs a name only tor knows"
mkdir -p esplora && echo 850000 >esplora/height
start_server esplora esplora "$w/esplora.pem" "$w/esplora.key"
esplora_port=$SERVER_PORT
esplora_pid=$SERVER_PID
curl -s --max-time 5 --cacert ca.pem --resolve "esplora.test:$esplora_port:127.0.0.1" \
  "https://esplora.test:$esplora_port/api/blocks" | jq -e '.[0].height == 850000' >/dev/null ||
  fail "the esplora server does not answer directly"
: >esplora/requests.log

tn_ctl_open "$CLIENT_CONTROL_PORT" "$CLIENT_COOKIE" || fail "cannot authenticate on tor's control port"
tn_ctl_cmd "MAPADDRESS esplora.test=127.0.0.1" || fail "MAPADDRESS: ${TN_REPLY[*]}"
mapped=1
tn_ctl_cmd "SETEVENTS STREAM" || fail "SETEVENTS STREAM: ${TN_REPLY[*]}"
net_ctl_mark
start_mark=$NET_MARK

relay_start esplora --tor-socks "$TOR_SOCKS" --round-interval 0 --ca-file "$w/ca.pem" \
  --blocks "esplora:https://esplora.test:$esplora_port/api" --blocks-poll 2 --blocks-max-age 8
wait_blocks '.source == "esplora" and .height == 850000' 60
blocks_health | jq -e '.age_seconds <= 3 and (has("reason") | not)' >/dev/null || fail "fresh tip: $(blocks_health)"
echo "esplora: tip 850000 through Tor"

echo 850003 >esplora/height
wait_blocks '.height == 850003' 15
curl -s "$BASE/metrics" >metrics
grep -q '^hrn_blocks_tip_height 850003$' metrics || fail "metrics: $(grep blocks metrics)"
grep -q '^hrn_blocks_poll_failures_total 0$' metrics || fail "metrics failures: $(grep blocks metrics)"
grep -Eq '^hrn_blocks_seconds_since_good_poll [0-3]$' metrics || fail "metrics age: $(grep blocks metrics)"
grep -q 'blocks: tip at height 850000' "$RELAY_LOG" || fail "no info line for the first tip"
grep -q 'blocks: tip at height 850003' "$RELAY_LOG" || fail "no info line for the new tip"
grep -q "$(hash_of 850003)" "$RELAY_LOG" && fail "a block hash was logged"
echo "esplora: a new block (850003) picked up at the next poll"

# Every poll a stream of its own to the name, with credentials no other poll had.
net_ctl_mark
tn_ctl_drain 0.5
mapfile -t streams < <(net_streams "esplora.test:$esplora_port" | awk -v m="$start_mark" '$2 >= m')
polls=$(grep -c '^GET /api/blocks 200$' esplora/requests.log || true)
((${#streams[@]} >= 2)) || fail "tor saw ${#streams[@]} streams to esplora.test:$esplora_port: $(printf '%s\n' "${TN_EVENTS[@]}" | tail -20)"
((polls >= ${#streams[@]})) || fail "$polls requests for ${#streams[@]} streams"
passwords=$(printf '%s\n' "${streams[@]}" | awk '$5 == "<torS0X>0" { print $6 }' | sort -u | wc -l)
((passwords == ${#streams[@]})) || fail "${#streams[@]} polls used $passwords distinct isolation credentials"
if printf '%s\n' "${TN_EVENTS[@]}" | grep -E "^650 STREAM [0-9]+ NEW [0-9]+ 127\.0\.0\.1:$esplora_port( |$)" >/dev/null; then
  fail "a stream asked tor for the address, not the name"
fi
echo "esplora: ${#streams[@]} polls, each its own SOCKS credentials, target the name esplora.test"
tn_ctl_cmd "SETEVENTS" || true

# Server down: the tip stays until --blocks-max-age (8 s), then goes, with the reason.
kill "$esplora_pid" && wait "$esplora_pid" 2>/dev/null || true
wait_blocks '.height == 850003' 1
wait_blocks 'has("height") | not' 20
reason=$(blocks_health | jq -r .reason)
[[ $reason == *"height 850003"* && $reason == *"--blocks-max-age 8 s"* && $reason == *unreachable* ]] ||
  fail "reason after the source went down: $reason"
[[ $reason == *"$w"* || $reason == *password* ]] && fail "the reason shows more than it should: $reason"
curl -s "$BASE/metrics" >metrics
grep -q '^hrn_blocks_tip_available 0$' metrics || fail "metrics after drop: $(grep blocks metrics)"
grep -Eq '^hrn_blocks_poll_failures_total [1-9]' metrics || fail "no failures counted: $(grep blocks metrics)"
[ "$(grep -c 'blocks: the esplora source unreachable' "$RELAY_LOG")" = 1 ] || fail "want one warning when polls start failing"
echo "esplora: server down, tip dropped after max age: $reason"
relay_stop

# --- bitcoind's JSON-RPC, with the cookie --------------------------------------------
mkdir -p rpc && echo 1200 >rpc/height
printf '__cookie__:%s\n' "$(hash_of cookie-1)" >rpc/expected
start_server rpc rpc "$w/rpc/expected"
rpc_port=$SERVER_PORT
printf '__cookie__:%s\n' "$(hash_of wrong)" >cookie
relay_start bitcoind --tor-socks "$TOR_SOCKS" --round-interval 0 \
  --blocks "bitcoind:http://127.0.0.1:$rpc_port" --blocks-rpc-cookie "$w/cookie" --blocks-poll 1 --blocks-max-age 3
wait_blocks '.source == "bitcoind" and (.reason | test("refuses the RPC credentials"))' 15
reason=$(blocks_health | jq -r .reason)
[[ $reason == *"HTTP 401"* && $reason == *"--blocks-rpc-cookie"* ]] || fail "wrong cookie reason: $reason"
[[ $reason == *"$(hash_of wrong)"* ]] && fail "the reason shows the cookie: $reason"
echo "bitcoind: wrong cookie: $reason"

cp rpc/expected cookie  # bitcoind started and wrote its cookie
wait_blocks '.height == 1200' 10
echo 1201 >rpc/height
wait_blocks '.height == 1201' 10
# bitcoind restarts: a new cookie, rewritten in place; the relay reads it again.
printf '__cookie__:%s\n' "$(hash_of cookie-2)" >rpc/expected
cp rpc/expected cookie
echo 1202 >rpc/height
wait_blocks '.height == 1202' 10
grep -q 'blocks: the bitcoind source answers again' "$RELAY_LOG" || fail "no recovery line in the log"
grep -Eq '^POST / 401$' rpc/requests.log || fail "the rpc server saw no refused call"
echo "bitcoind: tip 1200 -> 1202 over JSON-RPC, cookie re-read after a restart"
relay_stop
echo "blocks_tor: all checks passed"

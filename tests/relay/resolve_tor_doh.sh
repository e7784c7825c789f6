#!/usr/bin/env bash
# DoH upstreams through the private Tor network, counted at the server:
#
#   hrn / hrn-relay --SOCKS5--> tor --> exit --> delay proxy --> nginx (TLS;
#       HTTP/2, or HTTP/1.1 only) --> dnsdist (DoH over HTTP) --> Unbound
#
# The delay proxy (tests/lib/delay_proxy.py) holds every answer for 250 ms,
# so nginx's log tells round trips apart by when requests arrive: a request
# sent only after an answer came arrives 250 ms or more after it. Checks:
#   - HTTP/2: a name without aliases is ONE round trip (12 streams on one
#     connection, arriving together), a CNAME two; the client's round_trips
#     agrees with the log;
#   - an HTTP/1.1-only server still answers (one request per round trip, and
#     round_trips says so);
#   - a certificate from another CA: tls_verify_failed, no request served;
#   - a server that resets the streams: upstream_error saying so, no hang;
#   - the relay's lookups: each its own TLS connection, none resumes a TLS
#     session (nginx's $connection and $ssl_session_reused);
#   - DoH over plain HTTP to an onion service (ADD_ONION on the network's hs
#     tor, pointing at dnsdist): the lookup answers.
set -euo pipefail
RELAY=$(realpath "$1")
HRN=$(realpath "$2")
dnszones_env=${3:?usage: resolve_tor_doh.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
tornet_env=${4:?usage: resolve_tor_doh.sh HRN_RELAY HRN DNSZONES_ENV TORNET_ENV}
here=$(cd "$(dirname "$0")" && pwd)
NET_NAME="relay: resolve_tor_doh"
# shellcheck source=../tor/network/lib.sh
. "$here/../tor/network/lib.sh"
# shellcheck source=../lib/relay.sh
. "$here/../lib/relay.sh"
# shellcheck source=../lib/doh_stack.sh
. "$here/../lib/doh_stack.sh"
net_load_envs "$tornet_env" "$dnszones_env"
fixture_require jq awk openssl nginx dnsdist python3 curl
relay_test_begin
w=$WORK
cd "$w"
stack_pids=()
onion_id=
finish() {
  if [[ -n $onion_id ]]; then tn_ctl_cmd "DEL_ONION $onion_id" >/dev/null 2>&1 || true; fi
  tn_ctl_close 2>/dev/null || true
  local p
  for p in "${stack_pids[@]}"; do fixture_stop_pid "$p"; done
  relay_test_end
}
trap finish EXIT

# --- the DoH stack -------------------------------------------------------------
doh_test_ca "hrn-relay DoH test CA" || fail "openssl: test CA"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other-ca.key \
  -out other-ca.pem -days 2 -subj "/CN=some other CA" 2>/dev/null || fail "openssl: other CA"
doh_cert server "IP:127.0.0.1" || fail "openssl: server certificate"

started=0
for attempt in 1 2 3; do
  dd_port=$(net_free_port)
  if doh_dnsdist_start "$dd_port" "$UNBOUND_PORT"; then
    stack_pids+=("$DOH_DNSDIST_PID") && started=1 && break
  fi
  fixture_stop_pid "$DOH_DNSDIST_PID"
  echo "dnsdist did not come up on $dd_port (attempt $attempt): $(tail -3 dnsdist.log)" >&2
done
((started)) || fail "dnsdist did not start: $(cat dnsdist.log)"

# nginx: HTTP/2 (ALPN h2 and http/1.1) on h2_port, HTTP/1.1 only on h1_port.
# /reset ends every stream without an answer (nginx's 444 resets an HTTP/2
# stream).
started=0
for attempt in 1 2 3; do
  mapfile -t ports < <(fixture_free_ports 2 "$dd_port")
  h2_port=${ports[0]} h1_port=${ports[1]}
  doh_nginx_start server "$h2_port ssl http2" "$h1_port ssl" && stack_pids+=("$DOH_NGINX_PID") && started=1 && break
  fixture_stop_pid "$DOH_NGINX_PID"
done
((started)) || fail "nginx did not start: $(cat nginx.out nginx-error.log)"
curl -s --noproxy '' --http2 --cacert ca.pem -o /dev/null -w '%{http_version}' \
  "https://127.0.0.1:$h2_port/" | grep -qx 2 || fail "nginx on $h2_port does not speak HTTP/2"

# Delay proxies in front of both servers: what the exit connects to.
proxy_start() {  # proxy_start TARGET_PORT: sets PROXY_PORT
  local target=$1 i
  for i in 1 2 3; do
    PROXY_PORT=$(net_free_port "$dd_port" "$h2_port" "$h1_port")
    python3 "$here/../lib/delay_proxy.py" "$PROXY_PORT" "$target" 250 >"proxy-$target.out" 2>&1 &
    local pid=$!
    for _ in $(seq 50); do
      grep -qs listening "proxy-$target.out" && stack_pids+=("$pid") && return 0
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    fixture_stop_pid "$pid"
  done
  fail "the delay proxy did not start: $(cat "proxy-$target.out")"
}
proxy_start "$h2_port"
h2_url=https://127.0.0.1:$PROXY_PORT/dns-query
h2_reset=https://127.0.0.1:$PROXY_PORT/reset
proxy_start "$h1_port"
h1_url=https://127.0.0.1:$PROXY_PORT/dns-query
net_log "nginx HTTP/2 :$h2_port and HTTP/1.1 :$h1_port, each behind a 250 ms delay proxy, -> dnsdist :$dd_port -> Unbound :$UNBOUND_PORT"

# --- hrn through Tor ---------------------------------------------------------------
# lookup OUT NAME URL [ARGS...]: `hrn resolve` through Tor; sets NET_RC, NET_MS
# and FROM (the first line of the access log that is this lookup's).
lookup() {
  local out=$1 name=$2 url=$3
  shift 3
  FROM=$(($(wc -l <nginx-access.log) + 1))
  net_run "$out" "$out.err" "$HRN" resolve "$name" --upstream "$url" --trust-anchor "$TRUST_ANCHOR" \
    --tor-socks "$TOR_SOCKS" --timeout 20000 --deadline 30000 "$@"
}
lines_since() { tail -n +"$1" nginx-access.log; }

# check_one_connection FROM PROTOCOL: every request logged from FROM came on
# one connection, with PROTOCOL, answered 200, on a fresh TLS session.
check_one_connection() {
  local from=$1 protocol=$2
  [[ $(lines_since "$from" | awk '{ print $1 }' | sort -u | wc -l) == 1 ]] ||
    fail "requests of one lookup on several connections: $(lines_since "$from")"
  lines_since "$from" | awk -v p="$protocol" '$3 != p || $5 != "." || $NF != 200 { bad = 1 } END { exit bad }' ||
    fail "wanted $protocol, fresh TLS sessions, status 200: $(lines_since "$from")"
}

for case in "alice@rsa.test 1" "cname@rsa.test 2"; do
  read -r name want <<<"$case"
  lookup h2.json "$name" "$h2_url" --ca-file ca.pem
  [[ $NET_RC == 0 ]] || fail "$name over DoH/HTTP/2: exit $NET_RC: $(cat h2.json h2.json.err)"
  rt=$(jq .round_trips h2.json)
  requests=$(lines_since "$FROM" | wc -l)
  rounds=$(doh_log_rounds "$FROM")
  check_one_connection "$FROM" HTTP/2.0
  [[ $rt == "$want" && $rounds == "$want" ]] ||
    fail "$name over HTTP/2: round_trips $rt, nginx saw $rounds round(s) (wanted $want): $(lines_since "$FROM")"
  ((requests >= 6)) || fail "$name over HTTP/2: only $requests requests: $(lines_since "$FROM")"
  net_log "$name over DoH/HTTP/2 through Tor: $requests requests on one connection in $rounds round trip(s) at the server, round_trips $rt, $NET_MS ms"
done

lookup h1.json alice@rsa.test "$h1_url" --ca-file ca.pem
[[ $NET_RC == 0 ]] || fail "DoH to the HTTP/1.1-only server: exit $NET_RC: $(cat h1.json h1.json.err)"
jq -e '.status == "ok"' h1.json >/dev/null || fail "HTTP/1.1-only server: $(cat h1.json)"
rt=$(jq .round_trips h1.json)
requests=$(lines_since "$FROM" | wc -l)
rounds=$(doh_log_rounds "$FROM")
check_one_connection "$FROM" HTTP/1.1
[[ $rt == "$requests" && $rounds == "$requests" ]] ||
  fail "HTTP/1.1: round_trips $rt, $requests requests, nginx saw $rounds rounds: $(lines_since "$FROM")"
net_log "alice@rsa.test over DoH/HTTP/1.1 (server without h2): ok, $requests requests = $rounds round trips at the server = round_trips $rt, $NET_MS ms"

lookup otherca.json alice@rsa.test "$h2_url" --ca-file other-ca.pem
jq -e '.status == "error" and .error.code == "tls_verify_failed"' otherca.json >/dev/null ||
  fail "HTTP/2 server, certificate from another CA: wanted tls_verify_failed: $(cat otherca.json otherca.json.err)"
[[ -z $(lines_since "$FROM") ]] || fail "nginx served requests after a failed verification: $(lines_since "$FROM")"
net_log "another CA: tls_verify_failed, nothing served"

lookup reset.json alice@rsa.test "$h2_reset" --ca-file ca.pem
jq -e '.status == "error" and .error.code == "upstream_error" and (.error.message | test("reset"))' \
  reset.json >/dev/null || fail "streams reset by the server: wanted upstream_error: $(cat reset.json reset.json.err)"
((NET_MS < 15000)) || fail "the reset lookup took $NET_MS ms"
net_log "streams reset by the server: upstream_error '$(jq -r .error.message reset.json)' after $NET_MS ms"

# --- the relay: two lookups, two connections, no resumed session --------------
relay_start doh --tor-socks "$TOR_SOCKS" --upstream "$h2_url" --ca-file "$w/ca.pem" \
  --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --round-interval 0
declare -A conn_of=()
for name in alice@rsa.test alice@p256.test; do
  from=$(($(wc -l <nginx-access.log) + 1))
  code=$(get "/v1/resolve?name=$name" relay.json)
  [[ $code == 200 ]] && jq -e '.status == "ok"' relay.json >/dev/null ||
    fail "relay: $name: HTTP $code $(cat relay.json)"
  check_one_connection "$from" HTTP/2.0
  conn_of[$name]=$(lines_since "$from" | awk 'NR == 1 { print $1 }')
done
[[ ${conn_of[alice@rsa.test]} != "${conn_of[alice@p256.test]}" ]] ||
  fail "two lookups of the relay shared nginx connection ${conn_of[alice@rsa.test]}"
! grep -q ' r [0-9.]* [0-9.]* "' nginx-access.log || fail "a TLS session was resumed: $(grep ' r ' nginx-access.log)"
net_log "relay: two lookups on nginx connections ${conn_of[alice@rsa.test]} and ${conn_of[alice@p256.test]}, no TLS session resumed in $(wc -l <nginx-access.log) requests"
relay_stop

# --- DoH over plain HTTP to an onion service ---------------------------------
tn_ctl_open "$HS_CONTROL_PORT" "$HS_COOKIE" || fail "hs control port: cannot authenticate"
tn_ctl_cmd "SETEVENTS HS_DESC" || fail "SETEVENTS HS_DESC: ${TN_REPLY[*]}"
tn_ctl_cmd "ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,127.0.0.1:$dd_port" || fail "ADD_ONION: ${TN_REPLY[*]}"
for l in "${TN_REPLY[@]}"; do [[ $l =~ ^250-ServiceID=([a-z2-7]{56})$ ]] && onion_id=${BASH_REMATCH[1]}; done
[[ -n $onion_id ]] || fail "ADD_ONION gave no ServiceID: ${TN_REPLY[*]}"
deadline=$(($(net_now_ms) + 90000))
tn_ctl_wait_event "^650 HS_DESC UPLOADED $onion_id " "$deadline" >/dev/null ||
  fail "the onion service's descriptor was not uploaded within 90 s"
tries=0
while :; do
  tries=$((tries + 1))
  lookup onion.json alice@rsa.test "http://$onion_id.onion/dns-query"
  jq -e '.status == "ok"' onion.json >/dev/null 2>&1 && break
  (($(net_now_ms) < deadline)) || fail "DoH to http://$onion_id.onion/ never answered ($tries tries): $(cat onion.json onion.json.err)"
  sleep 2
done
net_log "DoH over plain HTTP to an onion service: ok after $tries tries ($(jq .round_trips onion.json) round trips, $NET_MS ms)"
net_log "ok"

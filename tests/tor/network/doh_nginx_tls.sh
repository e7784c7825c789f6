#!/usr/bin/env bash
# doh_nginx_tls.sh HRN TORNET_ENV DNSZONES_ENV
#
# TLS through Tor: nginx terminates TLS (a certificate for IP 127.0.0.1 from a
# CA made here with openssl) and proxies /dns-query to dnsdist, which serves
# plain-HTTP DoH (addDOHLocal without a certificate) in front of the dnszones
# fixture's Unbound:
#
#   hrn --SOCKS5--> tor client --> guard --> middle --> exit --TCP--> nginx (TLS)
#       --HTTP/1.1--> dnsdist (DoH over HTTP) --DNS--> Unbound --> NSD
#
# `hrn resolve --upstream https://127.0.0.1:PORT/dns-query --tor-socks` must
# answer with the right CA, and fail with tls_verify_failed with another CA,
# with no CA file (only the system store), and for a certificate made out to
# another name. nginx's access log proves the queries came through it, and
# tor's STREAM events that they came through Tor. nginx and dnsdist are
# stopped by PID.
set -euo pipefail
NET_NAME="tor network: doh"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=../../lib/doh_stack.sh
. "$here/../../lib/doh_stack.sh"

[[ $# == 3 ]] || net_fail "usage: doh_nginx_tls.sh HRN TORNET_ENV DNSZONES_ENV"
hrn=$(realpath "$1")
[[ -x $hrn ]] || net_fail "no hrn binary at $1"
net_load_envs "$2" "$3"
fixture_require jq awk openssl nginx dnsdist
work=$(mktemp -d)
nginx_pid=
dnsdist_pid=
# stop_pid NAME PID: TERM, wait up to 5 s, then KILL. Only our own children.
stop_pid() {
  local name=$1 pid=$2 i
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$NET_NAME: $name (pid $pid) ignored TERM; KILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  tn_ctl_close
  stop_pid nginx "$nginx_pid"
  stop_pid dnsdist "$dnsdist_pid"
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# --- certificates -------------------------------------------------------------
doh_test_ca "hrn-relay tor network test CA" || net_fail "openssl: test CA"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other-ca.key \
  -out other-ca.pem -days 2 -subj "/CN=some other CA" 2>/dev/null || net_fail "openssl: other CA"
doh_cert good "IP:127.0.0.1" || net_fail "openssl: certificate for good"
doh_cert wrongname "DNS:elsewhere.example" || net_fail "openssl: certificate for wrongname"
openssl verify -CAfile ca.pem good.pem >/dev/null || net_fail "good.pem does not verify with ca.pem"

# --- dnsdist: plain-HTTP DoH on 127.0.0.1 (only nginx talks to it) ----------
start_dnsdist() {
  dd_port=$(net_free_port)
  doh_dnsdist_start "$dd_port" "$UNBOUND_PORT" && dnsdist_pid=$DOH_DNSDIST_PID && return 0
  stop_pid dnsdist "$DOH_DNSDIST_PID"
  dnsdist_pid=
  return 1
}
ok=0
for attempt in 1 2 3; do
  if start_dnsdist; then ok=1 && break; fi
  echo "$NET_NAME: dnsdist did not come up on port $dd_port (attempt $attempt): $(tail -5 dnsdist.log)" >&2
done
((ok)) || net_fail "dnsdist did not start: $(cat dnsdist.log)"
grep -q 'running in DNS over HTTP mode' dnsdist.log ||
  net_fail "dnsdist does not say it serves plain HTTP on $dd_port: $(cat dnsdist.log)"

# --- nginx: TLS front, one process in the foreground (its PID is $!) ---------
start_nginx() {
  good_port=$(net_free_port "$dd_port")
  bad_port=$(net_free_port "$dd_port" "$good_port")
  {
    doh_nginx_head "$dd_port"
    cat <<CONF
  server {
    listen 127.0.0.1:$good_port ssl;
    ssl_certificate $work/good.pem;
    ssl_certificate_key $work/good.key;
    location = /dns-query {
      proxy_pass http://dnsdist;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
    location / { return 404; }
  }
  server {
    listen 127.0.0.1:$bad_port ssl;
    ssl_certificate $work/wrongname.pem;
    ssl_certificate_key $work/wrongname.key;
    location = /dns-query {
      proxy_pass http://dnsdist;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
  } >nginx.conf
  : >nginx-error.log
  nginx -p "$work" -c "$work/nginx.conf" >nginx.out 2>&1 &
  nginx_pid=$!
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$nginx_pid" 2>/dev/null || break
    if curl -s --noproxy '' --max-time 2 --cacert ca.pem -o /dev/null "https://127.0.0.1:$good_port/" &&
      curl -sk --noproxy '' --max-time 2 -o /dev/null "https://127.0.0.1:$bad_port/"; then
      return 0
    fi
    sleep 0.1
  done
  stop_pid nginx "$nginx_pid"
  nginx_pid=
  return 1
}
ok=0
for attempt in 1 2 3; do
  if start_nginx; then ok=1 && break; fi
  echo "$NET_NAME: nginx did not come up on $good_port/$bad_port (attempt $attempt): $(cat nginx.out nginx-error.log | tail -5)" >&2
done
((ok)) || net_fail "nginx did not start: $(cat nginx.out nginx-error.log)"
net_log "nginx (TLS) on 127.0.0.1:$good_port and :$bad_port (wrong name) -> dnsdist (HTTP DoH) on :$dd_port -> Unbound :$UNBOUND_PORT"

# The chain works without Tor first (curl, a DoH POST), so a failure below is Tor's.
printf '\0\0\1\0\0\1\0\0\0\0\0\0\4test\0\0\6\0\1' >soa.query
code=$(curl -s --noproxy '' --max-time 5 --cacert ca.pem -o soa.answer -w '%{http_code}' \
  -H 'content-type: application/dns-message' --data-binary @soa.query "https://127.0.0.1:$good_port/dns-query") ||
  net_fail "DoH POST to nginx directly failed"
[[ $code == 200 && $(stat -c %s soa.answer) -gt 12 ]] || net_fail "DoH POST to nginx directly: HTTP $code"

# --- lookups through Tor -------------------------------------------------------
tn_ctl_open "$CLIENT_CONTROL_PORT" "$CLIENT_COOKIE" ||
  net_fail "cannot authenticate on the client's control port $CLIENT_CONTROL_PORT"
tn_ctl_cmd "SETEVENTS STREAM" || net_fail "SETEVENTS STREAM: ${TN_REPLY[*]}"
net_ctl_mark
start_mark=$NET_MARK

lookups=0
# lookup WANT_EXIT OUT URL [ARGS...]: one `hrn resolve alice@rsa.test` through Tor.
lookup() {
  local want=$1 out=$2 url=$3
  shift 3
  net_run "$out" "$out.err" "$hrn" resolve alice@rsa.test --upstream "$url" \
    --trust-anchor "$TRUST_ANCHOR" --tor-socks "$TOR_SOCKS" "$@"
  lookups=$((lookups + 1))
  [[ $NET_RC == "$want" ]] || net_fail "exit $NET_RC (wanted $want) for $url $*: $(cat "$out" "$out.err")"
}
good_url=https://127.0.0.1:$good_port/dns-query
offer=$(awk -F'\t' '$1 == "rsa_ok" { print $8 }' "$CASES")
[[ -n $offer && $offer != - ]] || net_fail "no offer for rsa_ok in $CASES"

before=$(grep -c 'POST /dns-query' nginx-access.log || true)
lookup 0 ok.json "$good_url" --ca-file ca.pem --proof
ok_ms=$NET_MS
jq -e --arg o "$offer" '.status == "ok" and .offer == $o and .name == "alice@rsa.test"
  and .round_trips >= 1 and (.proof | length) > 100' ok.json >/dev/null ||
  net_fail "DoH through Tor with the right CA: $(cat ok.json)"
after=$(grep -c 'POST /dns-query HTTP/1.1" 200' nginx-access.log || true)
posts=$((after - before))
rt=$(jq .round_trips ok.json)
((posts == rt)) ||
  net_fail "nginx logged $posts DoH POSTs answered 200 for a lookup of $rt round trips: $(cat nginx-access.log)"
net_log "right CA: ok, $rt DoH round trips, all $posts through nginx; lookup through Tor took $ok_ms ms"

lookup 0 cname.json "https://127.0.0.1:$good_port/dns-query" --ca-file ca.pem
jq -e '.status == "ok"' cname.json >/dev/null || net_fail "CNAME over DoH through Tor: $(cat cname.json)"

n_log=$(wc -l <nginx-access.log)
lookup 1 otherca.json "$good_url" --ca-file other-ca.pem
jq -e '.status == "error" and .error.code == "tls_verify_failed" and .offer == null' otherca.json >/dev/null ||
  net_fail "another CA: wanted tls_verify_failed: $(cat otherca.json)"
lookup 1 noca.json "$good_url"
jq -e '.status == "error" and .error.code == "tls_verify_failed" and .offer == null' noca.json >/dev/null ||
  net_fail "no --ca-file: wanted tls_verify_failed: $(cat noca.json)"
lookup 1 wrongname.json "https://127.0.0.1:$bad_port/dns-query" --ca-file ca.pem
jq -e '.status == "error" and .error.code == "tls_verify_failed" and .offer == null' wrongname.json >/dev/null ||
  net_fail "certificate for another name: wanted tls_verify_failed: $(cat wrongname.json)"
# No HTTP request got past a failed verification.
[[ $(wc -l <nginx-access.log) == "$n_log" ]] ||
  net_fail "nginx served requests after a failed verification: $(tail -n +$((n_log + 1)) nginx-access.log)"
for f in otherca noca wrongname; do
  net_log "$f: tls_verify_failed ($(jq -r .error.message $f.json))"
done

# Every lookup reached nginx through Tor: one stream each, own credentials.
net_ctl_mark
tn_ctl_drain 0.5
mapfile -t streams < <({
  net_streams "127.0.0.1:$good_port"
  net_streams "127.0.0.1:$bad_port"
} | awk -v m="$start_mark" '$2 >= m')
if ((${#streams[@]} != lookups)); then
  printf '%s\n' "${TN_EVENTS[@]}" >&2
  net_fail "expected $lookups Tor streams to nginx (one per lookup), saw ${#streams[@]} (events above)"
fi
passwords=$(printf '%s\n' "${streams[@]}" | awk '{ print $6 }' | sort -u | wc -l)
((passwords == lookups)) || net_fail "expected $lookups distinct SOCKS credentials, saw $passwords"
for s in "${streams[@]}"; do
  read -r sid _ _ circ _ _ <<<"$s"
  ((circ > 0)) || net_fail "stream $sid to nginx never SUCCEEDED: $s"
done
net_log "ok: $lookups DoH lookups through Tor to nginx, $lookups streams with distinct credentials; TLS verified"

# shellcheck shell=bash
# A DoH server for tests, built from real parts: dnsdist serving DNS over plain
# HTTP in front of a resolver, nginx terminating TLS in front of it with a
# certificate from a CA made here. Sourced, not run; every function works in
# the current directory and returns non-zero on failure (the caller says why
# and stops what it started: the PIDs are set before any wait).

# doh_test_ca CN: ca.key and ca.pem, a P-256 CA valid for two days.
doh_test_ca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -days 2 -subj "/CN=$1" 2>/dev/null
}

# doh_cert NAME SAN: NAME.key and NAME.pem, a server certificate for SAN
# (e.g. IP:127.0.0.1) signed by the test CA.
doh_cert() {
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" \
    -subj "/CN=$1" 2>/dev/null || return 1
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$2" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days 2 \
    -extfile "$1.ext" 2>/dev/null
}

# doh_dnsdist_start PORT RESOLVER_PORT: dnsdist with plain-HTTP DoH at
# 127.0.0.1:PORT/dns-query (no certificate: a TLS front proxies to it) in front
# of the resolver at 127.0.0.1:RESOLVER_PORT; DOH_DNSDIST_PID and
# DOH_DNSDIST_PORT are set at once,
# and the call returns 0 when dnsdist says the backend is up and it listens (10 s).
doh_dnsdist_start() {
  local port=$1 resolver=$2 i
  cat >dnsdist.conf <<CONF
newServer({address="127.0.0.1:$resolver", checkName="test.", checkType="SOA", useClientSubnet=false})
addDOHLocal("127.0.0.1:$port", nil, nil, "/dns-query")
setSecurityPollSuffix("")
CONF
  : >dnsdist.log
  dnsdist --supervised --disable-syslog -C "$PWD/dnsdist.conf" >dnsdist.log 2>&1 &
  DOH_DNSDIST_PID=$!
  DOH_DNSDIST_PORT=$port
  for ((i = 0; i < 100; i++)); do
    grep -qs "as 'up'" dnsdist.log && grep -qs "Listening on 127.0.0.1:$port" dnsdist.log && return 0
    kill -0 "$DOH_DNSDIST_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# doh_nginx_head BACKEND_PORT [NAME]: the start of an nginx.conf for one
# foreground process with everything in the current directory, and an
# upstream NAME (default `dnsdist`) at 127.0.0.1:BACKEND_PORT; the caller
# writes its server blocks and the closing brace of `http`. The access log nginx-access.log has one line per request:
#   CONNECTION REQUEST_NO PROTOCOL TLS_VERSION SESSION_REUSED END_TIME DURATION "REQUEST" STATUS
# (SESSION_REUSED is "r" for a resumed TLS session, "." otherwise; END_TIME
# minus DURATION is when the request's first bytes arrived).
doh_nginx_head() {
  nginx_test_prelude
  cat <<CONF
  log_format doh '\$connection \$connection_requests \$server_protocol \$ssl_protocol '
                 '\$ssl_session_reused \$msec \$request_time "\$request" \$status';
  access_log $PWD/nginx-access.log doh;
  upstream ${2:-dnsdist} { server 127.0.0.1:$1; keepalive 4; }
CONF
}

# nginx_test_prelude: the start of an nginx.conf for one foreground process
# (its PID is $!) with every file in the current directory, up to and inside
# `http {`: the caller adds its log format, access log and servers, and the
# closing brace.
nginx_test_prelude() {
  mkdir -p tmp
  cat <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $PWD/nginx.pid;
error_log $PWD/nginx-error.log notice;
events { worker_connections 64; }
http {
  client_body_temp_path $PWD/tmp/body;
  proxy_temp_path $PWD/tmp/proxy;
  fastcgi_temp_path $PWD/tmp/fastcgi;
  uwsgi_temp_path $PWD/tmp/uwsgi;
  scgi_temp_path $PWD/tmp/scgi;
  ssl_protocols TLSv1.2 TLSv1.3;
CONF
}

# doh_nginx_dns_location: the location that passes DoH requests to dnsdist.
doh_nginx_dns_location() {
  cat <<CONF
    location = /dns-query {
      proxy_pass http://dnsdist;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
CONF
}

# doh_nginx_start CERT LISTEN...: nginx.conf with one server per LISTEN (as
# nginx writes it after the address: "PORT ssl" for HTTP/1.1 only, "PORT ssl
# http2" to offer HTTP/2 too) on 127.0.0.1 with certificate CERT.pem, each
# serving /dns-query from dnsdist ($DOH_DNSDIST_PORT), /reset (nginx's 444:
# the connection or HTTP/2 stream ends without an answer) and 404 elsewhere;
# then nginx in the foreground. DOH_NGINX_PID is set at once; returns 0 when
# every port answers TLS with the test CA (5 s).
doh_nginx_start() {
  local cert=$1 listen
  shift
  {
    doh_nginx_head "$DOH_DNSDIST_PORT"
    for listen in "$@"; do
      printf '  server {\n    listen 127.0.0.1:%s;\n' "$listen"
      printf '    ssl_certificate %s/%s.pem;\n    ssl_certificate_key %s/%s.key;\n' "$PWD" "$cert" "$PWD" "$cert"
      printf '    location = /reset { return 444; }\n    location / { return 404; }\n'
      doh_nginx_dns_location
      echo "  }"
    done
    echo "}"
  } >nginx.conf
  doh_nginx_run "$@"
}

# doh_nginx_run LISTEN...: nginx in the foreground with ./nginx.conf;
# DOH_NGINX_PID is set at once; returns 0 when every LISTEN's port answers
# TLS with the test CA (5 s).
doh_nginx_run() {
  local listen port i up
  : >nginx-error.log
  nginx -p "$PWD" -c "$PWD/nginx.conf" >nginx.out 2>&1 &
  DOH_NGINX_PID=$!
  for ((i = 0; i < 50; i++)); do
    kill -0 "$DOH_NGINX_PID" 2>/dev/null || return 1
    up=1
    for listen in "$@"; do
      port=${listen%% *}
      curl -s --noproxy '*' --max-time 2 --cacert ca.pem -o /dev/null "https://127.0.0.1:$port/" || up=0
    done
    ((up)) && return 0
    sleep 0.1
  done
  return 1
}

# doh_log_rounds [FROM_LINE]: the round trips nginx-access.log shows from
# line FROM_LINE (default 1) on: requests whose first bytes arrived within
# 100 ms of the previous one are one round; behind tests/lib/delay_proxy.py,
# a request sent after an answer arrives at least the proxy's delay later.
doh_log_rounds() {
  tail -n +"${1:-1}" nginx-access.log | awk '{ printf "%.3f\n", $6 - $7 }' | sort -n |
    awk 'NR == 1 || $1 - prev > 0.1 { n++ } { prev = $1 } END { print n + 0 }'
}

# doh_nginx_front_start CERT PORT BACKEND_PORT: nginx in front of hrn-relay as
# an operator deploys it: TLS (certificate CERT.pem) with HTTP/2 and HTTP/1.1
# on 127.0.0.1:PORT, every path proxied to the relay at 127.0.0.1:BACKEND_PORT
# over HTTP/1.1 keep-alive. DOH_NGINX_PID is set at once; returns 0 when the
# port answers TLS with the test CA (5 s).
doh_nginx_front_start() {
  local cert=$1 port=$2 backend=$3
  {
    doh_nginx_head "$backend" relay
    cat <<CONF
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_certificate $PWD/$cert.pem;
    ssl_certificate_key $PWD/$cert.key;
    location / {
      proxy_pass http://relay;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
  } >nginx.conf
  doh_nginx_run "$port ssl http2"
}

#!/usr/bin/env bash
# shared_cache.sh BUILD_DIR
#
# Several relays sharing one cache in Redis, on this machine:
#  - cache hits per second through 1, 2 and 4 relays behind one Redis, with
#    nginx as a plain round-robin in front of them (wrk -t 2 -c 64 against
#    nginx, BENCH_SECONDS each, default 10), and one relay without nginx;
#  - cache-hit latency of one relay with Redis as its only cache
#    (--cache-max-bytes 0: every hit is a Redis GET and a chain validation)
#    against the same relay with its in-process cache in front;
#  - bytes per entry in Redis for 100,000 entries (BENCH_REDIS_ENTRIES),
#    each a copy of a real entry under its own name, from Redis's own
#    used_memory before and after.
# The relays, nginx, Redis and wrk share this machine's cores: the figures
# compare set-ups on one machine, they are not a capacity.
# Prints figures; asserts nothing. Stops everything it started on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURE_NAME="bench shared cache"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/wrk.sh
. "$here/../lib/wrk.sh"
PATH="$PATH:/usr/sbin:/sbin"

[[ $# -eq 1 ]] || fixture_die "usage: shared_cache.sh BUILD_DIR"
build=$(realpath "$1")
relay=$build/relay/hrn-relay
[[ -x $relay ]] || fixture_die "build hrn-relay in $build first"
fixture_require wrk nginx curl redis-server redis-cli python3 awk timeout
seconds=${BENCH_SECONDS:-10}
entries=${BENCH_REDIS_ENTRIES:-100000}
names=(alice@rsa.test carol@p384.test dave@ed25519.test alice@p256.test alice@rsa512.test u1@p384.test)

run=$build/bench/shared-cache
dz_dir=$run/dnszones
rm -rf "$run/relays" "$run/redis" && mkdir -p "$run/relays" "$run/redis"
www=$(mktemp -d -p /tmp)
chmod 755 "$www"
relay_pids=()
relay_ports=()
redis_pid=""
nginx_pid=""

cleanup() {
  local p
  [[ -n $nginx_pid ]] && fixture_stop_pid "$nginx_pid"
  for p in "${relay_pids[@]}"; do fixture_stop_pid "$p"; done
  [[ -n $redis_pid ]] && fixture_stop_pid "$redis_pid"
  timeout 30 bash "$here/../fixtures/dnszones/stop.sh" "$dz_dir" >/dev/null 2>&1 || true
  rm -rf "$www"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fixture_log "starting the signed DNS fixture in $dz_dir"
bash "$here/../fixtures/dnszones/start.sh" "$dz_dir" >"$run/dnszones-start.log" 2>&1 ||
  fixture_die "dnszones did not start: $(tail -5 "$run/dnszones-start.log")"
# shellcheck disable=SC1091
. "$dz_dir/env"

redis_port=$(fixture_free_ports 1)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$run/redis" \
  >"$run/redis/log" 2>&1 &
redis_pid=$!
for ((i = 0; i < 50; i++)); do redis-cli -p "$redis_port" PING 2>/dev/null | grep -q PONG && break; sleep 0.1; done
redis-cli -p "$redis_port" PING | grep -q PONG || fixture_die "redis-server did not start"
rcli() { redis-cli -p "$redis_port" "$@"; }

# start_relay LABEL ARGS...: a relay sharing Redis; appends its pid and port.
start_relay() {
  local label=$1 dir=$run/relays/$1 i
  shift
  mkdir -p "$dir"
  "$relay" --listen 127.0.0.1:0 --port-file "$dir/port" --direct --upstream "$UPSTREAM" \
    --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --max-connections-per-address 0 --no-snapshot \
    --round-interval 0 --state-dir "$dir" --log-level warn \
    --cache-backend redis --redis "redis://127.0.0.1:$redis_port/0" "$@" >"$dir/log" 2>&1 &
  relay_pids+=($!)
  for ((i = 0; i < 100; i++)); do [[ -s $dir/port ]] && break; sleep 0.1; done
  [[ -s $dir/port ]] || fixture_die "relay $label did not start: $(tail -5 "$dir/log")"
  relay_ports+=("$(cat "$dir/port")")
}
stop_relays() {
  local p
  for p in "${relay_pids[@]}"; do fixture_stop_pid "$p"; done
  relay_pids=()
  relay_ports=()
}

# nginx_round_robin PORTS...: nginx (one worker) passing requests to the
# relays in turn, with keep-alive to each; sets nginx_url.
nginx_round_robin() {
  local dir=$www/nginx port user="" p servers=""
  [[ -n $nginx_pid ]] && fixture_stop_pid "$nginx_pid"
  mkdir -p "$dir"
  ((EUID == 0)) && user="user nobody nogroup;"
  for p in "$@"; do servers+="server 127.0.0.1:$p; "; done
  port=$(fixture_free_ports 1)
  cat >"$dir/nginx.conf" <<EOF
$user
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream relays { $servers keepalive 256; }
  server {
    listen 127.0.0.1:$port;
    location / { proxy_pass http://relays; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
  nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >>"$dir/stdout.log" 2>&1 &
  nginx_pid=$!
  for ((i = 0; i < 50; i++)); do
    curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
    sleep 0.1
  done
  nginx_url=http://127.0.0.1:$port
}

# Fill Redis once through one relay; every relay started later finds the
# names there (its first request for each is a Redis hit, then in-process).
start_relay fill
for n in "${names[@]}"; do
  curl -sf --max-time 30 -o /dev/null "http://127.0.0.1:${relay_ports[0]}/v1/resolve?name=$n" ||
    fixture_die "the first lookup of $n failed"
done
path="/v1/resolve?name=alice@rsa.test"
entry_bytes=$(rcli STRLEN 'hrn:1:e:alice@rsa.test')
stop_relays

echo "shared cache: GET $path; wrk -t 2 -c 64 --latency, ${seconds} s per run, on $(nproc) core(s)"
echo "shared by the relays, nginx, Redis and wrk alike: compare the rows, do not read them as capacity."
printf '\n%-34s %12s %10s %10s  %s\n' set-up "requests/s" "p50 ms" "p99 ms" notes
for n in 1 2 4; do
  for ((r = 0; r < n; r++)); do start_relay "r$n-$r"; done
  nginx_round_robin "${relay_ports[@]}"
  timeout 30 wrk -t 2 -c 64 -d 1s "$nginx_url$path" >/dev/null 2>&1 || true
  bench "nginx-rr-$n" "$nginx_url$path" 64
  printf '%-34s %12s %10s %10s  %s\n' "$n relay(s) behind nginx round-robin" "$RPS" "$P50" "$P99" "$NOTE"
  if ((n == 1)); then
    bench "direct-1" "http://127.0.0.1:${relay_ports[0]}$path" 64
    printf '%-34s %12s %10s %10s  %s\n' "1 relay, no nginx" "$RPS" "$P50" "$P99" "$NOTE"
  fi
  stop_relays
done

echo
echo "cache-hit latency of one relay (wrk -c 64, no nginx):"
printf '%-34s %12s %10s %10s  %s\n' cache "requests/s" "p50 ms" "p99 ms" notes
start_relay in-process
bench in-process "http://127.0.0.1:${relay_ports[0]}$path" 64
printf '%-34s %12s %10s %10s  %s\n' "in-process in front of Redis" "$RPS" "$P50" "$P99" "$NOTE"
stop_relays
start_relay redis-only --cache-max-bytes 0
bench redis-only "http://127.0.0.1:${relay_ports[0]}$path" 64
printf '%-34s %12s %10s %10s  %s\n' "Redis only (--cache-max-bytes 0)" "$RPS" "$P50" "$P99" "$NOTE"
stop_relays

# Bytes per entry: copies of the real entry under distinct names, with an
# expiry as the relays write them.
before=$(rcli INFO memory | awk -F: '/^used_memory:/ { print $2 + 0 }')
python3 - "$redis_port" "$entries" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port))
def cmd(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out
f = s.makefile("rb")
s.sendall(cmd("GET", "hrn:1:e:alice@rsa.test"))
size = int(f.readline()[1:])
value = f.read(size + 2)[:-2]
batch = []
for i in range(n):
    batch.append(cmd("SET", "hrn:1:e:user%06d@shop-%d.example" % (i, i % 997), value, "PX", 3600000))
    if len(batch) == 1000 or i == n - 1:
        s.sendall(b"".join(batch))
        for _ in batch:
            f.readline()
        batch = []
PY
after=$(rcli INFO memory | awk -F: '/^used_memory:/ { print $2 + 0 }')
keys=$(rcli DBSIZE)
echo
echo "Redis memory: $entries entries of ${entry_bytes} bytes (alice@rsa.test's entry: RSA-2048 chain, offer URI)"
awk -v b="$before" -v a="$after" -v n="$entries" -v v="$entry_bytes" 'BEGIN {
  printf "  used_memory grew by %d bytes: %.0f bytes per entry (%.0f over the value itself)\n", a - b, (a - b) / n, (a - b) / n - v }'
echo "  keys in Redis now: $keys"

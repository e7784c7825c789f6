#!/usr/bin/env bash
# cache_hits.sh BUILD_DIR
#
# The relay's cache-hit path against nginx serving the same bytes as a static
# file, same machine, same run. Starts the signed DNS fixture
# (tests/fixtures/dnszones) and the relay (--direct) in BUILD_DIR/bench/cache-hits,
# resolves alice@rsa.test once (a miss), saves the body of a hit, and serves that
# body from two nginx instances (worker_processes 1, like the relay's one event
# loop; and worker_processes auto, for context) at the same path. Then wrk
# (-t 2, --latency) against each at 64 and 256 connections, BENCH_SECONDS
# (default 10) each, prints requests/s, p50/p99 latency, the ratio relay/nginx,
# and the relay's RSS before and after the load.
# Prints figures; asserts nothing. Stops everything it started on exit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIXTURE_NAME="bench cache hits"
# shellcheck source=../lib/fixture.sh
. "$here/../lib/fixture.sh"
# shellcheck source=../lib/wrk.sh
. "$here/../lib/wrk.sh"
PATH="$PATH:/usr/sbin:/sbin"

[[ $# -eq 1 ]] || fixture_die "usage: cache_hits.sh BUILD_DIR"
build=$(realpath "$1")
relay=$build/relay/hrn-relay
[[ -x $relay ]] || fixture_die "build hrn-relay in $build first"
fixture_require wrk nginx curl awk timeout
seconds=${BENCH_SECONDS:-10}
[[ $seconds =~ ^[0-9]+$ ]] && ((seconds >= 1 && seconds <= 600)) || fixture_die "BENCH_SECONDS must be 1 to 600"
name=alice@rsa.test
path="/v1/resolve?name=$name"

run=$build/bench/cache-hits
dz_dir=$run/dnszones
mkdir -p "$run"
# nginx's workers drop to an unprivileged user when started as root: its files
# live under /tmp, which every user can traverse, not under the build tree.
www=$(mktemp -d -p /tmp)
chmod 755 "$www"
relay_pid=""
nginx_pids=()

cleanup() {
  local p
  for p in "${nginx_pids[@]}"; do fixture_stop_pid "$p"; done
  [[ -n $relay_pid ]] && fixture_stop_pid "$relay_pid"
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

# The relay: no rate or per-address limit (wrk is one address), no snapshot.
rm -rf "$run/relay" && mkdir -p "$run/relay"
"$relay" --listen 127.0.0.1:0 --port-file "$run/relay/port" --direct --upstream "$UPSTREAM" \
  --trust-anchor "$TRUST_ANCHOR" --rate-limit 0 --max-connections-per-address 0 --no-snapshot --round-interval 0 \
  --state-dir "$run/relay" --log-level warn >"$run/relay/log" 2>&1 &
relay_pid=$!
for ((i = 0; i < 100; i++)); do
  [[ -s $run/relay/port ]] && break
  kill -0 "$relay_pid" 2>/dev/null || fixture_die "relay exited at start: $(tail -5 "$run/relay/log")"
  sleep 0.1
done
[[ -s $run/relay/port ]] || fixture_die "relay wrote no port file"
relay_url=http://127.0.0.1:$(cat "$run/relay/port")$path

# One miss fills the cache; the next answer is a hit, and its exact bytes are
# what nginx serves.
curl -sf --max-time 30 -o "$run/miss.json" "$relay_url" || fixture_die "the first lookup failed"
mkdir -p "$www/root/v1"
curl -sf --max-time 30 -o "$www/root/v1/resolve" "$relay_url" || fixture_die "the hit failed"
grep -q '"cached":true' "$www/root/v1/resolve" || fixture_die "second answer is not a hit: $(cat "$www/root/v1/resolve")"
chmod -R a+rX "$www/root"
body_bytes=$(wc -c <"$www/root/v1/resolve")

# start_nginx LABEL WORKERS: an nginx of its own (config, pid, logs, temp dirs
# in $www/LABEL) serving $www/root on a free port; sets nginx_url.
start_nginx() {
  local label=$1 workers=$2 dir=$www/$1 port try user=""
  mkdir -p "$dir"
  ((EUID == 0)) && user="user nobody nogroup;"
  for ((try = 0; try < 5; try++)); do
    port=$(fixture_free_ports 1)
    cat >"$dir/nginx.conf" <<EOF
$user
worker_processes $workers;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  # Keep-alive as the relay does it: no cap on requests per connection.
  keepalive_timeout 15s;
  keepalive_requests 100000000;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    root $www/root;
    location = /v1/resolve { add_header Cache-Control no-store; }
  }
}
EOF
    nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" >>"$dir/stdout.log" 2>&1 &
    local pid=$!
    nginx_pids+=("$pid")
    local i
    for ((i = 0; i < 50; i++)); do
      if curl -sf --max-time 2 -o "$dir/check" "http://127.0.0.1:$port$path" 2>/dev/null; then
        cmp -s "$dir/check" "$www/root/v1/resolve" || fixture_die "nginx $label serves other bytes"
        nginx_url=http://127.0.0.1:$port$path
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    fixture_stop_pid "$pid"
  done
  fixture_die "nginx $label did not start: $(tail -5 "$dir/error.log")"
}
start_nginx nginx-1 1
nginx1_url=$nginx_url
start_nginx nginx-auto auto
nginxauto_url=$nginx_url

rss() { awk '/^VmRSS:/ { print $2 " kB" }' "/proc/$relay_pid/status"; }

echo "cache hits: GET $path, a ${body_bytes}-byte JSON answer"
echo "wrk -t 2 --latency, ${seconds} s per run, on the same $(nproc) core(s) as the server:"
echo "wrk's two threads and the server share them, so these figures are a comparison, not a capacity."
echo "relay: one event loop (one thread); nginx-1: worker_processes 1; nginx-auto: worker_processes auto."
echo "relay RSS before the load: $(rss)"

# A short warm-up for each, so no run pays for first-time allocations.
for url in "$relay_url" "$nginx1_url" "$nginxauto_url"; do
  timeout 30 wrk -t 2 -c 64 -d 1s "$url" >/dev/null 2>&1 || true
done
echo "relay RSS after a 1 s warm-up of each server: $(rss)"

printf '\n%-12s %6s %12s %10s %10s  %s\n' server conns "requests/s" "p50 ms" "p99 ms" notes
for conns in 64 256; do
  declare -A rps=()
  for server in relay nginx-1 nginx-auto; do
    case $server in
      relay) url=$relay_url ;;
      nginx-1) url=$nginx1_url ;;
      nginx-auto) url=$nginxauto_url ;;
    esac
    bench "$server" "$url" "$conns"
    rps[$server]=$RPS
    printf '%-12s %6d %12s %10s %10s  %s\n' "$server" "$conns" "$RPS" "$P50" "$P99" "$NOTE"
  done
  awk -v r="${rps[relay]}" -v n="${rps[nginx-1]}" -v a="${rps[nginx-auto]}" -v c="$conns" 'BEGIN {
    printf "  ratio at %d connections: relay/nginx-1 %.2f, relay/nginx-auto %.2f\n", c, r / n, r / a }'
done
echo
echo "relay RSS after the load: $(rss)"
awk '/^VmHWM:/ { print "relay peak RSS (VmHWM): " $2 " kB" }' "/proc/$relay_pid/status"

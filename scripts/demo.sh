#!/usr/bin/env bash
# demo.sh BUILD_DIR — hrn-relay working offline, end to end, in one command
# (`make demo`). Starts, all on this machine's loopback:
#   - a signed DNS tree (NSD serving a private root, test. and the zones
#     under it, signed with ldns) and a recursive resolver (Unbound) in front;
#   - a private Tor network (directory authorities, relays, an exit that
#     resolves names with that Unbound);
#   - a web server with TLS for the Lightning Address fallback (nginx on
#     127.0.5.1:443 as rsa.test, a demo CA);
#   - hrn-relay with its own tor joined to that network, an onion service, and
#     every lookup through Tor.
# Then it resolves names as a gateway and a wallet would, prints the answers,
# fetches one through the onion service, verifies a proof offline with `hrn
# verify-proof`, saves a screenshot of the web page, and keeps everything up
# until Ctrl-C, or for DEMO_SECONDS (0: stop at once after the show).
# Needs root (port 443 and the packages `make deps` installs).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(realpath "${1:-$root/build}")
relay_bin=$build/relay/hrn-relay
hrn_bin=$build/tools/hrn/hrn
run=$build/demo
FIXTURE_NAME=demo
# shellcheck source=../tests/lib/fixture.sh
. "$root/tests/lib/fixture.sh"
# shellcheck source=../tests/lib/doh_stack.sh
. "$root/tests/lib/doh_stack.sh"
# shellcheck source=../tests/lib/lnurl_site.sh
. "$root/tests/lib/lnurl_site.sh"
# shellcheck source=../tests/lib/exit_dns.sh
. "$root/tests/lib/exit_dns.sh"
PATH="$PATH:/usr/sbin:/sbin"

[[ -x $relay_bin && -x $hrn_bin ]] || fixture_die "build hrn-relay and hrn first (make demo does)"
fixture_require curl jq nginx openssl chromium base64
((EUID == 0)) || fixture_die "the demo needs root: its Lightning Address web server listens on port 443"
seconds=${DEMO_SECONDS:-}
[[ -z $seconds || $seconds =~ ^[0-9]+$ ]] || fixture_die "DEMO_SECONDS must be a number of seconds"

relay_pid=""
LNURL_NGINX_PID=""
started_dns=""
started_tor=""
cleanup() {
  set +e
  [[ -n $relay_pid ]] && fixture_stop_pid "$relay_pid"
  [[ -n $LNURL_NGINX_PID ]] && fixture_stop_pid "$LNURL_NGINX_PID"
  [[ -n $started_tor ]] && timeout 60 bash "$root/tests/tornet/stop.sh" "$run/tornet" >/dev/null 2>&1
  [[ -n $started_dns ]] && timeout 30 bash "$root/tests/fixtures/dnszones/stop.sh" "$run/dnszones" >/dev/null 2>&1
  echo "demo: stopped everything it started"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
mkdir -p "$run"

# The fixtures: a ctest run passes the shared ones (DEMO_DNSZONES_ENV and
# DEMO_TORNET_ENV); `make demo` starts its own.
if [[ -n ${DEMO_DNSZONES_ENV:-} ]]; then
  dnszones_env=$DEMO_DNSZONES_ENV
else
  say "signed DNS zones (NSD) and a recursive resolver (Unbound)"
  bash "$root/tests/fixtures/dnszones/start.sh" "$run/dnszones" >"$run/dnszones.log" 2>&1 ||
    fixture_die "the DNS fixture did not start: $(tail -5 "$run/dnszones.log")"
  started_dns=1
  dnszones_env=$run/dnszones/env
fi
if [[ -n ${DEMO_TORNET_ENV:-} ]]; then
  tornet_env=$DEMO_TORNET_ENV
else
  say "a private Tor network (authorities, relays, an exit) on loopback: 10-30 s"
  bash "$root/tests/tornet/start.sh" "$run/tornet" >"$run/tornet.log" 2>&1 ||
    fixture_die "the Tor network did not start: $(tail -5 "$run/tornet.log")"
  started_tor=1
  tornet_env=$run/tornet/env
fi
# shellcheck disable=SC1090
. "$dnszones_env"
# shellcheck disable=SC1090
. "$tornet_env"
echo "resolver: Unbound on 127.0.0.1:$UNBOUND_PORT; Tor client (a wallet's tor) on $TOR_SOCKS"
# The exit resolves names as on the real network, here with the demo's Unbound.
exit_dns_use "$UNBOUND_PORT" || fixture_die "could not point the Tor exit at the demo resolver"

say "a web server with TLS for the Lightning Address fallback (https://rsa.test on 127.0.5.1:443)"
rm -rf "$run/site" && mkdir -p "$run/site/www/.well-known/lnurlp"
cd "$run/site"
doh_test_ca "hrn demo CA" >/dev/null 2>&1 || fixture_die "demo CA"
printf '{"tag":"payRequest","callback":"https://rsa.test/lnurlp/lnvalid/cb","minSendable":1000,"maxSendable":250000000,"metadata":"[[\\"text/plain\\",\\"Coffee at the corner shop\\"],[\\"text/identifier\\",\\"lnvalid@rsa.test\\"]]","commentAllowed":140}' \
  >www/.well-known/lnurlp/lnvalid
lnurl_site_start 127.0.5.1 rsa.test || fixture_die "nginx for https://rsa.test did not start"
cd "$run"

say "hrn-relay: its own tor joined to the network, an onion service, every lookup through Tor"
rm -rf "$run/relay" && mkdir -p "$run/relay"
"$relay_bin" --listen 127.0.0.1:0 --port-file "$run/relay/port" --state-dir "$run/relay" \
  --tor-torrc-append "$NETWORK_TORRC" --onion-service --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR" \
  --ca-file "$run/site/ca.pem" --methods bip353,lnurl --round-interval 500 --batch-size 4 \
  >"$run/relay/log" 2>&1 &
relay_pid=$!
for ((i = 0; i < 100; i++)); do [[ -s $run/relay/port ]] && break; sleep 0.1; done
[[ -s $run/relay/port ]] || fixture_die "hrn-relay did not start: $(tail -5 "$run/relay/log")"
api=http://127.0.0.1:$(cat "$run/relay/port")
onion=""
for ((i = 0; i < 180; i++)); do
  h=$(curl -s "$api/healthz" || true)
  if jq -e '.tor.ready and .onion.published' <<<"$h" >/dev/null 2>&1; then
    onion=$(jq -r .onion.address <<<"$h")
    break
  fi
  sleep 1
done
[[ -n $onion ]] || fixture_die "the relay's tor did not get ready: $(jq -c .tor <<<"${h:-{\}}")"
echo "relay: $api (tor ready, onion service $onion)"

ask() { curl -s --max-time 60 "$api$1"; }
say "Alice's shop: alice@rsa.test (JSON, as a wallet backend asks)"
ask '/v1/resolve?name=alice@rsa.test' | tee "$run/alice.json" |
  jq '{name, status, uri: (.uri[0:60] + "…"), description: .offer_info.description, issuer: .offer_info.issuer,
       dnssec: .dnssec.validated, source, cached} | with_entries(select(.value != null))'

say "Typed on a feature phone: ALICE*RSA.TEST#1234 (plain text, as an SMS gateway asks)"
ask '/v1/resolve?name=ALICE*RSA.TEST%231234&format=text' | tr -d '\r' | sed -e '/^[[:space:]]*$/d' | cut -c1-100 |
  tee "$run/phone.txt"

say "A wildcard domain: anyone@p384.test (any user gets the domain's offer)"
ask '/v1/resolve?name=anyone@p384.test' | tee "$run/wildcard.json" | jq '{name, status, description: .offer_info.description}'

say "A deliberately broken name: tampered@rsa.test (its record was changed after signing)"
ask '/v1/resolve?name=tampered@rsa.test' | tee "$run/broken.json" | jq '{name, status, error}'

say "No BIP 353 record: lnvalid@rsa.test falls back to its Lightning Address (LUD-16, over TLS, through Tor)"
ask '/v1/resolve?name=lnvalid@rsa.test' | tee "$run/lnurl.json" | jq '{name, status, source, lnurl: {callback: .lnurl.callback, min_sendable: .lnurl.min_sendable, description: .lnurl.description}}'

say "Through the onion service, as a wallet on Tor asks (curl via the network's client tor)"
ok=""
for ((i = 0; i < 30; i++)); do
  if curl -s --max-time 30 --socks5-hostname "$TOR_SOCKS" -U "demo:$RANDOM" -o "$run/onion.json" \
    "http://$onion/v1/resolve?name=alice@rsa.test" && jq -e '.status == "ok"' "$run/onion.json" >/dev/null 2>&1; then
    ok=1
    break
  fi
  sleep 2
done
[[ -n $ok ]] || fixture_die "no answer through the onion service"
jq '{name, status, cached, via: "'"$onion"'"}' "$run/onion.json"

say "A proof verified offline: hrn verify-proof (no network, the demo's trust anchor)"
ask '/v1/resolve?name=alice@rsa.test&proof=1' | jq -r .dnssec.proof >"$run/alice.proof.b64"
"$hrn_bin" verify-proof --name alice@rsa.test --at "$(date +%s)" --trust-anchor "$TRUST_ANCHOR" --base64 \
  "$run/alice.proof.b64" | tee "$run/verify.json" | jq '{status, name, uri: (.uri[0:60] + "…")}'

say "The web page: a screenshot of /pay?name=alice@rsa.test (headless Chromium)"
timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=800,1100 \
  --screenshot="$run/page.png" "$api/pay?name=alice@rsa.test" >"$run/chromium.log" 2>&1 ||
  fixture_die "chromium could not take the screenshot: $(tail -3 "$run/chromium.log")"
[[ -s $run/page.png ]] || fixture_die "no screenshot"
echo "screenshot: $run/page.png ($(wc -c <"$run/page.png") bytes)"

say "Up and running"
cat <<EOF
relay API:        $api   (try: curl '$api/v1/resolve?name=alice@rsa.test')
web page:         $api/pay?name=alice@rsa.test
onion service:    http://$onion   (through the client tor: curl --socks5-hostname $TOR_SOCKS ...)
health, metrics:  $api/healthz   $api/metrics
relay's log:      $run/relay/log
answers, proof and screenshot: $run/
EOF
if [[ -z $seconds ]]; then
  echo "Ctrl-C stops everything."
  while kill -0 "$relay_pid" 2>/dev/null; do sleep 1; done
  fixture_die "hrn-relay exited: $(tail -5 "$run/relay/log")"
fi
sleep "$seconds"

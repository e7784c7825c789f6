#!/usr/bin/env bash
# Installs the Debian 12 packages hrn-relay needs to build, test and run.
# Idempotent and silent when everything is already present.
set -euo pipefail

packages=(
  # toolchain
  g++-12 cmake make pkg-config clang libclang-rt-14-dev
  # libraries (Boost 1.81 headers plus only the compiled parts we use)
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libssl-dev libspdlog-dev libfmt-dev catch2 libidn2-dev
  # the web page's QR codes (rendered as SVG by the relay)
  libqrencode-dev
  # HTTP/2 for DoH upstreams (framing, HPACK, flow control)
  libnghttp2-dev
  # the Redis protocol for the shared cache of several relays (formatting and the reply
  # reader; the I/O stays on Asio), and the server its tests and benchmark run
  libhiredis-dev redis-server
  # tools the tests drive: DNS zone signing and serving, resolver, DoH server, tor, web
  jq openssl socat iproute2 ldnsutils nsd unbound dnsdist knot-dnsutils bind9-dnsutils tor nginx-light curl
  # many concurrent and slow HTTP clients from several loopback addresses (tests/relay/http_limits.sh)
  python3
  # a scripted hostile HTTP/2 DoH server for the DoH client's tests (tests/lib/h2_hostile_server.py)
  python3-h2
  # HTTP load generator for the cache-hit benchmark (tests/bench/cache_hits.sh)
  wrk
  # the web page in a headless browser (tests/relay/resolve_web.sh): the browser, a QR
  # decoder for its screenshot, xmllint for the SVG, and a font with the bitcoin sign
  # (U+20BF, which DejaVu lacks) so the screenshots show it
  chromium zbar-tools libxml2-utils fonts-noto-core
  # plots of the privacy benchmark (tests/bench/privacy/privacy.sh)
  gnuplot-nox
  # well-formedness of the flag's SVG (tests/cli/flag.sh)
  libxml2-utils
  # an RFC 9102 chain verifier and a DoH client independent of the relay's code
  # (tests/lib/rfc9102_verify.py, tests/lib/doh_chain.py); dnspython's DNSSEC code
  # needs cryptography, only a recommendation of its package
  python3-dnspython python3-cryptography
  # make install: man pages from --help; the install test checks the systemd unit
  # (systemd-analyze verify/security) and renders the man pages
  help2man systemd man-db groff-base
  # the unit's system-call filter applied without systemd (tests/install/sandbox_exec.py)
  python3-seccomp
)
# npm fetches the web test's browser driver (puppeteer-core). A Node.js from
# elsewhere (NodeSource) brings its own npm, and Debian's would conflict with it.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages: ${missing[*]}" >&2
  echo "deps: run 'make deps' as root (or install them with apt-get)" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null

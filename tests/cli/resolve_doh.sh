#!/usr/bin/env bash
# `hrn resolve` over DNS over HTTPS: a real DoH server (dnsdist) with a
# certificate from a CA made here, in front of the dnszones fixture's Unbound.
set -euo pipefail
hrn=$(realpath "$1")
env_file=${2:?usage: resolve_doh.sh HRN DNSZONES_ENV}
# shellcheck disable=SC1090
. "$env_file"
# shellcheck disable=SC1091
. "$(dirname "$0")/../fixtures/dnszones/lib.sh"
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v dnsdist >/dev/null || fail "dnsdist is not installed (make deps)"

cd "$work"
cert() {  # cert NAME SAN: a P-256 server certificate signed by the test CA
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" \
    -subj "/CN=$1" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$2" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days 2 \
    -extfile "$1.ext" 2>/dev/null
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -days 2 -subj "/CN=hrn-relay test CA" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other-ca.key \
  -out other-ca.pem -days 2 -subj "/CN=some other CA" 2>/dev/null
cert good "IP:127.0.0.1"
cert wrongname "DNS:elsewhere.example"

good_port=$(fixture_free_ports 1)
bad_port=$(fixture_free_ports 1 "$good_port")
cat >dnsdist.conf <<CONF
newServer({address="127.0.0.1:$UNBOUND_PORT", checkName="test.", checkType="SOA", useClientSubnet=false})
addDOHLocal("127.0.0.1:$good_port", "$work/good.pem", "$work/good.key", "/dns-query")
addDOHLocal("127.0.0.1:$bad_port", "$work/wrongname.pem", "$work/wrongname.key", "/dns-query")
setSecurityPollSuffix("")
CONF
dnsdist --supervised --disable-syslog -C dnsdist.conf >dnsdist.log 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "as 'up'" dnsdist.log && break; sleep 0.1; done
grep -q "as 'up'" dnsdist.log || fail "dnsdist did not come up: $(cat dnsdist.log)"

run() {  # run EXIT OUT ARGS...
  local want=$1 out=$2; shift 2
  set +e; "$hrn" resolve "$@" --direct --trust-anchor "$TRUST_ANCHOR" >"$out" 2>/dev/null; local rc=$?; set -e
  [ "$rc" = "$want" ] || fail "exit $rc (wanted $want) for $*: $(cat "$out")"
}
run 0 ok.json alice@rsa.test --upstream "https://127.0.0.1:$good_port/dns-query" --ca-file ca.pem --proof
jq -e '.status=="ok" and .offer!=null and .round_trips>=1' ok.json >/dev/null || fail "DoH ok: $(cat ok.json)"
run 0 cname.json cname@rsa.test --upstream "https://127.0.0.1:$good_port/dns-query" --ca-file ca.pem
jq -e '.status=="ok"' cname.json >/dev/null || fail "DoH cname: $(cat cname.json)"
run 1 bogus.json alice@expired.test --upstream "https://127.0.0.1:$good_port/dns-query" --ca-file ca.pem
jq -e '.error.code=="dnssec_bogus"' bogus.json >/dev/null || fail "DoH bogus: $(cat bogus.json)"

# TLS is verified: an unknown CA and a certificate for another name both fail.
run 1 noca.json alice@rsa.test --upstream "https://127.0.0.1:$good_port/dns-query"
jq -e '.error.code=="tls_verify_failed"' noca.json >/dev/null || fail "no CA: $(cat noca.json)"
run 1 otherca.json alice@rsa.test --upstream "https://127.0.0.1:$good_port/dns-query" --ca-file other-ca.pem
jq -e '.error.code=="tls_verify_failed"' otherca.json >/dev/null || fail "other CA: $(cat otherca.json)"
run 1 name.json alice@rsa.test --upstream "https://127.0.0.1:$bad_port/dns-query" --ca-file ca.pem
jq -e '.error.code=="tls_verify_failed"' name.json >/dev/null || fail "wrong name: $(cat name.json)"
# A path the server does not serve is an upstream error, not a DNSSEC one.
run 1 path.json alice@rsa.test --upstream "https://127.0.0.1:$good_port/nope" --ca-file ca.pem
jq -e '.error.code=="upstream_error"' path.json >/dev/null || fail "bad path: $(cat path.json)"
echo "resolve_doh: all checks passed"

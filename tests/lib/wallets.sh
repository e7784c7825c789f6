# shellcheck shell=bash
# Helpers for the tests of wallets' own protocols (tests/relay/resolve_wallets_*.sh):
# sourced after relay.sh and the signed-zone fixture's env. Debian's Python
# runs the independent DNS code (dnspython): the python3 first on PATH may be
# another interpreter without Debian's modules.
WALLETS_PY=/usr/bin/python3
WALLETS_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# wallets_require TOOL...: fail loudly if a tool is missing.
wallets_require() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null || fail "$t is missing: run 'make deps' (scripts/deps.sh) as root"
  done
}

# wallets_require_dnspython: Debian's python3-dnspython (and the cryptography
# module its DNSSEC code needs) in /usr/bin/python3.
wallets_require_dnspython() {
  "$WALLETS_PY" -c 'import dns.dnssec, dns.message, cryptography' 2>/dev/null ||
    fail "python3-dnspython is missing from $WALLETS_PY: run 'make deps' (scripts/deps.sh) as root"
}

# case_field ID COLUMN: a column of the fixture's cases.tsv (README of dnszones).
case_field() { awk -F'\t' -v id="$1" -v col="$2" '$1==id{print $col}' "$CASES"; }

# qname_of USER@DOMAIN: the BIP 353 TXT name, absolute.
qname_of() { echo "${1%@*}.user._bitcoin-payment.${1#*@}."; }

# uri_of ID: the bitcoin: URI the fixture serves for case ID.
uri_of() {
  local u
  u=$(case_field "$1" 7)
  if [ -z "$u" ] || [ "$u" = - ]; then fail "no URI for case $1 in $CASES"; fi
  echo "$u"
}

#!/usr/bin/env bash
# resolve_via_tor.sh HRN TORNET_ENV DNSZONES_ENV
#
# `hrn resolve --tor-socks` through the private Tor network (tests/tornet) to
# the dnszones fixture's Unbound (DNS over TCP; the exit reaches 127.0.0.1),
# for several cases of cases.tsv: every answer must equal the one the same
# lookup gets with --direct, and the case's expected result. Tor's STREAM
# events on the client's control port prove the lookups really went through
# Tor: one stream to Unbound per lookup, each with fresh credentials in the
# torspec form (username "<torS0X>0"). Prints the latency of the lookups
# through Tor and directly.
set -euo pipefail
NET_NAME="tor network: resolve"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

[[ $# == 3 ]] || net_fail "usage: resolve_via_tor.sh HRN TORNET_ENV DNSZONES_ENV"
hrn=$(realpath "$1")
[[ -x $hrn ]] || net_fail "no hrn binary at $1"
net_load_envs "$2" "$3"
fixture_require jq awk
work=$(mktemp -d)
cleanup() {
  tn_ctl_close
  rm -rf "$work"
}
trap cleanup EXIT

# ok, CNAME (into another zone), DNAME, a 579-octet URI in three strings,
# NXDOMAIN (NSEC) and NXDOMAIN (NSEC3), a bad signature, an expired zone and
# an insecure delegation.
cases=(rsa_ok rsa_cname dname rsa_split_txt rsa_nxdomain p256_nxdomain rsa_bad_signature
  expired insecure)

tn_ctl_open "$CLIENT_CONTROL_PORT" "$CLIENT_COOKIE" ||
  net_fail "cannot authenticate on the client's control port $CLIENT_CONTROL_PORT"
tn_ctl_cmd "SETEVENTS STREAM" || net_fail "SETEVENTS STREAM: ${TN_REPLY[*]}"
net_ctl_mark
start_mark=$NET_MARK

tor_ms=()
direct_ms=()
checked=0
for id in "${cases[@]}"; do
  # shellcheck disable=SC2153 # CASES comes from the dnszones env file
  line=$(awk -F'\t' -v id="$id" 'NR > 1 && $1 == id' "$CASES")
  [[ -n $line ]] || net_fail "case $id is not in $CASES"
  IFS=$'\t' read -r _ address _ expect _ _ uri _ _ <<<"$line"
  common=(resolve "$address" --upstream "$UPSTREAM" --trust-anchor "$TRUST_ANCHOR")

  net_run "$work/$id.direct.json" "$work/$id.direct.err" "$hrn" "${common[@]}" --direct
  # shellcheck disable=SC2034 # read as ${!rc_var} below
  rc_direct=$NET_RC
  direct_ms+=("$NET_MS")
  net_run "$work/$id.tor.json" "$work/$id.tor.err" "$hrn" "${common[@]}" --tor-socks "$TOR_SOCKS"
  # shellcheck disable=SC2034
  rc_tor=$NET_RC
  tor_ms+=("$NET_MS")

  case $expect in ok | not_found) want_rc=0 ;; *) want_rc=1 ;; esac
  for via in direct tor; do
    rc_var=rc_$via
    [[ ${!rc_var} == "$want_rc" ]] ||
      net_fail "$id ($address) via $via: exit ${!rc_var}, wanted $want_rc: $(cat "$work/$id.$via.json" "$work/$id.$via.err")"
    f=$work/$id.$via.json
    case $expect in
      ok)
        jq -e --arg u "$uri" '.status == "ok" and .uri == $u' "$f" >/dev/null ||
          net_fail "$id ($address) via $via: wanted ok with uri $uri: $(cat "$f")" ;;
      not_found)
        jq -e '.status == "not_found" and .offer == null' "$f" >/dev/null ||
          net_fail "$id ($address) via $via: wanted not_found: $(cat "$f")" ;;
      *)
        jq -e --arg c "$expect" --arg u "$uri" '.status == "error" and .error.code == $c and .uri != $u' \
          "$f" >/dev/null || net_fail "$id ($address) via $via: wanted error $expect: $(cat "$f")" ;;
    esac
  done
  # The whole answer is the same both ways, but for the TTL left (Unbound's
  # cache counts it down between the two lookups) and the clock an error
  # message may quote ("... (now 1795560913)").
  norm='del(.ttl) | if .error.message then .error.message |= gsub("\\(now [0-9]+\\)"; "(now T)") else . end'
  jq -S "$norm" "$work/$id.direct.json" >"$work/$id.direct.norm"
  jq -S "$norm" "$work/$id.tor.json" >"$work/$id.tor.norm"
  if ! diff -u "$work/$id.direct.norm" "$work/$id.tor.norm" >"$work/$id.diff"; then
    cat "$work/$id.diff" >&2
    net_fail "$id ($address): the answer through Tor differs from the direct one (diff above)"
  fi
  grep -q 'without Tor' "$work/$id.direct.err" || net_fail "$id: --direct printed no warning"
  ! grep -q 'without Tor' "$work/$id.tor.err" || net_fail "$id: --tor-socks warned about going without Tor"
  printf '%s: %-18s %-26s %-16s through Tor %5d ms, direct %4d ms\n' "$NET_NAME" "$id" "$address" \
    "$(jq -r 'if .status == "error" then .error.code else .status end' "$work/$id.tor.json")" \
    "${tor_ms[-1]}" "${direct_ms[-1]}"
  checked=$((checked + 1))
done
((checked == ${#cases[@]})) || net_fail "checked $checked of ${#cases[@]} cases"

# Every lookup through Tor was one stream to Unbound, on a circuit, with
# credentials of its own in the torspec form. (--direct lookups make none.)
net_ctl_mark
tn_ctl_drain 0.5
target=127.0.0.1:$UNBOUND_PORT
mapfile -t streams < <(net_streams "$target" | awk -v m="$start_mark" '$2 >= m')
if ((${#streams[@]} != ${#cases[@]})); then
  printf '%s\n' "${TN_EVENTS[@]}" >&2
  net_fail "expected ${#cases[@]} Tor streams to $target (one per lookup), saw ${#streams[@]} (events above)"
fi
passwords=$(printf '%s\n' "${streams[@]}" | awk '{ print $6 }' | sort -u | wc -l)
((passwords == ${#cases[@]})) ||
  net_fail "expected ${#cases[@]} distinct SOCKS passwords (one per lookup), saw $passwords: $(printf '%s; ' "${streams[@]}")"
for s in "${streams[@]}"; do
  read -r sid _ _ circ user pass <<<"$s"
  ((circ > 0)) || net_fail "stream $sid to $target never SUCCEEDED: $s"
  [[ $user == '<torS0X>0' ]] || net_fail "stream $sid: SOCKS username '$user', wanted '<torS0X>0'"
  [[ $pass =~ ^[0-9a-f]{32}$ ]] || net_fail "stream $sid: SOCKS password '$pass' is not 16 random bytes in hex"
done
net_log "${#streams[@]} lookups through Tor: ${#streams[@]} streams to $target, ${passwords} distinct credentials, all SUCCEEDED"

# With --tor-socks the lookup needs the proxy: a closed port fails, no fallback.
dead=$(net_free_port "$CLIENT_SOCKS_PORT")
net_run "$work/dead.json" "$work/dead.err" "$hrn" resolve alice@rsa.test --upstream "$UPSTREAM" \
  --trust-anchor "$TRUST_ANCHOR" --tor-socks "127.0.0.1:$dead"
[[ $NET_RC == 1 ]] || net_fail "a closed SOCKS port gave exit $NET_RC: $(cat "$work/dead.json" "$work/dead.err")"
jq -e '.status == "error" and .error.code == "socks_proxy_unreachable" and .offer == null' "$work/dead.json" >/dev/null ||
  net_fail "a closed SOCKS port: $(cat "$work/dead.json")"

stats() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "min %d ms, median %d ms, max %d ms", v[1], v[int((NR + 1) / 2)], v[NR] }'; }
net_log "latency of one lookup (whole 'hrn resolve' process, cold circuit with new credentials each):"
net_log "  through Tor: $(stats "${tor_ms[@]}")  (first, $(awk -F'\t' -v id=rsa_ok '$1 == id { print $2 }' "$CASES"): ${tor_ms[0]} ms)"
net_log "  direct:      $(stats "${direct_ms[@]}")"
net_log "ok: ${#cases[@]} cases give the same answer through Tor as directly"

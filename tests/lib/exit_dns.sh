# shellcheck shell=bash
# Points the private Tor network's exit (tests/tornet) at a test resolver, so
# that a name a client sends through Tor (SOCKS5 with a host name) is
# resolved by the exit, as on the real network, here by the signed-zone
# fixture's Unbound. Sourced, not run; needs the tornet env loaded
# (EXIT_RESOLV_CONF, EXIT_PID_FILE).
#
# The exit keeps the new resolver until the network stops; nothing else in
# the tests sends names to the exit, only IP addresses and onion addresses.

# exit_dns_use PORT: the exit resolves through 127.0.0.1:PORT from now on.
# Returns non-zero (with a reason on stderr) if the network has no such
# exit, or the exit did not reload within 10 s.
exit_dns_use() {
  local port=$1 pid log before i
  if [[ -z ${EXIT_RESOLV_CONF:-} || -z ${EXIT_PID_FILE:-} ]]; then
    echo "exit_dns_use: the tornet env has no EXIT_RESOLV_CONF/EXIT_PID_FILE (a network started by an older start.sh?)" >&2
    return 1
  fi
  pid=$(tr -dc '0-9' <"$EXIT_PID_FILE")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || { echo "exit_dns_use: the exit (pid '$pid') is not running" >&2; return 1; }
  log=$(dirname "$EXIT_PID_FILE")/notice.log
  before=$(grep -c 'Received reload signal' "$log" || true)
  # libevent reads "IP:PORT" on a nameserver line. Tor re-reads the file on
  # SIGHUP only when its mtime changed (whole seconds): make sure it did.
  printf 'nameserver 127.0.0.1:%s\n' "$port" >"$EXIT_RESOLV_CONF"
  touch -m -d "@$(($(date +%s) + 1))" "$EXIT_RESOLV_CONF"
  kill -HUP "$pid"
  for ((i = 0; i < 100; i++)); do
    (($(grep -c 'Received reload signal' "$log" || true) > before)) && return 0
    sleep 0.1
  done
  echo "exit_dns_use: the exit did not reload its configuration within 10 s" >&2
  return 1
}

#!/usr/bin/env bash
# cmake --install into a temporary DESTDIR, as `make install DESTDIR=... PREFIX=...`
# runs it: exactly the expected files, an edited config survives a second install,
# the unit passes `systemd-analyze verify` and scores at most MAX_EXPOSURE in
# `systemd-analyze security`, and the man pages render without a warning.
set -euo pipefail
build=$1
# The exposure `systemd-analyze security` gives the unit (README "Run it as a
# service"); a change to the unit that raises it fails here. Level "OK" ends at 4.9.
MAX_EXPOSURE=1.5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for tool in cmake systemd-analyze man groff help2man; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run 'make deps' (scripts/deps.sh)"
done

root=$work/root
install_into() { # DESTDIR PREFIX LOG
  DESTDIR=$1 cmake --install "$build" --prefix "$2" >"$3" 2>&1 || fail "cmake --install: $(cat "$3")"
}
install_into "$root" /usr/local "$work/install1.log"

# Exactly these files, nothing else.
expected="etc/hrn-relay/hrn-relay.conf
usr/local/bin/hrn
usr/local/bin/hrn-relay
usr/local/lib/systemd/system/hrn-relay.service
usr/local/share/doc/hrn-relay/hrn-relay.conf.example
usr/local/share/doc/hrn-relay/torrc.example
usr/local/share/man/man1/hrn-relay.1
usr/local/share/man/man1/hrn.1"
actual=$(cd "$root" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
[ "$actual" = "$expected" ] || fail "installed files differ:
$(diff <(echo "$expected") <(echo "$actual") || true)"

src=$(cd "$(dirname "$0")/../.." && pwd)
"$root/usr/local/bin/hrn-relay" --version | grep -q '^hrn-relay [0-9]' || fail "installed hrn-relay --version"
"$root/usr/local/bin/hrn" --help | grep -q 'parse-name' || fail "installed hrn --help"
cmp -s "$root/etc/hrn-relay/hrn-relay.conf" "$src/hrn-relay.conf.example" || fail "the config is not the example"
[ "$(stat -c %a "$root/etc/hrn-relay/hrn-relay.conf")" = 644 ] || fail "the config is not 0644 (the service's dynamic user must read it)"
unit=$root/usr/local/lib/systemd/system/hrn-relay.service
grep -qx 'ExecStart=/usr/local/bin/hrn-relay --config /etc/hrn-relay/hrn-relay.conf --state-dir /var/lib/hrn-relay' "$unit" ||
  fail "ExecStart: $(grep ExecStart "$unit")"
! grep -q '@[A-Z_]*@' "$unit" || fail "unconfigured @VARS@ left in the unit"

# A second install keeps an edited config, and says so.
echo 'listen = 127.0.0.1:9999' >>"$root/etc/hrn-relay/hrn-relay.conf"
cp "$root/etc/hrn-relay/hrn-relay.conf" "$work/edited.conf"
install_into "$root" /usr/local "$work/install2.log"
cmp -s "$root/etc/hrn-relay/hrn-relay.conf" "$work/edited.conf" || fail "the second install overwrote the edited config"
grep -q "Kept: $root/etc/hrn-relay/hrn-relay.conf exists and is not overwritten" "$work/install2.log" ||
  fail "the second install did not say it kept the config: $(cat "$work/install2.log")"

# Another prefix at install time reaches the unit's ExecStart.
install_into "$work/opt" /opt/hrn "$work/install3.log"
grep -q '^ExecStart=/opt/hrn/bin/hrn-relay ' "$work/opt/opt/hrn/lib/systemd/system/hrn-relay.service" ||
  fail "--prefix /opt/hrn did not reach ExecStart"

# systemd-analyze verify needs ExecStart's binary: a copy of the unit points at
# the DESTDIR one (and man: finds the DESTDIR man pages).
mkdir "$work/verify"
sed "s|/usr/local/bin/hrn-relay|$root/usr/local/bin/hrn-relay|" "$unit" >"$work/verify/hrn-relay.service"
if ! MANPATH=$root/usr/local/share/man systemd-analyze verify "$work/verify/hrn-relay.service" >"$work/verify.log" 2>&1; then
  fail "systemd-analyze verify: $(cat "$work/verify.log")"
fi
! grep -i 'hrn-relay' "$work/verify.log" || fail "systemd-analyze verify complains: $(cat "$work/verify.log")"

# The exposure score: "→ Overall exposure level for hrn-relay.service: 1.7 OK 🙂".
systemd-analyze security --offline=yes --no-pager "$work/verify/hrn-relay.service" >"$work/security.log" 2>&1 ||
  fail "systemd-analyze security: $(cat "$work/security.log")"
line=$(grep 'Overall exposure level for hrn-relay.service' "$work/security.log") ||
  fail "no exposure level in: $(cat "$work/security.log")"
score=$(sed -n 's/.*hrn-relay\.service: \([0-9][0-9.]*\) .*/\1/p' <<<"$line")
[ -n "$score" ] || fail "cannot read the score from: $line"
awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s <= m) }' ||
  fail "exposure $score is above $MAX_EXPOSURE: $(grep -E '^✗' "$work/security.log" || true)"
echo "security: $line"

# Man pages: render without a groff warning, with the options in them.
for page in hrn-relay hrn; do
  file=$root/usr/local/share/man/man1/$page.1
  groff -man -Tutf8 -ww -z "$file" 2>"$work/groff.log" || fail "groff $page.1: $(cat "$work/groff.log")"
  [ ! -s "$work/groff.log" ] || fail "groff warns on $page.1: $(cat "$work/groff.log")"
  MANWIDTH=80 man -l "$file" >"$work/$page.txt" 2>"$work/man.log" || fail "man -l $page.1: $(cat "$work/man.log")"
  grep -q 'SEE ALSO' "$work/$page.txt" || fail "$page.1 has no SEE ALSO"
done
grep -q -- '--state-dir' "$work/hrn-relay.txt" || fail "hrn-relay.1 does not list --state-dir"
grep -q 'verify-proof' "$work/hrn.txt" || fail "hrn.1 does not list verify-proof"
echo "install_layout: all checks passed"

#!/usr/bin/env bash
# hrn-relay --check-config: the options and the --config file checked as a
# start would check them, without listening; the settings printed with where
# each came from; a bad file line reported with its number (exit 2).
set -euo pipefail
relay=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# check NAME ARGS...: runs --check-config, output in $work/NAME.out/.err, exit code in rc.
check() {
  local name=$1
  shift
  set +e
  timeout 10 "$relay" --check-config --state-dir "$work/state" "$@" >"$work/$name.out" 2>"$work/$name.err"
  rc=$?
  set -e
}

cat >"$work/good.conf" <<'CONF'
# a good file
listen = 127.0.0.1:0

batch-size = 4   # a comment after the value
tor-control-password = hunter2
rate-limit = 5
log-format = json
CONF
check good --config "$work/good.conf" --rate-limit 3 --direct --port-file "$work/port"
[ $rc = 0 ] || fail "good config: exit $rc: $(cat "$work/good.err")"
out=$work/good.out
grep -Eq "^batch-size = 4 +# $work/good.conf line 4\$" "$out" || fail "batch-size's source: $(grep batch-size "$out")"
grep -Eq "^listen = 127.0.0.1:0 +# $work/good.conf line 2\$" "$out" || fail "listen's source: $(grep '^listen' "$out")"
grep -Eq '^rate-limit = 3 +# command line$' "$out" || fail "the command line does not win: $(grep '^rate-limit' "$out")"
grep -Eq '^rate-burst = 40 +# default$' "$out" || fail "a default: $(grep '^rate-burst' "$out")"
grep -Eq '^direct = true +# command line$' "$out" || fail "a switch: $(grep '^direct' "$out")"
grep -Eq '^log-format = json +# ' "$out" || fail "log-format: $(grep '^log-format' "$out")"
grep -Eq "^state-dir = $work/state +# command line\$" "$out" || fail "state-dir: $(grep '^state-dir' "$out")"
grep -Eq '^#tor-socks = +# not set, default$' "$out" || fail "an unset option: $(grep 'tor-socks' "$out")"
grep -Eq '^tor-control-password = \(set\) ' "$out" || fail "the secret's line: $(grep 'password' "$out")"
grep -q hunter2 "$out" "$work/good.err" && fail "the secret was printed"
[ -e "$work/port" ] && fail "--check-config listened (the port file exists)"
# Every option of --help is listed (but help, version, check-config).
for opt in $("$relay" --help | grep -o '^  --[a-z-]*' | sed 's/^  --//'); do
  case $opt in help|version|check-config) continue;; esac
  grep -Eq "^#?$opt =" "$out" || fail "--$opt is not in the listing"
done

# bad NAME EXPECTED-MESSAGE-REGEX: the file $work/NAME.conf fails with exit 2
# and a message matching the regex.
bad() {
  check "$1" --config "$work/$1.conf" --direct
  [ $rc = 2 ] || fail "$1: exit $rc, not 2: $(cat "$work/$1.err")"
  grep -Eq "$2" "$work/$1.err" || fail "$1: message '$(cat "$work/$1.err")' does not match '$2'"
}
printf '# comment\nlisten = 127.0.0.1:0\n\nlog-level = info\nfrobnicate = 1\n' >"$work/unknown.conf"
bad unknown "unknown.conf line 5: unknown option 'frobnicate'"
printf 'listen = 127.0.0.1:0\nbatch-size = many\n' >"$work/value.conf"
bad value "value.conf line 2: .*batch-size.* expected K"
printf 'listen = 127.0.0.1:0\n\n# x\njust some words\n' >"$work/malformed.conf"
bad malformed "malformed.conf line 4: 'just some words' is not \`name = value\`"
printf '[section]\n' >"$work/section.conf"
bad section "section.conf line 1: "
# The relay's own checks name the line too.
printf 'rate-limit = 1\n\nbatch-size = 5000\n' >"$work/range.conf"
bad range "range.conf line 3: --batch-size must be 1 to 1024"
printf 'round-interval = 500\nmax-queue-wait = 100\n' >"$work/pair.conf"
bad pair "pair.conf line 2: --max-queue-wait must be at least --round-interval"
printf 'log-format = xml\n' >"$work/format.conf"
bad format "format.conf line 1: --log-format is text or json"
printf 'config = /etc/other.conf\n' >"$work/nested.conf"
bad nested "nested.conf line 1: --config belongs on the command line"
printf 'batch-size = 4\nbatch-size = 5\n' >"$work/twice.conf"
bad twice "twice.conf line 1: .*batch-size"
# A bad value in the file that the command line overrides does not count.
check override --config "$work/range.conf" --batch-size 4 --direct
[ $rc = 0 ] || fail "the command line's --batch-size does not override the file's: $(cat "$work/override.err")"
# Beyond the parse: files a start reads are checked too.
check anchors --direct --trust-anchor "$work/nonexistent.ds"
[ $rc = 2 ] || fail "an unreadable --trust-anchor: exit $rc"
[ -s "$work/anchors.err" ] || fail "an unreadable --trust-anchor: no reason"
printf 'not a name\n' >"$work/directory"
check directory --direct --directory "$work/directory"
[ $rc = 2 ] && grep -q 'line 1' "$work/directory.err" || fail "a bad --directory file: exit $rc $(cat "$work/directory.err")"
printf 'not a certificate\n' >"$work/ca.pem"
check blocks_ca --direct --upstream tcp://127.0.0.1:53 --blocks esplora:https://192.0.2.1/api --ca-file "$work/ca.pem"
[ $rc = 2 ] && grep -q -- '--blocks: .*ca.pem' "$work/blocks_ca.err" ||
  fail "a bad CA file for --blocks: exit $rc $(cat "$work/blocks_ca.err")"
check missing --config "$work/nonexistent.conf"
[ $rc = 2 ] && grep -q 'cannot read config file' "$work/missing.err" || fail "a missing config file: exit $rc"
echo "config_check: all checks passed"

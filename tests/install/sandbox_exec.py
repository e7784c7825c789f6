#!/usr/bin/python3
"""Run a command under the parts of hrn-relay.service's sandbox that matter
to its syscalls: an unprivileged user, no_new_privs, SystemCallFilter=,
RestrictAddressFamilies=, MemoryDenyWriteExecute=, as systemd builds them.
Usage: sandbox_exec.py UNIT {errno|kill} USER -- COMMAND...
'kill': a syscall outside the filter kills the process (finds what is used)."""
import errno, os, pwd, subprocess, sys
import seccomp

unit, mode, user = sys.argv[1], sys.argv[2], sys.argv[3]
cmd = sys.argv[sys.argv.index('--') + 1:]
settings = {}
for line in open(unit):
    line = line.strip()
    if '=' in line and not line.startswith('#'):
        k, v = line.split('=', 1)
        settings.setdefault(k, []).append(v)

def expand(name):
    """A group's system calls, nested groups expanded, as systemd-analyze lists them."""
    out = set()
    text = subprocess.run(['systemd-analyze', 'syscall-filter', name], check=True,
                          capture_output=True, text=True).stdout
    for l in text.splitlines()[1:]:
        l = l.strip()
        if not l or l.startswith('#'): continue
        out |= expand(l) if l.startswith('@') else {l}
    return out

allowed = set()
for value in settings['SystemCallFilter']:
    deny = value.startswith('~')
    names = set()
    for item in value.lstrip('~').split():
        names |= expand(item) if item.startswith('@') else {item}
    if deny: allowed -= names
    else: allowed |= names
families = {'AF_INET': 2, 'AF_INET6': 10, 'AF_UNIX': 1}
allowed_families = [families[f] for f in ' '.join(settings['RestrictAddressFamilies']).split()]
mdwe = settings.get('MemoryDenyWriteExecute', ['no'])[-1] == 'yes'

pw = pwd.getpwnam(user)
if os.getuid() == 0 and pw.pw_uid != 0:
    os.setgroups([]); os.setgid(pw.pw_gid); os.setuid(pw.pw_uid)
os.environ.update(HOME='/', USER=user, LOGNAME=user)

default = seccomp.KILL_PROCESS if mode == 'kill' else seccomp.ERRNO(errno.EPERM)
f = seccomp.SyscallFilter(defaction=default)  # sets no_new_privs
PROT_WRITE, PROT_EXEC = 2, 4
special = {'socket', 'mmap', 'mprotect', 'pkey_mprotect'}
for name in sorted(allowed - special):
    try: f.add_rule(seccomp.ALLOW, name)
    except (RuntimeError, ValueError): pass  # not a syscall of this architecture
for fam in allowed_families:
    f.add_rule(seccomp.ALLOW, 'socket', seccomp.Arg(0, seccomp.EQ, fam))
for name in special - {'socket'}:
    if name not in allowed: continue
    if not mdwe:
        f.add_rule(seccomp.ALLOW, name); continue
    if name == 'mmap':
        for v in (0, PROT_WRITE, PROT_EXEC):
            f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, PROT_WRITE | PROT_EXEC, v))
    else:
        f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, PROT_EXEC, 0))
# Families not allowed get EAFNOSUPPORT, as systemd returns (not a kill).
for fam in range(0, 46):
    if fam not in allowed_families:
        f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), 'socket', seccomp.Arg(0, seccomp.EQ, fam))
f.load()
os.execvp(cmd[0], cmd)

#!/bin/sh
# Ctrl-C (and SIGTERM, SIGHUP, Ctrl-Z) at `mogoplus login`'s secret prompt
# gives the terminal back with echo on, as readpassphrase(3) does, and the
# signal then takes its usual effect: the process dies of it (or stops,
# and after SIGCONT asks again with echo off). Under nohup a hangup leaves
# the prompt waiting: a signal the caller ignores stays ignored. Run on a real pseudo-terminal
# whose session leader is this test's job-control harness (python3's pty
# module), so that Ctrl-C and Ctrl-Z come from the terminal's line
# discipline as they do in a shell.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-keyring.sh"
# login asks for the secret only where a keyring can take it.
start_keyring

command -v python3 >/dev/null 2>&1 || skip "python3 is not installed (see scripts/install-deps)"
# No server is asked: the prompt comes before anything else.
URL=https://127.0.0.1:9/api/v1/oauth2/token
PKI=$T/none
write_config

cat >"$T/harness.py" <<'EOF'
import fcntl, os, select, signal, sys, termios, time

prog, how = sys.argv[1], sys.argv[2]
PROMPT = b"Client secret for"

def echo_on(fd):
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)

def wait_for(master, text, secs=10.0):
    got, end = b"", time.monotonic() + secs
    while text not in got:
        left = end - time.monotonic()
        if left <= 0 or not select.select([master], [], [], left)[0]:
            sys.exit("no %r from mogoplus login (got %r)" % (text, got))
        got += os.read(master, 4096)

def wait_child(pid, secs=10.0):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        p, st = os.waitpid(pid, os.WUNTRACED | os.WNOHANG)
        if p == pid:
            return st
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    sys.exit("mogoplus login did not end after the signal")

os.setsid()
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
pid = os.fork()
if pid == 0:
    # A shell's child: default dispositions, whatever this test inherited
    # (a run under nohup ignores SIGHUP; SIGTTOU is ignored above).
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT,
              signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU):
        signal.signal(s, signal.SIG_DFL)
    if how == "NOHUP":
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    os.setpgid(0, 0)
    os.tcsetpgrp(slave, os.getpid())
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(prog, [prog, "login"])
try:
    os.setpgid(pid, pid)  # the child does it too; whoever comes first
except PermissionError:
    pass  # the child has already exec'd, in its own group
os.tcsetpgrp(slave, pid)
def wait_echo_off(fd, secs=10.0):
    # The prompt is written just before echo goes off: give it the moment.
    end = time.monotonic() + secs
    while echo_on(fd) and time.monotonic() < end:
        time.sleep(0.02)
    return not echo_on(fd)

wait_for(master, PROMPT)
if not wait_echo_off(slave):
    sys.exit("echo is on at the secret prompt")
os.write(master, b"typed-before-")
sigs = {"INT": signal.SIGINT, "TERM": signal.SIGTERM, "HUP": signal.SIGHUP,
        "TSTP": signal.SIGTSTP}
if how == "NOHUP":
    # Ignored: the prompt goes on reading, and Ctrl-C still ends it.
    os.kill(pid, signal.SIGHUP)
    time.sleep(0.3)
    if os.waitpid(pid, os.WNOHANG)[0] == pid:
        sys.exit("under nohup, SIGHUP ended the prompt")
    how = "INT"
if how == "INT":
    os.write(master, b"\x03")
elif how == "TSTP":
    os.write(master, b"\x1a")
else:
    os.kill(pid, sigs[how])
st = wait_child(pid)
os.tcsetpgrp(slave, os.getpgrp())
if not echo_on(slave):
    sys.exit("after SIG%s the terminal is left with echo off" % how)
if how == "TSTP":
    if not os.WIFSTOPPED(st) or os.WSTOPSIG(st) != signal.SIGTSTP:
        sys.exit("Ctrl-Z did not stop mogoplus login (status %d)" % st)
    # fg: asked again, echo off again; then Ctrl-C ends it.
    os.tcsetpgrp(slave, pid)
    os.killpg(pid, signal.SIGCONT)
    wait_for(master, PROMPT)
    if not wait_echo_off(slave):
        sys.exit("echo is on at the prompt asked again after fg")
    os.write(master, b"\x03")
    st = wait_child(pid)
    os.tcsetpgrp(slave, os.getpgrp())
    if not echo_on(slave):
        sys.exit("after Ctrl-C at the second prompt echo is off")
    how = "INT"
if not os.WIFSIGNALED(st) or os.WTERMSIG(st) != sigs[how]:
    sys.exit("mogoplus login did not die of SIG%s (status %d)" % (how, st))
print("ok")
EOF

for how in INT TERM HUP TSTP NOHUP; do
	python3 "$T/harness.py" "$MOGOPLUS" "$how" >"$T/h.out" 2>"$T/h.err" ||
		fail "SIG$how at the login prompt: $(cat "$T/h.err")"
	grep -qx ok "$T/h.out" || fail "SIG$how: the harness did not finish: $(cat "$T/h.err")"
done

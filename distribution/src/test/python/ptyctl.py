"""Drives supervisorctl through a real pseudo-terminal.

    ptyctl.py shell CTL CONF HISTFILE   the interactive shell: prompt, output, errors, help,
                                        completion, history across runs, Ctrl-D and quit
    ptyctl.py fg CTL CONF PROG          one-shot `fg PROG` (PROG runs cat): lines round trip,
                                        Ctrl-C detaches
    ptyctl.py shellfg CTL CONF PROG [lingers]
                                        the same from inside the shell, which then goes on
                                        ("lingers": the client may not end after quit)

Exits 0 when every check passed; otherwise prints what was expected and what the terminal
showed, and exits 1.
"""
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

SPAWNED = []
ANSI = re.compile(rb'\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\x07')


class Term:
    def __init__(self, argv):
        env = dict(os.environ, TERM='xterm', LANG='C.UTF-8')
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        SPAWNED.append(self.pid)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
        self.seen = b''
        self.argv = argv

    def send(self, data):
        os.write(self.fd, data)

    def expect(self, pattern, timeout=20):
        """Reads until `pattern` (bytes, matched on the text without escape sequences) shows."""
        start = len(self.seen)
        end = time.time() + timeout
        while time.time() < end:
            if pattern in ANSI.sub(b'', self.seen[start:]):
                return ANSI.sub(b'', self.seen[start:])
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    data = b''
                if not data:
                    break
                self.seen += data
        if pattern in ANSI.sub(b'', self.seen[start:]):
            return ANSI.sub(b'', self.seen[start:])
        fail('expected %r from %s; the terminal showed:\n%r' % (pattern, ' '.join(self.argv), self.seen[start:]))

    def wait(self, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                    self.seen += data
                except OSError:
                    data = b''
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        fail('%s did not end; the terminal showed:\n%r' % (' '.join(self.argv), self.seen[-2000:]))


def fail(msg):
    print(msg)
    for pid in SPAWNED:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def shell(ctl, conf, hist):
    t = Term([ctl, '-c', conf, '-r', hist])
    out = t.expect(b'supervisor> ')
    check(b'sleeper' in out and b'RUNNING' in out, 'status first: %r' % out)
    t.send(b'foo bar\r')
    out = t.expect(b'supervisor> ')
    check(b'*** Unknown syntax: foo bar' in out, 'unknown command: %r' % out)
    t.send(b'status nosuch\r')
    out = t.expect(b'supervisor> ')
    check(b'nosuch: ERROR (no such process)' in out, 'bad name: %r' % out)
    t.send(b'open http://127.0.0.1:1\r')
    out = t.expect(b'supervisor> ')
    check(b'http://127.0.0.1:1 refused connection' in out, 'unreachable server: %r' % out)
    t.send(b'open unix://' + os.path.dirname(conf).encode() + b'/s.sock\r')
    out = t.expect(b'supervisor> ')
    check(b'sleeper' in out and b'RUNNING' in out, 'open again: %r' % out)
    t.send(b'help\r')
    out = t.expect(b'supervisor> ')
    check(b'default commands (type help <topic>):' in out and b'maintail' in out, 'help: %r' % out)
    t.send(b'help quit\r')
    out = t.expect(b'supervisor> ')
    check(re.search(rb'quit\t\S', out) is not None, 'help quit: %r' % out)
    # completion: an action, then a process name
    t.send(b'vers\t')
    t.expect(b'ion ')
    t.send(b'\r')
    out = t.expect(b'supervisor> ')
    check(b'4.2.5' in out, 'completed version: %r' % out)
    t.send(b'status sle\t')
    t.expect(b'eper ')
    t.send(b'\r')
    out = t.expect(b'supervisor> ')
    check(re.search(rb'sleeper +RUNNING', out) is not None, 'completed status sleeper: %r' % out)
    t.send(b'pid g:o\t')
    t.expect(b'ff ')
    t.send(b'\r')
    out = t.expect(b'supervisor> ')
    check(b'\n0' in out.replace(b'\r', b''), 'completed pid g:off: %r' % out)
    t.send(b'\x04')  # Ctrl-D at an empty line
    rc = t.wait()
    check(rc == 0, 'Ctrl-D: exit status %s' % rc)
    with open(hist, 'rb') as f:
        lines = [l.strip() for l in f.read().decode().splitlines()]
    for want in ('foo bar', 'help quit', 'version', 'status sleeper', 'pid g:off'):
        check(want in lines, 'history file %s lacks %r: %r' % (hist, want, lines))
    # a new shell recalls the last line with the up arrow; quit ends it
    t = Term([ctl, '-c', conf, '-r', hist])
    t.expect(b'supervisor> ')
    t.send(b'\x1b[A')
    t.expect(b'pid g:off')
    t.send(b'\x1b[A')
    t.expect(b'status sleeper')
    t.send(b'\r')
    out = t.expect(b'supervisor> ')
    check(re.search(rb'sleeper +RUNNING', out) is not None, 'recalled status sleeper: %r' % out)
    t.send(b'quit\r')
    rc = t.wait()
    check(rc == 0, 'quit: exit status %s' % rc)


def fg_round_trip(t, prog):
    t.expect(b'==> Press Ctrl-C to exit <==')
    time.sleep(0.5)
    for word in (b'ping-one', b'ping-two \xc3\xa9'):
        t.send(word + b'\r')
        # once echoed by the terminal, once from the program
        end = time.time() + 20
        while ANSI.sub(b'', t.seen).count(word) < 2 and time.time() < end:
            pass
            r, _, _ = select.select([t.fd], [], [], 0.1)
            if r:
                t.seen += os.read(t.fd, 65536)
        check(ANSI.sub(b'', t.seen).count(word) >= 2, 'fg round trip of %r: %r' % (word, t.seen))
    t.send(b'\x03')
    t.expect(b'Exiting foreground')


def fg(ctl, conf, prog):
    t = Term([ctl, '-c', conf, 'fg', prog])
    fg_round_trip(t, prog)
    rc = t.wait()
    check(rc == 0, 'fg then Ctrl-C: exit status %s' % rc)


def shellfg(ctl, conf, prog, lingers=''):
    t = Term([ctl, '-c', conf])
    t.expect(b'supervisor> ')
    t.send(b'fg ' + prog.encode() + b'\r')
    fg_round_trip(t, prog)
    t.expect(b'supervisor> ')
    t.send(b'status ' + prog.encode() + b'\r')
    out = t.expect(b'supervisor> ')
    check(re.search(prog.encode() + rb' +RUNNING', out) is not None, 'still running after fg: %r' % out)
    t.send(b'quit\r')
    if lingers:
        # the reference client's fg reader threads keep it alive after quit: stop it here
        t.expect(b'quit')
        time.sleep(0.5)
        os.kill(t.pid, 9)
        os.waitpid(t.pid, 0)
        return
    rc = t.wait()
    check(rc == 0, 'quit: exit status %s' % rc)


if __name__ == '__main__':
    {'shell': shell, 'fg': fg, 'shellfg': shellfg}[sys.argv[1]](*sys.argv[2:])
    print('OK')

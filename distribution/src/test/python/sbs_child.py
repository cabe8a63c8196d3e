"""A long-running child for the side-by-side tests.

Prints one line to stdout and one to stderr, reports HUP and USR1 on stdout instead of dying,
and exits 0 on TERM. Usage: sbs_child.py NAME
"""
import signal
import sys
import time

name = sys.argv[1] if len(sys.argv) > 1 else "child"


def report(signum, frame):
    sys.stdout.write("%s got %s\n" % (name, signal.Signals(signum).name))
    sys.stdout.flush()


def term(signum, frame):
    sys.exit(0)


signal.signal(signal.SIGHUP, report)
signal.signal(signal.SIGUSR1, report)
signal.signal(signal.SIGTERM, term)
sys.stdout.write("%s out line\n" % name)
sys.stdout.flush()
sys.stderr.write("%s err line\n" % name)
sys.stderr.flush()
while True:
    time.sleep(3600)

"""Records the signals it receives: sigrecord.py OUTFILE. Writes 'ready' once its handlers are
installed, then one signal name a line; exits on SIGTERM."""
import signal
import sys
import time

out = sys.argv[1]


def record(sig, frame):
    with open(out, 'a') as f:
        f.write(signal.Signals(sig).name + '\n')
    if sig == signal.SIGTERM:
        sys.exit(0)


for s in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGTERM):
    signal.signal(s, record)
with open(out, 'a') as f:
    f.write('ready\n')
while True:
    time.sleep(1)

"""An event listener for the tests, speaking the protocol by hand (no supervisor modules).

Usage: recording_listener.py RECORD_FILE [MODE]
Appends each event it receives to RECORD_FILE as: header line, payload, a line '--'.
MODE: ok (default) answers OK; fail-first answers FAIL to the first event of each run;
die-busy exits without answering the first event of its first run (a marker file beside
RECORD_FILE tells later runs); garbage answers its first event with a line that is not a
result; never-ready never says READY.
"""
import os
import sys

record, mode = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "ok")
stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
if mode == "never-ready":
    stdin.read()
    sys.exit(0)
count = 0
while True:
    stdout.write(b"READY\n")
    stdout.flush()
    header = stdin.readline()
    if not header:
        break
    fields = dict(tok.split(b":", 1) for tok in header.split())
    payload = stdin.read(int(fields[b"len"]))
    with open(record, "ab") as f:
        f.write(header + payload + b"\n--\n")
    count += 1
    if mode == "die-busy" and count == 1 and not os.path.exists(record + ".died"):
        open(record + ".died", "w").close()
        os._exit(3)
    if mode == "garbage" and count == 1:
        stdout.write(b"NONSENSE\n")
        stdout.flush()
        continue
    answer = b"FAIL" if mode == "fail-first" and count == 1 else b"OK"
    stdout.write(b"RESULT %d\n%s" % (len(answer), answer))
    stdout.flush()

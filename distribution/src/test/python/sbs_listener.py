"""An event listener written the way users write them: with the reference's childutils.

Usage: sbs_listener.py RECORD_FILE
Appends one normalised line per event (pids and serials replaced) to RECORD_FILE. When 'web'
becomes RUNNING it calls the daemon back through SUPERVISOR_SERVER_URL and adds the state
the daemon reports.
"""
import os
import re
import sys

from supervisor import childutils

record = sys.argv[1]
rpc = childutils.getRPCInterface(os.environ)
while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    checks = []
    if int(headers["len"]) != len(payload):
        checks.append("LEN-MISMATCH")
    for key in ("ver", "server", "pool", "serial", "poolserial"):
        if key not in headers:
            checks.append("MISSING-" + key)
    line = "%s ver:%s server:%s pool:%s | %s" % (
        headers["eventname"], headers.get("ver"), headers.get("server"), headers.get("pool"),
        re.sub(r"pid:\d+", "pid:N", payload).replace("\n", "\\n"))
    if headers["eventname"] == "PROCESS_STATE_RUNNING" and payload.startswith("processname:web "):
        line += " [callback getProcessInfo(web): %s]" % rpc.supervisor.getProcessInfo("web")["statename"]
    with open(record, "a") as f:
        f.write(line + (" " + " ".join(checks) if checks else "") + "\n")
    childutils.listener.ok(sys.stdout)

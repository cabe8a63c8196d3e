"""Calls the daemon back through SUPERVISOR_SERVER_URL with the reference's childutils and
prints the state it reports (issue 3, item 5). Then sleeps so the program stays RUNNING."""
import os
import sys
import time

from supervisor import childutils

try:
    state = childutils.getRPCInterface(os.environ).supervisor.getState()
    print("STATE %s %s" % (state["statename"], os.environ.get("SUPERVISOR_SERVER_URL", "")), flush=True)
except Exception as e:  # printed so the test shows why
    print("ERROR %s: %s %s" % (type(e).__name__, e, os.environ.get("SUPERVISOR_SERVER_URL", "")), flush=True)
while True:
    time.sleep(3600)

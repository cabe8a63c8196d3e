"""A syslog collector for the tests: a UNIX datagram socket (a stand-in for /dev/log) and a
UDP port; every message received is appended to OUT_FILE as 'unix|<message>' or 'udp|<message>'
(newlines inside a message escaped as \\n), flushed at once.

Usage: syslog_sink.py SOCKET_PATH UDP_PORT OUT_FILE
"""
import os
import select
import socket
import sys

path, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if os.path.exists(path):
    os.unlink(path)
unix = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
unix.bind(path)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", port))
with open(out, "a") as f:
    f.write("ready\n")
    f.flush()
    while True:
        ready, _, _ = select.select([unix, udp], [], [])
        for s in ready:
            data = s.recv(65536).decode("utf-8", "replace").replace("\n", "\\n")
            f.write("%s|%s\n" % ("unix" if s is unix else "udp", data))
            f.flush()

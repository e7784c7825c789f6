"""One persistent HTTP connection across a SIGHUP of the relay.

keepalive.py PORT RELAY_PID LOG: on one connection, GET /healthz and a
lookup, send the relay SIGHUP, wait until its log tells the reload, then
GET /healthz and another lookup on the same connection. Prints the four
statuses; exits 1 when the connection did not survive."""
import http.client
import os
import signal
import sys
import time

port, pid, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
conn.auto_open = 0  # never reconnect behind the test's back
conn.connect()
local = conn.sock.getsockname()


def get(path):
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    if response.will_close:
        sys.exit(f"the relay closes the connection after {path}")
    return response.status


def reloads():
    with open(log, encoding="utf-8", errors="replace") as f:
        return f.read().count("SIGHUP")


statuses = [get("/healthz"), get("/v1/resolve?name=before@example.com")]
seen = reloads()
os.kill(pid, signal.SIGHUP)
deadline = time.monotonic() + 10
while reloads() == seen:
    if time.monotonic() > deadline:
        sys.exit("the relay logged no reload")
    time.sleep(0.05)
try:
    statuses += [get("/healthz"), get("/v1/resolve?name=after@example.com")]
except (http.client.HTTPException, OSError) as e:
    sys.exit(f"the connection did not survive the SIGHUP: {e!r}")
if conn.sock is None or conn.sock.getsockname() != local:
    sys.exit("not the same connection")
print(" ".join(map(str, statuses)))

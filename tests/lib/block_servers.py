#!/usr/bin/env python3
"""Block sources for the relay tests: an Esplora-like HTTPS server and a
bitcoind-like JSON-RPC server, both reading the chain height from a file at
every request so a test moves the tip by writing one number.

  block_servers.py esplora DIR CERT KEY   GET /api/blocks (ten linked blocks, newest first)
  block_servers.py rpc DIR COOKIE         POST / with Basic auth = the COOKIE file's contents

DIR holds `height` (read per request) and gets `port` (bound, written once
listening) and `requests.log` (one line per request: method path status).
Hashes are a function of the height, as the test expects them
(sha256 of "block-<height>", hex)."""
import base64
import hashlib
import http.server
import json
import os
import ssl
import sys


def block_hash(height):
    return hashlib.sha256(b"block-%d" % height).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet stderr; requests.log says what happened
        pass

    def record(self, status):
        with open(os.path.join(self.server.dir, "requests.log"), "a") as log:
            log.write("%s %s %d\n" % (self.command, self.path, status))

    def reply(self, status, body, content_type="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.record(status)

    def height(self):
        with open(os.path.join(self.server.dir, "height")) as f:
            return int(f.read().strip())

    def do_GET(self):
        if self.server.mode != "esplora" or self.path != "/api/blocks":
            return self.reply(404, "not found", "text/plain")
        tip = self.height()
        blocks = []
        for h in range(tip, max(tip - 10, -1), -1):
            blocks.append({"id": block_hash(h), "height": h, "version": 536870912,
                           "timestamp": 1754560000 + h, "tx_count": 1,
                           "previousblockhash": block_hash(h - 1) if h > 0 else None})
        self.reply(200, json.dumps(blocks))

    def do_POST(self):
        if self.server.mode != "rpc":
            return self.reply(404, "not found", "text/plain")
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with open(self.server.cookie) as f:
            expected = "Basic " + base64.b64encode(f.read().strip().encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.reply(401, "", "text/plain")
        tip = self.height()
        answers = []
        for call in json.loads(body):
            method, params = call["method"], call.get("params", [])
            if method == "getblockcount":
                result = tip
            elif method == "getbestblockhash":
                result = block_hash(tip)
            elif method == "getblockhash" and 0 <= params[0] <= tip:
                result = block_hash(params[0])
            else:
                answers.append({"result": None, "id": call["id"],
                                "error": {"code": -8, "message": "Block height out of range"}})
                continue
            answers.append({"result": result, "error": None, "id": call["id"]})
        self.reply(200, json.dumps(answers))


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.mode, server.dir = mode, directory
    if mode == "esplora":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    else:
        server.cookie = sys.argv[3]
    tmp = os.path.join(directory, "port.tmp")
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, os.path.join(directory, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()

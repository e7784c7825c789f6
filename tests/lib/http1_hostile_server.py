#!/usr/bin/python3
"""http1_hostile_server.py MODE PORTFILE EVENTFILE

An HTTP/1.1 DoH server (plain TCP) that misbehaves on purpose, for the DoH
client's tests. It listens on 127.0.0.1, writes its port to PORTFILE once it
accepts, serves ONE connection as MODE says and appends what it saw to
EVENTFILE ("request MARKER", "closed"). MARKER is octet 12 of the query. An
answer is the query with the QR bit set.

Modes:
  answer           every request answered (Content-Length)
  chunked          every request answered in three chunks
  chunked_big      a chunked body of 100000 octets
  chunk_ext_flood  a chunk header whose extension never ends (8 MiB of it)
  big_body         Content-Length: 100000 and that many octets
  big_headers      400 header fields of 200 octets
  endless_header   one header line that never ends (8 MiB of it)
  close_after_one  answers the first request with Connection: close, closes
  close_option     answers with Connection: close but leaves closing to the
                   client (logs "closed" when it does)
  eof_mid_body     Content-Length: 100, 20 octets, then closes
  wrong_type       200 with Content-Type: text/html
  early_hints      103 Early Hints, then the answer
  silent           reads requests, answers nothing
  slow             answers each request 300 ms after it came
"""
import socket
import sys
import time

MODE, PORTFILE, EVENTFILE = sys.argv[1], sys.argv[2], sys.argv[3]


def log(line):
    with open(EVENTFILE, "a") as f:
        f.write(line + "\n")


def read_request(sock, buffered):
    """One request's body (by Content-Length), or None at EOF."""
    while b"\r\n\r\n" not in buffered[0]:
        data = sock.recv(65536)
        if not data:
            return None
        buffered[0] += data
    head, rest = buffered[0].split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        data = sock.recv(65536)
        if not data:
            return None
        rest += data
    buffered[0] = rest[length:]
    return rest[:length]


def response(body, ctype=b"application/dns-message", extra=b"", status=b"200 OK"):
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\nContent-Length: " +
            str(len(body)).encode() + b"\r\n" + extra + b"\r\n" + body)


def chunked_head():
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\nTransfer-Encoding: chunked\r\n\r\n"


def serve(sock):
    buffered = [b""]
    while True:
        query = read_request(sock, buffered)
        if query is None:
            log("closed")
            return
        log("request %d" % (query[12] if len(query) > 12 else 0))
        answer = bytearray(query)
        answer[2] |= 0x80
        answer = bytes(answer)
        if MODE == "answer":
            sock.sendall(response(answer))
        elif MODE == "slow":
            time.sleep(0.3)
            sock.sendall(response(answer))
        elif MODE == "chunked":
            parts = [answer[:5], answer[5:9], answer[9:]]
            sock.sendall(chunked_head() + b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n")
        elif MODE == "chunked_big":
            chunk = b"%x\r\n%s\r\n" % (10000, b"\x2a" * 10000)
            sock.sendall(chunked_head() + chunk * 10 + b"0\r\n\r\n")
        elif MODE == "chunk_ext_flood":
            flood(sock, chunked_head() + b"5;ext=")
        elif MODE == "big_body":
            sock.sendall(response(b"\x2a" * 100000))
        elif MODE == "big_headers":
            pad = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"v" * 200) for i in range(400))
            sock.sendall(response(answer, extra=pad))
        elif MODE == "endless_header":
            flood(sock, b"HTTP/1.1 200 OK\r\nX-Endless: ")
        elif MODE == "close_after_one":
            sock.sendall(response(answer, extra=b"Connection: close\r\n"))
            sock.close()
            log("closed")
            return
        elif MODE == "close_option":
            sock.sendall(response(answer, extra=b"Connection: close\r\n"))
        elif MODE == "eof_mid_body":
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\n"
                         b"Content-Length: 100\r\n\r\n" + b"\x2a" * 20)
            sock.close()
            log("closed")
            return
        elif MODE == "wrong_type":
            sock.sendall(response(answer, ctype=b"text/html"))
        elif MODE == "early_hints":
            sock.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n" + response(answer))


def flood(sock, start):
    """Sends `start`, then up to 8 MiB of 'a' while the client reads."""
    try:
        sock.sendall(start)
        for _ in range(128):
            sock.sendall(b"a" * 65536)
        log("flood sent")
    except OSError:
        log("flood cut off")


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    import os
    with open(PORTFILE + ".tmp", "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.rename(PORTFILE + ".tmp", PORTFILE)
    sock, _ = listener.accept()
    try:
        serve(sock)
    except (ConnectionError, BrokenPipeError):
        log("closed")
    # Keep the connection open (a server that stops talking) until killed.
    try:
        while sock.fileno() >= 0 and sock.recv(65536):
            pass
    except OSError:
        pass


if __name__ == "__main__":
    main()

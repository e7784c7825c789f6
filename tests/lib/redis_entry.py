#!/usr/bin/env python3
"""redis_entry.py PORT KEY ACTION

Reads, copies or damages one shared cache entry in Redis, binary-safe (it
speaks RESP itself; redis-cli's output adds newlines). The entry format is
the relay's (src/cache/shared_entry.cpp): version u8, three u64 times,
found u8, uri_len u16, uri, chain_len u32, chain. The damage keeps the
entry's expiry, so only its content changed.

ACTION:
  uri        changes one character of the offer in the stored URI
  signature  flips one bit in the last byte of the chain (an RRSIG's signature)
  stale      moves the entry's times back: stored 20 s ago, expired 10 s
             ago, servable stale for another hour (what a relay leaves in
             Redis once an entry's TTL is over)
  show       prints found, the URI and the chain length
"""
import socket
import struct
import sys
import time


def command(sock, *args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    sock.sendall(out)
    f = sock.makefile("rb")
    line = f.readline()
    if line.startswith(b"$"):
        n = int(line[1:])
        return None if n < 0 else f.read(n + 2)[:-2]
    if line.startswith(b":"):
        return int(line[1:])
    if line.startswith(b"-"):
        raise SystemExit("redis error: " + line.decode().strip())
    return line.strip()


def parse(value):
    version, stored, expires, stale, found, uri_len = struct.unpack(">BQQQBH", value[:28])
    uri = value[28:28 + uri_len]
    (chain_len,) = struct.unpack(">I", value[28 + uri_len:32 + uri_len])
    return found, uri, chain_len


def main():
    port, key, action = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    value = command(sock, "GET", key)
    if value is None:
        raise SystemExit("no entry at " + key)
    found, uri, chain_len = parse(value)
    if action == "show":
        print(found, uri.decode(), chain_len)
        return
    data = bytearray(value)
    if action == "uri":
        at = uri.find(b"lno1")
        if at < 0:
            raise SystemExit("the URI has no offer")
        pos = 28 + at + 10  # a character inside the offer's bech32 data
        data[pos] = ord("q") if data[pos] != ord("q") else ord("p")
    elif action == "signature":
        data[-1] ^= 0x01
    elif action == "stale":
        now = int(time.time())
        data[1:25] = struct.pack(">QQQ", now - 20, now - 10, now + 3600)
    else:
        raise SystemExit("unknown action " + action)
    ttl = command(sock, "PTTL", key)
    command(sock, "SET", key, bytes(data), "PX", max(int(ttl), 1000))
    print("damaged", action)


main()

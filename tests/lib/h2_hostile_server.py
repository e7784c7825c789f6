#!/usr/bin/python3
"""h2_hostile_server.py MODE PORTFILE EVENTFILE

An HTTP/2 DoH server (plain TCP, prior knowledge) that misbehaves on purpose,
for the DoH client's tests. It listens on 127.0.0.1, writes its port to
PORTFILE once it accepts, serves ONE connection as MODE says, and appends
what it saw to EVENTFILE, one line each ("request STREAM MARKER",
"reset STREAM CODE", "closed"), so a test can check what reached the wire.
The MARKER is octet 12 of the query (the first octet after the DNS header):
tests use it to ask for a different misbehaviour on each stream of a flight.
An answer is the query with the QR bit set.

Modes (the rest of each request's stream is answered normally):
  answer              every request answered
  one_stream          SETTINGS_MAX_CONCURRENT_STREAMS=1; answers each request
                      after 20 ms, and logs "violation" if two were open at once
  big_body            marker 1: 200 and then DATA without end (up to 1 MiB,
                      as flow control allows) until the client resets it
  many_headers        marker 1: 400 headers of 200 octets in one block;
                      marker 2: one header of 60000 octets
  continuation_flood  marker 1: HEADERS without END_HEADERS, then CONTINUATION
                      frames without end (raw frames)
  statuses            marker 1: 404; 2: 103 then 200; 3: ":status: abc";
                      4: text/html; 5: no content-type; 6: empty body;
                      7: content-length 100 with 13 octets of body;
                      8: a trailer "content-type: text/html";
                      10: "Application/DNS-Message ; x=1" (a valid spelling)
  rst_one             marker 1: RST_STREAM INTERNAL_ERROR; marker 4: 200 and the
                      whole answer, but no END_STREAM: RST_STREAM NO_ERROR instead
  goaway              once 3 requests are in: GOAWAY with last_stream_id the
                      lowest of them, then answers that one only, then waits
  goaway_slow         the same, but answers that one 500 ms after the GOAWAY
  silent              reads everything, answers nothing
  late_one            marker 1: answered 500 ms later, even if the client reset
                      the stream meanwhile (raw frames, as a server that had
                      sent them before the RST_STREAM reached it)
  close_mid_frame     once 3 requests are in: half a DATA frame, then close
  push                once a request is in: PUSH_PROMISE on its stream (after
                      acknowledging the client's SETTINGS), then answers
  push_early          the same, but the PUSH_PROMISE precedes the SETTINGS ACK
  ping_flood          once a request is in: 200000 PINGs without reading, then answers
  settings_flood      once a request is in: 200000 empty SETTINGS without reading, then answers
  priority_flood      once a request is in: PRIORITY frames for 400000 idle
                      streams (RFC 9113 §5.3.2: still to be parsed), then answers
  garbage             sends an HTTP/1.1 error page instead of the preface, then waits
"""
import socket
import struct
import sys
import time

try:
    import h2.config
    import h2.connection
    import h2.events
    import h2.exceptions
    import h2.settings
except ImportError:
    sys.exit("h2_hostile_server: python3-h2 is missing (apt-get install python3-h2, or make deps)")

MODE, PORTFILE, EVENTFILE = sys.argv[1], sys.argv[2], sys.argv[3]
DNS_TYPE = b"application/dns-message"


def log(line):
    with open(EVENTFILE, "a") as f:
        f.write(line + "\n")


def frame(kind, flags, stream, payload):
    """One raw HTTP/2 frame (RFC 9113 §4.1), for what h2 would refuse to send."""
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def literal(name, value):
    """An HPACK literal header field without indexing, no Huffman (RFC 7541 §6.2.2)."""
    def string(s):
        assert len(s) < 127
        return bytes([len(s)]) + s
    return b"\x00" + string(name) + string(value)


class Server:
    def __init__(self, sock):
        self.sock = sock
        settings = {}
        if MODE == "one_stream":
            settings[h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS] = 1
        config = h2.config.H2Configuration(client_side=False, validate_outbound_headers=False,
                                           normalize_outbound_headers=False)
        self.conn = h2.connection.H2Connection(config=config)
        self.conn.local_settings = h2.settings.Settings(client=False, initial_values=settings)
        self.conn.initiate_connection()
        self.bodies = {}      # stream -> body so far
        self.requests = []    # (stream, body) of complete requests, in arrival order
        self.open_now = 0
        self.floods = {}      # stream -> octets sent by big_body
        self.due = []         # (time, stream, body): delayed answers of one_stream
        self.hold_acks = MODE == "push_early"

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)

    def reply(self, stream, body, status=b"200", ctype=DNS_TYPE, extra=(), trailers=None):
        headers = [(b":status", status)]
        if ctype is not None:
            headers.append((b"content-type", ctype))
        headers += list(extra)
        self.conn.send_headers(stream, headers, end_stream=body is None and trailers is None)
        if body is not None:
            self.conn.send_data(stream, body, end_stream=trailers is None)
        if trailers is not None:
            self.conn.send_headers(stream, trailers, end_stream=True)
        self.open_now -= 1

    def answer(self, stream, query):
        a = bytearray(query)
        a[2] |= 0x80
        self.reply(stream, bytes(a))

    def answer_raw(self, stream, query):
        """An answer h2 would refuse to send on a stream the client reset."""
        a = bytearray(query)
        a[2] |= 0x80
        self.flush()
        block = b"\x88" + literal(b"content-type", DNS_TYPE)  # :status 200 (static index 8)
        self.sock.sendall(frame(1, 4, stream, block) + frame(0, 1, stream, bytes(a)))
        log("late answer %d" % stream)

    def on_request(self, stream, query):
        marker = query[12] if len(query) > 12 else 0
        log("request %d %d" % (stream, marker))
        self.requests.append((stream, query))
        n = len(self.requests)
        if MODE == "silent":
            return
        if MODE == "one_stream":
            self.due.append((time.monotonic() + 0.02, stream, query))
            return
        if MODE == "late_one" and marker == 1:
            self.due.append((time.monotonic() + 0.5, stream, query))
            return
        if MODE == "big_body" and marker == 1:
            self.conn.send_headers(stream, [(b":status", b"200"), (b"content-type", DNS_TYPE)])
            self.floods[stream] = 0
            self.pump_floods()
            return
        if MODE == "many_headers" and marker in (1, 2):
            if marker == 1:
                extra = [(b"x-pad-%d" % i, b"v" * 200) for i in range(400)]
            else:
                extra = [(b"x-huge", b"v" * 60000)]
            return self.reply(stream, bytes(query), extra=extra)
        if MODE == "continuation_flood" and marker == 1:
            self.flush()
            self.sock.sendall(frame(1, 0, stream, b"\x88"))  # HEADERS :status 200, no END_HEADERS
            piece = frame(9, 0, stream, literal(b"x-more", b"v" * 100))
            try:
                for _ in range(100000):
                    self.sock.sendall(piece * 10)
            except OSError:
                log("flood cut off")
            return
        if MODE == "statuses":
            a = bytearray(query)
            a[2] |= 0x80
            a = bytes(a)
            if marker == 1:
                return self.reply(stream, a, status=b"404")
            if marker == 2:
                self.conn.send_headers(stream, [(b":status", b"103"), (b"link", b"</x>")])
                return self.reply(stream, a)
            if marker == 3:
                return self.reply(stream, a, status=b"abc")
            if marker == 4:
                return self.reply(stream, a, ctype=b"text/html")
            if marker == 5:
                return self.reply(stream, a, ctype=None)
            if marker == 6:
                return self.reply(stream, None)
            if marker == 7:
                return self.reply(stream, a, extra=[(b"content-length", b"100")])
            if marker == 8:
                return self.reply(stream, a, trailers=[(b"content-type", b"text/html")])
            if marker == 10:
                return self.reply(stream, a, ctype=b"Application/DNS-Message ; x=1")
        if MODE == "rst_one" and marker == 1:
            self.conn.reset_stream(stream, error_code=2)
            self.open_now -= 1
            return
        if MODE == "rst_one" and marker == 4:
            a = bytearray(query)
            a[2] |= 0x80
            self.conn.send_headers(stream, [(b":status", b"200"), (b"content-type", DNS_TYPE)])
            self.conn.send_data(stream, bytes(a))
            self.conn.reset_stream(stream, error_code=0)
            self.open_now -= 1
            return
        if MODE in ("goaway", "goaway_slow"):
            if n == 3:
                first = min(s for s, _ in self.requests)
                self.flush()
                # last_stream_id = the lowest stream: the others were never processed.
                self.sock.sendall(frame(7, 0, 0, struct.pack(">II", first, 0)))
                if MODE == "goaway":
                    self.answer(first, dict(self.requests)[first])
                else:
                    self.due.append((time.monotonic() + 0.5, first, dict(self.requests)[first]))
            return
        if MODE == "close_mid_frame":
            if n == 3:
                self.flush()
                self.sock.sendall(frame(0, 0, stream, b"x" * 100)[:9 + 10])
                self.sock.close()
                log("closed")
                raise SystemExit(0)
            return
        if MODE in ("push", "push_early"):
            # :method GET, :scheme https, :path /, :authority x (static table, RFC 7541 App. A)
            promise = frame(5, 4, stream, struct.pack(">I", 2) + b"\x82\x87\x84\x01\x01x")
            if MODE == "push":
                self.flush()
            self.sock.sendall(promise)
            self.hold_acks = False
            self.flush()
        if MODE == "priority_flood" and n == 1:
            self.flush()
            # Stream IDs far above the client's, each depending on stream 0.
            flood = b"".join(frame(2, 0, 1001 + 2 * i, struct.pack(">IB", 0, 15)) for i in range(400000))
            self.sock.sendall(flood)
        if MODE in ("ping_flood", "settings_flood") and n == 1:
            self.flush()
            one = frame(6, 0, 0, b"\0" * 8) if MODE == "ping_flood" else frame(4, 0, 0, b"")
            try:
                self.sock.sendall(one * 200000)
            except OSError:
                log("flood cut off")
                raise SystemExit(0)
        self.answer(stream, query)

    def pump_floods(self):
        # Leaves some connection window for the answers to the other streams.
        def room(stream):
            return min(self.conn.local_flow_control_window(stream),
                       self.conn.outbound_flow_control_window - 4096, 16384)
        for stream in list(self.floods):
            while room(stream) > 0 and self.floods[stream] < (1 << 20):
                n = room(stream)
                try:
                    self.conn.send_data(stream, b"\x2a" * n)
                except h2.exceptions.StreamClosedError:  # reset in this same batch of frames
                    self.floods.pop(stream)
                    break
                self.floods[stream] += n

    def handle(self, events):
        for e in events:
            if isinstance(e, h2.events.RequestReceived):
                self.bodies[e.stream_id] = b""
                self.open_now += 1
                if self.open_now > 1 and MODE == "one_stream":
                    log("violation")
            elif isinstance(e, h2.events.DataReceived):
                self.bodies[e.stream_id] += e.data
                self.conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            elif isinstance(e, h2.events.StreamEnded):
                self.on_request(e.stream_id, self.bodies.pop(e.stream_id))
            elif isinstance(e, h2.events.StreamReset):
                log("reset %d %d" % (e.stream_id, e.error_code))
                self.floods.pop(e.stream_id, None)
            elif isinstance(e, h2.events.WindowUpdated):
                self.pump_floods()
            elif isinstance(e, h2.events.ConnectionTerminated):
                log("goaway %d" % e.error_code)

    def serve(self):
        if MODE == "garbage":
            self.sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        else:
            self.flush()
        while True:
            wait = 0.005 if self.due else 1.0
            self.sock.settimeout(wait)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                data = None
            if data == b"":
                log("closed")
                return
            if data and MODE != "garbage":
                try:
                    self.handle(self.conn.receive_data(data))
                except h2.exceptions.ProtocolError as e:
                    log("protocol_error %s" % type(e).__name__)
                    return
            now = time.monotonic()
            while self.due and self.due[0][0] <= now:
                _, stream, query = self.due.pop(0)
                if MODE == "late_one":
                    self.answer_raw(stream, query)
                else:
                    self.answer(stream, query)
            if not self.hold_acks:
                self.flush()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if MODE in ("ping_flood", "settings_flood"):
        # A small receive buffer, so the client's acknowledgements back up.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    with open(PORTFILE + ".tmp", "w") as f:
        f.write(str(listener.getsockname()[1]))
    import os
    os.rename(PORTFILE + ".tmp", PORTFILE)
    sock, _ = listener.accept()
    try:
        Server(sock).serve()
    except (ConnectionError, BrokenPipeError):
        log("closed")


if __name__ == "__main__":
    main()

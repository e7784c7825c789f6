#!/usr/bin/env python3
"""delay_proxy.py LISTEN_PORT TARGET_PORT DELAY_MS

A TCP proxy on 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT that passes
what clients send at once and holds what the server sends for DELAY_MS
before passing it on, in order. It stretches every round trip by DELAY_MS,
so a server's log tells round trips apart by time: requests that a client
sent only after reading an answer reach the server at least DELAY_MS after
that answer left. It injects latency; it reads nothing of what it carries.
Prints "listening" on stdout once it accepts connections.
"""
import asyncio
import sys
import time


async def pump_now(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            pass


async def pump_late(reader, writer, delay):
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                try:
                    writer.write_eof()
                except (OSError, RuntimeError):
                    pass
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.ensure_future(deliver())
    try:
        while data := await reader.read(65536):
            queue.put_nowait((time.monotonic() + delay, data))
    except ConnectionError:
        pass
    queue.put_nowait((time.monotonic() + delay, None))
    try:
        await sender
    except ConnectionError:
        pass


async def serve(target_port, delay, client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pump_now(client_reader, server_writer),
                         pump_late(server_reader, client_writer, delay),
                         return_exceptions=True)
    for w in (client_writer, server_writer):
        w.close()


async def main():
    listen_port, target_port, delay_ms = (int(a) for a in sys.argv[1:4])
    server = await asyncio.start_server(
        lambda r, w: serve(target_port, delay_ms / 1000.0, r, w), "127.0.0.1", listen_port)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    asyncio.run(main())

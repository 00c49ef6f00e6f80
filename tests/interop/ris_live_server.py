#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""A local stand-in for RIS Live: a websocket server (python3-websockets,
Debian) on loopback that waits for the client's ris_subscribe message and
replays a RIS Live JSON lines file as text messages, then closes normally.

To exercise the client: every 1000th message is sent fragmented, a ping is
sent now and then, and with --drop-after N the first connection is cut
without a close frame after N messages; the next connection resumes there,
so a client that reconnects still gets every message exactly once.

usage: ris_live_server.py FILE PORT [--drop-after N] [--tls CERT KEY]
                         [--pause AFTER SECONDS]
Prints "listening" on stdout when ready; exits after the last message was
sent on a connection that was closed normally, or after --max-conns."""
import argparse
import asyncio
import json
import socket
import ssl
import sys

import websockets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("port", type=int)
    ap.add_argument("--drop-after", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--pause", nargs=2, type=float, metavar=("AFTER", "SECONDS"),
                    help="go quiet for SECONDS after AFTER messages (pings still answered)")
    a = ap.parse_args()
    with open(a.file, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    state = {"pos": 0, "conns": 0, "done": asyncio.Event() if False else None}

    async def handler(ws, path=None):
        state["conns"] += 1
        sub = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if sub.get("type") != "ris_subscribe" or not isinstance(sub.get("data"), dict):
            await ws.close(1008, "expected ris_subscribe")
            return
        await ws.send(json.dumps({"type": "ris_subscribe_ok", "data": sub["data"]}))
        first = state["conns"] == 1
        while state["pos"] < len(lines):
            i = state["pos"]
            msg = lines[i]
            if i % 1000 == 999:
                third = max(1, len(msg) // 3)
                await ws.send([msg[:third], msg[third:2 * third], msg[2 * third:]])
            else:
                await ws.send(msg)
            state["pos"] += 1
            if a.pause and state["pos"] == int(a.pause[0]):
                await asyncio.sleep(a.pause[1])
            if i % 5000 == 0:
                await ws.ping(b"manrs-%d" % i)
            if first and a.drop_after and state["pos"] == a.drop_after:
                # What was sent is on its way; then the connection ends
                # without a close frame (a FIN, not a reset, so nothing in
                # flight is lost): the client must reconnect.
                while ws.transport.get_write_buffer_size() > 0:
                    await asyncio.sleep(0.01)
                ws.transport.get_extra_info("socket").shutdown(socket.SHUT_WR)
                await asyncio.sleep(1)
                ws.transport.abort()
                return
        await ws.close(1000, "end of file")
        state["done"].set()

    async def run():
        state["done"] = asyncio.Event()
        ctx = None
        if a.tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(a.tls[0], a.tls[1])
        async with websockets.serve(handler, "127.0.0.1", a.port, max_size=1 << 20,
                                    compression=None, ssl=ctx):
            print("listening", flush=True)
            try:
                await asyncio.wait_for(state["done"].wait(), a.timeout)
            except asyncio.TimeoutError:
                print("ris_live_server: timeout", file=sys.stderr)
                sys.exit(1)
            await asyncio.sleep(0.2)
        print(f"sent {state['pos']} messages over {state['conns']} connections", flush=True)

    asyncio.run(run())


if __name__ == "__main__":
    main()

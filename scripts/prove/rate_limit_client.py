#!/usr/bin/env python3
"""The clients of `make prove`'s rate-limit scenario (issue #13 item 8), standard library only.

    rate_limit_client.py measure --port P --org ORG --quiet-key K1 --hammer-key K2 [--alone 3] [--duration 10]
        A quiet caller (K1) asks for the engine list every 100 ms (10 requests a second, within
        the default limit), first alone and then while a second process hammers the same
        endpoint with K2 on 8 connections as fast as the server answers. One JSON object: the
        quiet caller's latencies alone and beside the hammer, and what the hammer got.
    rate_limit_client.py hammer --port P --org ORG --key K --duration 10 --connections 8
        The hammering half on its own (run by `measure` as a separate process, so that its
        load does not delay the quiet caller's own event loop).
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import connect, read_response, request_bytes, summary_ms  # noqa: E402


def engines_request(args, key):
    return request_bytes("GET", f"/v1/organizations/{args.org}/music/engines", args.port, {"X-API-Key": key})


async def hammer_connection(args, deadline, tally):
    reader, writer = await connect(args.port)
    request = engines_request(args, args.key)
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            await writer.drain()
            response = await read_response(reader)
            tally["count"] += 1
            if response.status == 200:
                tally["ok"] += 1
            elif response.status == 429:
                tally["limited"] += 1
                body = json.loads(response.body or b"{}")
                retry_after = response.headers.get("retry-after", "")
                if retry_after.isdigit() and int(retry_after) >= 1 and body.get("error", {}).get("code") == "rate_limited":
                    tally["limited_well_formed"] += 1
                tally["retry_after"] = sorted(set(tally["retry_after"]) | {retry_after})
            else:
                tally["other"][str(response.status)] = tally["other"].get(str(response.status), 0) + 1
    finally:
        writer.close()


async def hammer(args):
    tally = {"count": 0, "ok": 0, "limited": 0, "limited_well_formed": 0, "retry_after": [], "other": {}}
    started = time.monotonic()
    deadline = started + args.duration
    await asyncio.gather(*(hammer_connection(args, deadline, tally) for _ in range(args.connections)))
    elapsed = time.monotonic() - started
    tally["seconds"] = round(elapsed, 2)
    tally["requests_per_s"] = round(tally["count"] / elapsed, 1)
    tally["ok_per_s"] = round(tally["ok"] / elapsed, 2)
    return tally


async def quiet(args, seconds):
    """Requests every 100 ms on one kept-alive connection: latencies and statuses."""
    reader, writer = await connect(args.port)
    request = engines_request(args, args.quiet_key)
    latencies, statuses = [], {}
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            t0 = time.monotonic()
            writer.write(request)
            await writer.drain()
            response = await read_response(reader)
            latencies.append(time.monotonic() - t0)
            statuses[str(response.status)] = statuses.get(str(response.status), 0) + 1
            await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - t0)))
    finally:
        writer.close()
    return {"latency": summary_ms(latencies), "statuses": statuses}


async def measure(args):
    alone = await quiet(args, args.alone)
    child = subprocess.Popen([sys.executable, os.path.abspath(__file__), "hammer", "--port", str(args.port), "--org", args.org,
                              "--key", args.hammer_key, "--duration", str(args.duration), "--connections", "8"],
                             stdout=subprocess.PIPE)
    await asyncio.sleep(0.5)   # the hammer is under way before the quiet caller measures beside it
    beside = await quiet(args, args.duration - 1)
    out, _ = child.communicate(timeout=args.duration + 30)
    return {"quiet_alone": alone, "quiet_beside_hammer": beside, "hammer": json.loads(out)}


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    m = commands.add_parser("measure")
    m.add_argument("--port", type=int, required=True)
    m.add_argument("--org", required=True)
    m.add_argument("--quiet-key", required=True)
    m.add_argument("--hammer-key", required=True)
    m.add_argument("--alone", type=float, default=3)
    m.add_argument("--duration", type=float, default=10)
    h = commands.add_parser("hammer")
    h.add_argument("--port", type=int, required=True)
    h.add_argument("--org", required=True)
    h.add_argument("--key", required=True)
    h.add_argument("--duration", type=float, default=10)
    h.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    result = asyncio.run(measure(args) if args.command == "measure" else hammer(args))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

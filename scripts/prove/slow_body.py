#!/usr/bin/env python3
"""make prove, "Slow bodies": request bodies trickling in from one address beside a normal client.

    slow_body.py --port P --path /s/TOKEN/ --slow 30 --interval 2 --duration 45

--slow connections from 127.0.0.1 each send a POST head announcing a 1 MB body, then one byte
of it every --interval seconds, reopening as soon as the server closes one. Beside them a normal
client on another address (127.0.0.2: Linux routes all of 127/8 to the loopback device, so the
server sees a second client) asks for --path every 20 ms, alternately on a kept-alive connection
and a fresh one. Prints one JSON report: how long each slow connection lived and what the server
said when it closed it, the 429s and their Retry-After, the normal client's latencies.
Standard library only; helpers shared with client.py.
"""
import argparse
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import read_response, request_bytes, summary_ms  # noqa: E402


async def run(args):
    stop_at = time.monotonic() + args.duration
    lifetimes = []        # seconds a slow connection lived before the server answered 408 and closed it
    statuses = {}         # the server's answer when it closed a slow connection
    retry_after = set()
    opened = 0

    async def slow_client():
        nonlocal opened
        while time.monotonic() < stop_at:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", args.port), 10)
            except (OSError, asyncio.TimeoutError):
                await asyncio.sleep(args.interval)
                continue
            opened += 1
            born = time.monotonic()
            writer.write(f"POST {args.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         f"Content-Length: 1000000\r\n\r\n".encode())
            read_task = asyncio.ensure_future(read_response(reader, timeout=args.duration + 30))
            status = None
            try:
                while time.monotonic() < stop_at:
                    done, _ = await asyncio.wait({read_task}, timeout=args.interval)
                    if done:
                        response = read_task.result()
                        status = str(response.status)
                        if response.status == 429:
                            retry_after.add(response.headers.get("retry-after"))
                        break
                    writer.write(b"x")   # one more byte of a body that is nowhere near done
                    await writer.drain()
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
                status = "reset"
            if status:
                statuses[status] = statuses.get(status, 0) + 1
                if status == "408":
                    lifetimes.append(time.monotonic() - born)
                if status == "429":
                    await asyncio.sleep(args.interval)   # as a client honouring Retry-After would, roughly
            read_task.cancel()
            writer.close()

    async def normal_client():
        """Every 20 ms a request: alternately on one kept-alive connection and on a fresh one."""
        latencies, failures = [], []
        kept = None
        await asyncio.sleep(1)   # let the slow connections take their places first
        index = 0
        while time.monotonic() < stop_at:
            fresh = index % 2 == 1
            index += 1
            t0 = time.monotonic()
            pair = None
            try:
                if fresh or kept is None:
                    pair = await asyncio.wait_for(
                        asyncio.open_connection("127.0.0.1", args.port, local_addr=("127.0.0.2", 0)), 10)
                    if not fresh:
                        kept = pair
                else:
                    pair = kept
                pair[1].write(request_bytes("GET", args.path, args.port, close=fresh))
                await pair[1].drain()
                response = await read_response(pair[0])
                if response.status != 200:
                    failures.append(response.status)
                latencies.append(time.monotonic() - t0)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
                failures.append(f"{type(error).__name__}: {error}")
                if pair is kept and kept is not None:
                    kept[1].close()
                    kept = None
            if fresh and pair:
                pair[1].close()
            await asyncio.sleep(max(0, 0.02 - (time.monotonic() - t0)))
        if kept:
            kept[1].close()
        return latencies, failures

    slow = [asyncio.ensure_future(slow_client()) for _ in range(args.slow)]
    latencies, failures = await normal_client()
    await asyncio.gather(*slow)
    print(json.dumps({
        "slow_connections": args.slow, "slow_opened": opened, "slow_closed": statuses,
        "slow_408_lifetime_s": {"min": round(min(lifetimes), 2), "max": round(max(lifetimes), 2)} if lifetimes else None,
        "retry_after": sorted(value for value in retry_after if value),
        "normal": summary_ms(latencies), "normal_failures": failures[:10], "normal_failure_count": len(failures),
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/healthz")
    parser.add_argument("--slow", type=int, default=30)
    parser.add_argument("--interval", type=float, default=2)
    parser.add_argument("--duration", type=float, default=45)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

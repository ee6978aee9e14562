#!/usr/bin/env python3
"""The load-generating half of `make prove` (issue #8): raw HTTP/1.1 clients on asyncio, with
the standard library only, so that every byte on the wire is ours to decide (a slowloris client
must be able to send half a header and stop; wrk and curl cannot).

Each subcommand prints one JSON object on stdout with what it measured; the shell scripts in
scripts/prove/ decide PASS or FAIL from it.

    client.py hold      --port P --path /x --connections 1000 --hold 10 [--server-pid N]
    client.py slowloris --port P --path /x --slow 100 --interval 0.3 --duration 15
    client.py cap       --port P --path /x --cap 50 --extra 25
    client.py writes    --port P --org ORG --key KEY --log FILE --concurrency 4
    client.py verify    --port P --org ORG --key KEY --log FILE
"""

import argparse
import asyncio
import json
import os
import socket
import sys
import time


# --- one HTTP/1.1 exchange -------------------------------------------------------------------

class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-cased names
        self.body = body


async def read_response(reader, timeout=10.0):
    """Reads one response (Content-Length framed, as every response of ours is)."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = await asyncio.wait_for(reader.readexactly(length), timeout) if length else b""
    return Response(status, headers, body)


def request_bytes(method, path, port, headers=None, body=b"", close=False):
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body:
        lines.append(f"Content-Length: {len(body)}")
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def connect(port, timeout=10.0):
    return await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)


async def exchange(reader, writer, payload, timeout=10.0):
    writer.write(payload)
    await writer.drain()
    return await read_response(reader, timeout)


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def summary_ms(values):
    """p50/p99/max of latencies given in seconds, in milliseconds."""
    if not values:
        return {"count": 0}
    return {"count": len(values), "p50_ms": round(percentile(values, 0.50) * 1000, 2),
            "p99_ms": round(percentile(values, 0.99) * 1000, 2), "max_ms": round(max(values) * 1000, 2)}


def server_resources(pid):
    """Open descriptors and resident memory of the server process, when its pid is known."""
    if not pid:
        return {}
    result = {}
    try:
        result["server_fds"] = len(os.listdir(f"/proc/{pid}/fd"))
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    result["server_rss_mb"] = round(int(line.split()[1]) / 1024, 1)
                if line.startswith("Threads:"):
                    result["server_threads"] = int(line.split()[1])
    except OSError as error:
        result["error"] = str(error)
    return result


# --- hold: N keep-alive connections, answered, held, used again ----------------------------------

async def hold(args):
    payload = request_bytes("GET", args.path, args.port)
    connections = [None] * args.connections
    first = [None] * args.connections
    errors = []

    async def open_one(index):
        try:
            reader, writer = await connect(args.port, timeout=30)
            connections[index] = (reader, writer)
            response = await exchange(reader, writer, payload, timeout=30)
            first[index] = response.status
            if response.headers.get("connection", "").lower() == "close":
                errors.append(f"connection {index}: the server asked to close")
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            errors.append(f"connection {index}: {type(error).__name__}: {error}")

    started = time.monotonic()
    # All at once: the server must accept them as fast as they come (its backlog is 511, and the
    # kernel retries a dropped SYN; time to open all is reported).
    await asyncio.gather(*(open_one(i) for i in range(args.connections)))
    opened_in = time.monotonic() - started
    answered = sum(1 for status in first if status == 200)
    resources_held = server_resources(args.server_pid)

    await asyncio.sleep(args.hold)

    # Still open? A second request on every connection, all at once.
    second = [None] * args.connections
    latencies = []

    async def again(index):
        if connections[index] is None:
            return
        reader, writer = connections[index]
        try:
            t0 = time.monotonic()
            response = await exchange(reader, writer, payload, timeout=30)
            latencies.append(time.monotonic() - t0)
            second[index] = response.status
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            errors.append(f"connection {index} after the hold: {type(error).__name__}: {error}")

    await asyncio.gather(*(again(i) for i in range(args.connections)))
    still_open = sum(1 for status in second if status == 200)
    for pair in connections:
        if pair:
            pair[1].close()
    print(json.dumps({
        "connections": args.connections, "answered": answered, "opened_in_s": round(opened_in, 2),
        "held_s": args.hold, "still_usable": still_open, "second_round": summary_ms(latencies),
        "while_held": resources_held, "errors": errors[:10], "error_count": len(errors),
    }))


# --- slowloris: slow header senders beside a normal client ---------------------------------------

async def slowloris(args):
    stop_at = time.monotonic() + args.duration
    lifetimes = []          # seconds each slow connection lived before the server closed it
    statuses = {}           # what the server said when it closed one ("408", "none")
    opened = 0
    refused = []

    async def slow_client():
        nonlocal opened
        while time.monotonic() < stop_at:
            try:
                reader, writer = await connect(args.port)
            except (OSError, asyncio.TimeoutError) as error:
                refused.append(str(error))
                await asyncio.sleep(args.interval)
                continue
            opened += 1
            born = time.monotonic()
            writer.write(f"GET {args.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".encode())
            closed_by_server = False
            read_task = asyncio.ensure_future(reader.read(4096))
            try:
                while time.monotonic() < stop_at:
                    done, _ = await asyncio.wait({read_task}, timeout=args.interval)
                    if done:
                        data = read_task.result()
                        status = data.split(b" ")[1].decode() if data.startswith(b"HTTP/1.1 ") else "none"
                        statuses[status] = statuses.get(status, 0) + 1
                        closed_by_server = True
                        break
                    writer.write(b"a")   # one byte of a header value that never ends
                    await writer.drain()
            except (OSError, ConnectionError):
                statuses["reset"] = statuses.get("reset", 0) + 1
                closed_by_server = True
            if closed_by_server:
                lifetimes.append(time.monotonic() - born)
            read_task.cancel()
            writer.close()

    async def normal_client(fresh):
        """Requests paced every `pace` seconds: on a fresh connection each (fresh) or one kept alive."""
        latencies, failures = [], []
        payload = request_bytes("GET", args.path, args.port, close=fresh)
        pair = None
        await asyncio.sleep(args.warmup)   # let the slow connections pile up first
        while time.monotonic() < stop_at:
            t0 = time.monotonic()
            try:
                if pair is None:
                    pair = await connect(args.port)
                response = await exchange(*pair, payload)
                if response.status != 200:
                    failures.append(response.status)
                latencies.append(time.monotonic() - t0)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
                failures.append(f"{type(error).__name__}: {error}")
                pair = None
            if fresh and pair:
                pair[1].close()
                pair = None
            await asyncio.sleep(max(0, args.pace - (time.monotonic() - t0)))
        if pair:
            pair[1].close()
        return latencies, failures

    slow = [asyncio.ensure_future(slow_client()) for _ in range(args.slow)]
    kept, fresh = await asyncio.gather(normal_client(False), normal_client(True))
    await asyncio.gather(*slow)
    all_latencies = kept[0] + fresh[0]
    print(json.dumps({
        "slow_connections": args.slow, "slow_opened": opened, "slow_refused": len(refused),
        "slow_closed_by_server": len(lifetimes),
        "slow_lifetime_s": {"min": round(min(lifetimes), 2), "max": round(max(lifetimes), 2)} if lifetimes else None,
        "slow_close_status": statuses,
        "normal": summary_ms(all_latencies), "normal_keepalive": summary_ms(kept[0]), "normal_fresh": summary_ms(fresh[0]),
        "normal_failures": (kept[1] + fresh[1])[:10], "normal_failure_count": len(kept[1]) + len(fresh[1]),
    }))


# --- cap: more connections than the server allows ------------------------------------------------

async def cap(args):
    payload = request_bytes("GET", args.path, args.port)
    held = []
    errors = []
    for index in range(args.cap):
        try:
            reader, writer = await connect(args.port)
            response = await exchange(reader, writer, payload)
            if response.status != 200:
                errors.append(f"held {index}: {response.status}")
            held.append((reader, writer))
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            errors.append(f"held {index}: {type(error).__name__}: {error}")

    async def extra(index):
        """Past the cap: the 503 comes on accept, before the request is read."""
        try:
            reader, writer = await connect(args.port)
            writer.write(payload)
            response = await read_response(reader)
            closed = (await asyncio.wait_for(reader.read(1), 5)) == b""
            writer.close()
            return (response.status, response.headers.get("retry-after"), response.headers.get("connection"),
                    json.loads(response.body or b"{}").get("error", {}).get("code"), closed)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            return (f"{type(error).__name__}: {error}", None, None, None, None)

    extras = await asyncio.gather(*(extra(i) for i in range(args.extra)))
    refused = [e for e in extras if e[0] == 503 and e[1] is not None and e[4]]

    # The held ones are still served.
    served = 0
    for index, (reader, writer) in enumerate(held):
        try:
            if (await exchange(reader, writer, payload)).status == 200:
                served += 1
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            errors.append(f"held {index} after the refusals: {type(error).__name__}: {error}")

    # Freeing some makes room again.
    freed = min(10, len(held))
    for _, writer in held[:freed]:
        writer.close()
    await asyncio.sleep(0.5)
    admitted = 0
    for _ in range(freed):
        try:
            reader, writer = await connect(args.port)
            if (await exchange(reader, writer, payload)).status == 200:
                admitted += 1
            writer.close()
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as error:
            errors.append(f"after freeing: {type(error).__name__}: {error}")
    for _, writer in held[freed:]:
        writer.close()
    sample = extras[0] if extras else None
    print(json.dumps({
        "cap": args.cap, "held": len(held), "extra": args.extra, "refused_503": len(refused),
        "retry_after": sample[1] if sample else None, "connection_header": sample[2] if sample else None,
        "error_code": sample[3] if sample else None,
        "extra_outcomes": sorted({str(e[0]) for e in extras}),
        "held_served_after": served, "freed": freed, "admitted_after_freeing": admitted,
        "errors": errors[:10], "error_count": len(errors),
    }))


# --- writes: acknowledged API writes, for a kill in the middle ----------------------------------

async def writes(args):
    """POSTs collections (and adds a track to each) from several connections until the server
    goes away; every write answered 2xx is appended to the log at once, so a kill loses no
    record of what the server acknowledged."""
    base = f"/v1/organizations/{args.org}/music"
    auth = {"X-API-Key": args.key, "Content-Type": "application/json"}
    log = open(args.log, "a", buffering=1)
    counts = {"acknowledged": 0, "failed_status": {}, "connection_lost": 0}
    stop_at = time.monotonic() + args.duration

    async def writer_loop(worker):
        pair = None
        serial = 0
        while time.monotonic() < stop_at:
            serial += 1
            name = f"prove-{worker}-{serial}-{time.time_ns()}"
            body = json.dumps({"name": name}).encode()
            try:
                if pair is None:
                    pair = await connect(args.port, timeout=2)
                response = await exchange(*pair, request_bytes("POST", f"{base}/collections", args.port, auth, body), timeout=5)
                if response.status == 201:
                    collection = json.loads(response.body)["id"]
                    log.write(f"collection {collection} {name}\n")
                    counts["acknowledged"] += 1
                    if args.track:
                        add = json.dumps({"track_id": args.track}).encode()
                        response = await exchange(*pair, request_bytes("POST", f"{base}/collections/{collection}/tracks",
                                                                        args.port, auth, add), timeout=5)
                        if response.status in (200, 201):
                            log.write(f"member {collection} {args.track}\n")
                            counts["acknowledged"] += 1
                        else:
                            key = str(response.status)
                            counts["failed_status"][key] = counts["failed_status"].get(key, 0) + 1
                else:
                    key = str(response.status)
                    counts["failed_status"][key] = counts["failed_status"].get(key, 0) + 1
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                counts["connection_lost"] += 1
                if pair:
                    pair[1].close()
                pair = None
                await asyncio.sleep(0.05)

    await asyncio.gather(*(writer_loop(w) for w in range(args.concurrency)))
    log.close()
    print(json.dumps(counts))


async def verify(args):
    """Every write the log says was acknowledged is in the state, as the API sees it."""
    base = f"/v1/organizations/{args.org}/music"
    auth = {"X-API-Key": args.key}
    reader, writer = await connect(args.port)
    checked, missing = 0, []
    with open(args.log) as log:
        entries = [line.split() for line in log if line.strip()]
    for kind, collection, detail in entries:
        path = f"{base}/collections/{collection}" if kind == "collection" else f"{base}/collections/{collection}/tracks"
        response = await exchange(reader, writer, request_bytes("GET", path, args.port, auth))
        checked += 1
        if response.status != 200:
            missing.append(f"{kind} {collection}: {response.status}")
        elif kind == "collection" and json.loads(response.body).get("name") != detail:
            missing.append(f"{kind} {collection}: wrong name")
        elif kind == "member" and detail not in response.body.decode():
            missing.append(f"{kind} {collection}: track {detail} missing")
    writer.close()
    print(json.dumps({"checked": checked, "missing": len(missing), "examples": missing[:5]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("hold", "slowloris", "cap", "writes", "verify"):
        sub = commands.add_parser(name)
        sub.add_argument("--port", type=int, required=True)
        sub.add_argument("--path", default="/healthz")
        if name == "hold":
            sub.add_argument("--connections", type=int, default=1000)
            sub.add_argument("--hold", type=float, default=10)
            sub.add_argument("--server-pid", type=int)
        if name == "slowloris":
            sub.add_argument("--slow", type=int, default=100)
            sub.add_argument("--interval", type=float, default=0.3)
            sub.add_argument("--duration", type=float, default=15)
            sub.add_argument("--warmup", type=float, default=1)
            sub.add_argument("--pace", type=float, default=0.02)
        if name == "cap":
            sub.add_argument("--cap", type=int, default=50)
            sub.add_argument("--extra", type=int, default=25)
        if name in ("writes", "verify"):
            sub.add_argument("--org", required=True)
            sub.add_argument("--key", required=True)
            sub.add_argument("--log", required=True)
            sub.add_argument("--track")
            sub.add_argument("--concurrency", type=int, default=4)
            sub.add_argument("--duration", type=float, default=60)
    args = parser.parse_args()
    asyncio.run({"hold": hold, "slowloris": slowloris, "cap": cap, "writes": writes, "verify": verify}[args.command](args))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol and reports what a page did, as JSON.

    browser-check.py --mode share|focus|seek|shot --url URL --screenshot FILE [--timeout S]
                     [--width PX] [--scheme light|dark]

Standard library only: a minimal WebSocket client (RFC 6455: handshake, masked client frames,
fragmented server frames) is enough to speak CDP. The Swift tests in
Tests/StudioServerTests/BrowserTests.swift run it and check the report; it asserts nothing itself.

share: the page loads, "Play all" (a collection) or the first <audio> (a track) starts, and the
       element's currentTime is sampled twice; the licence badge's visibility is read.
focus: the focus player loads its session, Space starts it, the AudioContext's currentTime and
       the session time are sampled twice, P promotes the playing segment (the page shows the
       track id), and E then "End session" in the confirmation dialog ends the session.
seek:  a share page's first player, without playing: the length is known before play
       (preload="metadata"), the waveform is a focusable slider, and arrow keys, Home and End
       move currentTime; after a seek, a one-pixel strip through the waveform's middle is
       captured and its pixels counted by colour (the played and unplayed colours of the
       stylesheet) left and right of the playhead, so the played part is seen, not inferred.
shot:  a page at --width (390: a phone, 1280: a laptop) in the --scheme colour scheme; only the
       screenshot and the console.
Console errors, uncaught exceptions and failed loads (Log.entryAdded errors) are collected.
"""
import argparse, base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request, zlib


class WebSocket:
    def __init__(self, url):
        assert url.startswith("ws://")
        host_port, _, path = url[5:].partition("/")
        host, _, port = host_port.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("WebSocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise ConnectionError("WebSocket handshake refused: %r" % head[:200])

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("WebSocket closed")
            data += chunk
        return data

    def send(self, text):
        payload = text.encode()
        header = bytes([0x81])  # FIN, text
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        message = b""
        while True:
            first, second = self._exact(2)
            n = second & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            data = self._exact(n)  # servers do not mask
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("WebSocket closed by the browser")
            if opcode == 0x9:  # ping: answering is optional for CDP; ignore
                continue
            message += data
            if first & 0x80:
                return message.decode()


class Browser:
    """One Chromium with one page target; events are kept for inspection."""

    def __init__(self, timeout):
        self.profile = tempfile.mkdtemp(prefix="studio-chromium-")
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            raise SystemExit(json.dumps({"fatal": "chromium is not installed: run `make test`, which installs it"}))
        self.process = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--autoplay-policy=no-user-gesture-required",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", "--no-first-run", "--disable-gpu",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + timeout
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if time.time() > deadline or self.process.poll() is not None:
                raise SystemExit(json.dumps({"fatal": "chromium did not open its DevTools port"}))
            time.sleep(0.05)
        port = int(open(port_file).read().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = WebSocket(page["webSocketDebuggerUrl"])
        self.next_id, self.events, self.errors = 0, [], []

    def _pump(self, message):
        event = json.loads(message)
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append("exception: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            self.errors.append("console.error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append("log: %s %s" % (params["entry"]["text"], params["entry"].get("url", "")))
        elif method:
            self.events.append(method)
        return event

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            event = self._pump(self.ws.receive())
            if event.get("id") == ident:
                if "error" in event:
                    raise RuntimeError(f"{method}: {event['error']}")
                return event.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluate {expression!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout):
        """Polls a page expression until it is truthy; its last value either way."""
        deadline = time.time() + timeout
        while True:
            value = self.evaluate(expression)
            if value or time.time() > deadline:
                return value
            time.sleep(0.1)

    def key(self, key, code, keycode):
        for kind in ("keyDown", "keyUp"):
            # Only a printable key carries text; a named one (ArrowRight, Home) has none.
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=keycode,
                      text=key if kind == "keyDown" and len(key) == 1 else "")

    def screenshot(self, path, width=1280):
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": min(4000, size["height"]), "scale": 1})
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def close(self):
        try:
            os.killpg(self.process.pid, 9)
        except ProcessLookupError:
            pass
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


BADGE = """(() => { const b = document.querySelector('.badge'); if (!b) return null;
  const r = b.getBoundingClientRect(), s = getComputedStyle(b);
  return {text: b.textContent.trim(), visible: r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'}; })()"""


def check_share(browser, report):
    report["badge"] = browser.evaluate(BADGE)
    report["badges"] = browser.evaluate("document.querySelectorAll('.badge').length")
    start = """(async () => { const all = document.querySelector('[data-play-all]');
      if (all && !all.hidden) all.click(); else await document.querySelector('audio').play();
      return true; })()"""
    browser.evaluate(start)
    playing = "(() => { const a = [...document.querySelectorAll('audio')].find(a => !a.paused); return a ? a.currentTime : null; })()"
    browser.wait_for(playing + " > 0", 8)
    t0 = browser.evaluate(playing)
    time.sleep(1.5)
    report["current_time"] = [t0, browser.evaluate(playing)]
    report["status_text"] = browser.evaluate("(document.querySelector('[data-status]') || {}).textContent || ''")
    report["waveform_played"] = browser.evaluate("document.querySelector('[data-waveform]').style.getPropertyValue('--played')")


def check_focus(browser, report, timeout):
    snap = "(window.__player ? window.__player.snapshot() : null)"
    report["ready"] = browser.wait_for(f"{snap} && {snap}.decoded >= 2 && {snap}", timeout)
    browser.call("Runtime.evaluate", expression="document.body.focus()")
    browser.key(" ", "Space", 32)
    browser.wait_for(f"{snap}.state === 'playing' && {snap}.context_time > 0", 5)
    first = browser.evaluate(snap)
    time.sleep(1.5)
    second = browser.evaluate(snap)
    report["snapshots"] = [first, second]
    browser.key("p", "KeyP", 80)
    report["promoted"] = browser.wait_for("(document.querySelector('[data-promoted]') || {}).textContent || ''", 15)
    report["status_text"] = browser.evaluate("document.querySelector('[data-status]').textContent")
    report["progress"] = browser.evaluate("document.querySelector('[role=progressbar]').getAttribute('aria-valuetext')")


def end_focus(browser, report):
    browser.key("e", "KeyE", 69)
    report["dialog_open"] = browser.wait_for("document.querySelector('dialog').open", 3)
    browser.evaluate("document.querySelector('[data-confirm-end]').click()")
    report["ended"] = browser.wait_for("window.__player.snapshot().status === 'ended'", 10)


def png_pixels(data):
    """The RGB pixels of a non-interlaced 8-bit RGB or RGBA PNG, row by row (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + [0, a, b, (a + b) // 2, a if pa <= pb and pa <= pc else (b if pb <= pc else c)][f]) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return rows


def hex_colour(text):
    text = text.strip().lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


def count_colours(pixels, played, unplayed):
    """How many pixels are near each colour (Manhattan distance under 40)."""
    near = lambda p, c: sum(abs(p[i] - c[i]) for i in range(3)) < 40
    return {"played": sum(1 for p in pixels if near(p, played)), "unplayed": sum(1 for p in pixels if near(p, unplayed))}


def check_seek(browser, report):
    first = "document.querySelector('[data-player] audio')"
    wave = "document.querySelector('[data-waveform]')"
    report["preload"] = browser.evaluate(f"{first}.preload")
    report["duration_before_play"] = browser.wait_for(f"isFinite({first}.duration) && {first}.duration > 0 && {first}.duration", 8)
    report["paused"] = browser.evaluate(f"{first}.paused")
    report["slider"] = browser.evaluate(f"""(() => {{ const w = {wave}; return {{role: w.getAttribute('role'),
      tabindex: w.tabIndex, label: w.getAttribute('aria-label'), max: w.getAttribute('aria-valuemax')}}; }})()""")
    browser.evaluate(f"{wave}.focus()")
    report["focused"] = browser.evaluate(f"document.activeElement === {wave}")
    times = []
    for key, code, keycode in (("ArrowRight", "ArrowRight", 39), ("ArrowRight", "ArrowRight", 39), ("ArrowLeft", "ArrowLeft", 37),
                               ("End", "End", 35), ("Home", "Home", 36), ("PageUp", "PageUp", 33)):
        browser.key(key, code, keycode)
        time.sleep(0.15)
        times.append({"key": key, "time": browser.evaluate(f"{first}.currentTime"),
                      "valuetext": browser.evaluate(f"{wave}.getAttribute('aria-valuetext')")})
    report["keys"] = times
    # Seek to 60 % and look at the strip through the middle of the bars.
    browser.evaluate(f"(() => {{ const a = {first}; a.currentTime = a.duration * 0.6; }})()")
    time.sleep(0.3)
    report["played_style"] = browser.evaluate(f"{wave}.style.getPropertyValue('--played')")
    box = browser.evaluate(f"(() => {{ const r = {wave}.getBoundingClientRect(); return {{x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height}}; }})()")
    root = "getComputedStyle(document.documentElement)"
    played, unplayed = (hex_colour(browser.evaluate(f"{root}.getPropertyValue('{name}')")) for name in ("--wave-played", "--wave"))
    shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                        clip={"x": box["x"], "y": box["y"] + box["h"] / 2, "width": box["w"], "height": 1, "scale": 1})
    strip = png_pixels(base64.b64decode(shot["data"]))[0]
    cut = int(len(strip) * 0.6)
    report["strip"] = {"width": len(strip), "before_playhead": count_colours(strip[:cut - 4], played, unplayed),
                       "after_playhead": count_colours(strip[cut + 4:], played, unplayed)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["share", "focus", "seek", "shot"], required=True)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    parser.add_argument("--url", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    started = time.time()
    report = {"url": args.url, "screenshot": args.screenshot}
    browser = Browser(args.timeout)
    try:
        for domain in ("Runtime", "Log", "Page"):
            browser.call(f"{domain}.enable")
        browser.call("Emulation.setDeviceMetricsOverride", width=args.width, height=900, deviceScaleFactor=1,
                     mobile=args.width < 600)
        browser.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": args.scheme}])
        browser.call("Page.navigate", url=args.url)
        report["loaded"] = bool(browser.wait_for("document.readyState === 'complete'", 10))
        report["title"] = browser.evaluate("document.title")
        if args.mode == "share":
            check_share(browser, report)
            browser.screenshot(args.screenshot)
        elif args.mode == "seek":
            check_seek(browser, report)
            browser.screenshot(args.screenshot, args.width)
        elif args.mode == "shot":
            time.sleep(0.5)
            browser.screenshot(args.screenshot, args.width)
        else:
            check_focus(browser, report, args.timeout)
            browser.screenshot(args.screenshot)
            end_focus(browser, report)
        time.sleep(0.2)
        browser.call("Runtime.evaluate", expression="0")  # drain late events
    except Exception as error:  # reported, not raised: the Swift test shows it with everything else
        report["failure"] = f"{type(error).__name__}: {error}"
    finally:
        report["errors"] = browser.errors
        report["seconds"] = round(time.time() - started, 2)
        browser.close()
    print(json.dumps(report))


if __name__ == "__main__":
    sys.exit(main())

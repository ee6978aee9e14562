#!/usr/bin/env python3
"""The console at /studio/ end to end, as a user drives it, in Debian's Chromium (issue #17).

    console_e2e.py --studio PATH [--screenshots DIR]

Starts the given `studio serve` on a free port with a fresh state (an organization, its owner
and an API key made with the CLI) and, with Playwright:
  sign in with the key and the organization's slug (a wrong key first); generate a short track,
  follow the job's server-sent events and hear it play (the <audio>'s currentTime advances); find
  it in the library by a word of its prompt and save it; make a collection, add two tracks,
  reorder them with Alt+ArrowUp, rename it and share it; open the share in a second browser
  context without credentials (200); copy the link and revoke it in the Shares view, and see the
  share answer 410 with the revoked page, not the ordinary one; drag the tracks back and remove
  one; start a focus session, open its player, end it; delete a track; read the usage against
  the quota; sign out (the credential leaves sessionStorage); sign in with the user token; sign
  in with the key again and see its revocation (`studio keys revoke`) end the session.
Every view is checked with axe-core (axe-playwright-python) in light and dark, at 1280 and
390 px: any violation fails the run. With --screenshots, each view is saved there at both
widths in both schemes (docs/img/console/ holds the committed ones). Console errors, uncaught
exceptions and Content-Security-Policy refusals on console pages fail the run too.
Exits 0 when everything held, 1 with the failures listed otherwise.
"""
import argparse, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

from playwright.sync_api import sync_playwright, expect
from axe_playwright_python.sync_playwright import Axe

VIEWS = ["signin", "generate", "library", "collections", "shares", "focus", "usage"]
SIZES = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
PROMPT = "glassy marimba pulse over a quiet street"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL {message}", file=sys.stderr)
    return condition


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def studio(binary, state, *arguments):
    output = subprocess.run([binary, *arguments, "--state", state, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


class Server:
    """`studio serve` in a fresh directory (no studio.json5, the built-in templates)."""

    def __init__(self, binary, work):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        state = os.path.join(work, "state")
        self.org = studio(binary, state, "orgs", "create", "console-e2e")["id"]
        self.token = studio(binary, state, "users", "create", "owner@example.test", "--org", self.org, "--role", "owner")["token"]
        made = studio(binary, state, "keys", "create", "--user", "owner@example.test", "--org", self.org, "--name", "e2e")
        self.key, self.key_id = made["key"], made["id"]
        self.binary, self.state = binary, state
        self.log = open(os.path.join(work, "serve.log"), "w")
        self.process = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--base-url", self.base,
                                         "--state", state, "--out", os.path.join(work, "public"), "--workers", "1", "--quiet",
                                         "--focus-sessions-per-user", "1"], cwd=work, stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{self.base}/healthz", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("studio serve did not answer /healthz within 30 s")

    def api(self, method, path, body=None):
        request = urllib.request.Request(f"{self.base}/v1/organizations/{self.org}/music{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"X-API-Key": self.key, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def audit(page, view, shots):
    """axe on the view in both schemes and at both widths; a screenshot of each when asked."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width, size in SIZES.items():
            page.set_viewport_size(size)
            page.wait_for_timeout(100)
            result = Axe().run(page)
            if not check(result.violations_count == 0, f"axe: {result.violations_count} violation(s) on {view} ({scheme}, {width} px)"):
                print(result.generate_report(), file=sys.stderr)
            if shots:
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=os.path.join(shots, f"console-{view}-{width}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(SIZES["1280"])


def page_audit(page, name):
    """axe on a page of the site the console links to, in both schemes."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        result = Axe().run(page)
        if not check(result.violations_count == 0, f"axe: {result.violations_count} violation(s) on {name} ({scheme})"):
            print(result.generate_report(), file=sys.stderr)


def show(page, view):
    page.click(f'#nav a[data-view="{view}"]')
    expect(page.locator(f"#view-{view}")).to_be_visible()


def run(arguments):
    work = tempfile.mkdtemp(prefix="console-e2e-")
    server = Server(os.path.abspath(arguments.studio), work)
    shots = arguments.screenshots
    if shots:
        os.makedirs(shots, exist_ok=True)
    started = time.time()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=arguments.chromium,
                                                 args=["--no-sandbox", "--disable-dev-shm-usage",
                                                       "--autoplay-policy=no-user-gesture-required"])
            context = browser.new_context(viewport=SIZES["1280"], color_scheme="light",
                                          permissions=["clipboard-read", "clipboard-write"])
            page = context.new_page()
            problems = []
            # The browser logs every 4xx as an error; the API's answers are checked below instead: the
            # only one expected is the wrong key's 401 on the organization list.
            page.on("console", lambda message: message.type == "error" and not message.text.startswith("Failed to load resource")
                    and problems.append(message.text))
            expected = {(401, "/v1/organizations?limit=100")}
            page.on("response", lambda response: response.status >= 400 and not any(
                response.status == status and response.url.endswith(path) for status, path in expected)
                and problems.append(f"{response.status} {response.url}"))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.set_default_timeout(30_000)
            requests = []
            page.on("request", lambda request: requests.append((request.url, request.headers)))

            # Sign in: a wrong key is refused; the right one with no organization named acts in its
            # own (GET /v1/organizations tells the console the id). Later sign-ins name it by slug or id.
            response = page.goto(f"{server.base}/studio/")
            check(response.status == 200, f"/studio/ answered {response.status}")
            expect(page.locator("#view-signin")).to_be_visible()
            audit(page, "signin", shots)
            page.fill("#signin-credential", "msk_not-a-real-key-at-all-000000")
            page.fill("#signin-org", "console-e2e")
            page.click("#signin-form button[type=submit]")
            expect(page.locator("#status")).to_contain_text("not valid")
            page.fill("#signin-credential", server.key)
            page.click("#signin-form button[type=submit]")
            expect(page.locator("#view-generate")).to_be_visible()
            stored = json.loads(page.evaluate("sessionStorage.getItem('studio-console-session')") or "{}")
            check(stored.get("org") == server.org and stored.get("credential") == server.key, f"session holds {stored}")
            check(page.evaluate("localStorage.length") == 0 and page.evaluate("document.cookie") == "", "nothing outside sessionStorage")

            # Generate: the engine picker shows capabilities and licence; the job ends in a track that plays.
            expect(page.locator("#engine-list .engine")).not_to_have_count(0)
            check(page.locator("#engine-pulse-1-facts").text_content().count("formats:") == 1, "pulse-1 shows its formats")
            check(len(page.locator("#engine-pulse-1-licence").text_content()) > 5, "pulse-1 shows its licence")
            page.check("#engine-pulse-1")
            page.fill("#gen-prompt", PROMPT)
            page.fill("#gen-title", "Marimba street")
            page.fill("#gen-duration", "4")
            page.fill("#gen-seed", "7")
            page.fill("#gen-key", "D minor")
            page.fill("#gen-bpm", "112")
            page.select_option("#gen-format", "mp3")
            page.click("#generate-form button[type=submit]")
            audio = page.locator("#job-track audio")
            expect(audio).to_be_visible(timeout=90_000)
            expect(page.locator("#job-state")).to_contain_text("Succeeded")
            check(page.locator("#job-track h3").text_content() == "Marimba street", "the finished track is shown by its title")
            check(any(url.endswith("/events") for url, _ in requests), "the job was followed through its server-sent events")
            audio.evaluate("audio => audio.play()")
            first = audio.evaluate("audio => audio.currentTime")
            page.wait_for_timeout(1200)
            second = audio.evaluate("audio => audio.currentTime")
            check(second > first + 0.3, f"the track plays: currentTime {first} then {second}")
            audio.evaluate("audio => audio.pause()")
            audit(page, "generate", shots)

            # A second track through the API, for the collection's order.
            job = server.api("POST", "/generations", {"engine_key": "pulse-1", "prompt": "a second, slower pulse", "duration_seconds": 3,
                                                      "title": "Second pulse"})
            for _ in range(300):
                job = server.api("GET", f"/generations/{job['id']}")
                if job["status"] not in ("queued", "running"):
                    break
                time.sleep(0.2)
            check(job["status"] == "succeeded", f"the second job {job['status']}")

            # Library: found by a word of its prompt; save it.
            show(page, "library")
            expect(page.locator("#library-list li")).to_have_count(2)
            page.fill("#library-q", "marimba")
            page.press("#library-q", "Enter")
            expect(page.locator("#library-list li")).to_have_count(1)
            check(page.locator("#library-list li h2").text_content() == "Marimba street", "the search finds the track by its prompt")
            save = page.locator('#library-list li button[aria-pressed]')
            check(save.get_attribute("aria-pressed") == "false", "a new track is not saved")
            save.click()
            expect(save).to_have_attribute("aria-pressed", "true")
            check(len(server.api("GET", "/tracks")["data"]) == 1, "saving reached the library")
            check(page.locator("#library-list li .downloads a[download]").count() >= 1, "a download link per format")
            audit(page, "library", shots)

            # Collections: create, add both, reorder by keyboard, rename, share.
            show(page, "collections")
            page.fill("#collection-name", "Console mix")
            page.press("#collection-name", "Enter")
            expect(page.locator("#collection-detail h2")).to_have_text("Console mix")
            for _ in range(2):
                page.click("#collection-detail form:has(#collection-add-track) button[type=submit]")
                page.wait_for_timeout(300)
            expect(page.locator("#collection-tracks li")).to_have_count(2)
            collection = server.api("GET", "/collections")["data"][0]
            before = [t["id"] for t in server.api("GET", f"/collections/{collection['id']}/tracks")["data"]]
            page.focus("#collection-tracks li:nth-child(2)")
            page.keyboard.press("Alt+ArrowUp")
            expect(page.locator("#status")).to_contain_text("to position 1 of 2")
            after = [t["id"] for t in server.api("GET", f"/collections/{collection['id']}/tracks")["data"]]
            check(after == list(reversed(before)), f"Alt+ArrowUp reordered the collection: {before} -> {after}")
            check(page.evaluate("document.activeElement.dataset.trackId") == before[1], "focus follows the moved track")
            page.fill("#collection-rename", "Console mix, reordered")
            page.press("#collection-rename", "Enter")
            expect(page.locator("#collection-detail h2")).to_have_text("Console mix, reordered")
            page.click("#collection-share button")
            share_url = page.locator("#share-url").input_value()
            check(share_url.startswith(f"{server.base}/s/"), f"the share link {share_url}")
            audit(page, "collections", shots)

            # The share, seen by somebody else (no credentials, no session).
            stranger = browser.new_context()
            visitor = stranger.new_page()
            opened = visitor.goto(share_url)
            check(opened.status == 200, f"the share page answered {opened.status}")
            check("Console mix, reordered" in visitor.content(), "the share page shows the collection")
            check(visitor.evaluate("sessionStorage.length") == 0, "the visitor holds no credential")
            page_audit(visitor, "the share page")

            # Shares: listed with its copyable link; revoke it.
            show(page, "shares")
            item = page.locator("#share-list li", has_text="Console mix, reordered")
            item.get_by_role("button", name="Copy link").click()
            expect(page.locator("#status")).to_have_text("Link copied.")
            check(page.evaluate("navigator.clipboard.readText()") == share_url, "Copy link puts the share's address on the clipboard")
            audit(page, "shares", shots)
            item.get_by_role("button", name="Revoke").click()
            page.click("#confirm-ok")
            expect(page.locator("#share-list li", has_text="Console mix, reordered")).to_contain_text("revoked")
            gone = visitor.goto(share_url)
            check(gone.status == 410, f"the revoked share answered {gone.status}")
            check("Console mix, reordered" not in visitor.content() and visitor.locator("audio").count() == 0,
                  "the revoked page is not the ordinary share page")
            page_audit(visitor, "the revoked page")
            stranger.close()

            # Back in the collection: drag the second track above the first, then remove one.
            show(page, "collections")
            page.click("#collection-list button")
            expect(page.locator("#collection-tracks li")).to_have_count(2)
            page.drag_and_drop("#collection-tracks li:nth-child(2)", "#collection-tracks li:nth-child(1)")
            expect(page.locator("#status")).to_contain_text("to position 1 of 2")
            dragged = [t["id"] for t in server.api("GET", f"/collections/{collection['id']}/tracks")["data"]]
            check(dragged == before, f"dragging reordered the collection back: {after} -> {dragged}")
            page.locator("#collection-tracks li:nth-child(2) button", has_text="Remove").click()
            expect(page.locator("#collection-tracks li")).to_have_count(1)
            check(len(server.api("GET", f"/collections/{collection['id']}/tracks")["data"]) == 1, "Remove took the track out")

            # Focus: start a session, the player link carries it in the fragment; end it.
            show(page, "focus")
            page.fill("#focus-minutes", "1")
            page.click("#focus-form button[type=submit]")
            player = page.locator("#focus-list a", has_text="Open the player")
            expect(player).to_be_visible()
            href = player.get_attribute("href")
            check(href.startswith("/focus/#session=mfocus_") and f"org={server.org}" in href, f"the player link {href}")
            audit(page, "focus", shots)
            player_page = context.new_page()
            check(player_page.goto(f"{server.base}{href}").status == 200, "the focus player opens")
            expect(player_page.locator("[data-prompt]")).to_have_text("calm rain, soft piano")  # the session, read with the key
            player_page.close()
            page.locator("#focus-list button", has_text="End").click()
            expect(page.locator("#focus-list")).to_contain_text("ended")

            # Delete the second track from the library, after the confirmation.
            show(page, "library")
            page.fill("#library-q", "")
            page.press("#library-q", "Enter")
            second = page.locator("#library-list li", has_text="Second pulse")
            second.get_by_role("button", name="Delete").click()
            page.click("#confirm-ok")
            expect(page.locator("#library-list li", has_text="Second pulse")).to_have_count(0)
            check(all(t["title"] != "Second pulse" for t in server.api("GET", "/tracks?scope=organization")["data"]), "Delete removed the track")

            # Usage against the quota.
            show(page, "usage")
            meter = page.locator("#quota-meter")
            expect(meter).to_be_visible()
            check(float(meter.get_attribute("value")) >= 7 and float(meter.get_attribute("max")) == 36000,
                  f"the quota meter {meter.get_attribute('value')} of {meter.get_attribute('max')}")
            audit(page, "usage", shots)

            # Sign out: the credential is gone.
            page.click("#sign-out")
            expect(page.locator("#view-signin")).to_be_visible()
            check(page.evaluate("sessionStorage.length") == 0, "sign out clears sessionStorage")

            # A user token signs in too, sent as a bearer token.
            page.fill("#signin-credential", server.token)
            page.fill("#signin-org", "console-e2e")
            page.click("#signin-form button[type=submit]")
            expect(page.locator("#view-generate")).to_be_visible()
            expect(page.locator("#engine-list .engine")).not_to_have_count(0)
            last = [headers for url, headers in requests if "/v1/organizations" in url][-1]
            check(last.get("authorization") == f"Bearer {server.token}" and "x-api-key" not in last,
                  f"a user token is sent as Authorization: Bearer: {last}")
            page.click("#sign-out")
            expect(page.locator("#view-signin")).to_be_visible()

            # Signed in again, the key is revoked from the CLI: the next call drops the session.
            page.fill("#signin-credential", server.key)
            page.fill("#signin-org", server.org)
            page.click("#signin-form button[type=submit]")
            expect(page.locator("#view-generate")).to_be_visible()
            check(not problems, f"console errors: {problems}")
            studio(server.binary, server.state, "keys", "revoke", server.key_id)
            show_after_revoke = page.locator('#nav a[data-view="library"]')
            show_after_revoke.click()
            expect(page.locator("#view-signin")).to_be_visible()
            expect(page.locator("#status")).to_contain_text("no longer valid")
            check(page.evaluate("sessionStorage.length") == 0, "a revoked key leaves no session behind")
            browser.close()
    except Exception:
        failures.append("the run stopped early")
        raise
    finally:
        server.stop()
        # Kept when something failed: the server's log is there.
        if failures:
            print(f"console e2e: the state and serve.log are kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"console e2e: {time.time() - started:.1f} s, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studio", required=True)
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--screenshots")
    sys.exit(run(parser.parse_args()))

#!/usr/bin/env python3
"""Keeps one headless Chromium page open and answers commands about it, one JSON object a line.

    browser-session.py [--timeout S]

For tests that change things while a page stays open (`studio serve --watch`: Tests/StudioCLITests/
ServeWatchTests.swift): the test sends a command on stdin, does its edit, sends the next, and
reads each answer on stdout. It reuses the DevTools client of browser-check.py and asserts nothing.

Commands (each answer also carries "errors": console errors, exceptions, failed loads so far):
  {"open": URL}                     navigate and wait for the load; answers as "read"
  {"mark": true}                    tag the current document, to tell a reload (a new document) later
  {"wait": "reload", "timeout": S}  until the tagged document is replaced and loaded; answers as "read"
  {"wait": "overlay", "timeout": S} until a rebuild's problems overlay the page; answers as "read"
  {"read": true}                    {"marked", "text" (body text), "overlay" (its text or null),
                                     "reload_script" (the watch script's tag is in the page)}
  {"quit": true}
"""
import argparse, importlib.util, json, os, signal, sys, time

spec = importlib.util.spec_from_file_location("browser_check", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                            "browser-check.py"))
browser_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(browser_check)

READ = """(() => { const o = document.querySelector('[data-studio-overlay]');
  return {marked: window.__studioWatchMark === true, ready: document.readyState,
          text: document.body ? document.body.innerText : '', overlay: o ? o.innerText : null,
          reload_script: !!document.querySelector('script[src="/_studio/reload.js"]')}; })()"""


def read(browser):
    """The page's state, retried while a navigation replaces the document under the call."""
    for _ in range(50):
        try:
            value = browser.evaluate(READ)
            if value and value["ready"] == "complete":
                return value
        except RuntimeError:
            pass
        time.sleep(0.1)
    return browser.evaluate(READ)


def wait(browser, condition, timeout):
    deadline = time.time() + timeout
    while True:
        try:
            state = browser.evaluate(READ)
        except RuntimeError:  # the document went away mid-call: a reload in progress
            state = None
        if state and state["ready"] == "complete" and condition(state):
            return state
        if time.time() > deadline:
            return read(browser)
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    browser = browser_check.Browser(args.timeout)
    try:
        for domain in ("Runtime", "Log", "Page"):
            browser.call(f"{domain}.enable")
        for line in sys.stdin:
            command = json.loads(line)
            # No command may hang the test: a stuck browser ends the session.
            signal.alarm(int(command.get("timeout", args.timeout)) + 30)
            if "quit" in command:
                break
            if "open" in command:
                browser.call("Page.navigate", url=command["open"])
                answer = wait(browser, lambda s: True, args.timeout)
            elif "mark" in command:
                browser.evaluate("window.__studioWatchMark = true")
                answer = read(browser)
            elif command.get("wait") == "reload":
                answer = wait(browser, lambda s: not s["marked"], command.get("timeout", args.timeout))
            elif command.get("wait") == "overlay":
                answer = wait(browser, lambda s: s["overlay"] is not None, command.get("timeout", args.timeout))
            else:
                answer = read(browser)
            signal.alarm(0)
            answer["errors"] = browser.errors
            print(json.dumps(answer), flush=True)
    finally:
        browser.close()


if __name__ == "__main__":
    sys.exit(main())

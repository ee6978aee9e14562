#!/usr/bin/env bash
# `make console-e2e`: the console at /studio/ driven end to end in Debian's Chromium
# (scripts/browser/console_e2e.py), against the release `studio serve` with a fresh state.
#
# Installs the pinned Playwright and axe-playwright-python (requirements.txt) into .venv-browser/,
# once and again whenever requirements.txt changes. Playwright's own browser download is never
# used (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, executable_path): the run uses $CHROMIUM, default
# /usr/bin/chromium. CONSOLE_SCREENSHOTS=DIR saves every view there (docs/img/console/ holds
# the committed ones: `CONSOLE_SCREENSHOTS=docs/img/console make console-e2e`).
set -euo pipefail
STUDIO=${STUDIO:-.build/release/studio}
VENV=${BROWSER_VENV:-.venv-browser}
here=$(cd "$(dirname "$0")" && pwd)
studio=$(cd "$(dirname "$STUDIO")" && pwd)/$(basename "$STUDIO")
[ -x "$studio" ] || { echo "console-e2e: $STUDIO is not built (make build)" >&2; exit 1; }
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "console-e2e: installing Playwright and axe-playwright-python into $VENV"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$VENV/.requirements.sha256"
fi

screenshots=()
[ -z "${CONSOLE_SCREENSHOTS:-}" ] || screenshots=(--screenshots "$CONSOLE_SCREENSHOTS")
exec "$VENV/bin/python" "$here/console_e2e.py" --studio "$studio" "${screenshots[@]}"

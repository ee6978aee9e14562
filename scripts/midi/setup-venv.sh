#!/usr/bin/env bash
# Installs the pinned mido (requirements.txt) into .venv-midi/ at the package root, once, and
# again whenever requirements.txt changes. Prints the venv's python on success. Called by
# `make midi-reader` (so make test has it) and by the MIDI export tests when it is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
VENV=${MIDI_VENV:-$root/.venv-midi}
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "midi-reader: installing mido into $VENV" >&2
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
  echo "$want" > "$VENV/.requirements.sha256"
fi
echo "$VENV/bin/python"

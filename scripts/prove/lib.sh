# Shared by the scenario scripts of `make prove` (scripts/prove/*.sh); sourced, not run.
#
# Every scenario works in its own scratch project under $PROVE_WORK (a temporary directory unless
# given), against the release `studio` binary ($STUDIO), and prints one line per figure:
#
#   PASS  <scenario>: <what was measured>
#   FAIL  <scenario>: <what was measured> (<the goal>)
#
# A scenario script exits 1 when any of its lines is a FAIL, so each also runs alone:
#   STUDIO=.build/release/studio scripts/prove/load.sh

set -euo pipefail
exec </dev/null

PROVE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STUDIO=${STUDIO:-$PROVE_ROOT/.build/release/studio}
[[ "$STUDIO" == /* ]] || STUDIO="$PROVE_ROOT/$STUDIO"
TEMPLATES="$PROVE_ROOT/templates"
CLIENT="$PROVE_ROOT/scripts/prove/client.py"
# The system Python: the client needs nothing but its standard library.
PYTHON=${PYTHON:-/usr/bin/python3}
[[ -x "$PYTHON" ]] || PYTHON=$(command -v python3)

failures=0

die() { echo "prove: $*" >&2; exit 1; }
log() { echo "prove: $*" >&2; }

# verdict OK LINE: prints "PASS  LINE" or "FAIL  LINE" and counts failures.
verdict() {
  if [[ "$1" == 1 || "$1" == true ]]; then echo "PASS  $2"; else echo "FAIL  $2"; failures=$((failures + 1)); fi
}

# finish: the scenario's exit status.
finish() { [[ $failures -eq 0 ]]; }

for tool in curl sqlite3 sha256sum awk; do
  command -v "$tool" >/dev/null 2>&1 || die "missing $tool (run: make deps-prove)"
done
[[ -x "$STUDIO" ]] || die "studio binary not found at $STUDIO (run: make build)"

# Every connection is a descriptor, on both ends: raise this shell's soft limit (the server,
# started from here, inherits it; it also raises its own since the connection-cap fix).
hard_files=$(ulimit -Hn)
if [[ "$hard_files" == unlimited || "$hard_files" -ge 65536 ]]; then ulimit -Sn 65536; else ulimit -Sn "$hard_files"; fi

if [[ -z "${PROVE_WORK:-}" ]]; then
  PROVE_WORK=$(mktemp -d "${TMPDIR:-/tmp}/studio-prove.XXXXXX")
  own_work=1
else
  mkdir -p "$PROVE_WORK"
  own_work=0
fi

server_pids=()
cleanup_hooks=()
cleanup() {
  local pid hook
  for pid in "${server_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for hook in "${cleanup_hooks[@]}"; do eval "$hook" || true; done
  if [[ $own_work -eq 1 ]]; then rm -rf "$PROVE_WORK"; fi
}
trap cleanup EXIT

# --- projects ----------------------------------------------------------------------------------

# make_project DIR [RECIPE]: a scratch project in DIR (recipes/, state/, public/) with an
# organization "prove", an owner, an API key, and the recipe built. The default recipe is one
# 2-second pulse-1 track, shared. Sets P_DIR, P_STATE, P_PUBLIC, P_ORG, P_KEY, P_TOKEN (the
# share's page token) and P_TRACK (the track's id).
make_project() {
  P_DIR=$1
  P_STATE="$P_DIR/state"
  P_PUBLIC="$P_DIR/public"
  mkdir -p "$P_DIR/recipes"
  if [[ $# -ge 2 ]]; then
    printf '%s\n' "$2" >"$P_DIR/recipes/prove.json5"
  else
    cat >"$P_DIR/recipes/prove.json5" <<'JSON5'
{
  organization: "prove",
  tracks: {
    beat: { engine: "pulse-1", prompt: "steady four on the floor", duration: 2, seed: 1, formats: ["mp3"], title: "Beat", save: true },
  },
  shares: [{ track: "beat" }],
}
JSON5
  fi
  studio_in "$P_DIR" orgs create prove --json >/dev/null
  studio_in "$P_DIR" users create prove@example.com --org prove --role owner --json >/dev/null
  P_KEY=$(studio_in "$P_DIR" keys create --user prove@example.com --org prove --name prove --json |
    "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["key"])')
  P_ORG=$(studio_in "$P_DIR" orgs show prove)
  build_in "$P_DIR" >"$P_DIR/build.log" 2>&1 || { cat "$P_DIR/build.log" >&2; die "studio build failed in $P_DIR"; }
  P_TRACK=$(sql "$P_STATE" "select id from tracks order by created_at limit 1")
  P_TOKEN=$(ls "$P_PUBLIC/s" 2>/dev/null | head -n 1)
}

# studio_in DIR ARGS…: a studio account command against DIR's state.
studio_in() { local dir=$1; shift; "$STUDIO" "$@" --state "$dir/state"; }

# build_args DIR: sets BUILD_ARGS to the arguments of a studio build of DIR's recipes into DIR's
# state and public/ (for a build started in the background, whose $! must be studio itself).
build_args() {
  BUILD_ARGS=(build --recipes "$1/recipes" --state "$1/state" --out "$1/public" --templates "$TEMPLATES"
              --base-url https://prove.example --date 2026-11-25)
}

# build_in DIR [ARGS…]: studio build of DIR's recipes into DIR's state and public/.
build_in() {
  local dir=$1; shift
  build_args "$dir"
  "$STUDIO" "${BUILD_ARGS[@]}" "$@"
}

# sql STATE_DIR QUERY: one query on the state's database (read-only).
sql() { sqlite3 -readonly "$1/state.sqlite" "$2"; }

# integrity STATE_DIR: "ok" when SQLite finds nothing wrong with the database.
integrity() { sqlite3 "$1/state.sqlite" "PRAGMA integrity_check;" 2>&1 | tr '\n' ' ' | sed 's/ $//'; }

# tree_hash DIR: one hash over every visible file's path and bytes (dot files — the publisher's
# temporary files — are left out and counted by stray_files).
tree_hash() {
  (cd "$1" && find . -type f ! -name '.*' -print0 | sort -z | xargs -0 -r sha256sum | sha256sum | cut -c1-16)
}

# stray_files DIR: temporary files a killed writer left (hidden, swept by the next publish).
stray_files() { find "$1" -name '.*' \( -name '*.tmp' -o -name '*.partial' \) | wc -l; }

# --- servers -----------------------------------------------------------------------------------

# start_server DIR [FLAGS…]: studio serve on a free port over DIR's state and public/; sets
# SERVE_PID, SERVE_PORT, SERVE_LOG (stdout and stderr).
serve_count=0
start_server() {
  local dir=$1; shift
  serve_count=$((serve_count + 1))
  SERVE_LOG="$dir/serve-$serve_count.log"
  : >"$SERVE_LOG"
  "$STUDIO" serve --port 0 --state "$dir/state" --out "$dir/public" --templates "$TEMPLATES" \
    --base-url https://prove.example "$@" >>"$SERVE_LOG" 2>&1 &
  SERVE_PID=$!
  server_pids+=("$SERVE_PID")
  SERVE_PORT=""
  local i
  for (( i = 0; i < 300; i++ )); do
    SERVE_PORT=$(sed -n 's|^studio serve: http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$SERVE_LOG")
    [[ -z "$SERVE_PORT" ]] || return 0
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$SERVE_LOG" >&2; die "studio serve exited"; }
    sleep 0.1
  done
  die "studio serve did not report its port within 30 s"
}

# stop_server: SIGTERM and wait; STOPPED_RC gets its exit status.
stop_server() {
  kill -TERM "$SERVE_PID" 2>/dev/null || true
  STOPPED_RC=0
  wait "$SERVE_PID" 2>/dev/null || STOPPED_RC=$?
}

# kill_server: SIGKILL and wait.
kill_server() {
  kill -KILL "$SERVE_PID" 2>/dev/null || true
  wait "$SERVE_PID" 2>/dev/null || true
}

# status URL [CURL ARGS…]: the HTTP status (000 when there was no answer); the body is left in
# $PROVE_WORK/body.
status() {
  local url=$1; shift
  curl -sS -o "$PROVE_WORK/body" -w '%{http_code}' --max-time 20 "$@" "$url" 2>/dev/null || true
}

# api PATH [CURL ARGS…]: status of an API call with the project's key.
api() {
  local path=$1; shift
  status "http://127.0.0.1:$SERVE_PORT/v1/organizations/$P_ORG/music$path" -H "X-API-Key: $P_KEY" "$@"
}

# json FIELD: a top-level field of the last body (dots for nesting: error.code).
json() {
  "$PYTHON" -c 'import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2].split("."):
    value = value.get(part) if isinstance(value, dict) else None
print("" if value is None else value)' "$PROVE_WORK/body" "$1" 2>/dev/null || true
}

# client SUBCOMMAND ARGS…: the Python load client (scripts/prove/client.py); JSON on stdout.
client() { "$PYTHON" "$CLIENT" "$@"; }

# field JSON PATH: a field of a JSON document given as a string.
field() {
  "$PYTHON" -c 'import json, sys
value = json.loads(sys.argv[1])
for part in sys.argv[2].split("."):
    value = value.get(part) if isinstance(value, dict) else None
print("" if value is None else json.dumps(value) if isinstance(value, (dict, list)) else value)' "$1" "$2"
}

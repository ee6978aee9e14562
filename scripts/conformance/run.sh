#!/usr/bin/env bash
# `make conformance`: the live API against its own OpenAPI document, with schemathesis.
#
# Installs the pinned schemathesis (requirements.txt) into .venv-conformance/, starts the release
# `studio serve` on a free port with a fresh state, organization, owner and API key, creates real
# objects to test against (seed.py), and runs schemathesis on /v1/openapi.json: every phase
# (examples, coverage, fuzzing, stateful), a fixed seed, at most $CONFORMANCE_EXAMPLES cases per
# operation. It fails on any 5xx, any response whose body does not match the schema of its
# status, any status the operation does not declare, any wrong Content-Type, or the server dying.
# One schemathesis worker: with several, CPython 3.11's ast module can fail inside Hypothesis
# ("AST constructor recursion depth mismatch"), which is an error of the tool, not of the server.
set -euo pipefail

STUDIO=${STUDIO:-.build/release/studio}
VENV=${CONFORMANCE_VENV:-.venv-conformance}
EXAMPLES=${CONFORMANCE_EXAMPLES:-30}
SEED=${CONFORMANCE_SEED:-20261125}
CHECKS=not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance
here=$(cd "$(dirname "$0")" && pwd)
studio=$(cd "$(dirname "$STUDIO")" && pwd)/$(basename "$STUDIO")
[ -x "$studio" ] || { echo "conformance: $STUDIO is not built (make build)" >&2; exit 1; }

# The virtual environment, rebuilt whenever requirements.txt changes.
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/st" ] || [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "conformance: installing schemathesis into $VENV"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$VENV/.requirements.sha256"
fi

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/public"
state=(--state "$work/state")

json_field() { /usr/bin/python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }
org=$("$studio" orgs create conformance --json "${state[@]}" | json_field id)
"$studio" users create conformance@example.com --org "$org" --role owner --json "${state[@]}" > /dev/null
key=$("$studio" keys create --user conformance@example.com --org "$org" --name conformance --json "${state[@]}" | json_field key)

# A free port chosen here rather than --port 0, so that --base-url (the OpenAPI document's
# `servers` and every share URL) names the port the server really listens on.
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# --rate-limit 0: schemathesis sends as fast as it can with one key; a 429 is declared, but it
# would answer in place of the operation under test.
"$studio" serve --host 127.0.0.1 --port "$port" --base-url "$base" "${state[@]}" --out "$work/public" \
  --templates "$(pwd)/templates" --workers 1 --quota 120 --rate-limit 0 > "$work/serve.out" 2> "$work/serve.err" &
server=$!
for _ in $(seq 1 300); do
  grep -q "studio serve: http" "$work/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "conformance: studio serve exited:" >&2; cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
grep -q "studio serve: http" "$work/serve.out" || { echo "conformance: studio serve did not start in 30 s" >&2; exit 1; }
echo "conformance: studio serve at $base (state $work/state)"

/usr/bin/python3 "$here/seed.py" "$base" "$key" "$org" > "$work/schemathesis.toml"

venv=$(cd "$VENV" && pwd)
set +e
# From the temporary directory: schemathesis and Hypothesis keep caches in the working directory.
(cd "$work" && "$venv/bin/st" --config-file "$work/schemathesis.toml" run "$base/v1/openapi.json" \
  --header "X-API-Key: $key" --checks "$CHECKS" --max-examples "$EXAMPLES" --seed "$SEED" \
  --workers 1 --request-timeout 20 --no-shrink --output-truncate false)
status=$?
set -e
if ! kill -0 "$server" 2>/dev/null; then
  echo "conformance: FAILED: studio serve died during the run" >&2
  cat "$work/serve.err" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "conformance: FAILED (schemathesis exit $status); the server's stderr:" >&2
  tail -n 50 "$work/serve.err" >&2
  exit "$status"
fi
echo "conformance: passed"

#!/usr/bin/env bash
# make prove, "Connection cap": past --max-connections, new connections get 503 with Retry-After
# and the connections already in are still served.
#
#   STUDIO=.build/release/studio scripts/prove/connection-cap.sh
#
# studio serve --max-connections PROVE_CAP (50); scripts/prove/client.py cap opens 50 keep-alive
# connections (each answered 200 and held), then PROVE_EXTRA (25) more at once: each must get 503
# with Retry-After and be closed. Then every held connection asks again (200), 10 of them close,
# and 10 new ones must be let in.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CAP=${PROVE_CAP:-50}
EXTRA=${PROVE_EXTRA:-25}

log "connection cap: a scratch project and studio serve --max-connections $CAP"
make_project "$PROVE_WORK/cap"
start_server "$P_DIR" --max-connections "$CAP"
page="/s/$P_TOKEN/"

result=$(client cap --port "$SERVE_PORT" --path "$page" --cap "$CAP" --extra "$EXTRA")
echo "$result" >"$P_DIR/cap.json"
# The server is still whole afterwards.
after=$(status "http://127.0.0.1:$SERVE_PORT$page")
stop_server

held=$(field "$result" held)
refused=$(field "$result" refused_503)
retry=$(field "$result" retry_after)
code=$(field "$result" error_code)
served=$(field "$result" held_served_after)
freed=$(field "$result" freed)
admitted=$(field "$result" admitted_after_freeing)
outcomes=$(field "$result" extra_outcomes)
errors=$(field "$result" error_count)
[[ "$errors" == 0 ]] || log "connection cap: errors: $(field "$result" errors)"

verdict $(( held == CAP && refused == EXTRA && errors == 0 )) \
  "connection cap: $held/$CAP connections held; $refused/$EXTRA past the cap answered 503 (Retry-After: $retry, error code $code) and closed (outcomes: $outcomes)"
verdict $(( served == held && admitted == freed && after == 200 && STOPPED_RC == 0 )) \
  "connection cap: all $served held connections served again after the refusals; $freed closed, $admitted/$freed new ones let in; status afterwards $after"
finish

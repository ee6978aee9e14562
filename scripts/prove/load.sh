#!/usr/bin/env bash
# make prove, "Load": 1,000 concurrent keep-alive connections are held by one `studio serve`.
#
#   STUDIO=.build/release/studio scripts/prove/load.sh
#
# The client (scripts/prove/client.py hold) opens PROVE_CONNECTIONS (1,000) connections at once,
# each sends one request for the share page and keeps its connection; after PROVE_HOLD (10) seconds
# every connection sends a second request on the same socket. Goal: every connection answered
# 200 both times (so all were held open and still usable), with the server at its default
# settings (the cap is 4,096; its idle timeout of 60 s is well past the hold).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS=${PROVE_CONNECTIONS:-1000}
HOLD=${PROVE_HOLD:-10}

log "load: a scratch project and studio serve"
make_project "$PROVE_WORK/load"
start_server "$P_DIR"
page="/s/$P_TOKEN/"
[[ $(status "http://127.0.0.1:$SERVE_PORT$page") == 200 ]] || die "the share page $page is not served"

log "load: $CONNECTIONS keep-alive connections, held ${HOLD} s"
result=$(client hold --port "$SERVE_PORT" --path "$page" --connections "$CONNECTIONS" --hold "$HOLD" --server-pid "$SERVE_PID")
echo "$result" >"$P_DIR/load.json"
answered=$(field "$result" answered)
usable=$(field "$result" still_usable)
opened=$(field "$result" opened_in_s)
fds=$(field "$result" while_held.server_fds)
rss=$(field "$result" while_held.server_rss_mb)
threads=$(field "$result" while_held.server_threads)
p99=$(field "$result" second_round.p99_ms)
errors=$(field "$result" error_count)
[[ "$errors" == 0 ]] || log "load: errors: $(field "$result" errors)"

stop_server
verdict $(( answered == CONNECTIONS && usable == CONNECTIONS && errors == 0 )) \
  "load: $answered/$CONNECTIONS keep-alive connections answered (opened in ${opened} s), $usable/$CONNECTIONS still open and answering after ${HOLD} s held; server: $fds descriptors, ${rss} MB resident, $threads threads; all $CONNECTIONS second requests at once: p99 ${p99} ms"
verdict $(( STOPPED_RC == 0 )) "load: studio serve stopped on SIGTERM with exit status $STOPPED_RC"
finish

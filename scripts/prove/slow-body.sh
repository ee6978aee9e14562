#!/usr/bin/env bash
# make prove, "Slow bodies": bodies trickling in from one address neither hold their connections
# past the body deadline nor take the server's connections from anyone else.
#
#   STUDIO=.build/release/studio scripts/prove/slow-body.sh
#
# studio serve runs with --max-connections 50, --max-connections-per-client 20 and
# --cap-loopback-clients (the scenario's clients are all on loopback) and its default body
# timeout (20 s in total per body). scripts/prove/slow_body.py opens PROVE_SLOW_BODY (60)
# connections from 127.0.0.1 that each announce a 1 MB body and send one byte of it every 2 s,
# reopening each as soon as the server closes it, for PROVE_SLOW_BODY_DURATION (45) seconds —
# more than the server's whole cap, from one address. Beside them a normal client on 127.0.0.2
# asks for the share page every 20 ms. Goals: every accepted slow body cut off with a 408 at
# its 20 s deadline (before, each byte restarted a 30 s pause timer, so these lived for hours),
# the ones past the per-client cap answered 429 with Retry-After, and the normal client served
# throughout: every request 200, p99 under 100 ms (before, 50 slow bodies left it 503s).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SLOW=${PROVE_SLOW_BODY:-60}
DURATION=${PROVE_SLOW_BODY_DURATION:-45}
TARGET_P99_MS=100

log "slow bodies: a scratch project and studio serve with a connection cap of 50, 20 per client"
make_project "$PROVE_WORK/slow-body"
start_server "$P_DIR" --max-connections 50 --max-connections-per-client 20 --cap-loopback-clients
page="/s/$P_TOKEN/"
[[ $(status "http://127.0.0.1:$SERVE_PORT$page") == 200 ]] || die "the share page $page is not served"

log "slow bodies: $SLOW trickling bodies from 127.0.0.1 for ${DURATION} s, a normal client on 127.0.0.2"
result=$("$PYTHON" "$PROVE_ROOT/scripts/prove/slow_body.py" --port "$SERVE_PORT" --path "$page" --slow "$SLOW" \
  --interval 2 --duration "$DURATION")
echo "$result" >"$P_DIR/slow-body.json"
stop_server

cut_408=$(field "$result" slow_closed.408)
refused_429=$(field "$result" slow_closed.429)
first=$(field "$result" slow_408_lifetime_s.min)
last=$(field "$result" slow_408_lifetime_s.max)
retry=$(field "$result" retry_after)
opened=$(field "$result" slow_opened)
count=$(field "$result" normal.count)
p50=$(field "$result" normal.p50_ms)
p99=$(field "$result" normal.p99_ms)
max=$(field "$result" normal.max_ms)
failed=$(field "$result" normal_failure_count)
[[ "$failed" == 0 ]] || log "slow bodies: normal client failures: $(field "$result" normal_failures)"

ok=$(awk -v c="${cut_408:-0}" -v lo="${first:-0}" -v hi="${last:-0}" 'BEGIN { print (c >= 20 && lo >= 19.5 && hi <= 22) ? 1 : 0 }')
verdict "$ok" "slow bodies: $opened trickling connections opened, ${cut_408:-0} cut off with 408 after ${first}–${last} s while bytes kept arriving (goal: at the 20 s body deadline)"
ok=$(awk -v r="${refused_429:-0}" -v a="$retry" 'BEGIN { print (r > 0 && a == "[\"1\"]" ) ? 1 : 0 }')
verdict "$ok" "slow bodies: ${refused_429:-0} connections past 20 from one address answered 429, Retry-After $retry"
ok=$(awk -v p="$p99" -v t=$TARGET_P99_MS -v n="$count" -v f="$failed" 'BEGIN { print (p < t && n >= 500 && f == 0) ? 1 : 0 }')
verdict "$ok" "slow bodies: a normal client on another address: $count requests, p50 ${p50} ms, p99 ${p99} ms, max ${max} ms, $failed failed (goal: p99 < ${TARGET_P99_MS} ms over >= 500 requests, none failed)"
finish

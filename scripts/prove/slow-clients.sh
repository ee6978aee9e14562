#!/usr/bin/env bash
# make prove, "Slow clients": 100 slowloris connections do not stop a normal client.
#
#   STUDIO=.build/release/studio scripts/prove/slow-clients.sh
#
# scripts/prove/client.py slowloris keeps PROVE_SLOW (100) connections that send a request line,
# a Host field and then one byte of a header value every 300 ms, never ending the header section
# (reopening each as soon as the server drops it), for PROVE_SLOW_DURATION (25) seconds. Beside
# them two normal clients ask for the share page every 20 ms — one on a kept-alive connection,
# one on a fresh connection per request — from the first second on. Goals: the normal clients'
# p99 under 100 ms with every request answered 200, and every slow connection cut off by the
# header timeout (10 s by default, with a 408).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SLOW=${PROVE_SLOW:-100}
DURATION=${PROVE_SLOW_DURATION:-25}
TARGET_P99_MS=100

log "slow clients: a scratch project and studio serve"
make_project "$PROVE_WORK/slow"
start_server "$P_DIR"
page="/s/$P_TOKEN/"
[[ $(status "http://127.0.0.1:$SERVE_PORT$page") == 200 ]] || die "the share page $page is not served"

log "slow clients: $SLOW slowloris connections for ${DURATION} s, two normal clients beside them"
result=$(client slowloris --port "$SERVE_PORT" --path "$page" --slow "$SLOW" --interval 0.3 --duration "$DURATION")
echo "$result" >"$P_DIR/slow.json"
stop_server

count=$(field "$result" normal.count)
p50=$(field "$result" normal.p50_ms)
p99=$(field "$result" normal.p99_ms)
max=$(field "$result" normal.max_ms)
kept_p99=$(field "$result" normal_keepalive.p99_ms)
fresh_p99=$(field "$result" normal_fresh.p99_ms)
failed=$(field "$result" normal_failure_count)
opened=$(field "$result" slow_opened)
cut=$(field "$result" slow_closed_by_server)
first_cut=$(field "$result" slow_lifetime_s.min)
last_cut=$(field "$result" slow_lifetime_s.max)
close_status=$(field "$result" slow_close_status)
[[ "$failed" == 0 ]] || log "slow clients: normal client failures: $(field "$result" normal_failures)"

ok=$(awk -v p="$p99" -v t=$TARGET_P99_MS -v n="$count" -v f="$failed" 'BEGIN { print (p < t && n >= 500 && f == 0) ? 1 : 0 }')
verdict "$ok" "slow clients: normal client under $SLOW slowloris connections: $count requests, p50 ${p50} ms, p99 ${p99} ms (kept-alive ${kept_p99}, fresh connections ${fresh_p99}), max ${max} ms, $failed failed (goal: p99 < ${TARGET_P99_MS} ms over >= 500 requests, none failed)"
# Every slowloris connection that lived past the header timeout was cut by it: the first wave
# ($SLOW connections) at about 10 s after it opened, with a 408.
ok=$(awk -v c="$cut" -v s="$SLOW" -v lo="$first_cut" -v hi="$last_cut" 'BEGIN { print (c >= s && lo >= 9.5 && hi <= 11.5) ? 1 : 0 }')
verdict "$ok" "slow clients: $opened slowloris connections opened, $cut cut off by the server after ${first_cut}–${last_cut} s (header timeout 10 s), answers: $close_status"
finish

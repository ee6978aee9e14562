#!/usr/bin/env bash
# make prove, "Rate limit" (issue #13 item 8): one credential hammering the API is held to its
# limit, with 429 and Retry-After, and another credential's latency is not affected.
#
#   STUDIO=.build/release/studio scripts/prove/rate-limit.sh
#
# studio serve with its default limit (20 requests a second per credential, bursts of 40). A
# quiet caller (its own user and API key) asks for the engine list every 100 ms, first alone for
# 3 s, then for PROVE_RATE_DURATION (10) s while another process hammers the same endpoint with a
# second key on 8 connections as fast as the server answers (scripts/prove/rate_limit_client.py).
# Goals: the hammer gets at most its burst plus the rate times the seconds (+2) answered 200,
# every other answer a 429 with Retry-After and `rate_limited`; the quiet caller gets only 200s,
# with a p99 beside the hammer under 100 ms.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION=${PROVE_RATE_DURATION:-10}
RATE=20
BURST=40
TARGET_P99_MS=100

log "rate limit: a scratch project, a second user and key, and studio serve"
make_project "$PROVE_WORK/rate"
studio_in "$P_DIR" users create quiet@example.com --org prove --role member --json >/dev/null
quiet_key=$(studio_in "$P_DIR" keys create --user quiet@example.com --org prove --name quiet --json |
  "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["key"])')
start_server "$P_DIR" --rate-limit $RATE --rate-burst $BURST   # the defaults, said out loud

log "rate limit: a quiet caller alone for 3 s, then beside a hammering one for ${DURATION} s"
result=$("$PYTHON" "$PROVE_ROOT/scripts/prove/rate_limit_client.py" measure --port "$SERVE_PORT" --org "$P_ORG" \
  --quiet-key "$quiet_key" --hammer-key "$P_KEY" --alone 3 --duration "$DURATION")
echo "$result" >"$P_DIR/rate.json"
stop_server

sent=$(field "$result" hammer.count)
per_second=$(field "$result" hammer.requests_per_s)
ok=$(field "$result" hammer.ok)
ok_rate=$(field "$result" hammer.ok_per_s)
limited=$(field "$result" hammer.limited)
well_formed=$(field "$result" hammer.limited_well_formed)
seconds=$(field "$result" hammer.seconds)
retry_after=$(field "$result" hammer.retry_after)
other=$(field "$result" hammer.other)
allowed=$(awk -v b=$BURST -v r=$RATE -v s="$seconds" 'BEGIN { printf "%d", b + r * s + 2 }')
verdict "$(awk -v o="$ok" -v a="$allowed" -v l="$limited" -v w="$well_formed" 'BEGIN { print (o <= a && l > 0 && w == l) ? 1 : 0 }')" \
  "rate limit: the hammering key sent $sent requests in ${seconds} s (${per_second}/s): $ok answered 200 (${ok_rate}/s), $limited answered 429 ($well_formed with Retry-After ${retry_after} and rate_limited), other $other (goal: at most $allowed 200s = burst $BURST + $RATE/s, the rest 429)"

alone_p50=$(field "$result" quiet_alone.latency.p50_ms)
alone_p99=$(field "$result" quiet_alone.latency.p99_ms)
beside_count=$(field "$result" quiet_beside_hammer.latency.count)
beside_p50=$(field "$result" quiet_beside_hammer.latency.p50_ms)
beside_p99=$(field "$result" quiet_beside_hammer.latency.p99_ms)
beside_max=$(field "$result" quiet_beside_hammer.latency.max_ms)
statuses=$(field "$result" quiet_beside_hammer.statuses)
verdict "$(awk -v p="$beside_p99" -v t=$TARGET_P99_MS -v s="$statuses" -v n="$beside_count" 'BEGIN { print (p < t && n >= 50 && s ~ /^\{"200": [0-9]+\}$/) ? 1 : 0 }')" \
  "rate limit: the quiet key alone: p50 ${alone_p50} ms, p99 ${alone_p99} ms; beside the hammer: $beside_count requests, p50 ${beside_p50} ms, p99 ${beside_p99} ms, max ${beside_max} ms, answers $statuses (goal: all 200, p99 < ${TARGET_P99_MS} ms)"
finish

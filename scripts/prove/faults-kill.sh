#!/usr/bin/env bash
# make prove, "Faults" (SIGKILL): a process killed at the worst moment loses nothing.
#
#   STUDIO=.build/release/studio scripts/prove/faults-kill.sh
#
# 1. `studio build` killed while it renders a new shared track: public/ is byte for byte what it
#    was, the database is intact, and the next build finishes the job.
# 2. `studio publish` (every page changes: a new --base-url) killed PROVE_PUBLISH_KILLS (8) times
#    at moments spread over a publish's duration: every file of public/ is at any time either its
#    previous or its new version, whole (never torn, never missing), and the next publish
#    completes the site.
# 3. `studio serve` killed while four clients write through the API (collections and their
#    tracks) and a share link is being created: after a restart every write the server had
#    acknowledged is there, and the published site agrees with the state.
# 4. `studio serve` killed while a generation job renders: after a restart the job runs again and
#    succeeds once, with one track whose audio is served whole.
# After each, `PRAGMA integrity_check` must say ok.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KILLS=${PROVE_PUBLISH_KILLS:-8}

# --- 1. a build killed while rendering -------------------------------------------------------

log "faults: studio build killed while rendering"
make_project "$PROVE_WORK/kill-build"
before=$(tree_hash "$P_PUBLIC")
cat >"$P_DIR/recipes/prove.json5" <<'JSON5'
{
  organization: "prove",
  tracks: {
    beat: { engine: "pulse-1", prompt: "steady four on the floor", duration: 2, seed: 1, formats: ["mp3"], title: "Beat", save: true },
    long: { engine: "lofi-1", prompt: "late night lofi", duration: 120, seed: 4, formats: ["mp3", "flac"], title: "Long" },
  },
  shares: [{ track: "beat" }, { track: "long" }],
}
JSON5
build_args "$P_DIR"
"$STUDIO" "${BUILD_ARGS[@]}" >"$P_DIR/killed-build.log" 2>&1 &
build_pid=$!
for (( i = 0; i < 300; i++ )); do
  grep -q '^render: ' "$P_DIR/killed-build.log" && break
  sleep 0.05
done
sleep 0.3
kill -KILL "$build_pid"
build_rc=0; wait "$build_pid" 2>/dev/null || build_rc=$?
after=$(tree_hash "$P_PUBLIC")
check=$(integrity "$P_STATE")
partials=$(stray_files "$P_STATE")
build_in "$P_DIR" >"$P_DIR/rebuild.log" 2>&1 && rebuild_rc=0 || rebuild_rc=$?
pages=$(ls "$P_PUBLIC/s" | wc -l)
renders=$(sed -n 's/^plan: \([0-9]*\) render.*/\1/p' "$P_DIR/rebuild.log")
verdict $(( build_rc == 137 )) "faults: studio build SIGKILLed while rendering ($(grep -c '^render: ' "$P_DIR/killed-build.log") render started): exit status $build_rc"
verdict "$([[ "$before" == "$after" && "$check" == ok ]] && echo 1 || echo 0)" \
  "faults: after the killed build public/ is unchanged (tree hash $before before, $after after), integrity_check: $check, $partials temporary render folder(s) left (ignored)"
verdict "$([[ $rebuild_rc == 0 && $pages == 2 && "$renders" == 1 && "$(integrity "$P_STATE")" == ok ]] && echo 1 || echo 0)" \
  "faults: the next build rendered $renders track and finished (exit $rebuild_rc), $pages share pages, integrity_check: $(integrity "$P_STATE")"

# --- 2. a publish killed part-way ------------------------------------------------------------

log "faults: studio publish killed part-way, $KILLS times"
recipe='{ organization: "prove",
  tracks: { beat: { engine: "pulse-1", prompt: "steady four on the floor", duration: 2, seed: 1, formats: ["mp3"], title: "Beat" } },
  collections: {'
shares=''
for (( i = 1; i <= 80; i++ )); do
  recipe+=" c$i: { name: \"Collection $i\", tracks: [\"beat\"] },"
  shares+=" { collection: \"c$i\" },"
done
recipe+=" }, shares: [ $shares ] }"
make_project "$PROVE_WORK/kill-publish" "$recipe"
cp -a "$P_PUBLIC" "$P_DIR/old"
publish_args=(publish -q --state "$P_STATE" --templates "$TEMPLATES" --base-url https://moved.example --out)
publish_to() { "$STUDIO" "${publish_args[@]}" "$1"; }
start_ns=$(date +%s%N)
publish_to "$P_DIR/new"
publish_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
files=$(find "$P_DIR/new" -type f | wc -l)
# compare: counts public/'s files that are the old version, the new one, neither (torn), and
# the old or new files missing from it.
compare() {
  "$PYTHON" - "$P_DIR/old" "$P_DIR/new" "$P_PUBLIC" <<'PY'
import os, sys
old, new, cur = sys.argv[1:]
def files(root):
    found = {}
    for base, _, names in os.walk(root):
        for name in names:
            if not name.startswith("."):
                path = os.path.join(base, name)
                found[os.path.relpath(path, root)] = open(path, "rb").read()
    return found
o, n, c = files(old), files(new), files(cur)
same_old = sum(1 for p, b in c.items() if o.get(p) == b)
same_new = sum(1 for p, b in c.items() if n.get(p) == b and o.get(p) != b)
torn = sum(1 for p, b in c.items() if o.get(p) != b and n.get(p) != b)
missing = sum(1 for p in set(o) & set(n) if p not in c)
print(same_old, same_new, torn, missing)
PY
}
midway=0; torn_total=0; missing_total=0
for (( k = 1; k <= KILLS; k++ )); do
  delay=$(awk -v t="$publish_ms" -v k="$k" -v n="$KILLS" 'BEGIN { printf "%.3f", t * k / (n + 1) / 1000 }')
  "$STUDIO" "${publish_args[@]}" "$P_PUBLIC" &   # not through the function: $! must be studio itself
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  read -r as_old as_new torn missing < <(compare)
  log "  kill $k after ${delay} s: $as_old files old, $as_new new, $torn torn, $missing missing"
  (( as_old > 0 && as_new > 0 )) && midway=$((midway + 1))
  torn_total=$((torn_total + torn)); missing_total=$((missing_total + missing))
  # Back to the previous site for the next kill, so that each starts from the same place.
  rm -rf "$P_PUBLIC"; cp -a "$P_DIR/old" "$P_PUBLIC"
done
publish_to "$P_PUBLIC"
final_same=$([[ "$(tree_hash "$P_PUBLIC")" == "$(tree_hash "$P_DIR/new")" && $(stray_files "$P_PUBLIC") == 0 ]] && echo 1 || echo 0)
verdict $(( torn_total == 0 && missing_total == 0 && midway > 0 )) \
  "faults: studio publish ($files files, ${publish_ms} ms) SIGKILLed $KILLS times, $midway of them part-way: $torn_total torn files, $missing_total missing — every file was its previous or its new version"
verdict "$([[ $final_same == 1 && "$(integrity "$P_STATE")" == ok ]] && echo 1 || echo 0)" \
  "faults: the next publish completed the site (identical to an uninterrupted one, no temporary file left), integrity_check: $(integrity "$P_STATE")"

# --- 3. the server killed during API writes ----------------------------------------------------

log "faults: studio serve killed during API writes"
make_project "$PROVE_WORK/kill-writes"
start_server "$P_DIR"
writes_log="$P_DIR/acknowledged.log"
client writes --port "$SERVE_PORT" --org "$P_ORG" --key "$P_KEY" --track "$P_TRACK" --log "$writes_log" \
  --concurrency 4 --duration 4 >"$P_DIR/writes.json" &
writer_pid=$!
sleep 1.5
# A share link being created at the moment of the kill (its page is published before the answer).
curl -sS -o /dev/null --max-time 5 -X POST -H "X-API-Key: $P_KEY" -H 'Content-Type: application/json' -d '{}' \
  "http://127.0.0.1:$SERVE_PORT/v1/organizations/$P_ORG/music/tracks/$P_TRACK/share" 2>/dev/null &
curl_pid=$!
sleep 0.02
kill_server
wait "$writer_pid" || true
wait "$curl_pid" 2>/dev/null || true
acknowledged=$(wc -l <"$writes_log")
other_answers=$(field "$(cat "$P_DIR/writes.json")" failed_status)
check_killed=$(integrity "$P_STATE")
start_server "$P_DIR"
verified=$(client verify --port "$SERVE_PORT" --org "$P_ORG" --key "$P_KEY" --log "$writes_log")
missing=$(field "$verified" missing)
live_shares=$(sql "$P_STATE" "select count(*) from share_links where revoked_at is null")
pages=$(ls "$P_PUBLIC/s" | wc -l)
stop_server
verdict "$([[ $acknowledged -gt 0 && $missing == 0 && "$other_answers" == "{}" ]] && echo 1 || echo 0)" \
  "faults: studio serve SIGKILLed during API writes: $acknowledged acknowledged writes (collections and their tracks), $missing lost after the restart, answers other than 2xx before the kill: $other_answers; integrity_check after the kill: $check_killed"
verdict "$([[ $live_shares == "$pages" && "$check_killed" == ok ]] && echo 1 || echo 0)" \
  "faults: after the restart the site matches the state: $live_shares live share links, $pages pages"

# --- 4. the server killed during a render ------------------------------------------------------

log "faults: studio serve killed while a generation job renders"
make_project "$PROVE_WORK/kill-render"
start_server "$P_DIR" --workers 1
api /generations -X POST -H 'Content-Type: application/json' \
  -d '{"engine_key": "pulse-1", "prompt": "long driving techno", "duration_seconds": 300}' >/dev/null
job=$(json id)
job_status=""
for (( i = 0; i < 200; i++ )); do
  api "/generations/$job" >/dev/null
  job_status=$(json status)
  [[ "$job_status" != running ]] || break
  sleep 0.05
done
sleep 0.5
api "/generations/$job" >/dev/null
progress=$(json progress)
kill_server
check_killed=$(integrity "$P_STATE")
start_server "$P_DIR" --workers 1
for (( i = 0; i < 600; i++ )); do
  api "/generations/$job" >/dev/null
  job_status=$(json status)
  [[ "$job_status" == queued || "$job_status" == running ]] || break
  sleep 0.1
done
track=$(json track_id)
tracks=$(sql "$P_STATE" "select count(*) from tracks where source_kind = 'generation' and source_ref = '$job'")
api "/tracks/$track" >/dev/null
size=$(json size_bytes)
media=$(json playback.url)
media_status=$(status "http://127.0.0.1:$SERVE_PORT${media#https://prove.example}")
served=$(stat -c %s "$PROVE_WORK/body")
stop_server
verdict "$([[ "$job_status" == succeeded && $tracks == 1 && $media_status == 200 && "$served" == "$size" && "$check_killed" == ok ]] && echo 1 || echo 0)" \
  "faults: studio serve SIGKILLed while rendering a job (at ${progress} progress): after the restart it $job_status once ($tracks track), its audio served whole ($media_status, $served of $size bytes); integrity_check after the kill: $check_killed"
finish

#!/usr/bin/env bash
# The figures of docs/SCALING.md: render throughput through `studio build --shard`, and the cost of
# the final build (apply to SQLite + publish) once the shards have filled the cache.
#
#   STUDIO=.build/release/studio scripts/bench/scale.sh [TRACKS_180S] [CATALOGUE]
#
# 1. TRACKS_180S (default 16) three-minute FLAC tracks, a quarter per engine, rendered by one
#    shard process (--shard 0/1 --jobs 1): wall and CPU seconds → renders per hour per core.
# 2. The same set as two shards at once (0/2 and 1/2) into a fresh cache: wall seconds.
# 3. CATALOGUE (default 1000) two-second tracks, each with a share link, rendered by two shards;
#    then the plain build (rendered 0: only apply and publish) and a no-change rebuild, timed.
set -euo pipefail
studio=$(realpath "${STUDIO:-.build/release/studio}")
templates=$(realpath "${TEMPLATES:-templates}")
tracks=${1:-16}
catalogue=${2:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/studio-scale.XXXXXX")
[[ -n "${KEEP:-}" ]] && echo "# keeping $work" || trap 'rm -rf "$work"' EXIT
engines=(ambient-1 lofi-1 pulse-1 keys-1)
prompts=("calm pads at dawn" "late night lofi, rain" "energetic techno" "wistful piano")

recipes() {  # recipes DIR COUNT SECONDS SHARE
    mkdir -p "$1"
    {
        echo '{ organization: "bench", tracks: {'
        for ((i = 0; i < $2; i++)); do
            e=$((i % 4))
            echo "  t$i: { engine: \"${engines[$e]}\", prompt: \"${prompts[$e]}\", duration: $3, seed: $((i + 1)) },"
        done
        echo '}, shares: ['
        if [[ $4 == yes ]]; then for ((i = 0; i < $2; i++)); do echo "  { track: \"t$i\" },"; done; fi
        echo '] }'
    } > "$1/bench.json5"
}
timed() {  # timed LABEL COMMAND… → "LABEL wall user sys"; stdout kept in $work/out.json
    local label=$1; shift
    /usr/bin/time -f "$label %e %U %S" -o "$work/time" "$@" > "$work/out.json"
    cat "$work/time"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU(s), load $(cut -d' ' -f1-3 /proc/loadavg), git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
recipes "$work/r180" "$tracks" 180 no
echo "# label wall_s user_s sys_s"
timed "one-shard-${tracks}x180s" "$studio" build --shard 0/1 --jobs 1 -q --recipes "$work/r180" --cache "$work/c1" --date 2026-11-25
timed "two-shards-at-once-${tracks}x180s" bash -c "
    '$studio' build --shard 0/2 --jobs 1 -q --recipes '$work/r180' --cache '$work/c2' --date 2026-11-25 &
    '$studio' build --shard 1/2 --jobs 1 -q --recipes '$work/r180' --cache '$work/c2' --date 2026-11-25 & wait"

recipes "$work/rcat" "$catalogue" 2 yes
timed "shards-${catalogue}x2s" bash -c "
    '$studio' build --shard 0/2 -q --recipes '$work/rcat' --cache '$work/c3' --date 2026-11-25 &
    '$studio' build --shard 1/2 -q --recipes '$work/rcat' --cache '$work/c3' --date 2026-11-25 & wait"
common=(--recipes "$work/rcat" --cache "$work/c3" --state "$work/state" --out "$work/public" --templates "$templates" --date 2026-11-25)
timed "final-build-${catalogue}-tracks-${catalogue}-shares" "$studio" build "${common[@]}" --json
cut -c1-100 < "$work/out.json"; echo
timed "no-change-rebuild-${catalogue}" "$studio" build "${common[@]}" -q
du -sh "$work/c3" "$work/public" "$work/state" | sed 's/^/# /'

#!/usr/bin/env bash
# Renders four 60 s focus segments (6 s crossfade) of every engine, joins them as a player would
# (ffmpeg acrossfade with quarter-sine curves on both sides: cos out, sin in, i.e. equal power)
# and measures the joined stream: EBU R128 short-term loudness around each seam (ffmpeg ebur128)
# and the tempo (aubio). The segments come from a test that runs only when FOCUS_DEMO_DIR is set,
# so this needs no CLI command.
#
#   scripts/focus-demo.sh [OUTPUT_DIR]      (default /tmp/focus-demo)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/focus-demo}"
mkdir -p "$out"
segment=60 crossfade=6
hop=$((segment - crossfade))

[ -n "${FOCUS_DEMO_SKIP_RENDER:-}" ] || FOCUS_DEMO_DIR="$out" swift test -c release -Xswiftc -enable-testing --scratch-path .build-test \
    --filter FocusStreamTests/writeDemoSegments 2>&1 | grep -E "focus demo|error|passed|failed" || true

for engine in ambient-1 lofi-1 pulse-1 keys-1; do
    f0="$out/$engine-0.wav" f1="$out/$engine-1.wav" f2="$out/$engine-2.wav" f3="$out/$engine-3.wav"
    [ -f "$f3" ] || { echo "missing $f3" >&2; exit 1; }
    joined="$out/$engine-joined.wav"
    xf="acrossfade=d=$crossfade:c1=qsin:c2=qsin"
    ffmpeg -v error -y -i "$f0" -i "$f1" -i "$f2" -i "$f3" \
        -filter_complex "[0][1]$xf[a];[a][2]$xf[b];[b][3]$xf,aformat=sample_fmts=s32" -c:a pcm_s24le "$joined"
    log="$out/$engine-ebur128.log"
    ffmpeg -v verbose -nostats -hide_banner -i "$joined" -af ebur128=framelog=verbose -f null - 2> "$log" || true
    bpm=$(aubio tempo -i "$joined" 2>/dev/null | tail -1)
    echo "== $engine: $(grep -E '^ +I:' "$log" | tail -1 | xargs), aubio tempo: $bpm"
    python3 - "$log" "$hop" "$crossfade" "$segment" <<'EOF'
import re, statistics, sys
log, hop, cross, seg = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
points = []  # (time, short-term LUFS), one per 100 ms; ebur128's S is the 3 s window ending at t
for line in open(log):
    m = re.search(r"t:\s*([\d.]+)\s+TARGET.*?S:\s*(-?[\d.]+|-inf)", line)
    if m and m.group(2) != "-inf":
        points.append((float(m.group(1)), float(m.group(2))))
def s_between(a, b):
    return [s for t, s in points if a <= t <= b]
# Each segment's median short-term loudness over its own stretch of the stream (3 s windows that
# lie inside the segment, away from the overlaps).
medians = []
for i in range(4):
    start = i * hop + (cross if i else 0) + 3
    end = i * hop + seg - cross
    medians.append(statistics.median(s_between(start, end)))
for i in range(1, 4):
    start = i * hop
    # Windows (ending at t) that overlap the crossfade [start, start + cross].
    around = s_between(start, start + cross + 3)
    low, high = min(medians[i - 1], medians[i]), max(medians[i - 1], medians[i])
    print(f"   seam {i} at {start:.0f}-{start + cross:.0f} s: short-term {min(around):.1f}..{max(around):.1f} LUFS, "
          f"medians {medians[i - 1]:.1f} / {medians[i]:.1f}, dip {low - min(around):+.1f} LU, rise {max(around) - high:+.1f} LU")
EOF
done

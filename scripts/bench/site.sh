#!/usr/bin/env bash
# The site half of `make bench` (issue #4): publishing 10,000 shared tracks and a no-change
# rebuild of 1,000, timed in-process by `studio-bench`. Prints a Markdown section on stdout and
# one "PASS|FAIL  …" line per target on fd 3, for scripts/bench.sh to fold into its report.
#
#   STUDIO_BENCH=.build/release/studio-bench scripts/bench/site.sh 3>&2
#
# Publishing is file-system bound: every page is two directories and three new files. It runs
# twice, on the default temporary directory (this machine's disk) and on /dev/shm (a tmpfs), so
# that our own cost and the disk's can be told apart; the raw cost of the same file operations
# with no rendering at all is measured too, by a few lines of Python, as the floor.
set -euo pipefail
BENCH=${STUDIO_BENCH:-.build/release/studio-bench}
TRACKS=${SITE_TRACKS:-10000}
REBUILD=${SITE_REBUILD_TRACKS:-1000}
TARGET_PAGES=2000
TARGET_REBUILD=1.0
[[ -x "$BENCH" ]] || { echo "site bench: $BENCH not found (run: make build)" >&2; exit 1; }

value() { sed -n "s/^$1=//p" <<<"$2" | head -n 1; }

# The floor: the same mkdir/create/rename pattern per page, nothing else.
raw_floor() {
  python3 - "$1" <<'PY'
import os, shutil, sys, tempfile, time
root = tempfile.mkdtemp(dir=sys.argv[1])
count = 3000
start = time.time()
for i in range(count):
    for folder, names in ((f"{root}/s/t{i}", ("index.html", "a.mp3")), (f"{root}/v/t{i}", ("index.json",))):
        os.makedirs(folder)
        for name in names:
            with open(f"{folder}/.{name}.tmp", "wb") as f:
                f.write(b"x" * 3000)
            os.rename(f"{folder}/.{name}.tmp", f"{folder}/{name}")
print(int(count / (time.time() - start)))
shutil.rmtree(root)
PY
}

echo "site bench: publishing $TRACKS shared tracks on disk" >&2
disk=$("$BENCH" publish --tracks "$TRACKS")
echo "site bench: publishing $TRACKS shared tracks on /dev/shm" >&2
shm=$("$BENCH" publish --tracks "$TRACKS" --dir /dev/shm)
echo "site bench: no-change rebuild of $REBUILD tracks" >&2
rebuild=$("$BENCH" rebuild --tracks "$REBUILD")
echo "site bench: share create with 20 and 10000 live links" >&2
shares=$("$BENCH" share-create --shares 20,10000)
floor_disk=$(raw_floor "${TMPDIR:-/tmp}")
floor_shm=$(raw_floor /dev/shm)

verdict() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { ok = op == ">=" ? a >= b : a < b; print ok ? "PASS" : "FAIL" }'; }
cold_shm=$(value publish_cold_pages_per_second "$shm")
cold_disk=$(value publish_cold_pages_per_second "$disk")
nochange=$(value rebuild_nochange_seconds_median "$rebuild")
echo "$(verdict "$cold_shm" $TARGET_PAGES ">=")  publish $TRACKS shared tracks (tmpfs): $cold_shm pages/s (target >= $TARGET_PAGES)" >&3
echo "$(verdict "$cold_disk" $TARGET_PAGES ">=")  publish $TRACKS shared tracks (disk): $cold_disk pages/s (target >= $TARGET_PAGES; raw file operations alone: $floor_disk pages/s)" >&3
echo "$(verdict "$nochange" $TARGET_REBUILD "<")  no-change rebuild of $REBUILD tracks: ${nochange} s (target < ${TARGET_REBUILD} s)" >&3
for n in 20 10000; do
  echo "$(verdict "$(value share_create_${n}_median_ms "$shares")" 10 "<")  share create with $n live links: $(value share_create_${n}_median_ms "$shares") ms median (target < 10 ms)" >&3
done

cat <<MD
## The site: publishing and the no-change rebuild

\`studio-bench publish --tracks $TRACKS [--dir /dev/shm]\`: $TRACKS tracks (200 waveform peaks each, one
300 kB fixture audio file hard-linked beside every page), each with a share link, published from the
state into an empty \`public/\` (cold) and again with nothing changed. \`studio-bench rebuild --tracks
$REBUILD\`: a recipe file of $REBUILD one-second pulse-1 tracks, each shared, built once, then \`studio build\`
timed three times with nothing changed (median; range beside it). Both run in-process on all cores.

| Case | Disk (${TMPDIR:-/tmp}) | tmpfs (/dev/shm) |
|---|--:|--:|
| publish, cold: pages/s | $cold_disk | $cold_shm |
| publish, cold: seconds ($(value publish_cold_files_written "$disk") files) | $(value publish_cold_seconds "$disk") | $(value publish_cold_seconds "$shm") |
| publish, nothing changed: pages/s | $(value publish_nochange_pages_per_second "$disk") | $(value publish_nochange_pages_per_second "$shm") |
| publish, nothing changed: files written | $(value publish_nochange_files_written "$disk") | $(value publish_nochange_files_written "$shm") |
| the same file operations alone (Python, one thread): pages/s | $floor_disk | $floor_shm |

No-change rebuild of $REBUILD tracks: **${nochange} s** median ($(value rebuild_nochange_seconds_range "$rebuild") s), rendering
$(value rebuild_nochange_renders "$rebuild") tracks and writing $(value rebuild_nochange_files_written "$rebuild") files; the first build took $(value rebuild_initial_seconds "$rebuild") s.

Goals: at least $TARGET_PAGES pages/s publishing, and a no-change rebuild under ${TARGET_REBUILD} s.
MD

cat <<MD

## Share changes

\`studio-bench share-create --shares 20,10000\`: one track with 20, then 10000 live links, published in
full by the server's start; then \`POST …/tracks/{id}/share\` 41 times through \`studio serve\`'s own
responder (authentication, the state, publishing the new link's page, mirror and audio; no socket),
each followed by an untimed revoke so that every create sees the same number of live links. A share
change publishes only what it touches (docs/API.md), so its time does not depend on how many links
are live.

| Live links | full publish at start, s | share create, median ms | p10–p90 ms |
|--:|--:|--:|--:|
| 20 | $(value share_create_20_full_publish_seconds "$shares") | $(value share_create_20_median_ms "$shares") | $(value share_create_20_range_ms "$shares") |
| 10000 | $(value share_create_10000_full_publish_seconds "$shares") | $(value share_create_10000_median_ms "$shares") | $(value share_create_10000_range_ms "$shares") |

Goal: under 10 ms at both, and no growth between them.
MD

#!/usr/bin/env bash
# make prove, "Faults" (full disk): the state and the site on a small tmpfs that fills up.
#
#   STUDIO=.build/release/studio scripts/prove/faults-disk.sh      (as root; CI runs as root)
#
# A project whose state/ and public/ live on an 8 MB tmpfs mounted by this script (as root, or
# in a user and mount namespace of its own through `unshare` when that is allowed), filled to the
# last block while `studio serve` runs on it:
#   - `studio build` with a new track fails with an error that says the disk is full, and
#     leaves public/ and the database as they were;
#   - the server keeps answering reads (share page, API); writes get a 5xx JSON error (a server
#     fault, not the client's) with a log line, and the server stays up;
#   - with a little room (300 KB), a generation too big for it fails its job with a message
#     saying so, without the server's paths, and the job does not stay "running";
#   - once space is freed, writes, the build and renders work again; integrity_check ok.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Without root, run again inside namespaces of our own, where we may mount a tmpfs.
if [[ $(id -u) -ne 0 ]]; then
  if [[ -z "${PROVE_IN_NAMESPACE:-}" ]] && unshare --user --map-root-user --mount true 2>/dev/null; then
    [[ $own_work -eq 0 ]] || rm -rf "$PROVE_WORK"   # exec skips the EXIT trap; the run inside makes its own
    PROVE_IN_NAMESPACE=1 exec unshare --user --map-root-user --mount bash "${BASH_SOURCE[0]}"
  fi
  verdict 0 "faults: full disk: needs root (or unprivileged user namespaces) to mount a tmpfs; not run"
  finish
  exit $?
fi

mnt="$PROVE_WORK/disk"
mkdir -p "$mnt"
mount -t tmpfs -o size=8m,mode=0755 tmpfs "$mnt" || {
  verdict 0 "faults: full disk: cannot mount a tmpfs here; not run"
  finish
  exit $?
}
cleanup_hooks+=("umount '$mnt'")

log "faults: a project on an 8 MB tmpfs"
make_project "$mnt"
# The recipes move off the small disk: they are the operator's, and must stay editable.
mv "$mnt/recipes" "$PROVE_WORK/disk-recipes"
ln -s "$PROVE_WORK/disk-recipes" "$mnt/recipes"
start_server "$P_DIR" --workers 1
page="http://127.0.0.1:$SERVE_PORT/s/$P_TOKEN/"
before=$(tree_hash "$P_PUBLIC")

# fill FREE_KB: leaves about that much room on the tmpfs.
fill() {
  rm -f "$mnt/filler"
  local avail
  avail=$(df -k --output=avail "$mnt" | tail -n 1 | tr -d ' ')
  if (( avail > $1 )); then fallocate -l $(( (avail - $1) * 1024 )) "$mnt/filler"; fi
  # Whatever fallocate could not take, block by block.
  (( $1 > 0 )) || dd if=/dev/zero of="$mnt/filler-tail" bs=4k 2>/dev/null || true
}
fill 0
full=$(df -k --output=avail "$mnt" | tail -n 1 | tr -d ' ')

# The build: a new track and its share.
sed -i 's/^  tracks: {/  tracks: {\n    more: { engine: "pulse-1", prompt: "more", duration: 30, seed: 2, formats: ["flac"] },/' \
  "$PROVE_WORK/disk-recipes/prove.json5"
sed -i 's/shares: \[{ track: "beat" }\]/shares: [{ track: "beat" }, { track: "more" }]/' "$PROVE_WORK/disk-recipes/prove.json5"
build_in "$P_DIR" >"$P_DIR/../disk-build.log" 2>&1 && build_rc=0 || build_rc=$?
build_error=$(grep -m1 -E 'failed|error' "$P_DIR/../disk-build.log" | sed "s|$PROVE_WORK|…|g" || true)
after=$(tree_hash "$P_PUBLIC")
says_full=$(grep -qiE 'no space left on device|disk is full' "$P_DIR/../disk-build.log" && echo 1 || echo 0)
verdict "$([[ $build_rc != 0 && $says_full == 1 && "$before" == "$after" && "$(integrity "$P_STATE")" == ok ]] && echo 1 || echo 0)" \
  "faults: full disk ($full KB free): studio build exits $build_rc with \"$build_error\"; public/ unchanged ($after), integrity_check: $(integrity "$P_STATE")"

# The server on the full disk: reads answer, writes fail as the server's fault, and it stays up.
read_page=$(status "$page")
read_api=$(api "/tracks/$P_TRACK")
write_status=$(api /collections -X POST -H 'Content-Type: application/json' -d '{"name": "on a full disk"}')
write_code=$(json error.code)
share_status=$(api "/tracks/$P_TRACK/share" -X POST -H 'Content-Type: application/json' -d '{}')
healthy=$(status "http://127.0.0.1:$SERVE_PORT/healthz")
logged=$(grep -c 'disk is full' "$SERVE_LOG" || true)
verdict "$([[ $read_page == 200 && $read_api == 200 && $write_status == 5* && $share_status == 5* && $healthy == 200 && $logged -ge 1 ]] && echo 1 || echo 0)" \
  "faults: full disk, studio serve: share page $read_page, GET track $read_api; POST collection $write_status ($write_code), POST share $share_status (server faults, logged $logged times); still healthy ($healthy)"

# A little room: a generation whose audio cannot fit fails its job, and says why.
fill 300
api /generations -X POST -H 'Content-Type: application/json' \
  -d '{"engine_key": "pulse-1", "prompt": "too long for the disk", "duration_seconds": 60, "params": {"format": "flac"}}' >/dev/null
job=$(json id)
for (( i = 0; i < 600; i++ )); do
  api "/generations/$job" >/dev/null
  job_status=$(json status)
  [[ "$job_status" == queued || "$job_status" == running ]] || break
  sleep 0.1
done
job_error=$(json error)
verdict "$([[ "$job_status" == failed && "$job_error" == *"disk space"* && "$job_error" != */* ]] && echo 1 || echo 0)" \
  "faults: nearly full disk (300 KB free): a 60 s FLAC generation (about 7 MB) ends $job_status: \"$job_error\""

# Room again: everything works, nothing was lost.
rm -f "$mnt/filler" "$mnt/filler-tail"
write_status=$(api /collections -X POST -H 'Content-Type: application/json' -d '{"name": "after the disk was freed"}')
build_in "$P_DIR" >"$P_DIR/../disk-rebuild.log" 2>&1 && rebuild_rc=0 || rebuild_rc=$?
api /generations -X POST -H 'Content-Type: application/json' \
  -d '{"engine_key": "pulse-1", "prompt": "after the disk was freed", "duration_seconds": 5}' >/dev/null
job=$(json id)
for (( i = 0; i < 300; i++ )); do
  api "/generations/$job" >/dev/null
  job_status=$(json status)
  [[ "$job_status" == queued || "$job_status" == running ]] || break
  sleep 0.1
done
pages=$(ls "$P_PUBLIC/s" | wc -l)
stop_server
verdict "$([[ $write_status == 201 && $rebuild_rc == 0 && $pages == 2 && "$job_status" == succeeded && "$(integrity "$P_STATE")" == ok ]] && echo 1 || echo 0)" \
  "faults: disk freed: POST collection $write_status, studio build exit $rebuild_rc ($pages share pages), a new generation $job_status; integrity_check: $(integrity "$P_STATE"); server stopped with exit status $STOPPED_RC"
finish

#!/usr/bin/env bash
# make prove, "Faults" (audio files): audio missing or truncated on disk under a running server.
#
#   STUDIO=.build/release/studio scripts/prove/faults-audio.sh
#
# Two shared tracks, A and B, served by `studio serve`:
#   - A's published copy deleted from public/: its page still answers 200, the file 404 (public/
#     is a static site: what is not there is not found); the next `studio publish` puts it back.
#   - A's file in the render cache truncated, then deleted: its signed /media URL answers 500
#     `media_unavailable` (the server's fault: it minted the URL for a file it should hold), with
#     a log line naming the file — never the short bytes as a 200.
#   - B's link revoked while A's audio is missing: B's page and audio leave public/ at once (a
#     publish no longer stops at A), and A keeps its previous page.
#   - A deleted through the API: a URL minted before answers 404 (the client's doing: a 4xx).
# integrity_check ok at the end, and the server never stopped answering.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log "faults: two shared tracks under studio serve"
make_project "$PROVE_WORK/audio" '{
  organization: "prove",
  tracks: {
    a: { engine: "pulse-1", prompt: "first", duration: 2, seed: 1, formats: ["mp3"], title: "A" },
    b: { engine: "pulse-1", prompt: "second", duration: 2, seed: 2, formats: ["mp3"], title: "B" },
  },
  shares: [{ track: "a" }, { track: "b" }],
}'
start_server "$P_DIR"
base="http://127.0.0.1:$SERVE_PORT"
track_a=$(sql "$P_STATE" "select id from tracks where title = 'A'")
track_b=$(sql "$P_STATE" "select id from tracks where title = 'B'")
file_a=$(sql "$P_STATE" "select path from track_files where track_id = '$track_a'")
share_b=$(sql "$P_STATE" "select id from share_links where target_id = '$track_b'")
page_a=$(grep -l '"title": "A"' "$P_PUBLIC"/v1/music/shares/*/index.json | xargs dirname | xargs basename)
page_b=$(grep -l '"title": "B"' "$P_PUBLIC"/v1/music/shares/*/index.json | xargs dirname | xargs basename)

# The published copy of A's audio, deleted.
rm "$P_PUBLIC/s/$page_a/a.mp3"
deleted_page=$(status "$base/s/$page_a/")
deleted_file=$(status "$base/s/$page_a/a.mp3")
"$STUDIO" publish -q --state "$P_STATE" --out "$P_PUBLIC" --templates "$TEMPLATES" --base-url https://prove.example
restored=$(status "$base/s/$page_a/a.mp3")
verdict "$([[ $deleted_page == 200 && $deleted_file == 404 && $restored == 200 ]] && echo 1 || echo 0)" \
  "faults: a published audio file deleted from public/: its page $deleted_page, the file $deleted_file; after studio publish $restored"

# A's file in the render cache: truncated, then deleted, behind a signed URL.
api "/tracks/$track_a" >/dev/null
media=$(json playback.url); media=${media#https://prove.example}
size=$(json size_bytes)
whole=$(status "$base$media")
truncate -s $(( size / 2 )) "$P_STATE/renders/$file_a"
truncated=$(status "$base$media"); truncated_code=$(json error.code)
rm "$P_STATE/renders/$file_a"
missing=$(status "$base$media"); missing_code=$(json error.code); missing_message=$(json error.message)
logged=$(grep -c "studio serve: media file $file_a" "$SERVE_LOG" || true)
verdict "$([[ $whole == 200 && $truncated == 500 && $truncated_code == media_unavailable && $missing == 500 && $missing_code == media_unavailable && $logged -ge 2 ]] && echo 1 || echo 0)" \
  "faults: a track's audio in the render cache: whole $whole; truncated to half $truncated ($truncated_code); deleted $missing (\"$missing_message\"); $logged log lines name the file"

# B revoked while A's audio is missing: the publish that follows still removes B's page.
revoke=$(api "/shares/$share_b" -X DELETE)
b_page=$(status "$base/s/$page_b/")
b_audio=$(status "$base/s/$page_b/b.mp3")
b_api=$(status "$base/v1/music/shares/$page_b")
a_page=$(status "$base/s/$page_a/")
verdict "$([[ $revoke == 204 && $b_page == 404 && $b_audio == 404 && $b_api == 410 && $a_page == 200 ]] && echo 1 || echo 0)" \
  "faults: B's link revoked while A's audio is missing: revoke $revoke; B's page $b_page, its audio $b_audio, its API $b_api; A keeps its page ($a_page)"

# A deleted through the API: a signed URL from before is the client's doing.
deleted=$(api "/tracks/$track_a" -X DELETE)
gone=$(status "$base$media")
healthy=$(status "$base/healthz")
stop_server
verdict "$([[ $deleted == 204 && $gone == 404 && $healthy == 200 && "$(integrity "$P_STATE")" == ok ]] && echo 1 || echo 0)" \
  "faults: track A deleted through the API ($deleted): its old signed URL answers $gone (a 4xx: the client's doing); server healthy ($healthy), integrity_check: $(integrity "$P_STATE")"
finish

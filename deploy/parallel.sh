#!/usr/bin/env bash
# Sharded renders with GNU parallel: on this machine's cores, or over ssh on several hosts that
# mount the same cache directory (docs/SCALING.md), then the ordinary build that publishes.
#
#   deploy/parallel.sh 8                                  # 8 shards here, one per core
#   SSH_LOGINS=nodes.txt deploy/parallel.sh 32            # 32 shards over the hosts in nodes.txt
#
# STUDIO (the binary), STUDIO_RECIPES and STUDIO_CACHE must name the same paths on every host.
set -euo pipefail
shards=${1:-$(nproc)}
: "${STUDIO:=studio}" "${STUDIO_RECIPES:=recipes}" "${STUDIO_CACHE:=.studio/renders}"
date=${STUDIO_DATE:-$(date -u +%F)}
hosts=()
[[ -n "${SSH_LOGINS:-}" ]] && hosts=(--sshloginfile "$SSH_LOGINS" --workdir "$PWD")
# --retries: a shard that dies (a host lost) is run again, elsewhere if need be.
seq 0 $((shards - 1)) | parallel --will-cite "${hosts[@]}" --jobs "${PER_HOST:-100%}" --retries 3 --line-buffer --halt now,fail=1 \
    "$STUDIO" build --shard "{}/$shards" --recipes "$STUDIO_RECIPES" --cache "$STUDIO_CACHE" --date "$date"
"$STUDIO" build --recipes "$STUDIO_RECIPES" --cache "$STUDIO_CACHE" --date "$date" --json

#!/usr/bin/env bash
# Queue N render shards as a Slurm array, then the publishing build once all of them succeeded.
#
#   STUDIO=/opt/studio/bin/studio STUDIO_RECIPES=/shared/music/recipes STUDIO_CACHE=/shared/music/cache \
#   STUDIO_STATE=/local/music/state STUDIO_OUT=/local/music/public deploy/slurm/submit.sh 32
#
# The date tag of new renders is fixed once here, so that every shard writes the same one. `studio`
# needs nothing beside it (its templates are built in). A shard task that was cancelled or failed:
# deploy/slurm/requeue.sh ARRAY_JOB PUBLISH_JOB (the ids printed below) runs it again and lets the
# publishing job wait for it. `make slurm` runs this script on a real one-node cluster.
set -euo pipefail
shards=${1:-16}
if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [NUMBER_OF_SHARDS]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
export STUDIO_DATE=${STUDIO_DATE:-$(date -u +%F)}
array=$(sbatch --parsable --export=ALL --array="0-$((shards - 1))" "$here/studio-shards.sbatch")
array=${array%%;*}
final=$(sbatch --parsable --export=ALL --dependency="afterok:${array}" "$here/studio-publish.sbatch")
echo "shards: job ${array} (array 0-$((shards - 1))); publish: job ${final%%;*} after all of them"

#!/usr/bin/env bash
# `make slurm` (part of `make test`): deploy/slurm/ on a real one-node Slurm cluster (issue #16).
#
# Starts munged, slurmctld and slurmd in a scratch directory (scripts/slurm/cluster.sh), copies
# the release `studio` to a directory outside the repository, and runs deploy/slurm/submit.sh 4
# exactly as its header documents (STUDIO, STUDIO_RECIPES, STUDIO_CACHE, STUDIO_STATE, STUDIO_OUT)
# on 14 tracks of mixed lengths. It waits for the array and the publishing job, checks every
# task's exit state, checks that the largest shard's planned seconds are within 1.5× of the mean,
# and compares the result with a one-machine `studio build`: the same render cache and audio
# bytes, the same pages and JSON with ids, tokens and times aside (scripts/slurm/compare.py).
# Then a second run in which one shard task is cancelled (scancel) while it renders and requeued
# with deploy/slurm/requeue.sh must finish the same. Every daemon is stopped and the scratch directory
# removed on exit. Without root it is skipped, saying so. About a minute.
set -euo pipefail

STUDIO=${STUDIO:-.build/release/studio}
SHARDS=4
here=$(cd "$(dirname "$0")" && pwd)
repository=$(cd "$here/../.." && pwd)

if [[ $(id -u) -ne 0 ]]; then
    echo "slurm: SKIPPED: the one-node Slurm cluster runs munged, slurmctld and slurmd as root; run make test as root to include it" >&2
    exit 0
fi
for tool in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo python3; do
    command -v "$tool" >/dev/null || { echo "slurm: $tool is missing (make deps-test installs slurm-wlm and munge)" >&2; exit 1; }
done
[[ -x $STUDIO ]] || { echo "slurm: $STUDIO is not built (make build)" >&2; exit 1; }

source "$here/cluster.sh"
work=$(mktemp -d /tmp/studio-slurm.XXXXXX)
cleanup() { cluster_stop; rm -rf "$work"; }
trap cleanup EXIT
cluster_start "$work/cluster"

# The binary alone, outside the repository: no templates/ beside it or in any working directory.
mkdir -p "$work/opt/bin" "$work/shared/recipes"
cp "$STUDIO" "$work/opt/bin/studio"
durations=(2 2 3 3 4 4 5 6 7 8 10 12 14 16)
engines=(pulse-1 keys-1 lofi-1 ambient-1)
{
    echo '{ organization: "cluster", tracks: {'
    for i in "${!durations[@]}"; do
        extra=""; [[ $i == 3 ]] && extra=', formats: ["flac", "mp3"]'; [[ $i == 8 ]] && extra=', stems: true'
        echo "  t$i: { engine: \"${engines[i % 4]}\", prompt: \"night drive $i\", duration: ${durations[i]}, seed: $((i + 1))$extra },"
    done
    echo '}, collections: { all: { name: "All", tracks: ['
    for i in "${!durations[@]}"; do echo "\"t$i\","; done
    echo '] } }, shares: [ { collection: "all" }, { track: "t0" }, { track: "t13" } ] }'
} > "$work/shared/recipes/demo.json5"

failures=0
fail() { echo "slurm: FAIL: $*" >&2; failures=$((failures + 1)); }

# field JOB NAME: one field of `scontrol show job` for every record of JOB (array tasks included).
field() { scontrol show job "$1" 2>/dev/null | grep -oE "(^| )$2=[^ ]+" | sed -E "s/^ ?$2=//"; }

# Waits until JOB (and, for an array, every task) is in a final state; prints its states.
wait_for() {
    local job=$1 states
    for _ in $(seq 1 1200); do
        states=$(field "$job" JobState | sort | uniq -c | tr -s ' ' | tr '\n' ';')
        if ! grep -qE 'PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|SUSPENDED' <<< "$states"; then echo "$states"; return 0; fi
        sleep 0.5
    done
    echo "timeout: $states"
}

# submit NAME [CANCEL_TASK]: submit.sh in its own directories; with CANCEL_TASK, that shard task is
# cancelled as soon as it runs and then requeued. Leaves the publish job's --json in NAME/build.json.
submit() {
    local name=$1 victim=${2:-} run="$work/$1" output array publish state
    mkdir -p "$run/submit"
    output=$(cd "$run/submit" && env STUDIO="$work/opt/bin/studio" STUDIO_RECIPES="$work/shared/recipes" \
        STUDIO_CACHE="$run/cache" STUDIO_STATE="$run/state" STUDIO_OUT="$run/public" STUDIO_DATE=2026-11-25 \
        "$repository/deploy/slurm/submit.sh" "$SHARDS")
    echo "slurm: $name: $output"
    array=$(sed -E 's/^shards: job ([0-9]+).*/\1/' <<< "$output")
    publish=$(sed -E 's/.*publish: job ([0-9]+).*/\1/' <<< "$output")
    if [[ -n $victim ]]; then
        for _ in $(seq 1 600); do
            state=$(field "${array}_${victim}" JobState | head -n 1)
            [[ $state == RUNNING || $state == COMPLETED ]] && break
            sleep 0.1
        done
        [[ $state == RUNNING ]] || fail "$name: task $victim was $state, not running, when it was to be cancelled"
        scancel "${array}_${victim}"
        for _ in $(seq 1 100); do [[ $(field "${array}_${victim}" JobState | head -n 1) == CANCELLED ]] && break; sleep 0.1; done
        echo "slurm: $name: task ${array}_${victim} $(field "${array}_${victim}" JobState | head -n 1) by scancel; deploy/slurm/requeue.sh:"
        "$repository/deploy/slurm/requeue.sh" "$array" "$publish" | sed "s/^/slurm: $name:   /"
    fi
    echo "slurm: $name: shard tasks: $(wait_for "$array")"
    echo "slurm: $name: publish job: $(wait_for "$publish")"
    local tasks; tasks=$(scontrol show job "$array" | grep -oE 'ArrayTaskId=[0-9]+|JobState=[A-Z]+|ExitCode=[0-9:]+' | paste -d' ' - - -)
    [[ $(grep -c 'JobState=COMPLETED ExitCode=0:0' <<< "$tasks") == "$SHARDS" ]] || fail "$name: not every shard task completed with exit 0: $tasks"
    [[ $(field "$publish" JobState) == COMPLETED && $(field "$publish" ExitCode) == 0:0 ]] \
        || fail "$name: the publish job ended $(field "$publish" JobState) $(field "$publish" ExitCode): $(tail -n 5 "$run/submit/studio-publish-$publish.log")"
    grep -E '^\{' "$run/submit/studio-publish-$publish.log" | tail -n 1 > "$run/build.json" || true
    python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); sys.exit(0 if b["rendered"] == 0 else 1)' "$run/build.json" \
        || fail "$name: the publishing build rendered something the shards should have made: $(cat "$run/build.json")"
    # Every shard prints every shard's planned seconds; they agree, and the largest is within 1.5× of the mean.
    local plans; plans=$(grep -h 'planned seconds of audio per shard' "$run"/submit/studio-shard-*.log | sed -E 's/.*: ([0-9, ]+);.*/\1/' | sort -u)
    echo "slurm: $name: planned seconds per shard: $plans"
    [[ $(wc -l <<< "$plans") == 1 ]] || fail "$name: the shards planned differently: $plans"
    python3 -c 'import sys; s = [float(x) for x in sys.argv[1].split(",")]; m = sum(s) / len(s); print("slurm: largest shard %.2f× the mean" % (max(s) / m)); sys.exit(0 if max(s) <= 1.5 * m else 1)' "$plans" \
        || fail "$name: the largest shard is over 1.5× the mean: $plans"
    [[ -n $victim ]] && { grep -q "Restarts=[1-9]" <<< "$(scontrol show job "${array}_${victim}")" || fail "$name: task $victim was not requeued"; }
    return 0
}

# The reference: one machine, one plain build, in a directory of its own (no templates/ there either).
mkdir -p "$work/single"
(cd "$work/single" && env -u STUDIO_TEMPLATES "$work/opt/bin/studio" build --recipes "$work/shared/recipes" --cache "$work/single/cache" \
    --state "$work/single/state" --out "$work/single/public" --date 2026-11-25 --jobs 2 --json -q > "$work/single/build.json")

submit run1
python3 "$here/compare.py" "$work/single/public" "$work/single/build.json" "$work/single/cache" \
    "$work/run1/public" "$work/run1/build.json" "$work/run1/cache" || fail "run1 differs from the one-machine build"
submit run2 1
python3 "$here/compare.py" "$work/single/public" "$work/single/build.json" "$work/single/cache" \
    "$work/run2/public" "$work/run2/build.json" "$work/run2/cache" || fail "run2 (a shard cancelled and requeued) differs from the one-machine build"

if (( failures > 0 )); then echo "slurm: $failures check(s) failed" >&2; exit 1; fi
echo "slurm: passed: submit.sh $SHARDS twice on a real cluster (once with a shard cancelled and requeued), same as one machine"

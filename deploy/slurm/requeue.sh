#!/usr/bin/env bash
# Run again the shard tasks that were cancelled (scancel), failed or lost, and make the publishing
# job wait for them:
#
#   deploy/slurm/requeue.sh ARRAY_JOB PUBLISH_JOB        # the two job ids submit.sh printed
#
# Each such task is requeued (it renders only what the cache still lacks). Slurm keeps an afterok
# dependency on a whole array failed once any task of it was cancelled or failed, even after the
# task is requeued and succeeds, so the publishing job's dependency is then set again, task by task
# (afterok:ARRAY_0:ARRAY_1:…); it starts when every task has succeeded.
set -euo pipefail
if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ || ! $2 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 ARRAY_JOB_ID PUBLISH_JOB_ID   (as printed by deploy/slurm/submit.sh)" >&2
    exit 2
fi
array=$1 publish=$2
records=$(scontrol --oneliner show job "$array")
tasks=()
while read -r record; do
    ids=$(grep -oE 'ArrayTaskId=[^ ]+' <<< "$record" | cut -d= -f2 | sed 's/%.*//')
    state=$(grep -oE 'JobState=[^ ]+' <<< "$record" | cut -d= -f2)
    code=$(grep -oE ' ExitCode=[^ ]+' <<< "$record" | cut -d= -f2)
    for part in ${ids//,/ }; do
        if [[ $part == *-* ]]; then tasks+=($(seq "${part%-*}" "${part#*-}")); else tasks+=("$part"); fi
        case $state in
            PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED) ;;
            COMPLETED) [[ $code == 0:0 ]] || { scontrol requeue "${array}_${part}"; echo "requeued ${array}_${part} (exit ${code})"; } ;;
            *) scontrol requeue "${array}_${part}"; echo "requeued ${array}_${part} (${state})" ;;
        esac
    done
done <<< "$records"
[[ ${#tasks[@]} -gt 0 ]] || { echo "requeue: job $array has no array tasks" >&2; exit 1; }
dependency="afterok$(printf ":${array}_%s" $(printf '%s\n' "${tasks[@]}" | sort -n | uniq))"
scontrol update JobId="$publish" Dependency="$dependency"
echo "publish: job ${publish} now waits for ${#tasks[@]} tasks (${dependency})"

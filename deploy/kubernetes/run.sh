#!/usr/bin/env bash
# Shards, then the publishing build, on the current kubectl context (docs/SCALING.md).
# The recipes must already be in the studio-cache volume under recipes/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kubectl delete job studio-shards studio-publish --ignore-not-found
kubectl apply -f "$here/studio-shards.yaml"
kubectl wait --for=condition=complete job/studio-shards --timeout="${SHARDS_TIMEOUT:-24h}"
kubectl apply -f "$here/studio-publish.yaml"
kubectl wait --for=condition=complete job/studio-publish --timeout="${PUBLISH_TIMEOUT:-2h}"
kubectl logs job/studio-publish | tail -n 1

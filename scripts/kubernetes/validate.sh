#!/usr/bin/env bash
# `make kubernetes` (part of `make test`): deploy/kubernetes/*.yaml against Kubernetes' own schemas.
#
# Installs the pinned kubernetes-validate (requirements.txt) into .venv-kubernetes/ and validates
# every document of every manifest, --strict (an unknown or misspelt field fails, not only a wrong
# type), against KUBERNETES_VERSION (default 1.33.0: the first release where the Jobs'
# backoffLimitPerIndex is generally available). No cluster is involved: what an API server would
# also check beyond the schema is tested in Tests/StudioCLITests/DeployFilesTests.swift.
set -euo pipefail

VENV=${KUBERNETES_VENV:-.venv-kubernetes}
VERSION=${KUBERNETES_VERSION:-1.33.0}
here=$(cd "$(dirname "$0")" && pwd)
manifests=$(cd "$here/../../deploy/kubernetes" && pwd)

want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/kubernetes-validate" ] || [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "kubernetes: installing kubernetes-validate into $VENV"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$VENV/.requirements.sha256"
fi

"$VENV/bin/kubernetes-validate" --strict --kubernetes-version "$VERSION" "$manifests"/*.yaml
echo "kubernetes: every manifest in deploy/kubernetes/ is valid for Kubernetes $VERSION (strict)"

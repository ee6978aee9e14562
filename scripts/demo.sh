#!/usr/bin/env bash
# make demo: the demo owner first (so that the recipes' `save: true` tracks land in its library
# on the first build, with no "save skipped" note), then build recipes/, print the share URLs and
# a fresh demo API key, and serve the site and the live API.
#
#   STUDIO      the studio binary (default .build/release/studio)
#   DEMO_PORT   the port (default 8080); the links name it, in build and serve alike
#   DEMO_SERVE  0: stop before serving (the tests run the demo this way)
#   Extra options for build and serve (--recipes DIR --state DIR --out DIR --templates DIR) may
#   follow as arguments.
set -euo pipefail
STUDIO=${STUDIO:-.build/release/studio}
DEMO_PORT=${DEMO_PORT:-8080}
DEMO_EMAIL=demo@example.com
DEMO_URL=http://127.0.0.1:$DEMO_PORT
state=()
for ((i = 1; i <= $#; i++)); do [ "${!i}" = "--state" ] && { j=$((i + 1)); state=(--state "${!j}"); }; done

if ! "$STUDIO" orgs show demo "${state[@]}" > /dev/null 2>&1; then
  "$STUDIO" orgs create demo "${state[@]}" > /dev/null
fi
if ! "$STUDIO" users create "$DEMO_EMAIL" --org demo --role owner "${state[@]}" > /dev/null 2> /tmp/studio-demo-user.$$; then
  grep -q "already" /tmp/studio-demo-user.$$ || { cat /tmp/studio-demo-user.$$ >&2; rm -f /tmp/studio-demo-user.$$; exit 1; }
fi
rm -f /tmp/studio-demo-user.$$
"$STUDIO" build --jobs 2 --base-url "$DEMO_URL" "$@" > /dev/null
echo
echo "Share pages (unlisted links):"
"$STUDIO" build -q --base-url "$DEMO_URL" "$@" | sed 's/^/  /'
org=$("$STUDIO" orgs show demo "${state[@]}")
key=$("$STUDIO" keys create --user "$DEMO_EMAIL" --org demo --name "make demo" --json "${state[@]}" \
      | sed -E 's/.*"key":"([^"]+)".*/\1/')
echo
echo "Demo API key (shown once): $key"
echo "Try:  curl -H 'X-API-Key: $key' '$DEMO_URL/v1/organizations/$org/music/tracks?scope=organization'   (every track)"
echo "      curl -H 'X-API-Key: $key' $DEMO_URL/v1/organizations/$org/music/collections"
echo "      curl $DEMO_URL/v1/music/engines/   (the published catalogue)"
echo "OpenAPI: $DEMO_URL/v1/openapi.json"
[ "${DEMO_SERVE:-1}" != 0 ] || exit 0
echo "(Ctrl-C to stop the server)"
exec "$STUDIO" serve --port "$DEMO_PORT" --base-url "$DEMO_URL" "$@"

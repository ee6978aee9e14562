"""Gives schemathesis real objects to work on, through the API itself.

Random path ids only ever reach the 404 branch of an operation. This script creates, in the
fresh organization, two of each kind of object — one that the destructive operations (delete,
revoke, unsave) may consume, one that the others keep reading — and prints the schemathesis
configuration that binds the path parameters to them. Standard library only: it runs before or
without the virtual environment's packages.

usage: seed.py BASE_URL API_KEY ORGANIZATION_ID > schemathesis.toml
"""
import json
import sys
import time
import urllib.error
import urllib.request

base, key, org = sys.argv[1], sys.argv[2], sys.argv[3]
prefix = f"{base}/v1/organizations/{org}/music"


def call(method, path, body=None, expect=(200, 201, 202)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(prefix + path, data=data, method=method,
                                     headers={"X-API-Key": key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if status not in expect:
        sys.exit(f"seed: {method} {path} answered {status}: {text}")
    return json.loads(text) if text else None


def track(prompt):
    job = call("POST", "/generations", {"engine_key": "pulse-1", "prompt": prompt, "duration_seconds": 1,
                                         "params": {"seed": 1, "stems": True, "format": "mp3"}})
    deadline = time.monotonic() + 120
    while job["status"] in ("queued", "running"):
        if time.monotonic() > deadline:
            sys.exit(f"seed: generation {job['id']} did not finish in 120 s")
        time.sleep(0.2)
        job = call("GET", f"/generations/{job['id']}")
    if job["status"] != "succeeded":
        sys.exit(f"seed: generation {job['id']} ended {job['status']}: {job}")
    return job


kept_job, spare_job = track("kept by the conformance run"), track("spare for the conformance run")
kept, spare = kept_job["track_id"], spare_job["track_id"]
call("POST", f"/tracks/{kept}/save")
call("POST", f"/tracks/{spare}/save")
collection = call("POST", "/collections", {"name": "Conformance", "description": "kept"})["id"]
spare_collection = call("POST", "/collections", {"name": "Spare"})["id"]
call("POST", f"/collections/{collection}/tracks", {"track_id": kept})
call("POST", f"/collections/{collection}/tracks", {"track_id": spare})
share = call("POST", f"/tracks/{kept}/share", {})
spare_share = call("POST", f"/collections/{collection}/share", {})
focus_request = {"engine_key": "ambient-1", "prompt": "conformance", "target_duration_seconds": 10,
                 "segment_duration_seconds": 10, "crossfade_seconds": 1}
focus = call("POST", "/focus-sessions", focus_request)
spare_focus = call("POST", "/focus-sessions", focus_request)
deadline = time.monotonic() + 120  # a ready segment, so that promoting it is tested too
while not any(segment["status"] == "ready" for segment in focus["segments"]):
    if time.monotonic() > deadline:
        sys.exit(f"seed: focus session {focus['id']} had no segment ready after 120 s: {focus}")
    time.sleep(0.3)
    focus = call("GET", f"/focus-sessions/{focus['id']}")
# A job that stays queued behind nothing would finish at once; a cancelled one answers 409 on
# every later cancel, which the contract declares.
cancelled = call("POST", "/generations", {"engine_key": "keys-1", "prompt": "cancelled", "duration_seconds": 200})
call("POST", f"/generations/{cancelled['id']}/cancel", expect=(200, 409))


def operation(operation_id, **parameters):
    values = ", ".join(f'"path.{name}" = "{value}"' for name, value in parameters.items())
    return f'[[operations]]\ninclude-operation-id = "{operation_id}"\nparameters = {{ {values} }}\n'


print(f'''# Written by scripts/conformance/seed.py for one run: the ids it created.
[parameters]
"path.organization_id" = "{org}"
"path.track_id" = "{kept}"
"path.generation_id" = "{kept_job['id']}"
"path.collection_id" = "{collection}"
"path.session_id" = "{focus['id']}"
"path.index" = "0"
"path.share_id" = "{share['id']}"
"path.token" = "{share['token']}"

{operation("deleteTrack", track_id=spare)}
{operation("unsaveTrack", track_id=spare)}
{operation("deleteCollection", collection_id=spare_collection)}
{operation("removeCollectionTrack", collection_id=collection, track_id=spare)}
{operation("revokeShare", share_id=spare_share['id'])}
{operation("cancelGeneration", generation_id=cancelled['id'])}
{operation("endFocusSession", session_id=spare_focus['id'])}''')

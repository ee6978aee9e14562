#!/usr/bin/env bash
# `make prove` (issue #8, load, slow clients and faults): runs every scenario of scripts/prove/
# against the release `studio` binary, prints each figure as a PASS or FAIL line, and exits
# non-zero when any falls short.
#
#   scripts/prove.sh                                  (or: make prove)
#   STUDIO=path/to/studio scripts/prove.sh
#   PROVE_ONLY="load slow-clients" scripts/prove.sh   (some scenarios only)
#   PROVE_KEEP=1 scripts/prove.sh                     (keep the scratch projects and logs)
#
# Scenarios (docs/RELIABILITY.md describes each, with the figures it printed):
#   load             1,000 concurrent keep-alive connections held and used again after 10 s
#   slow-clients     100 slowloris connections beside a normal client: its p99 < 100 ms
#   connection-cap   past --max-connections 50: 503 with Retry-After, held ones still served
#   slow-body        60 trickling bodies from one address: 408 at the 20 s deadline, 429 past
#                    --max-connections-per-client, a normal client on another address unaffected
#   faults-kill      SIGKILL during a build, a publish, API writes and a render
#   faults-disk      a full disk (a tmpfs; needs root or user namespaces)
#   faults-audio     audio files missing or truncated on disk
#   rate-limit       one key hammering the API gets 429s; another key's p99 stays < 100 ms
# Needs: curl, sqlite3, python3 (standard library only), and for faults-disk mount/fallocate.
set -euo pipefail
exec </dev/null

orig_pwd=$(pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n "${STUDIO:-}" && "$STUDIO" != /* ]]; then STUDIO="$orig_pwd/$STUDIO"; fi
export STUDIO=${STUDIO:-$root/.build/release/studio}
[[ -x "$STUDIO" ]] || { echo "prove: studio binary not found at $STUDIO (run: make build)" >&2; exit 1; }

ALL=(load slow-clients connection-cap slow-body faults-kill faults-disk faults-audio rate-limit)
read -r -a scenarios <<<"${PROVE_ONLY:-${ALL[*]}}"

work=$(mktemp -d "${TMPDIR:-/tmp}/studio-prove.XXXXXX")
[[ -n "${PROVE_KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
results="$work/results.txt"
: >"$results"

echo "make prove: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), studio $("$STUDIO" --version | cut -d' ' -f2)"
started=$(date +%s)
failed_scenarios=()
for scenario in "${scenarios[@]}"; do
  script="$root/scripts/prove/$scenario.sh"
  [[ -f "$script" ]] || { echo "prove: no scenario '$scenario' (known: ${ALL[*]})" >&2; exit 2; }
  echo
  echo "== $scenario"
  t0=$(date +%s)
  # Each scenario works in a directory of its own under $work, kept with PROVE_KEEP.
  if PROVE_WORK="$work/$scenario" bash "$script" 2>"$work/$scenario.log" | tee -a "$results"; then
    echo "   ($(( $(date +%s) - t0 )) s)"
  else
    failed_scenarios+=("$scenario")
    echo "   ($(( $(date +%s) - t0 )) s; its log:)"
    sed 's/^/   | /' "$work/$scenario.log" | tail -n 40
  fi
done

passes=$(grep -c '^PASS' "$results" || true)
fails=$(grep -c '^FAIL' "$results" || true)
echo
echo "== make prove: $passes passed, $fails failed, in $(( $(date +%s) - started )) s"
[[ -z "${PROVE_KEEP:-}" ]] || echo "   scratch projects and logs kept in $work"
if (( ${#failed_scenarios[@]} > 0 )); then
  echo "   scenarios short of their goal: ${failed_scenarios[*]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# The HTTP half of `make bench` (issue #5): `studio serve` under wrk on loopback, beside nginx
# serving the same public/ in the same run. Prints a Markdown section on stdout and one
# "PASS|FAIL  …" line per goal on fd 3, for scripts/bench.sh to fold into its report.
#
#   STUDIO=.build/release/studio scripts/bench/http.sh 3>&2
#
# Goals: at least half of nginx's requests per second for a 1 KiB static file (64 keep-alive
# connections), and p99 under 10 ms for `GET …/music/tracks/{id}` at a steady 1,000 requests/s.
#
# Everything happens in a scratch project in a temporary directory (a 2-second pulse-1 track,
# its share page, a user, an API key), so the bench never touches the repository's own state.
# wrk, both servers and this script share the machine's cores: the figures are for loopback on
# one box, where the load generator competes with the server for CPU (stated in the report).
set -euo pipefail
exec </dev/null

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STUDIO=${STUDIO:-$root/.build/release/studio}
[[ "$STUDIO" == /* ]] || STUDIO="$(pwd)/$STUDIO"
LUA="$root/scripts/bench/http-wrk.lua"

DURATION=${HTTP_DURATION:-10}   # seconds per measured wrk run
WARMUP=${HTTP_WARMUP:-3}        # seconds of unrecorded load before each server's first run
THREADS=2                       # wrk -t: one per core of the 2-core machine this was written for
CONNECTIONS=64                  # wrk -c: keep-alive connections (wrk reuses them throughout)
RATE=1000                       # requests/s for the paced API run
TARGET_RATIO=0.5                # ours >= this × nginx's requests/s, 1 KiB static file
TARGET_P99_MS=10                # API p99 at $RATE requests/s
RATE_TOLERANCE=0.05             # the paced run must achieve $RATE within this fraction

die() { echo "http bench: $*" >&2; exit 1; }
log() { echo "http bench: $*" >&2; }

for tool in wrk nginx curl python3 setpriv pgrep awk; do
  command -v "$tool" >/dev/null 2>&1 || die "missing $tool (run: make deps-bench)"
done
[[ -x "$STUDIO" ]] || die "studio binary not found at $STUDIO (run: make build)"
[[ -f "$LUA" ]] || die "missing $LUA"

work=$(mktemp -d "${TMPDIR:-/tmp}/studio-http-bench.XXXXXX")
serve_pid=""
nginx_pid=""

# stop_server PID NAME: SIGTERM (both servers stop gracefully on it), then wait for the exit
# status and leave it in `stopped_rc` (not printed: `wait` only works in this shell, not in a
# command substitution's subshell). Falls back to SIGKILL only if the process is still there after 20 s
# (studio's own grace period for requests in flight is 10 s).
stop_server() {
  local pid=$1 name=$2 rc=0 i
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < 200; i++ )); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name ($pid) still running 20 s after SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || rc=$?
  stopped_rc=$rc
}

cleanup() {
  # Only reached with a server still running when something failed half-way.
  [[ -z "$serve_pid" ]] || stop_server "$serve_pid" "studio serve"
  [[ -z "$nginx_pid" ]] || stop_server "$nginx_pid" nginx
  rm -rf "$work"
}
trap cleanup EXIT

# --- the scratch project ---------------------------------------------------------------------

proj="$work/project"
state="$proj/state"
public="$proj/public"
mkdir -p "$proj/recipes"
studio() { "$STUDIO" "$@" --state "$state"; }

# The owner first, so that the recipe's `save: true` puts the track in a library, as in make demo.
log "making the scratch project in $work"
studio orgs create demo --json >/dev/null
studio users create bench@example.com --org demo --role owner --json >/dev/null
api_key=$(studio keys create --user bench@example.com --org demo --name "http bench" --json |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
org=$(studio orgs show demo)

# One short shared track: the API's GET returns it with signed media URLs, and the share page
# gives public/ its usual shape (pages, audio, JSON mirrors) beside the static test file.
cat >"$proj/recipes/bench.json5" <<'JSON5'
{
  organization: "demo",
  tracks: {
    bench: {
      engine: "pulse-1",
      prompt: "driving electronic pulse with a steady four on the floor",
      duration: 2, seed: 1, formats: ["mp3"], title: "Bench", save: true,
    },
  },
  shares: [{ track: "bench" }],
}
JSON5
"$STUDIO" build -q --recipes "$proj/recipes" --state "$state" --out "$public" \
  --templates "$root/templates" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "studio build failed"; }

track_id=$(python3 - "$state/state.sqlite" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("select id from tracks").fetchall()
print(rows[0][0] if len(rows) == 1 else "")
PY
)
[[ "$track_id" == mtrack_* ]] || die "expected one track in the scratch state, got '$track_id'"
api_path="/v1/organizations/$org/music/tracks/$track_id"

# --- the servers -----------------------------------------------------------------------------

# studio serve picks a free port itself (--port 0) and prints it on stdout once it listens.
log "starting studio serve"
: >"$work/serve.out"   # exists before the background job's own redirection gets to it
"$STUDIO" serve --port 0 --state "$state" --out "$public" --templates "$root/templates" \
  >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
serve_port=""
for (( i = 0; i < 300; i++ )); do
  serve_port=$(sed -n 's|^studio serve: http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
  [[ -z "$serve_port" ]] || break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.err" >&2; die "studio serve exited"; }
  sleep 0.1
done
[[ -n "$serve_port" ]] || die "studio serve did not report its port within 30 s"

# The 1 KiB file, written once the server is up (its start republishes public/; the publisher
# leaves files it does not own alone, but this way the question does not arise).
# (yes's SIGPIPE would fail a pipeline under pipefail, hence the process substitution.)
head -c 1024 < <(yes 'Music Studio HTTP bench: a static file of exactly 1024 bytes.') >"$public/bench-1k.txt"
[[ $(stat -c %s "$public/bench-1k.txt") -eq 1024 ]] || die "bench-1k.txt is not 1024 bytes"

# nginx, as an unprivileged foreground process (daemon off) with a minimal generated config.
# worker_processes 1 is the like-for-like comparison: our server has one event-loop thread.
# `auto` (one worker per core) is measured too, for information. Run as root, nginx's master
# would keep root and its workers become `nobody`; instead the whole of nginx runs as nobody
# (setpriv), so the temporary tree must be readable by it and its own directory writable.
nginx_version=$(nginx -v 2>&1 | sed 's|.*nginx/||')
cores=$(nproc)
nginx_dir="$work/nginx"
mkdir -p "$nginx_dir"
as_user=()
if [[ $(id -u) -eq 0 ]]; then
  chmod 755 "$work" "$proj"
  chmod -R a+rX "$public"
  chown nobody "$nginx_dir"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# write_nginx_conf WORKERS: the whole configuration. keepalive_requests is raised from its
# default of 1,000 (after which nginx closes a keep-alive connection) because our server has no
# such limit and wrk's 64 connections should stay open for the whole run on both servers.
write_nginx_conf() {
  cat >"$nginx_dir/nginx.conf" <<CONF
daemon off;
worker_processes $1;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 60s;
  keepalive_requests 1000000;
  client_body_temp_path $nginx_dir/client_body;
  proxy_temp_path $nginx_dir/proxy;
  fastcgi_temp_path $nginx_dir/fastcgi;
  uwsgi_temp_path $nginx_dir/uwsgi;
  scgi_temp_path $nginx_dir/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $public;
  }
}
CONF
}

# start_nginx WORKERS: starts it and waits until it serves the test file.
start_nginx() {
  write_nginx_conf "$1"
  "${as_user[@]}" nginx -p "$nginx_dir/" -e "$nginx_dir/error.log" -c "$nginx_dir/nginx.conf" \
    >"$nginx_dir/stdout.log" 2>&1 &
  nginx_pid=$!
  for (( i = 0; i < 100; i++ )); do
    curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/bench-1k.txt" 2>/dev/null && return 0
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$nginx_dir/error.log" "$nginx_dir/stdout.log" >&2 2>/dev/null || true
  die "nginx did not start"
}

# --- checks before measuring: the same bytes from both, and a real API answer -----------------

# check URL EXPECTED_STATUS EXPECTED_SIZE [curl options]: dies unless the response matches.
check() {
  local url=$1 status=$2 size=$3; shift 3
  local got
  got=$(curl -sS -o "$work/check.body" -w '%{http_code} %{size_download}' "$@" "$url")
  [[ "$got" == "$status $size" || ( "$size" == any && "${got%% *}" == "$status" ) ]] ||
    die "$url answered '$got', expected '$status $size'"
}

# --- measuring -------------------------------------------------------------------------------

# cpu_ticks PID…: user+system CPU ticks of these processes so far (all their threads).
cpu_ticks() {
  local pid total=0 t
  for pid in "$@"; do
    t=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
clk_tck=$(getconf CLK_TCK)

# server_pids NAME: the processes doing a server's work (nginx: the master and its workers).
server_pids() {
  if [[ "$1" == nginx ]]; then echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true)
  else echo "$serve_pid"; fi
}

# run_wrk LABEL SERVER URL [VAR=value…]: one measured wrk run; sets `result` to the script's
# summary line plus the server's CPU use ("cpu_pct=…", of one core) and keeps wrk's output.
# The VAR=value words are the Lua script's environment (API key, pacing).
run_wrk() {
  local label=$1 server=$2 url=$3; shift 3
  local out="$work/wrk-$label.txt" pids before after
  log "$label: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $url"
  pids=$(server_pids "$server")
  # shellcheck disable=SC2086  # pids is a list of numbers
  before=$(cpu_ticks $pids)
  env "$@" BENCH_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$url" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed"; }
  # shellcheck disable=SC2086
  after=$(cpu_ticks $pids)
  result=$(sed -n 's/^bench-http: //p' "$out")
  [[ -n "$result" ]] || { cat "$out" >&2; die "no summary from wrk"; }
  result+=" cpu_pct=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / d }')"
  log "  $result"
}

# warm_up SERVER URL [VAR=value…]: unrecorded load, so that the measured run starts with warm
# caches, connections accepted and (for nginx) the file's descriptor cached by the kernel.
warm_up() {
  local url=$2; shift 2
  env "$@" BENCH_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$LUA" "$url" >/dev/null 2>&1 || true
}

# get FIELD: a field of the last `result`.
get() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$result"; }
errors_of() { awk -v r="$result" 'BEGIN { n = split(r, f, " "); s = 0; for (i = 1; i <= n; i++) if (f[i] ~ /^(errors_|non_2xx)/) { split(f[i], kv, "="); s += kv[2] } print s }'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

ours="http://127.0.0.1:$serve_port"
theirs="http://127.0.0.1:$nginx_port"
static=/bench-1k.txt

# 1 KiB static file: ours, nginx with 1 worker, nginx with `auto`.
check "$ours$static" 200 1024
warm_up ours "$ours$static"
run_wrk static-ours ours "$ours$static"
s_ours=$result

start_nginx 1
check "$theirs$static" 200 1024
cmp -s "$work/check.body" "$public/bench-1k.txt" || die "nginx served other bytes"
warm_up nginx "$theirs$static"
run_wrk static-nginx-1 nginx "$theirs$static"
s_nginx1=$result
stop_server "$nginx_pid" nginx; nginx_rc1=$stopped_rc; nginx_pid=""

start_nginx auto
nginx_auto_workers=$(pgrep -c -P "$nginx_pid" || true)
warm_up nginx "$theirs$static"
run_wrk static-nginx-auto nginx "$theirs$static"
s_nginx_auto=$result
stop_server "$nginx_pid" nginx; nginx_rc2=$stopped_rc; nginx_pid=""

# The API: GET of a track (authenticates the key, reads SQLite, mints signed URLs), paced to
# $RATE requests/s, then unpaced for its maximum.
check "$ours$api_path" 200 any -H "X-API-Key: $api_key"
grep -q "$track_id" "$work/check.body" && grep -q 'signature=' "$work/check.body" ||
  die "GET $api_path did not return the track with signed URLs"
api_bytes=$(stat -c %s "$work/check.body")
warm_up ours "$ours$api_path" BENCH_API_KEY="$api_key" BENCH_RATE=$RATE
run_wrk api-paced ours "$ours$api_path" BENCH_API_KEY="$api_key" BENCH_RATE=$RATE
a_paced=$result
run_wrk api-max ours "$ours$api_path" BENCH_API_KEY="$api_key"
a_max=$result

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
stop_server "$serve_pid" "studio serve"; serve_rc=$stopped_rc; serve_pid=""

# --- verdicts --------------------------------------------------------------------------------

result=$s_ours;    ours_rps=$(get rps)
result=$s_nginx1;  nginx_rps=$(get rps)
ratio=$(awk -v a="$ours_rps" -v b="$nginx_rps" 'BEGIN { r = b > 0 ? a / b : 0; printf "%.2f", r }')
v_static=$(awk -v r="$ratio" -v t=$TARGET_RATIO 'BEGIN { ok = r >= t; print ok ? "PASS" : "FAIL" }')
echo "$v_static  1 KiB static file, 64 connections: studio serve ${ours_rps} req/s = ${ratio}× nginx (worker_processes 1) ${nginx_rps} req/s (target >= ${TARGET_RATIO}×)" >&3

result=$a_paced
paced_rps=$(get rps); paced_p50=$(get p50_ms); paced_p99=$(get p99_ms); paced_errors=$(errors_of)
v_api=$(awk -v p="$paced_p99" -v t=$TARGET_P99_MS -v r="$paced_rps" -v want=$RATE -v tol=$RATE_TOLERANCE -v e="$paced_errors" \
  'BEGIN { d = r - want; if (d < 0) d = -d; ok = p < t && d <= tol * want && e == 0; print ok ? "PASS" : "FAIL" }')
echo "$v_api  GET a track at ${RATE} req/s (achieved ${paced_rps}): p99 ${paced_p99} ms, p50 ${paced_p50} ms, ${paced_errors} errors (target p99 < ${TARGET_P99_MS} ms, rate within $(awk -v t=$RATE_TOLERANCE 'BEGIN { print t * 100 }')%)" >&3

# --- the report ------------------------------------------------------------------------------

# row CASE SERVER RESULT: a table row from a summary line.
row() {
  result=$3
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$(get rps)" "$(get p50_ms)" "$(get p99_ms)" \
    "$(get max_ms)" "$(get cpu_pct)" "$(errors_of)"
}

cat <<MD
## HTTP: \`studio serve\` beside nginx

\`scripts/bench/http.sh\`: wrk ${THREADS} threads, ${CONNECTIONS} keep-alive connections, ${DURATION} s per row (each server
warmed up with ${WARMUP} s of the same load first), on loopback. A scratch project in a temporary directory
(one 2-second pulse-1 track, shared, built with \`studio build\`; a user and an API key from
\`studio users create\` / \`studio keys create\`) gives both servers the same \`public/\`, plus
\`public/bench-1k.txt\` (exactly 1,024 bytes).

- Ours: \`studio serve --port 0 --state … --out … --templates …\` — one epoll event-loop thread for all
  sockets, responders on a concurrent dispatch queue, render workers idle.
- nginx ${nginx_version} (Debian): \`nginx -p DIR/ -e DIR/error.log -c DIR/nginx.conf\` as an unprivileged
  foreground process: \`daemon off; worker_processes 1;\` (like for like with our one loop thread;
  \`auto\` gives ${nginx_auto_workers} workers on this ${cores}-core machine and is measured too), \`access_log off; sendfile on;
  tcp_nopush on; keepalive_requests 1000000;\` (nginx closes a keep-alive connection after 1,000
  requests by default; ours has no such limit), \`listen 127.0.0.1:PORT; root …/public;\`.
- Static: \`wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}s --latency -s scripts/bench/http-wrk.lua http://127.0.0.1:PORT/bench-1k.txt\`.
- API: \`GET /v1/organizations/{org}/music/tracks/{id}\` with \`X-API-Key\` (a ${api_bytes}-byte JSON answer; every
  GET authenticates the key, reads the track from SQLite and mints new signed media URLs), paced:
  \`BENCH_RATE=${RATE} BENCH_THREADS=${THREADS} BENCH_API_KEY=… wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}s --latency -s scripts/bench/http-wrk.lua URL\`
  (the script's \`delay()\` gives each wrk thread a timetable of send slots $(awk -v t=$THREADS -v r=$RATE 'BEGIN { print 1000 * t / r }') ms apart, so the
  total rate does not depend on the latency; latency is timed from each request's write), and
  unpaced (the same without BENCH_RATE) for its maximum.

wrk runs on the same ${cores} cores as the server it measures, so the two compete for CPU, and a
closed loop of ${CONNECTIONS} connections measures throughput and the latency under that load together.
Server CPU is the server's user + system time during the run (nginx: master and workers), in % of
one core. Load average (1, 5, 15 min) before: ${load_before}; after: ${load_after} — anything else running
on the machine (tests, builds) shares the cores and lowers every figure here.

| Case | Server | Requests/s | p50 ms | p99 ms | Max ms | Server CPU % | Errors |
|---|---|--:|--:|--:|--:|--:|--:|
$(row "1 KiB static file" "studio serve" "$s_ours")
$(row "1 KiB static file" "nginx, worker_processes 1" "$s_nginx1")
$(row "1 KiB static file" "nginx, worker_processes auto (${nginx_auto_workers})" "$s_nginx_auto")
$(row "GET a track, paced to ${RATE}/s" "studio serve" "$a_paced")
$(row "GET a track, unpaced" "studio serve" "$a_max")

$(result=$s_nginx1; awk -v c="$(get cpu_pct)" 'BEGIN { if (c < 90) printf "nginx with one worker used %d%% of a core: it was not the bottleneck, wrk (on the same cores) and loopback were, so its\nrequests/s is what this machine can measure rather than nginx'"'"'s own ceiling.\n\n", c }')
Both servers stopped on SIGTERM: studio serve exit status ${serve_rc}, nginx ${nginx_rc1} and ${nginx_rc2}.

Goals: at least ${TARGET_RATIO}× nginx's (worker_processes 1) requests/s for the 1 KiB file — **${v_static}**
(${ratio}×); p99 under ${TARGET_P99_MS} ms for the API at ${RATE} requests/s, achieved within $(awk -v t=$RATE_TOLERANCE 'BEGIN { print t * 100 }')% of
the rate with no errors — **${v_api}** (p99 ${paced_p99} ms at ${paced_rps}/s).
MD

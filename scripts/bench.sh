#!/usr/bin/env bash
# Measures render speed, memory and loudness of the studio engines on this
# machine, plus a Csound reference patch, and our MIDI player against
# FluidSynth on the same General MIDI file, and writes docs/PERFORMANCE.md.
#
#   scripts/bench.sh                      (or: make bench)
#   STUDIO=path/to/studio scripts/bench.sh
#   BENCH_OUT=/tmp/perf.md scripts/bench.sh   (write the report elsewhere)
#   BENCH_ONLY=midi scripts/bench.sh          (only the MIDI race; with BENCH_OUT while iterating)
#   BENCH_ONLY=site scripts/bench.sh          (only publishing and the no-change rebuild)
#   BENCH_ONLY=http scripts/bench.sh          (only studio serve beside nginx under wrk)
#
# Needs: /usr/bin/time (Debian "time"), ffmpeg/ffprobe, csound, fluidsynth,
# python3 (the memory sampler), awk; the FluidR3_GM SoundFont; for the HTTP section wrk, nginx
# curl and pgrep (make deps-bench).
# Always exits 0 once the report is written: the figures are the point;
# PASS/FAIL against the targets is printed and recorded in the report.
set -euo pipefail
exec </dev/null   # nothing here is interactive; csound and ffmpeg would read stdin

orig_pwd=$(pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# A relative STUDIO given by the caller is relative to where they ran us;
# the default is relative to the repository root.
if [[ -n "${STUDIO:-}" && "$STUDIO" == */* && "$STUDIO" != /* ]]; then
  STUDIO="$orig_pwd/$STUDIO"
fi
STUDIO=${STUDIO:-.build/release/studio}
OUT_MD=${BENCH_OUT:-docs/PERFORMANCE.md}
CSD="$root/scripts/bench/csound-compare.csd"
MIDI_FILE="$root/scripts/bench/arrangement.mid"   # made by scripts/bench/make-arrangement.py
SF2=/usr/share/sounds/sf2/FluidR3_GM.sf2
SAMPLER="$root/scripts/bench/peak-memory.py"
ONLY=${BENCH_ONLY:-all}

ENGINES=(ambient-1 lofi-1 pulse-1 keys-1)
SHORT=180          # seconds, per-engine renders
LONG=1800          # seconds, the 30-minute render
LONG_ENGINE=lofi-1
TARGET_XRT_CORE=100      # >= x real time per core, 3-min full mix to FLAC
TARGET_RSS_MB=100        # < MB (10^6 bytes) peak RSS, 30-min piece
TARGET_ANON_MB=100       # < MB peak RssAnon, MIDI render (the SoundFont is mapped, not copied)

TIMEFMT='%e %U %S %M'

die() { echo "bench: $*" >&2; exit 1; }

for tool in /usr/bin/time ffmpeg ffprobe csound fluidsynth python3 awk; do
  command -v "$tool" >/dev/null 2>&1 || die "missing $tool (run: make deps-test)"
done
[[ -x "$STUDIO" ]] || die "studio binary not found at $STUDIO (run: make build)"
[[ -f "$CSD" ]] || die "missing $CSD"
[[ -f "$MIDI_FILE" ]] || die "missing $MIDI_FILE (run: python3 scripts/bench/make-arrangement.py)"
[[ -f "$SF2" ]] || die "missing $SF2 (Debian package fluid-soundfont-gm)"

prompt_for() {
  case "$1" in
    ambient*) echo "slow evolving ambient pads, warm and spacious" ;;
    lofi*)    echo "mellow lofi hip hop beat with dusty keys" ;;
    pulse*)   echo "driving electronic pulse with a steady four on the floor" ;;
    keys*)    echo "gentle solo piano, reflective and melodic" ;;
    *)        echo "a short instrumental piece" ;;
  esac
}

work=$(mktemp -d "${TMPDIR:-/tmp}/studio-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- helpers -----------------------------------------------------------------

# fdiv A B [decimals] -> A/B, or "n/a" when B is 0
fdiv() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { if (b + 0 <= 0) print "n/a"; else printf "%.*f\n", d, a / b }'; }

# duration_of FILE -> seconds (ffprobe), or empty
duration_of() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1" 2>/dev/null | head -n1; }

# format_of FILE -> e.g. "flac 48000 Hz 2 ch 24-bit"
format_of() {
  ffprobe -v error -select_streams a:0 \
    -show_entries stream=codec_name,sample_rate,channels,bits_per_raw_sample,bits_per_sample \
    -of default=nw=1 "$1" 2>/dev/null |
  awk -F= '{ v[$1] = $2 }
    END {
      bits = v["bits_per_raw_sample"]; if (bits == "" || bits == "N/A" || bits == 0) bits = v["bits_per_sample"]
      printf "%s %s Hz %s ch %s-bit\n", v["codec_name"], v["sample_rate"], v["channels"], bits
    }'
}

# loudness_of FILE -> "I_LUFS PEAK_DBFS" from the ebur128 summary block
loudness_of() {
  ffmpeg -nostdin -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
  awk '/Summary:/ { s = 1 }
       s && $1 == "I:"    { i = $2 }
       s && $1 == "Peak:" { p = $2 }
       END { if (i == "") i = "n/a"; if (p == "") p = "n/a"; print i, p }'
}

# Rows are collected as fields separated by US (0x1f), so empty fields survive:
# case, audio s, wall, user, sys, xrt, xrt/core, rss MB, anon MB, LUFS, peak, format, check, note
SEP=$'\x1f'
join_fields() { local IFS=$SEP; printf '%s' "$*"; }
rows=()        # the engines and Csound
midi_rows=()   # the MIDI race; measure() appends to whichever array $dest names
dest=rows
# What the last measure() found, for comparisons made after it (the MIDI race).
last_xrtc=n/a; last_anon_mb=n/a
n_pass=0; n_fail=0

# judge OK MESSAGE: one verdict (OK is 1 or 0, as awk prints a comparison) counted and
# summarised; sets `verdict` for the row that follows.
judge() {
  if [[ "$1" == 1 ]]; then verdict="PASS"; n_pass=$((n_pass + 1)); else verdict="FAIL"; n_fail=$((n_fail + 1)); fi
  summary+=("$verdict  $2")
}
summary=()

# measure LABEL AUDIO_SECONDS OUTFILE LOUDNESS(yes/no) CHECK(speed/rss/anon/none) -- CMD...
# AUDIO_SECONDS "probe" takes the length of the output (ffprobe) as the audio seconds.
measure() {
  local label=$1 secs=$2 out=$3 want_loud=$4 check=$5; shift 6
  local tf="$work/time.txt" log="$work/cmd.log" mem="$work/mem.txt"
  echo "bench: $label ..." >&2
  local rc=0 runs="$work/runs.txt" mems="$work/mems.txt" r tpid
  : >"$runs"; : >"$mems"
  # Timings on a shared virtual machine wander by several per cent: run each case $reps times
  # and report the run with the median CPU time, with the range in the notes.
  # /usr/bin/time gives CPU time and peak RSS; peak-memory.py samples the same process's
  # /proc status beside it for peak RssAnon (see that script for why both).
  for (( r = 0; r < reps; r++ )); do
    /usr/bin/time -f "$TIMEFMT" -o "$tf" "$@" </dev/null >"$log" 2>&1 &
    tpid=$!
    python3 "$SAMPLER" "$tpid" >"$mem" || echo "0 0 0 0" >"$mem"
    wait "$tpid" || { rc=$?; break; }
    tail -n 1 "$tf" >>"$runs"
    cat "$mem" >>"$mems"
  done
  if (( rc != 0 )) || [[ ! -s "$out" ]]; then
    echo "bench:   FAILED (exit $rc); last lines of its output:" >&2
    tail -n 15 "$log" | sed 's/^/bench:     /' >&2
    local -n failed_table=$dest
    failed_table+=("$(join_fields "$label" "$secs" — — — — — — — — — — FAIL "command failed (exit $rc)")")
    n_fail=$((n_fail + 1)); summary+=("FAIL  $label: command failed (exit $rc)")
    return 0
  fi
  local wall user sys rss cpu_range
  read -r wall user sys rss < <(awk '{ print $2 + $3, $0 }' "$runs" | sort -n | awk -v n="$reps" 'NR == int((n + 1) / 2) { print $2, $3, $4, $5 }')
  # Peak memory is the largest any run reached, not the median run's.
  rss=$(awk '$4 > m { m = $4 } END { print m }' "$runs")
  local anon
  anon=$(awk '$3 > m { m = $3 } END { print m + 0 }' "$mems")
  cpu_range=$(awk '{ c = $2 + $3; if (NR == 1 || c < lo) lo = c; if (c > hi) hi = c } END { printf "%.2f–%.2f", lo, hi }' "$runs")
  local note="" dur fmt
  dur=$(duration_of "$out")
  fmt=$(format_of "$out")
  if [[ "$secs" == probe ]]; then
    secs=$(awk -v d="${dur:-0}" 'BEGIN { printf "%.2f", d }')
  elif [[ -z "$dur" ]] || awk -v d="$dur" -v e="$secs" 'BEGIN { exit !(d < e - 0.5 || d > e + 30) }'; then
    note="output is ${dur:-?} s, expected ${secs} s; "
  fi
  local cpu xrt xrtc rss_mb anon_mb
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  xrt=$(fdiv "$secs" "$wall")
  xrtc=$(fdiv "$secs" "$cpu")
  rss_mb=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')
  anon_mb=$(awk -v k="$anon" 'BEGIN { if (k > 0) printf "%.1f", k * 1024 / 1e6; else print "n/a" }')
  last_xrtc=$xrtc; last_anon_mb=$anon_mb

  if (( reps > 1 )); then note+="median of ${reps} runs, CPU ${cpu_range} s; "; fi
  local extra
  extra=$(find "$(dirname "$out")" -maxdepth 2 -type f ! -path "$out" | wc -l)
  if (( extra > 0 )); then note+="${extra} more file(s) written beside the output; "; fi

  local lufs="—" peak="—"
  if [[ "$want_loud" == yes ]]; then read -r lufs peak < <(loudness_of "$out"); fi

  local verdict="—"
  case "$check" in
    speed) judge "$(awk -v x="$xrtc" -v t="$TARGET_XRT_CORE" 'BEGIN { print (x != "n/a" && x >= t) }')" \
             "$label: ${xrtc}x real time per core (target >= ${TARGET_XRT_CORE}x)" ;;
    rss)   judge "$(awk -v m="$rss_mb" -v t="$TARGET_RSS_MB" 'BEGIN { print (m < t) }')" \
             "$label: peak RSS ${rss_mb} MB (target < ${TARGET_RSS_MB} MB)" ;;
    anon)  judge "$(awk -v m="$anon_mb" -v t="$TARGET_ANON_MB" 'BEGIN { print (m != "n/a" && m < t) }')" \
             "$label: peak RssAnon ${anon_mb} MB (target < ${TARGET_ANON_MB} MB)" ;;
  esac
  echo "bench:   wall ${wall}s user ${user}s sys ${sys}s rss ${rss_mb} MB anon ${anon_mb} MB -> ${xrt}x RT, ${xrtc}x RT/core ${verdict}" >&2
  local -n table=$dest
  table+=("$(join_fields "$label" "$secs" "$wall" "$user" "$sys" "$xrt" "$xrtc" "$rss_mb" "$anon_mb" "$lufs" "$peak" "$fmt" "$verdict" "${note%; }")")
}

# --- the runs ------------------------------------------------------------------

reps=${BENCH_REPEATS:-5}   # the 180 s cases and the MIDI race; the 30-minute render and Csound run once
reps_short=$reps

[[ "$ONLY" == all || "$ONLY" == midi || "$ONLY" == site || "$ONLY" == http ]] ||
  die "BENCH_ONLY is 'midi', 'site', 'http' or unset, not '$ONLY'"
if [[ "$ONLY" == all ]]; then
for e in "${ENGINES[@]}"; do
  p=$(prompt_for "$e")
  d="$work/$e-mix"; mkdir -p "$d"
  measure "$e, ${SHORT} s, FLAC, stems off" "$SHORT" "$d/out.flac" yes speed -- \
    "$STUDIO" render --engine "$e" --prompt "$p" --duration "$SHORT" --seed 1 -o "$d/out.flac"
  rm -rf "$d"
  d="$work/$e-stems"; mkdir -p "$d"
  measure "$e, ${SHORT} s, FLAC, stems on" "$SHORT" "$d/out.flac" no none -- \
    "$STUDIO" render --engine "$e" --prompt "$p" --duration "$SHORT" --seed 1 -o "$d/out.flac" --stems
  rm -rf "$d"
done

reps=1
d="$work/long"; mkdir -p "$d"
measure "$LONG_ENGINE, ${LONG} s (30 min), FLAC, stems off" "$LONG" "$d/out.flac" no rss -- \
  "$STUDIO" render --engine "$LONG_ENGINE" --prompt "$(prompt_for "$LONG_ENGINE")" \
  --duration "$LONG" --seed 1 -o "$d/out.flac"
rm -rf "$d"

d="$work/csound"; mkdir -p "$d"
measure "Csound reference patch, ${SHORT} s, 16-bit WAV" "$SHORT" "$d/out.wav" yes none -- \
  csound -d -W -o "$d/out.wav" --omacro:DUR="$SHORT" "$CSD"
rm -rf "$d"
fi

# The MIDI race: the same General MIDI file through our player and through FluidSynth, one
# after the other, both writing 16-bit WAV at 48 kHz with no reverb or chorus at unity gain.
# FluidSynth renders with one synthesis thread (synth.cpu-cores=1, its default, said
# explicitly) and -F's fast render, which runs as fast as the CPU allows; ours uses its default
# threads. × real time per core divides by all the CPU time either spends, so threads do not
# flatter either side. Each side's audio seconds are its own output's length (ffprobe): FluidSynth
# renders until its last voice is silent, we 1.5 s past the file's end, and the file ends on two
# silent bars so that both lengths agree within a second.
site_section=""
if [[ "$ONLY" == all || "$ONLY" == site ]]; then
  site_verdicts="$work/site-verdicts"
  site_section=$(STUDIO_BENCH="$(dirname "$STUDIO")/studio-bench" bash "$root/scripts/bench/site.sh" 3>"$site_verdicts")
  while IFS= read -r line; do
    summary+=("$line")
    if [[ "$line" == PASS* ]]; then n_pass=$((n_pass + 1)); else n_fail=$((n_fail + 1)); fi
  done <"$site_verdicts"
fi

# The HTTP section (issue #5): studio serve and nginx under wrk; see scripts/bench/http.sh.
http_section=""
if [[ "$ONLY" == all || "$ONLY" == http ]]; then
  http_verdicts="$work/http-verdicts"
  http_section=$(STUDIO="$STUDIO" bash "$root/scripts/bench/http.sh" 3>"$http_verdicts")
  while IFS= read -r line; do
    summary+=("$line")
    if [[ "$line" == PASS* ]]; then n_pass=$((n_pass + 1)); else n_fail=$((n_fail + 1)); fi
  done <"$http_verdicts"
fi

if [[ "$ONLY" == all || "$ONLY" == midi ]]; then
dest=midi_rows
reps=$reps_short
fluid_cmd=(fluidsynth -ni -q -R 0 -C 0 -r 48000 -g 1 -o synth.cpu-cores=1 -T wav -O s16)
d="$work/midi-dry"; mkdir -p "$d"
measure "studio render --midi --no-effects" probe "$d/out.wav" yes anon -- \
  "$STUDIO" render --midi "$MIDI_FILE" --no-effects -q -o "$d/out.wav"
ours_xrtc=$last_xrtc
rm -rf "$d"
d="$work/midi-fluid"; mkdir -p "$d"
measure "fluidsynth -F" probe "$d/out.wav" yes none -- "${fluid_cmd[@]}" -F "$d/out.wav" "$SF2" "$MIDI_FILE"
fluid_xrtc=$last_xrtc
rm -rf "$d"
judge "$(awk -v a="$ours_xrtc" -v b="$fluid_xrtc" 'BEGIN { print (a != "n/a" && b != "n/a" && a > b) }')" \
  "MIDI race: ours ${ours_xrtc}x real time per core, FluidSynth ${fluid_xrtc}x (target: faster)"
race_line=${summary[-1]}
# With effects: the engines' reverb and the two-pass master (loudness gain, true-peak limiter).
d="$work/midi-fx"; mkdir -p "$d"
measure "studio render --midi (reverb and master chain)" probe "$d/out.wav" yes none -- \
  "$STUDIO" render --midi "$MIDI_FILE" -q -o "$d/out.wav"
rm -rf "$d"
fi

# --- the report ----------------------------------------------------------------

# print_table ARRAY_NAME: the rows collected by measure() as a Markdown table.
print_table() {
  local -n rows_ref=$1
  echo "| Case | Audio s | Wall s | User s | Sys s | × real time | × real time per core | Peak RSS MB | Peak RssAnon MB | Loudness LUFS | True peak dBFS | Output | Target | Notes |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|---|"
  local r f i
  for r in "${rows_ref[@]}"; do
    IFS=$SEP read -r -a f <<<"$r"
    printf '|'; for i in {0..13}; do printf ' %s |' "${f[i]:-}"; done; printf '\n'
  done
}

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
[[ -n "$cpu_model" ]] || cpu_model=$(uname -m)
swift_version=$( (swift --version 2>/dev/null || true) | head -n 1)
# csound --version also starts a performance that reads stdin: give it none.
csound_version=$(timeout 20 csound --version </dev/null 2>&1 | grep -m1 -o 'Csound version [^ ]*' || true)
ffmpeg_version=$(ffmpeg -version 2>/dev/null | head -n 1 | awk '{ print $3 }')
fluid_version=$(fluidsynth --version 2>/dev/null | grep -m1 -o 'version [^ ]*' | awk '{ print $2 }')
git_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git -C "$root" status --porcelain -- Sources Package.swift 2>/dev/null)" ]]; then git_rev+=" (with uncommitted changes)"; fi
studio_rel=${STUDIO#"$root"/}
cmd="STUDIO=$studio_rel scripts/bench.sh"
[[ -n "${MAKELEVEL:-}" ]] && cmd="make bench  (runs: $cmd)"

mkdir -p "$(dirname "$OUT_MD")"
{
  echo "# Performance"
  echo
  echo "Measured by \`scripts/bench.sh\`; regenerate with \`make bench\`. Do not edit by hand."
  echo
  echo "- Command: \`$cmd\`"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) CPU(s), $cpu_model"
  echo "- Swift: ${swift_version:-unknown}"
  echo "- Source: git $git_rev"
  echo "- Tools: ${csound_version:-csound ?}, ffmpeg $ffmpeg_version, FluidSynth ${fluid_version:-?}"
  echo
  echo "Each case runs as its own process, one after another, timed with \`/usr/bin/time -f '%e %U %S %M'\`; the 180 s cases run ${reps_short} times (BENCH_REPEATS) and the row is the run with the median CPU time, peak RSS the largest of them."
  echo "× real time = audio seconds / wall seconds; × real time per core = audio seconds / (user + sys CPU seconds);"
  echo "peak RSS in MB = 10^6 bytes. Loudness (integrated, LUFS) and true peak (dBFS) come from ffmpeg's"
  echo "\`ebur128=peak=true\` filter, for the 180 s stems-off renders, the Csound output and the MIDI renders."
  echo "Studio renders: \`studio render --engine E --prompt P --duration S --seed 1 -o OUT.flac [--stems]\`."
  echo
  echo "Peak RssAnon is the largest anonymous resident memory (heap, stacks, copies; not mapped files) that"
  echo "\`scripts/bench/peak-memory.py\` saw sampling \`/proc/PID/status\` every 10 ms during the same runs."
  echo
  if (( ${#rows[@]} > 0 )); then
    print_table rows
    echo
    echo "Targets: ≥ ${TARGET_XRT_CORE}× real time per core for a 3-minute full mix encoded to FLAC (the 180 s stems-off rows);"
    echo "peak RSS < ${TARGET_RSS_MB} MB for the 30-minute piece."
    echo
  fi
  echo "Csound comparison: \`csound -d -W -o OUT.wav --omacro:DUR=180 scripts/bench/csound-compare.csd\`"
  echo "(Csound ${csound_version#Csound version }). The patch runs at 48 kHz, ksmps 32, stereo, written as 16-bit WAV (no FLAC"
  echo "encoding): a new 5-note chord every second (each note 1.7 s plus 0.3 s release) and a bass note every"
  echo "0.5 s, about 11 simultaneous voices on average; each voice is 2 detuned band-limited saws (\`vco2\`)"
  echo "through a \`moogladder\` low-pass with filter and amplitude envelopes, panned into a stereo \`reverbsc\`."
  echo "It has no drums, samples, effects chain beyond the reverb, mastering or file encoding cost, so it is a"
  echo "yardstick for the synthesis load, not a like-for-like replacement for an engine render."
  echo
  if [[ "$ONLY" == all || "$ONLY" == midi ]]; then
    echo "## Our MIDI player against FluidSynth"
    echo
    echo "\`scripts/bench/arrangement.mid\` (written by \`python3 scripts/bench/make-arrangement.py\`): three minutes"
    echo "of a four-part General MIDI arrangement at 94–104 bpm with a closing ritardando — piano (GM 0, electric"
    echo "piano GM 4 in the bridge) with the sustain pedal changed on every chord, fingered bass (GM 33), strings"
    echo "(GM 48, slow strings GM 49 in the bridge) with expression swells, and drums on channel 10 — about 2,600"
    echo "notes with varied velocities, played from Debian's FluidR3_GM. Each case ran ${reps_short} times as above."
    echo
    echo "- Ours, dry: \`studio render --midi scripts/bench/arrangement.mid --no-effects -q -o OUT.wav\`"
    echo "- FluidSynth ${fluid_version:-?}: \`${fluid_cmd[*]} -F OUT.wav $SF2 scripts/bench/arrangement.mid\`"
    echo "- Ours, with effects: \`studio render --midi scripts/bench/arrangement.mid -q -o OUT.wav\`"
    echo
    echo "Both dry renders: 48 kHz stereo 16-bit WAV, no reverb or chorus, unity gain, 4-point interpolation;"
    echo "FluidSynth with one synthesis thread (its default) and -F's fast render (no audio driver, as fast"
    echo "as the CPU allows). Audio s is each output's own length by ffprobe."
    echo
    print_table midi_rows
    echo
    echo "Goals: faster than FluidSynth in × real time per core; peak RssAnon < ${TARGET_ANON_MB} MB (the SoundFont mapped,"
    echo "not copied)."
    echo
    echo "- ${race_line}"
    echo "- $(printf '%s\n' "${summary[@]}" | grep -m1 'RssAnon' || echo 'RssAnon: not measured')"
    echo
  fi
  if [[ -n "$site_section" ]]; then echo "$site_section"; echo; fi
  if [[ -n "$http_section" ]]; then echo "$http_section"; echo; fi
  echo "Result, every target in this report: ${n_pass} PASS, ${n_fail} FAIL."
  # Hand-written interpretation, kept beside the script so that the report stays generated.
  if [ -f "$root/scripts/bench/notes.md" ]; then echo; cat "$root/scripts/bench/notes.md"; fi
} >"$OUT_MD"

echo
echo "== bench summary ($(nproc) CPU(s), $cpu_model) =="
for s in "${summary[@]}"; do echo "  $s"; done
echo "  total: ${n_pass} PASS, ${n_fail} FAIL"
echo "report written to $OUT_MD"
exit 0

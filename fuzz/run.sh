#!/usr/bin/env bash
# `make fuzz`: coverage-guided fuzzing with libFuzzer, a bounded time per target.
#
# Each target compiles the sources of one module together with its entry point in fuzz/ (so the
# entry point reaches internal types), instrumented with `swiftc -sanitize=fuzzer,address`, and
# runs for $FUZZ_TIME seconds (default 30) with a 1 s limit per input (-timeout=1: a slow input is
# a finding, as a hang would be). Seeds: fuzz/corpus/<target>/ plus, for recipes and templates,
# the real recipes/ and templates/. Inputs libFuzzer finds interesting accumulate in
# .build-fuzz/corpus/<target>/ across runs; a crash, a timeout or a broken invariant leaves the input
# in .build-fuzz/artifacts/ and fails the target. FUZZ_TARGETS picks targets
# (http-parser range http-date recipes templates).
set -euo pipefail

TIME=${FUZZ_TIME:-30}
TARGETS=${FUZZ_TARGETS:-http-parser range http-date recipes templates}
out=.build-fuzz
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -use-ld=lld -swift-version 6)
mkdir -p "$out/artifacts"

sources() { find "$1" -name '*.swift' | sort; }

build() {
  local target=$1
  case "$target" in
    http-parser) swiftc "${flags[@]}" -module-name StudioHTTP -I Sources/CLinuxIO $(sources Sources/StudioHTTP) fuzz/HTTPParserFuzzer.swift -o "$out/$target" ;;
    range) swiftc "${flags[@]}" -module-name StudioHTTP -I Sources/CLinuxIO $(sources Sources/StudioHTTP) fuzz/RangeFuzzer.swift -o "$out/$target" ;;
    http-date) swiftc "${flags[@]}" -module-name StudioHTTP -I Sources/CLinuxIO $(sources Sources/StudioHTTP) fuzz/HTTPDateFuzzer.swift -o "$out/$target" ;;
    recipes)
      # StudioRecipes imports StudioCore: built first as a static library with its module.
      swiftc "${flags[@]}" -emit-library -static -emit-module -module-name StudioCore $(sources Sources/StudioCore) \
        -emit-module-path "$out/StudioCore.swiftmodule" -o "$out/libStudioCore.a"
      swiftc "${flags[@]}" -module-name StudioRecipes -I "$out" -L "$out" -lStudioCore $(sources Sources/StudioRecipes) \
        fuzz/RecipeFuzzer.swift -o "$out/$target" ;;
    templates) swiftc "${flags[@]}" -module-name StudioTemplates $(sources Sources/StudioTemplates) fuzz/TemplateFuzzer.swift -o "$out/$target" ;;
    *) echo "fuzz: unknown target $target" >&2; exit 2 ;;
  esac
}

seeds() {
  case "$1" in
    recipes) echo recipes ;;
    templates) echo templates ;;
    *) echo "fuzz/corpus/$1" ;;
  esac
}

failed=""
for target in $TARGETS; do
  echo "== fuzz $target: building"
  build "$target"
  mkdir -p "$out/corpus/$target"
  echo "== fuzz $target: $TIME s"
  log="$out/$target.log"
  if "$out/$target" -max_total_time="$TIME" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$out/artifacts/$target-" "$out/corpus/$target" $(seeds "$target") > "$log" 2>&1; then
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz $target: passed, $runs inputs in $TIME s, corpus $(ls "$out/corpus/$target" | wc -l) files"
  else
    echo "fuzz $target: FAILED; the end of its log ($log):" >&2
    tail -n 40 "$log" >&2
    failed="$failed $target"
  fi
done
[ -z "$failed" ] || { echo "fuzz: failed:$failed (inputs in $out/artifacts/)" >&2; exit 1; }

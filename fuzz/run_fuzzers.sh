#!/usr/bin/env bash
# The fuzzing campaign behind `tools/run fuzz [SECONDS]`: builds the harnesses with clang and
# libFuzzer (ICP_FUZZ, in build-fuzz), lays out the seeds, then runs each harness in turn for
# SECONDS with its dictionary and a corpus kept under build-fuzz, one fuzzing process at a time.
# Output: per harness executions, exec/s, coverage and findings, a summary table (also in
# build-fuzz/summary.txt), and each crash, timeout or OOM input copied to fuzz/regressions/.
#
# Environment:
#   ICP_FUZZ_HARNESSES  which harnesses, space-separated (default: all)
#   ICP_FUZZ_RUNS       also stop a harness after this many executions (the long campaign:
#                       10000000 with a generous SECONDS)
#   ICP_FUZZ_TIMEOUT    seconds one input may take before it counts as a hang (default 10)
#   ICP_FUZZ_BUILD_DIR  the clang build folder (default: build-fuzz)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
build=${ICP_FUZZ_BUILD_DIR:-"$root/build-fuzz"}
# KEEP IN SYNC: ICP_FUZZ_HARNESSES in fuzz/CMakeLists.txt, fuzz/seeds.sh.
all_harnesses="source manifest test_file mapping artifact jsonl csv c_api"
harnesses=${ICP_FUZZ_HARNESSES:-$all_harnesses}
timeout=${ICP_FUZZ_TIMEOUT:-10}

# Which dictionaries (fuzz/dict/) each harness's input is made of.
dictionaries() {
  case "$1" in
    source) echo icp ;;
    manifest | test_file) echo toml ;;
    mapping) echo toml csv ;;
    artifact) echo icpb ;;
    jsonl) echo json ;;
    csv) echo csv json ;;
    c_api) echo json icpb ;;
  esac
}

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "tools/run fuzz: SECONDS must be a positive whole number, found \`$seconds\`" >&2
  exit 2
fi

# -O1 with line tables, as OSS-Fuzz builds: fast enough to fuzz, quick to compile, and every
# frame of a crash's stack has its file and line.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DICP_FUZZ=ON -DICP_BUILD_TESTS=OFF -DICP_BENCH=OFF \
  >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 2; }
targets=(icpc)
for harness in $harnesses; do targets+=("icp_fuzz_$harness"); done
cmake --build "$build" -j 2 --target "${targets[@]}"
sh "$root/fuzz/seeds.sh" "$build/tools/icpc/icpc" "$build/seeds"

export ASAN_OPTIONS=${ASAN_OPTIONS:-"detect_leaks=1:abort_on_error=1:symbolize=1"}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-"print_stacktrace=1:halt_on_error=1"}
summary=()
for harness in $harnesses; do
  dict="$build/dict/$harness.dict"
  mkdir -p "$build/dict" "$build/corpus/$harness" "$build/findings/$harness"
  : >"$dict"
  for part in $(dictionaries "$harness"); do cat "$root/fuzz/dict/$part.dict" >>"$dict"; done
  log="$build/logs/$harness.log"
  mkdir -p "$build/logs"
  limits=(-max_total_time="$seconds")
  [ -n "${ICP_FUZZ_RUNS:-}" ] && limits+=(-runs="$ICP_FUZZ_RUNS")
  echo "== $harness: fuzzing for ${seconds}s${ICP_FUZZ_RUNS:+ or $ICP_FUZZ_RUNS executions} (log: $log)"
  # Fork mode with one worker: a crash, hang or OOM is saved and fuzzing goes on, so one
  # finding does not end a long campaign; the parent only merges, so one core is busy.
  start=$(date +%s)
  "$build/fuzz/icp_fuzz_$harness" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -dict="$dict" "${limits[@]}" -timeout="$timeout" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$harness/" "$build/corpus/$harness" "$build/seeds/$harness" \
    >"$log" 2>&1 || true
  elapsed=$(( $(date +%s) - start ))
  # The last status line: "#RUNS: cov: C ft: F corp: N exec/s E oom/timeout/crash: O/T/C time: Ss ..."
  status=$(grep -E '^#[0-9]+: cov: ' "$log" | tail -n 1 || true)
  runs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$status")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$status")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$status")
  corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$status")
  ots=$(sed -nE 's/.* oom\/timeout\/crash: ([0-9]+\/[0-9]+\/[0-9]+).*/\1/p' <<<"$status")
  rate=$(( ${runs:-0} / (elapsed > 0 ? elapsed : 1) ))
  # Every finding goes to fuzz/regressions/<harness>/ for review: the ordinary build's replay
  # test runs them, so each must be fixed (or shown not to be a bug) before it is committed.
  new=0
  for finding in "$build/findings/$harness"/*; do
    [ -f "$finding" ] || continue
    target="$root/fuzz/regressions/$harness/$(basename "$finding")"
    [ -e "$target" ] && continue
    mkdir -p "$root/fuzz/regressions/$harness"
    cp "$finding" "$target"
    new=$((new + 1))
    echo "   finding: fuzz/regressions/$harness/$(basename "$finding")"
    echo "   reproduce: $build/fuzz/icp_fuzz_$harness $target"
  done
  line=$(printf '%-10s %8ss %12s %9s %7s %8s %8s %18s %5s' "$harness" "$elapsed" "${runs:-?}" "$rate" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "${ots:-?}" "$new")
  echo "   $line"
  summary+=("$line")
done

{
  echo
  printf '%-10s %9s %12s %9s %7s %8s %8s %18s %5s\n' harness time executions exec/s cov ft corpus oom/timeout/crash new
  printf '%s\n' "${summary[@]}"
} | tee "$build/summary.txt"

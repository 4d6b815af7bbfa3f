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
#   ICP_FUZZ_MAX_LEN    the longest input the fuzzer makes, in bytes (default 32768: long enough
#                       for deep nesting and long rule chains, short enough to stay fast)
#   ICP_FUZZ_BUILD_DIR  the clang build folder (default: build-fuzz)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
build=${ICP_FUZZ_BUILD_DIR:-"$root/build-fuzz"}
# KEEP IN SYNC: ICP_FUZZ_HARNESSES in fuzz/CMakeLists.txt, fuzz/seeds.sh.
all_harnesses="source manifest test_file mapping artifact jsonl csv c_api team exports previous_queue decision_log"
harnesses=${ICP_FUZZ_HARNESSES:-$all_harnesses}
timeout=${ICP_FUZZ_TIMEOUT:-10}
max_len=${ICP_FUZZ_MAX_LEN:-32768}

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
    team | exports) echo toml queue ;;
    previous_queue | decision_log) echo json decision_log ;;
  esac
}

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "tools/run fuzz: SECONDS must be a positive whole number, found \`$seconds\`" >&2
  exit 2
fi

# -O1 with line tables, as OSS-Fuzz builds: fast enough to fuzz, quick to compile, and every
# frame of a crash's stack has its file and line.
mkdir -p "$build"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DICP_FUZZ=ON -DICP_BUILD_TESTS=OFF -DICP_BENCH=OFF \
  >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 2; }
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
  echo "== $harness: fuzzing for ${seconds}s${ICP_FUZZ_RUNS:+ or $ICP_FUZZ_RUNS executions} (log: $log)"
  # One fuzzing process at a time. A finding stops libFuzzer, so the harness is started again
  # (its corpus kept) until its time or executions are used up: one finding does not end a
  # long campaign. libFuzzer's fork mode would do the same, but it starts a process per job,
  # and each start compiles the bundled profiles again.
  : >"$log"
  start=$(date +%s)
  runs=0
  restarts=0
  while :; do
    left=$((seconds - ($(date +%s) - start)))
    [ "$left" -gt 0 ] || break
    limits=(-max_total_time="$left")
    [ -n "${ICP_FUZZ_RUNS:-}" ] && limits+=(-runs=$((ICP_FUZZ_RUNS - runs)))
    "$build/fuzz/icp_fuzz_$harness" -dict="$dict" "${limits[@]}" -timeout="$timeout" -max_len="$max_len" \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/findings/$harness/" \
      "$build/corpus/$harness" "$build/seeds/$harness" >"$log.part" 2>&1 && finished=1 || finished=0
    cat "$log.part" >>"$log"
    executed=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log.part" | tail -n 1)
    # A run that ended on a finding may print no final stats: its last status line counts.
    [ -n "$executed" ] || executed=$(sed -nE 's/^#([0-9]+)[[:space:]].*/\1/p' "$log.part" | tail -n 1)
    runs=$((runs + ${executed:-0}))
    [ "$finished" -eq 1 ] && break
    [ -n "${ICP_FUZZ_RUNS:-}" ] && [ "$runs" -ge "$ICP_FUZZ_RUNS" ] && break
    restarts=$((restarts + 1))
    [ "$restarts" -lt 50 ] || break  # the same finding over and over: look at it first
  done
  rm -f "$log.part"
  elapsed=$(( $(date +%s) - start ))
  # Coverage from the last status line: "#RUNS  NEW|REDUCE|pulse|DONE  cov: C ft: F corp: N/SIZE ..."
  status=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$status")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$status")
  corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$status")
  findings=$(find "$build/findings/$harness" -type f | wc -l)
  rate=$(( runs / (elapsed > 0 ? elapsed : 1) ))
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
  line=$(printf '%-10s %8ss %12s %9s %7s %8s %8s %9s %5s' "$harness" "$elapsed" "$runs" "$rate" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$findings" "$new")
  echo "   $line"
  summary+=("$line")
done

{
  echo
  printf '%-10s %9s %12s %9s %7s %8s %8s %9s %5s\n' harness time executions exec/s cov ft corpus findings new
  printf '%s\n' "${summary[@]}"
} | tee "$build/summary.txt"

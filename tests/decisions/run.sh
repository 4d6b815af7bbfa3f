#!/usr/bin/env bash
# Decision scenarios (after Cedar's integration tests): each <name>.scenario names a
# profile, its accounts, an as-of date and whether to audit; <name>.expected.jsonl holds
# the exact decisions. Every scenario is evaluated from source with 1, 2 and 8 threads
# and from a built .icpb artifact, and all four outputs must equal the expectation byte
# for byte. Usage: run.sh ICPC REPO_ROOT [--update]
set -uo pipefail
icpc=$1
root=$2
update=${3:-}
cd "$root" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
for scenario in tests/decisions/*.scenario; do
  name=$(basename "$scenario" .scenario)
  profile= records= as_of= audit=
  # shellcheck disable=SC1090
  source "$scenario"
  expected=tests/decisions/$name.expected.jsonl
  flags=(--input "$records" --as-of "$as_of")
  [ "$audit" = yes ] && flags+=(--audit)
  ok=yes
  for threads in 1 2 8; do
    "$icpc" eval "$profile" "${flags[@]}" --threads "$threads" --output "$work/$name.$threads.jsonl" 2>"$work/$name.err"
    code=$?
    if [ "$code" -gt 1 ]; then
      echo "FAIL $name: icpc eval exited $code"; cat "$work/$name.err"; ok=no
    fi
  done
  "$icpc" build "$profile" -o "$work/$name.icpb" >/dev/null || { echo "FAIL $name: build"; ok=no; }
  "$icpc" eval "$work/$name.icpb" "${flags[@]}" --output "$work/$name.artifact.jsonl" 2>/dev/null
  if [ "$update" = --update ]; then
    cp "$work/$name.1.jsonl" "$expected"
  fi
  for run in 1 2 8; do
    if ! cmp -s "$work/$name.$run.jsonl" "$expected"; then
      echo "FAIL $name: --threads $run differs from $expected"
      diff "$expected" "$work/$name.$run.jsonl" | head -20
      ok=no
    fi
  done
  # The artifact's decisions differ only where the audit names the source file, which an
  # artifact does not carry as a path given on the command line: compare without it.
  if ! diff <(sed 's/"source":"[^"]*"//' "$expected") <(sed 's/"source":"[^"]*"//' "$work/$name.artifact.jsonl") >/dev/null; then
    echo "FAIL $name: decisions from the built artifact differ from decisions from source"
    ok=no
  fi
  if [ $ok = yes ]; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); fi
done
echo "decisions: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

#!/bin/sh
# Same record, same answer (issue 13, item 1): one file of edge records (edge_records.jsonl:
# "UK", NAICS 2017's "5112", lowercase and three-letter country codes, 1- and 7-digit NAICS,
# empty strings, codes as numbers, malformed lines) decided through the C API (identity_c),
# the C++ API (identity_session) and `icpc eval`, without and with the audit. The decision
# lines, the rejections and the reference data named must be the same bytes everywhere.
# Usage: identity_test.sh ICPC IDENTITY_C IDENTITY_SESSION IDENTITY_DIR
set -eu
icpc=$1 host_c=$2 host_cpp=$3 dir=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
as_of=2026-11-23
records=$dir/edge_records.jsonl
lines=$(wc -l <"$records")

"$icpc" build "$dir/profile.icp" -o "$tmp/profile.icpb" >"$tmp/build.out" 2>&1 || { cat "$tmp/build.out"; fail "icpc build"; }

for audit in 0 1; do
  flag=
  [ "$audit" -eq 1 ] && flag=--audit
  "$host_c" "$tmp/profile.icpb" "$records" "$as_of" "$audit" >"$tmp/c.$audit" || fail "the C host failed (audit $audit)"
  "$host_cpp" "$tmp/profile.icpb" "$records" "$as_of" "$audit" "$tmp/cpp_rejections.$audit" >"$tmp/cpp.$audit" ||
    fail "the C++ host failed (audit $audit)"
  status=0
  # shellcheck disable=SC2086  # $flag is empty or one word
  "$icpc" eval "$tmp/profile.icpb" --input "$records" --as-of "$as_of" $flag --errors "$tmp/eval_rejections.$audit" \
    >"$tmp/eval.$audit" 2>"$tmp/eval_stderr.$audit" || status=$?
  [ "$status" -eq 1 ] || { cat "$tmp/eval_stderr.$audit"; fail "icpc eval: exit $status, expected 1 (records are rejected)"; }

  # The C and C++ APIs: the whole transcript (reference data, decisions, rejections worded
  # as the C API words them), byte for byte.
  diff "$tmp/c.$audit" "$tmp/cpp.$audit" >"$tmp/diff" || { cat "$tmp/diff"; fail "the C API and the C++ API disagree (audit $audit)"; }
  # The C API and icpc eval: the decision lines.
  grep '^{' "$tmp/c.$audit" >"$tmp/c_decisions.$audit" || true
  diff "$tmp/c_decisions.$audit" "$tmp/eval.$audit" >"$tmp/diff" ||
    { cat "$tmp/diff"; fail "the C API and icpc eval decide differently (audit $audit)"; }
  # The C++ API and icpc eval: the rejections, line, id, field, expected, found and message.
  diff "$tmp/cpp_rejections.$audit" "$tmp/eval_rejections.$audit" >"$tmp/diff" ||
    { cat "$tmp/diff"; fail "the C++ API and icpc eval reject differently (audit $audit)"; }
  decided=$(wc -l <"$tmp/eval.$audit")
  rejected=$(wc -l <"$tmp/eval_rejections.$audit")
  [ $((decided + rejected)) -eq "$lines" ] || fail "$decided decided + $rejected rejected is not the $lines records"
  [ "$(grep -c '^line ' "$tmp/c.$audit")" -eq "$rejected" ] || fail "the C host's rejections are not icpc eval's $rejected"
done

# Every host names the same reference data, as `icpc --version` does.
reference=$(sed -n 's/^reference data: //p' "$tmp/c.0")
[ -n "$reference" ] || fail "the C host names no reference data"
"$icpc" --version | grep -qF "$reference" || fail "icpc --version does not name \"$reference\""

# The lists themselves are checked, not the codes' shape: these are rejected ...
for id in country-uk country-lower-gb country-alpha-3 country-user-assigned country-empty hq-country-uk \
          naics-2017 naics-2017-6-digits naics-1-digit naics-7-digits naics-empty parent-naics-2017; do
  grep -q "\"id\":\"$id\"" "$tmp/eval_rejections.0" || fail "$id was not rejected"
done
# ... and these decided.
for id in normal-gb country-gb country-escaped hq-country-gb naics-2022-6-digits naics-ranged-part last-normal; do
  grep -q "^{\"id\":\"$id\"" "$tmp/eval.0" || fail "$id was not decided"
done
echo "ok: $lines edge records, $decided decided and $rejected rejected alike by the C API, the C++ API and icpc eval"

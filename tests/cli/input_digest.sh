# The audit's input digest: recomputed by an independent Python port of docs/evaluation.md
# "Input digest" (input_digest.py) for accounts using every field type, and equal for the
# forms of one record as decoded (`at` or `days_ago`, set order, JSON or CSV).
. "$(dirname "$0")/lib/common.sh"
ROOT=$(cd "$FIXTURES/../../.." && pwd)
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
fixture digest.icp
fixture digest-accounts.jsonl

run eval digest.icp --input digest-accounts.jsonl --as-of 2026-11-22 --audit --threads 2
expect_status 0
cp "$SCRATCH/out" decisions.jsonl
"$PYTHON" "$ROOT/tests/cli/input_digest.py" digest-accounts.jsonl decisions.jsonl 2026-11-22 >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 0
expect_out "6 digests checked, 0 differ"

# digest_of FILE: the input digest of the one account in FILE.
digest_of() {
  "$ICPC" eval digest.icp --input "$1" --as-of 2026-11-22 --audit 2>/dev/null |
    sed -n 's/.*"input_digest":"\(sha256:[0-9a-f]*\)".*/\1/p'
}
printf '{"id":"s","employees":64,"tags":["b","a"],"signals":[{"type":"job_post","days_ago":8}]}\n' > days.jsonl
printf '{"id":"s","tags":["a","b","a"],"employees":64,"signals":[{"type":"job_post","at":"2026-11-14"}]}\n' > at.jsonl
printf '{"id":"s","employees":64,"tags":["a"],"signals":[{"type":"job_post","at":"2026-11-14"}]}\n' > other.jsonl
printf 'id,employees,tags\ns,64,b;a\n' > s.csv
printf 'account_id,type,days_ago\ns,job_post,8\n' > signals.csv
reference=$(digest_of days.jsonl)
case "$reference" in sha256:????????????????????????????????????????????????????????????????) ;;
  *) fail "no input digest in the audit: '$reference'" ;; esac
[ "$(digest_of at.jsonl)" = "$reference" ] || fail "at and days_ago forms of one record have different digests"
[ "$(digest_of other.jsonl)" != "$reference" ] || fail "a different set gave the same digest"
csv=$("$ICPC" eval digest.icp --input s.csv --signals signals.csv --as-of 2026-11-22 --audit 2>/dev/null |
  sed -n 's/.*"input_digest":"\(sha256:[0-9a-f]*\)".*/\1/p')
[ "$csv" = "$reference" ] || fail "the CSV form of the record has a different digest ($csv, $reference)"
finish

# `icpc backtest` without look-ahead (issue 19): an accounts export with a valid-from column
# judges each deal with the row in force on its engage date. A company that had 40 employees
# when it bought and has 400 now is excluded with its history and "no fit" with today's row
# only. Whole reports are compared with the files in fixtures/backtest/history/expected/
# (after review, ICP_UPDATE_GOLDEN=1 rewrites them).
. "$(dirname "$0")/lib/common.sh"
for name in profile.icp; do fixture "backtest/$name" "$name"; done
for name in mapping.toml accounts.csv current.csv opportunities.csv bad_accounts.csv; do
  fixture "backtest/history/$name" "$name"
done
EXPECTED="$FIXTURES/backtest/history/expected"

# expect_golden NAME: stdout is byte for byte the expected file NAME.
expect_golden() {
  if [ "${ICP_UPDATE_GOLDEN:-}" = 1 ]; then cp "$SCRATCH/out" "$EXPECTED/$1"; return; fi
  diff -u "$EXPECTED/$1" "$SCRATCH/out" >"$SCRATCH/diff" || { cat "$SCRATCH/diff"; fail "stdout differs from expected/$1"; }
}
group_json() { grep -o "{\"group\":\"$1\"[^}]*}" "$SCRATCH/out"; }

# --- With history: the row in force on each engage date; a deal engaged before its
# account's first row is skipped and counted, never judged with a later row.
for format in text json html; do
  run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map mapping.toml --format $format
  expect_status 0
  expect_golden "history.$format"
done
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map mapping.toml --format json
expect_out '"firmographics":{"as_of":"engage_date","valid_from":"as_of","before_first_row":1,"first":[{"line":9,"account":"Late","engage_date":"2017-01-15","first_row":"2017-06-01"}]}'
group_json excluded | grep -qF '"opportunities":2,"share_percent":28.5714,"won":1,"lost":1' ||
  fail "Growco (40 employees when engaged) is not excluded"
group_json tier_2 | grep -qF '"opportunities":1,' || fail "Scaler between its rows (1200 employees) is not tier 2"
cp "$SCRATCH/out" first.json
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map mapping.toml --format json
cmp -s "$SCRATCH/out" first.json || fail "two runs of the same backtest with history differ"

grep -q 'valid-from column' "$SCRATCH/err" && fail "backtest notes that it does not read the history it reads"

# --- Commands that decide a file row by row do not read the history: they say so.
run eval profile.icp --input accounts.csv --map mapping.toml --as-of 2026-12-01
expect_status 0
expect_err_line "icpc: note: the mapping's valid-from column \`as_of\` is read by \`icpc backtest\` and \`icpc nucleus\` only: here every row is decided on its own, an account with several rows once per row"
[ "$(wc -l < "$SCRATCH/out")" -eq 7 ] || fail "eval should decide each of the 7 rows"
printf '[accounts]\nkey = "account"\n' >current.toml
run eval profile.icp --input current.csv --map current.toml --as-of 2026-12-01
expect_status 0
grep -q 'valid-from' "$SCRATCH/err" && fail "eval notes a history for a mapping without valid_from"

# --- Today's accounts only: the same deals, judged with the rows as they are now; the report
# says plainly that the firmographics are today's.
for format in text json html; do
  run backtest profile.icp --accounts current.csv --opportunities opportunities.csv --format $format
  expect_status 0
  expect_golden "current.$format"
done
run backtest profile.icp --accounts current.csv --opportunities opportunities.csv --format json
expect_out '"firmographics":{"as_of":"today"}'
group_json excluded | grep -qF '"opportunities":0,' || fail "with today's rows nothing should be excluded"
group_json non_icp | grep -qF '"opportunities":2,' || fail "Growco (400 employees now) is not non-ICP with today's rows"
run backtest profile.icp --accounts current.csv --opportunities opportunities.csv
expect_out_line "Firmographics are today's: current.csv has one row per account, so an account that changed after an engage date is judged as it is now (map [accounts] valid_from to a history to avoid this)"

# --- Rows that cannot be placed in time: bad rows with file, line and column (exit 1); the
# other rows of the same accounts still count.
run backtest profile.icp --accounts bad_accounts.csv --opportunities opportunities.csv --map mapping.toml
expect_status 1
expect_out 'malformed                 1  first: bad_accounts.csv:3 as_of "duplicate row for `Growco` valid from 2017-01-01 (first on line 2)"'
expect_out 'missing_date              1  first: bad_accounts.csv:5 as_of'
expect_out 'bad_date                  1  first: bad_accounts.csv:4 as_of "2016-13-01"'
expect_out "unknown_account           3  first: opportunities.csv:4 account \"Acme\""
printf '[accounts]\nvalid_from = "snapshot_date"\n' >missing.toml
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map missing.toml
expect_status 2
expect_err "accounts.csv: no valid-from column \`snapshot_date\` in the header (see --map)"
printf '[accounts]\nvalid_from = "account"\n' >key.toml
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --map key.toml
expect_status 2
expect_err "key.toml:2:14: \`valid_from\` names the account key column"

# --- The nucleus reads the same mapping: a won account's firmographics are the row in force
# when its first won deal was engaged (Growco: 40, not 400).
run nucleus --accounts accounts.csv --opportunities opportunities.csv --map mapping.toml --format json
expect_status 0
expect_out '"account":"Growco"'
grep -o '"account":"Growco".*' "$SCRATCH/out" | grep -o '"firmographics":{[^}]*}' | head -n 1 |
  grep -qF '"employees":"40","office":"United States","as_of":"2017-01-01"' ||
  fail "the nucleus shows Growco's firmographics of today, not of when it bought"
finish

# --map on eval, diff and explain: a CRM export (its own headers, a value map, Yes/No
# booleans) read through the mapping `icpc backtest` reads gives the same decisions, report
# and explanation as the same accounts written as JSON Lines in the profile's words; a field
# the profile lacks is a note; what the mapping cannot read is reported precisely.
. "$(dirname "$0")/lib/common.sh"
for name in profile.icp mapping.toml accounts.csv accounts.jsonl; do
  fixture "export/$name" "$name"
done

run eval profile.icp --input accounts.jsonl --as-of 2026-12-01 --output plain.jsonl
expect_status 0
run eval profile.icp --input accounts.csv --map mapping.toml --as-of 2026-12-01 --output mapped.jsonl --threads 3
expect_status 0
cmp -s plain.jsonl mapped.jsonl || fail "eval --map decides otherwise than the same accounts as JSON Lines"
[ "$(wc -l < mapped.jsonl)" -eq 7 ] || fail "expected 7 decisions"

# One mapping for a project's profiles: a field this profile lacks is a note, not an error.
{ cat mapping.toml; echo 'revenue = "Annual Revenue"'; } > shared.toml
run eval profile.icp --input accounts.csv --map shared.toml --as-of 2026-12-01
expect_status 0
expect_err_line "icpc: note: the mapping maps field \`revenue\`, which the profile's \`account\` block does not declare"

# A cell the mapping cannot read: the record is rejected naming field and spellings.
sed 's/^001B,\(.*\),Yes,Raj Patel$/001B,\1,Maybe,Raj Patel/' accounts.csv > maybe.csv
run eval profile.icp --input maybe.csv --map mapping.toml --as-of 2026-12-01
expect_status 1
expect_err_line "maybe.csv:3: record \`001B\` rejected: \`active\`: expected a boolean (Yes, No, true or false), found \"Maybe\""
# A mapped column the export lacks: nothing is decided.
sed '1s/Billing Country/Country/' accounts.csv > renamed.csv
run eval profile.icp --input renamed.csv --map mapping.toml --as-of 2026-12-01
expect_status 1
expect_err_line "icpc: error: renamed.csv:1: no column \`Billing Country\` (mapped to field \`country\`)"
expect_empty_out
# A mapping that is not valid: file, line and column.
printf '[accounts]\nkey = "Account ID"\nture_values = ["Yes"]\n' > typo.toml
run eval profile.icp --input accounts.csv --map typo.toml --as-of 2026-12-01
expect_status 2
expect_err_line "icpc: error: typo.toml:3:15: unknown key \`ture_values\` in [accounts]"
# JSON accounts are in the profile's own words.
run eval profile.icp --input accounts.jsonl --map mapping.toml --as-of 2026-12-01
expect_status 2
expect_err "--map reads the columns of a CSV export"

# --- diff: the same report from either input (file names and line numbers aside: the CSV
# has a header row).
sed 's/employees >= 1000/employees >= 2000/' profile.icp > profile-v2.icp
run diff profile.icp profile-v2.icp --input accounts.jsonl --as-of 2026-12-01
sed 's/accounts\.jsonl/SAMPLE/g; s/(line [0-9]*)/(line)/' "$SCRATCH/out" > plain-diff.txt
run diff profile.icp profile-v2.icp --input accounts.csv --map mapping.toml --as-of 2026-12-01
expect_status 0
sed 's/accounts\.csv/SAMPLE/g; s/(line [0-9]*)/(line)/' "$SCRATCH/out" > mapped-diff.txt
cmp -s plain-diff.txt mapped-diff.txt || fail "diff --map reports otherwise than the same accounts as JSON Lines"
grep -q "tier 1 → no_fit (1 account)" mapped-diff.txt || fail "the diff should move 001C from tier 1 to no_fit"

# --- explain: one row of the export, picked by its key column.
sed -n '2p' accounts.jsonl > one.json
run explain profile.icp --account one.json --as-of 2026-12-01 --color never
cp "$SCRATCH/out" plain-explain.txt
run explain profile.icp --account accounts.csv --map mapping.toml --id 001B --as-of 2026-12-01 --color never
expect_status 0
cmp -s plain-explain.txt "$SCRATCH/out" || fail "explain --map explains otherwise than the account as JSON"
run explain profile.icp --account accounts.csv --map mapping.toml --as-of 2026-12-01
expect_status 2
expect_err_line "icpc: error: accounts.csv: the export holds 7 accounts (001A, 001B, 001C, 001D, 001E, …); name the one to explain with --id"
run explain profile.icp --account accounts.csv --map mapping.toml --id 999 --as-of 2026-12-01
expect_status 2
expect_err_line "icpc: error: accounts.csv: no account \`999\` in the export"

finish

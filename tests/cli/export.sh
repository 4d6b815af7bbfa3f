# `icpc export` as a user runs it: decisions from `icpc eval` on a CRM export (read through
# --map) turned into each target's import file, compared byte for byte with a golden file
# per target (RFC 4180 quoting, CRLF, the formula guard on the files people open and not on
# CRM updates); --changed-since; and what stops or is reported, with file and line.
. "$(dirname "$0")/lib/common.sh"
for name in profile.icp mapping.toml accounts.csv accounts-last-week.csv exports.toml; do
  fixture "export/$name" "$name"
done

run eval profile.icp --input accounts.csv --map mapping.toml --as-of 2026-12-01 --output decisions.jsonl
expect_status 0
run eval profile.icp --input accounts-last-week.csv --map mapping.toml --as-of 2026-11-24 --output last-week.jsonl
expect_status 0

# --- One golden file per target.
for target in salesforce hubspot linkedin sdr; do
  run export --to "$target" --decisions decisions.jsonl --accounts accounts.csv --map mapping.toml --output "$target.csv"
  expect_status 0
  cmp -s "$target.csv" "$FIXTURES/export/expected/$target.csv" || fail "$target.csv differs from expected/$target.csv"
done
# The plain target's default file is relative to exports.toml.
mkdir -p out
run export --to plain --decisions decisions.jsonl --accounts accounts.csv --map mapping.toml
expect_status 0
expect_empty_out
cmp -s out/plain.csv "$FIXTURES/export/expected/plain.csv" || fail "out/plain.csv differs from expected/plain.csv"
# Every row carries the program id the decisions name.
program=$(sed -n 's/.*"program":"\([^"]*\)".*/\1/p' decisions.jsonl | sort -u)
[ "$(printf '%s\n' "$program" | wc -l)" -eq 1 ] || fail "the decisions name more than one program"
for file in salesforce.csv hubspot.csv linkedin.csv sdr.csv out/plain.csv; do
  rows=$(($(wc -l < "$file") - 1))
  with=$(grep -c "$program" "$file")
  [ "$rows" -eq "$with" ] || fail "$file: $with of $rows rows carry $program"
done

# --- --changed-since: only the accounts whose exported fields moved (001B grew, 001F went
# inactive, 001G is new); 001H was decided last week and is not now.
run export --to salesforce --decisions decisions.jsonl --changed-since last-week.jsonl --accounts accounts.csv \
  --map mapping.toml --output changed.csv
expect_status 0
cmp -s changed.csv "$FIXTURES/export/expected/salesforce-changed.csv" || fail "changed.csv differs from expected/salesforce-changed.csv"
expect_err_line "icpc: note: 3 of 7 selected accounts changed since \`last-week.jsonl\`; 4 unchanged left out"
expect_err_line "icpc: note: 1 accounts selected in \`last-week.jsonl\` are not now; an import file cannot remove them"
# The same decisions again: nothing moved, only the header is written.
run export --to salesforce --decisions decisions.jsonl --changed-since decisions.jsonl --accounts accounts.csv --map mapping.toml
expect_status 0
[ "$(wc -l < "$SCRATCH/out")" -eq 1 ] || fail "an export against itself should write the header only"
# An account decided twice counts by its first line on both sides (found by
# fuzz/exports_fuzzer.cpp: a later line selected where the first is not counted as exported
# before, and so as gone now).
line=$(grep -m 1 '"verdict":"tier"' decisions.jsonl)
{ printf '%s\n' "$line" | sed 's/"verdict":"tier"/"verdict":"excluded"/'; printf '%s\n' "$line"; } > twice.jsonl
run export --to linkedin --decisions twice.jsonl --changed-since twice.jsonl --accounts accounts.csv --map mapping.toml
expect_status 1  # the account decided twice is reported
expect_err "is decided twice (first on line 1): only the first is exported"
if grep -q "are not now" "$SCRATCH/err"; then fail "an account decided twice counted as gone"; fi
[ "$(wc -l < "$SCRATCH/out")" -eq 1 ] || fail "an export of an unselected account should write the header only"

# --- What is reported and the rest still written (exit 1).
grep -v '"id":"001A"' decisions.jsonl > partial.jsonl
printf 'not a decision\n' >> partial.jsonl
head -n 3 accounts.csv > few-accounts.csv
run export --to linkedin --decisions partial.jsonl --accounts few-accounts.csv --map mapping.toml
expect_status 1
expect_err_line "partial.jsonl:7: expected a decision line of \`icpc eval\` (an object with id, program, verdict and route), found something else"
expect_err_line "partial.jsonl:2: account \`001C\` is not in the accounts export \`few-accounts.csv\`: its account columns are empty"
expect_out "\"Globex, Inc.\",globex.example,"

# --- What stops before anything is written (exit 2).
run export --to marketo --decisions decisions.jsonl
expect_status 2
expect_err_line "icpc: error: \`exports.toml\` defines no target \`marketo\` (its targets: \`hubspot\`, \`linkedin\`, \`plain\`, \`salesforce\`, \`sdr\`)"
run export --to linkedin --decisions decisions.jsonl
expect_status 2
# A format's default column is located at the target's `format` (found by fuzz/exports_fuzzer.cpp).
expect_err_line "icpc: error: exports.toml:22:10: column \`companyname\` reads the accounts export (column \`Account Name\`): give it with --accounts"
cat > bad-exports.toml <<'TOML'
[targets.crm]
format = "salesforce"
columns = [
  ["Id", "id"],
  ["ICP_Tier__c", "tier_label"],
]
TOML
run export --to crm --config bad-exports.toml --decisions decisions.jsonl
expect_status 2
expect_err_line "icpc: error: bad-exports.toml:3:11: target \`crm\` writes no \`program\` column: every row carries the program id, so a system that imports it can tell which rules decided"
printf '[targets.crm]\nformat = "salesforce"\ncolumns = [["Id", "id"], ["ICP Tier", "tier_label"], ["P__c", "program"]]\n' > bad-exports.toml
run export --to crm --config bad-exports.toml --decisions decisions.jsonl
expect_status 2
expect_err "bad-exports.toml:3:11: target \`crm\`: \`ICP Tier\` is not a Salesforce API name"
printf '[targets.crm]\nformat = "marketo"\n' > bad-exports.toml
run export --to crm --config bad-exports.toml --decisions decisions.jsonl
expect_status 2
expect_err_line "icpc: error: bad-exports.toml:2:10: unknown format \`marketo\` (expected salesforce, hubspot, linkedin, sdr or csv)"
run export --to sdr --decisions decisions.jsonl --accounts accounts.csv --map mapping.toml --output decisions.jsonl
expect_status 2
expect_err "decisions.jsonl"
grep -q '"id":"001A"' decisions.jsonl || fail "the refused output overwrote the decisions"

finish

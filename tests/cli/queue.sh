# `icpc queue` as a user runs it: the CRM sample's week (ownership checked against an awk
# reading of the opportunities export, which shares no code with icpc), a small team's two
# weeks with --previous, the same bytes on a second run, and bad team files, unknown owners
# and refused outputs reported with file and line.
. "$(dirname "$0")/lib/common.sh"
SAMPLE=$(cd "$FIXTURES/../../../examples/crm-sample" && pwd)
for name in team.toml accounts.csv mapping.toml; do fixture "queue/$name" "$name"; done
fixture export/profile.icp profile.icp

# --- The sample: 35 reps, each account owned by its most recent deal's agent.
run queue "$SAMPLE/crm-hardware.icp" --input "$SAMPLE/data/accounts.csv" --map "$SAMPLE/mapping.toml" \
  --opportunities "$SAMPLE/data/sales_pipeline.csv" --team "$SAMPLE/team.toml" --week 2026-W49 --output-dir week49
expect_status 0
expect_empty_out
[ "$(ls week49/*.csv | wc -l)" -eq 36 ] || fail "expected 35 rep files and overflow.csv"
for file in queue.json summary.md overflow.csv; do [ -s "week49/$file" ] || fail "week49/$file is missing"; done
# Every account the profile sends to a queue is in exactly one rep file or in the overflow.
run eval "$SAMPLE/crm-hardware.icp" --input "$SAMPLE/data/accounts.csv" --map "$SAMPLE/mapping.toml" --as-of 2026-11-30
grep '"action":"queue"' "$SCRATCH/out" | sed 's/^{"id":"\([^"]*\)".*/\1/' | sort > queued.txt
tail -q -n +2 week49/*.csv | tr -d '\r' | cut -d, -f2 | sort > listed.txt
cmp -s queued.txt listed.txt || fail "the queues and the overflow do not list each queued account exactly once"
# The owner of each placed account is the agent of its latest-engaged deal (ties: the later row).
awk -F, 'FNR > 1 && $4 != "" && $6 != "" && $6 >= last[$4] { last[$4] = $6; agent[$4] = $2 }
         END { for (a in agent) print a "," agent[a] }' "$SAMPLE/data/sales_pipeline.csv" | sort > owners.txt
for file in week49/*.csv; do
  rep=$(basename "$file" .csv)
  [ "$rep" = overflow ] && continue
  name=$(sed -n "/^id = \"$rep\"$/{n;s/^name = \"\(.*\)\"$/\1/p}" "$SAMPLE/team.toml")
  tail -n +2 "$file" | tr -d '\r' | while IFS=, read -r rank account rest; do
    grep -qxF "$account,$name" owners.txt || echo "$account is in $rep's queue, but its last deal's agent is not $name"
  done
done > wrong-owner.txt
[ ! -s wrong-owner.txt ] || fail "$(cat wrong-owner.txt)"
# Versie Hillebrand is away all week: her three accounts overflow, with the reason.
[ "$(grep -c ',out_of_office,owner `versie-hillebrand` is out of office all week,versie-hillebrand,' week49/overflow.csv)" -eq 3 ] \
  || fail "the away rep's accounts should overflow as out_of_office"
grep -qF '| Moses Frase | Dustin Brinkmann | field-sales, inside-sales, nurture | 40 | 24 |' week49/summary.md \
  || fail "two days out of five should leave Moses Frase 24 of 40"
# The same inputs give the same bytes.
run queue "$SAMPLE/crm-hardware.icp" --input "$SAMPLE/data/accounts.csv" --map "$SAMPLE/mapping.toml" \
  --opportunities "$SAMPLE/data/sales_pipeline.csv" --team "$SAMPLE/team.toml" --week 2026-W49 --output-dir again
diff -r week49 again > /dev/null || fail "a second run wrote other bytes"

# --- A small team's week: new accounts balanced within territory, the owner's kept.
run queue profile.icp --input accounts.csv --map mapping.toml --team team.toml --week 2026-W49 --output-dir w49
expect_status 0
[ "$(tr -d '\r' < w49/kim.csv | cut -d, -f2,9 | tail -n +2 | tr '\n' ' ')" = "D2,balance D4,balance F2,balance " ] \
  || fail "kim's queue: $(cat w49/kim.csv)"
[ "$(tr -d '\r' < w49/jane.csv | cut -d, -f2,9 | tail -n +2)" = "D1,owner" ] || fail "jane keeps the account she owns"
grep -q '^1,U1,field-sales,1,Enterprise,0,no_rep_for_territory,' w49/overflow.csv || fail "U1 has no rep for its territory"
# Next week: D3 grows into field-sales (Raj does not work it), F2 goes inactive, N1 is new.
sed 's/^D3,450,/D3,1500,/; s/^F2,200,France,Yes,/F2,200,France,No,/' accounts.csv > next.csv
echo 'N1,600,Germany,Yes,' >> next.csv
run queue profile.icp --input next.csv --map mapping.toml --team team.toml --week 2026-W50 --previous w49/queue.json \
  --output-dir w50
expect_status 0
[ "$(tr -d '\r' < w50/kim.csv | cut -d, -f2,9 | tail -n +2 | tr '\n' ' ')" = "D2,previous D3,balance D4,previous " ] \
  || fail "kim keeps last week's accounts and takes D3: $(cat w50/kim.csv)"
[ "$(tr -d '\r' < w50/raj.csv | cut -d, -f2,9 | tail -n +2 | tr '\n' ' ')" = "F1,previous N1,balance " ] \
  || fail "raj keeps F1 and takes N1: $(cat w50/raj.csv)"
grep -qF '"changes":{"entered":["N1"],"left":["F2"],"moved":[{"id":"D3","from":"raj","to":"kim"}]}' w50/queue.json \
  || fail "the changes since last week: $(cat w50/queue.json)"
grep -qF 'Entered (1): N1' w50/summary.md || fail "the summary lists what entered"
# The summary as one self-contained page.
run queue profile.icp --input accounts.csv --map mapping.toml --team team.toml --week 2026-W49 --summary html
expect_status 0
expect_out "<h1>Queues for 2026-W49</h1>"
expect_no_out "<script"
expect_no_out "src="

# --- An owner the team does not know: reported with file and line, the account overflows.
sed 's/^D1,2500,Germany,Yes,Jane Doe$/D1,2500,Germany,Yes,Former Rep/' accounts.csv > unknown-owner.csv
run queue profile.icp --input unknown-owner.csv --map mapping.toml --team team.toml --week 2026-W49 --output-dir unknown
expect_status 1
expect_err_line "icpc: error: unknown-owner.csv:2: account \`D1\`: owner \`Former Rep\` is no rep of team.toml"
grep -q '^1,D1,field-sales,1,Enterprise,0,unknown_owner,the CRM' unknown/overflow.csv || fail "D1 should overflow as unknown_owner"

# --- Bad team files stop before anything is written (exit 2), at file, line and column.
bad_team() {  # bad_team SED-EXPRESSION EXPECTED-STDERR-LINE
  sed "$1" team.toml > bad-team.toml
  run queue profile.icp --input accounts.csv --map mapping.toml --team bad-team.toml --week 2026-W49 --output-dir bad
  expect_status 2
  expect_err_line "$2"
  [ ! -e bad ] || fail "nothing should be written for a bad team file"
}
bad_team 's/^capacity_range = \[1, 60\]$//; s/capacity    = 2$/capacity    = 0/' \
  "icpc: error: bad-team.toml:16:15: rep \`jane\`: capacity 0 is outside the sane range 20 to 60 accounts a week (\`capacity_range\`)"
bad_team 's/^capacity_range = \[1, 60\]$//; s/capacity    = [0-9]*$/capacity    = 500/' \
  "icpc: error: bad-team.toml:16:15: rep \`jane\`: capacity 500 is outside the sane range 20 to 60 accounts a week (\`capacity_range\`)"
bad_team 's/regions = \["dach"\]/countries = ["DE", "AT", "XX"]/' \
  "icpc: error: bad-team.toml:6:26: unknown country code \`XX\` (expected an ISO 3166-1 alpha-2 code, upper case)"
bad_team 's/territories = \["eu-rest"\]/territories = ["eu-west"]/' \
  "icpc: error: bad-team.toml:31:16: unknown territory \`eu-west\` (defined: dach, eu-rest)"
bad_team 's/^\[\[reps\]\]$/[[reps]/' "icpc: error: bad-team.toml:12:8: invalid TOML: Error while parsing table header: expected ']', saw '\n'"
run queue profile.icp --input accounts.csv --map mapping.toml --team team.toml --week 2026-W54
expect_status 2
expect_err_line "icpc: error: --week expects an ISO week such as 2026-W49, found \"2026-W54\""
# An output that is an input is refused: last week's queue.json in this week's folder.
run queue profile.icp --input accounts.csv --map mapping.toml --team team.toml --week 2026-W50 --previous w49/queue.json \
  --output-dir w49
expect_status 2
expect_err "w49/queue.json"

finish

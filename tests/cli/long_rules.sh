# Generated rules as a pull request brings them (issue 12): a blocklist of 20,000 ids as one
# `or` chain, a sum of 20,000 terms, nesting one level past the limit, a file past the size
# limit. Every command that reads rules takes them: check, build, dump, fmt (idempotent, same
# program id), eval --audit, explain, test and diff (whose reasons show an excerpt of a long
# rule, not all of it). Profiles are generated here with awk: nothing large is committed.
. "$(dirname "$0")/lib/common.sh"
AS_OF=2026-11-22

# blocklist N SKIP: a profile excluding ids acct-0 .. acct-(N-1), but acct-SKIP, 8 to a line.
blocklist() {
  awk -v n="$1" -v skip="$2" 'BEGIN {
    print "profile \"Blocklist\" {\n  owner    \"ops@example.com\"\n  reviewed 2026-11-01\n  review_every 365d\n}\n"
    print "account {\n  employees: int\n}\n"
    printf "exclude blocked when"
    first = 1
    for (i = 0; i < n; i++) {
      if (i == skip) continue
      printf "%s id == \"acct-%d\"", (first ? "" : (i % 8 == 0 ? "\n    or" : " or")), i
      first = 0
    }
    print "\n\ncriterion big = " 
    for (i = 0; i < n; i++) printf "%semployees", (i == 0 ? "" : (i % 12 == 0 ? "\n    + " : " + "))
    print " >= 20000\n"
    print "tier 1 \"Fit\" = big\n"
    print "route {\n  when excluded -> disqualify\n  when tier == 1 -> queue \"ae\"\n  else -> ignore\n}"
  }'
}
blocklist 20000 -1 >old.icp
blocklist 20000 17777 >new.icp
printf '{"id":"acct-17777","employees":5}\n{"id":"acct-20001","employees":5}\n{"id":"acct-3","employees":1}\n' >accounts.jsonl
printf '{"id":"acct-17777","employees":5}\n' >one.json

run check old.icp new.icp
expect_status 0
expect_out "icpc: 2 files checked, no problems"

# build, and the dumps: linear in the rules (the indentation stops growing at 32 levels)
run build old.icp -o old.icpb
expect_status 0
size=$(wc -c <old.icp)
for stage in syntax ir; do
  run dump "$stage" old.icp
  expect_status 0
  [ "$(wc -c <"$SCRATCH/out")" -lt $((40 * size)) ] || fail "dump $stage of a chain is not linear in it"
done
run dump syntax old.icp
expect_out '[depth 33] '
run dump bytecode old.icpb
expect_status 0

# fmt: the layout changes, the program does not, and a second fmt changes nothing
cp old.icp formatted.icp
run fmt formatted.icp
expect_status 0
run fmt --check formatted.icp
expect_status 0
expect_empty_out
"$ICPC" eval old.icp --input accounts.jsonl --as-of $AS_OF >before.jsonl 2>/dev/null
"$ICPC" eval formatted.icp --input accounts.jsonl --as-of $AS_OF >after.jsonl 2>/dev/null
cmp -s before.jsonl after.jsonl || fail "fmt changed the program (decisions and program id differ)"

# eval --audit, explain, test
run eval old.icpb --input accounts.jsonl --as-of $AS_OF --audit
expect_status 0
[ "$(grep -c '"verdict":"excluded"' "$SCRATCH/out")" -eq 2 ] || fail "acct-17777 and acct-3 should be excluded"
expect_out '"id":"acct-20001","profile":"Blocklist"'
run explain old.icp --account one.json --as-of $AS_OF --color never
expect_status 0
expect_out 'acct-17777 — would be tier 1 "Fit", excluded by blocked'
expect_out 'id == "acct-0" or id == "acct-1" or'
[ "$(wc -c <"$SCRATCH/out")" -lt 4000 ] || fail "explain should show the start of a 20,000-term rule, not all of it"
cat >old.test.toml <<'EOF'
rules = "old.icp"
as_of = 2026-11-22

[[case]]
name    = "a listed id is excluded"
verdict = "excluded"
[case.account]
id        = "acct-19999"
employees = 5

[[case]]
name    = "20,000 employees fit"
verdict = "tier"
tier    = 1
[case.account]
id        = "acct-20001"
employees = 1
EOF
run test old.test.toml
expect_status 0

# diff: the account that leaves the blocklist, with an excerpt of the changed rule
run diff old.icp new.icp --input accounts.jsonl --as-of $AS_OF
expect_status 0
expect_out 'acct-17777'
expect_out 'exclusion blocked: true → false'
expect_out '…'
[ "$(wc -c <"$SCRATCH/out")" -lt 20000 ] || fail "diff's reasons should quote an excerpt of a long rule, not all of it"

# diff's matrix has a row and a column per tier: past 1,000 tiers it says so (exit 2)
awk 'BEGIN {
  print "profile \"Tiers\" {\n  owner \"ops@example.com\"\n}\naccount {\n  employees: int\n}"
  for (i = 1; i <= 1001; i++) printf "tier %d \"T%d\" = employees > %d\n", i, i, 1001 - i
  print "route {\n  else -> ignore\n}"
}' >tiers.icp
run diff tiers.icp tiers.icp --input accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'icpc: error: `tiers.icp` has 1001 tiers; diff compares profiles of at most 1000'

# One level of nesting past the limit: a located error, exit 1
awk 'BEGIN {
  print "profile \"Deep\" {\n  owner \"ops@example.com\"\n}\naccount {\n  employees: int\n}"
  printf "criterion deep = "; for (i = 0; i < 65; i++) printf "("; printf "employees > 1"; for (i = 0; i < 65; i++) printf ")"
  print "\ntier 1 \"Fit\" = deep\nroute {\n  else -> ignore\n}"
}' >deep.icp
run check deep.icp
expect_status 1
expect_out 'deep.icp:7:82: error[E0007]: expression nested more than 64 levels deep'

# Past the size limit (8 MiB): refused at the first byte beyond it, without reading the rest
head -c 9000000 /dev/zero | tr '\0' '#' >huge.icp
run check huge.icp
expect_status 1
expect_out 'huge.icp:1:8388609: error[E0008]: the file is larger than 8388608 bytes'
[ "$(wc -c <"$SCRATCH/out")" -lt 2000 ] || fail "the E0008 report should show a window of the line"
run fmt --check huge.icp
expect_status 1
expect_err 'error[E0008]'
finish

# `icpc test` as a user runs it: a passing suite, a failing case with expected vs actual
# and the explain trace, rejected accounts, malformed test files, discovery, coverage,
# and `icpc check` running the tests icp.toml names.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp

cat > clean.test.toml <<'EOF'
as_of = 2026-11-22

[[case]]
name    = "big enough is tier 1"
verdict = "tier"
tier    = 1
score   = "0"
route   = { action = "queue", queue = "ae", rule = 1 }
[case.account]
employees = 150

[[case]]
name    = "small is no fit"
verdict = "no_fit"
route   = "ignore"
account_file = "data/small.json"
EOF
mkdir -p data
printf '{"id": "acc-7",\n "employees": 20}\n' > data/small.json

# A passing suite: one line per file, the summary, exit 0; every discovery route agrees.
run test
expect_status 0
expect_out_line "ok   clean.test.toml (2 cases)"
expect_out_line "icpc test: 2 passed, 0 failed (1 file)"
for target in clean.test.toml clean.icp .; do
  run test "$target"
  expect_status 0
  expect_out_line "icpc test: 2 passed, 0 failed (1 file)"
done

# A folder with an icp.toml of its own is another project: `icpc test .` leaves its tests out.
mkdir -p nested
cp -r clean.icp clean.test.toml data nested/
printf 'files = ["*.icp"]\n' >nested/icp.toml
run test .
expect_status 0
expect_out_line "icpc test: 2 passed, 0 failed (1 file)"
run test nested
expect_status 0
expect_out_line "icpc test: 2 passed, 0 failed (1 file)"
rm -r nested

# Coverage: both route rules and the tier are reached.
run test --coverage
expect_status 0
expect_out_line "coverage clean.icp: 3 of 3 tiers, exclusions and route rules reached"

# A failing case: expected vs actual per field, then the explain trace of the account.
cat > failing.test.toml <<'EOF'
rules = "clean.icp"
as_of = 2026-11-22

[[case]]
name    = "mid-size should be tier 1"
verdict = "tier"
route   = { queue = "ae" }
[case.account]
id        = "acc-42"
employees = 99
EOF
run test failing.test.toml --color never
expect_status 1
expect_out_line "FAIL failing.test.toml:4: case \`mid-size should be tier 1\`"
expect_out_line "  field        expected  actual"
expect_out_line "  verdict      \"tier\"    \"no_fit\""
expect_out_line "  route.queue  \"ae\"      none"
expect_out_line "    acc-42 — no tier holds (profile \"Clean\" , program sha256:$(sed -n 's/.*program sha256:\([0-9a-f]\{12\}\).*/\1/p' "$SCRATCH/out" | head -n 1)…, as of 2026-11-22)"
expect_out_line "      1 Fit  false  employees >= 100  employees = 99"
expect_out_line "FAIL failing.test.toml (1 of 1 case failed)"
expect_out_line "icpc test: 0 passed, 1 failed (1 file)"
# JUnit XML for CI dashboards: one testsuite per file, the failure with its first mismatch
# and the same text as above; the summary on stderr, stdout only XML (checked by a parser).
run test clean.test.toml failing.test.toml --format junit
expect_status 1
expect_err_line "icpc test: 2 passed, 1 failed (2 files)"
expect_out '<testsuites name="icpc test" tests="3" failures="1" errors="0">'
expect_out '<testcase name="mid-size should be tier 1" classname="failing.test.toml" file="failing.test.toml" line="4">'
expect_out '<failure message="verdict: expected &quot;tier&quot;, actual &quot;no_fit&quot;">FAIL failing.test.toml:4: case `mid-size should be tier 1`'
if [ -w /dev/full ]; then
  "$ICPC" test clean.test.toml --format junit >/dev/full 2>"$SCRATCH/err"
  status=$?
  expect_status 2
  expect_err "cannot write to standard output"
  run test clean.test.toml failing.test.toml --format junit
fi
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 - "$SCRATCH/out" <<'PY' || fail "the JUnit XML does not parse, or its counts are wrong"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = root.findall("testsuite")
assert root.tag == "testsuites" and len(suites) == 2, [s.get("name") for s in suites]
cases = root.findall("testsuite/testcase")
assert len(cases) == 3 and len(root.findall("testsuite/testcase/failure")) == 1
assert "trace:" in root.find("testsuite/testcase/failure").text
PY
fi

# The trace is `icpc explain`'s, byte for byte.
printf '{"id":"acc-42","employees":99}' > acc42.json
"$ICPC" explain clean.icp --account acc42.json --as-of 2026-11-22 --color never > explain.txt
sed 's/^/    /; s/^    $//' explain.txt > explain_indented.txt
grep -qxF -f explain_indented.txt "$SCRATCH/out" || fail "the trace is not icpc explain's output"

# All files together: the summary counts both, exit 1.
run test
expect_status 1
expect_out_line "icpc test: 2 passed, 1 failed (2 files)"

# A rejected account points at the TOML value; an unknown field gets a suggestion.
cat > rejected.test.toml <<'EOF'
rules = "clean.icp"
as_of = 2026-11-22
[[case]]
name    = "wrong type"
verdict = "no_fit"
[case.account]
employees = "many"
[[case]]
name    = "typo"
verdict = "no_fit"
[case.account]
employes = 5
EOF
run test rejected.test.toml --color never
expect_status 1
expect_out "rejected.test.toml:7:13: error: account of case \`wrong type\` rejected: \`employees\`: expected an integer, found \"many\""
expect_out "rejected.test.toml:12:1: error: account of case \`typo\` rejected: the schema has no field \`employes\`"
expect_out "help: did you mean \`employees\`?"
rm rejected.test.toml

# Malformed test files: exit 2, errors with file:line:column on stderr.
mkdir bad
printf 'as_of = 2026-11-22\n[[case]\nname = "x"\n' > bad/broken.test.toml
run test bad/broken.test.toml
expect_status 2
expect_err "bad/broken.test.toml:2:8: error: invalid TOML"
cat > bad/keys.test.toml <<'EOF'
rules = "../clean.icp"
[[case]]
name = "x"
verdikt = "tier"
[case.account]
employees = 5
EOF
run test bad/keys.test.toml
expect_status 2
expect_err "bad/keys.test.toml:4:1: error: unknown key \`verdikt\` in a case"
expect_err "help: did you mean \`verdict\`?"
expect_err "bad/keys.test.toml:2:1: error: a case needs an \`as_of\` date"
printf 'as_of = 2026-11-22\n[[case]]\nname = "x"\nverdict = "tier"\n[case.account]\nemployees = 5\n' > bad/orphan.test.toml
run test bad/orphan.test.toml
expect_status 2
expect_err "the profile under test, \`bad/orphan.icp\`, does not exist"
rm -r bad

# Usage errors: a missing path, a profile without tests, no test files at all.
run test missing.test.toml
expect_status 2
expect_err "\`missing.test.toml\` does not exist"
cp clean.icp lonely.icp
run test lonely.icp
expect_status 2
expect_err "no test file beside \`lonely.icp\` tests it"
mkdir empty
run test empty
expect_status 2
expect_err "no test files found"

# Coverage that misses something fails the run with --coverage, not without it.
rm failing.test.toml
cat > partial.test.toml <<'EOF'
rules = "lonely.icp"
[[case]]
name    = "only the tier"
as_of   = 2026-11-22
verdict = "tier"
[case.account]
employees = 500
EOF
run test partial.test.toml
expect_status 0
run test partial.test.toml --coverage
expect_status 1
expect_out_line "coverage lonely.icp: 2 of 3 tiers, exclusions and route rules reached"
expect_out_line "  not reached: route rule 2 (line 16: else)"
expect_out_line "icpc test: 1 passed, 0 failed (1 file); 1 profile not fully covered"
rm partial.test.toml

# icp.toml's `tests`: `icpc test` runs those, and `icpc check` reports failures as E0601.
printf 'files = ["clean.icp"]\ntests = ["clean.test.toml"]\ntoday = 2026-11-23\n' > icp.toml
run check
expect_status 0
expect_out_line "icpc: 1 file checked, no problems"
sed 's/tier    = 1/tier    = 2/' clean.test.toml > changed && mv changed clean.test.toml
run test
expect_status 1
expect_out_line "  tier   2         1"
run check --color never
expect_status 1
expect_out_line "clean.test.toml:3:1: error[E0601]: test case \`big enough is tier 1\` failed: tier expected 2, got 1"
expect_out "= help: run \`icpc test clean.test.toml\` to see the decision's trace"
run check --format json
expect_status 1
expect_out '"file":"clean.test.toml","line":3,"col":1,"end_line":3,"end_col":9,"severity":"error","code":"E0601"'
run check --format github
expect_out "::error file=clean.test.toml,line=3,col=1,endLine=3,endColumn=8,title=E0601::test case"
run check --format sarif
expect_out '"ruleId": "E0601"'
printf 'files = ["clean.icp"]\ntests = ["nothing*.test.toml"]\n' > icp.toml
run check
expect_status 2
expect_err "matches no file"

finish

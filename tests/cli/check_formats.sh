# The machine formats: json (one object per line), sarif, github; the summary goes to stderr.
. "$(dirname "$0")/lib/common.sh"
fixture error.icp
fixture clean.icp

run check --today 2026-11-23 --format json error.icp clean.icp
expect_status 1
expect_out_line '{"file":"error.icp","line":12,"col":16,"end_line":12,"end_col":24,"severity":"error","code":"E0210","slug":"unknown-name","message":"unknown name `employes`","help":"did you mean `employees`?","notes":[]}'
[ "$(wc -l <"$SCRATCH/out")" -eq 1 ] || fail "json: expected exactly one line"
expect_err_line "icpc: 1 error in 2 files"

run check --today 2026-11-23 --format json clean.icp
expect_status 0
expect_empty_out

run check --today 2026-11-23 --format sarif error.icp
expect_status 1
expect_out '"$schema": "https://json.schemastore.org/sarif-2.1.0.json"'
expect_out '"version": "2.1.0"'
expect_out '"name": "icpc"'
expect_out '"ruleId": "E0210"'
expect_out '"uri": "error.icp"'
expect_out '"uriBaseId": "%SRCROOT%"'
expect_out '"startLine": 12,'
expect_out '"startColumn": 16,'
expect_out '"endColumn": 24'
if command -v python3 >/dev/null 2>&1; then
  python3 -m json.tool "$SCRATCH/out" >/dev/null || fail "sarif: not valid JSON"
fi

run check --today 2026-11-23 --format github error.icp
expect_status 1
expect_out_line '::error file=error.icp,line=12,col=16,endLine=12,endColumn=23,title=E0210::unknown name `employes`%0Ahelp: did you mean `employees`?'
finish

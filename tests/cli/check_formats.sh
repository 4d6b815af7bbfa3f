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

# A broken icp.toml: exit 2 with the error on stderr as in text, and in each machine format a
# valid output carrying it as an E0701 result (a CI step uploading SARIF still gets a file).
printf 'files = ["*.icp"\n' >icp.toml
run check --format json
expect_status 2
expect_err "icp.toml:1:17: error: invalid TOML"
expect_out_line '{"file":"icp.toml","line":1,"col":17,"end_line":1,"end_col":17,"severity":"error","code":"E0701","slug":"project-unusable","message":"invalid TOML: Error while parsing array: encountered end-of-file","help":null,"notes":[]}'
run check --format github
expect_status 2
expect_out_line '::error file=icp.toml,line=1,col=17,endLine=1,endColumn=17,title=E0701::invalid TOML: Error while parsing array: encountered end-of-file'
run check --format sarif
expect_status 2
if command -v python3 >/dev/null 2>&1; then
  python3 - "$SCRATCH/out" <<'PY' || fail "sarif of a broken icp.toml: not one E0701 result at icp.toml:1:17"
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
location = results[0]["locations"][0]["physicalLocation"]
assert [r["ruleId"] for r in results] == ["E0701"], results
assert location["artifactLocation"]["uri"] == "icp.toml", location
assert (location["region"]["startLine"], location["region"]["startColumn"]) == (1, 17), location
assert results[0]["partialFingerprints"]["icpcDiagnostic/v1"], results
PY
fi
# A manifest naming a file that does not exist: the same, pointing at the entry.
printf 'files = ["missing/*.icp"]\n' >icp.toml
run check --format json
expect_status 2
expect_out '"code":"E0701"'
expect_out '"message":"`missing/*.icp` matches no file"'
rm icp.toml
finish

# `icpc diff` as a reviewer runs it: examples/mid-market-security.icp (2026.4) against a
# copy with a higher size threshold, a new exclusion, a heavier g2_visit and a new funding
# stage (fixtures/diff/mid-market-security-v2.icp), over fixtures/diff/accounts.jsonl.
# The transition matrix is recomputed here from two `icpc eval` runs, independently of diff.
# Text and Markdown reports are compared with fixtures/diff/expected.{txt,md}; to rewrite
# them after an intended change: UPDATE_EXPECTED=1 sh tests/cli/diff.sh ICPC tests/cli/fixtures
. "$(dirname "$0")/lib/common.sh"
EXAMPLES=$(cd "$FIXTURES/../../../examples" && pwd)
AS_OF=2026-11-22
cp "$EXAMPLES/mid-market-security.icp" mid-market-2026.4.icp
fixture diff/mid-market-security-v2.icp mid-market-2026.5.icp
fixture diff/accounts.jsonl accounts.jsonl
fixture error.icp

# --- The matrix, computed independently: (old outcome, new outcome) pairs from `icpc eval`.
# outcomes DECISIONS ERRORS: "id outcome" per account, outcome as tier_N, no_fit, excluded
# or rejected (from eval's rejection lines), sorted by id for join.
outcomes() {
  {
    sed -n 's/^{"id":"\([^"]*\)".*"verdict":"tier","tier":\([0-9]*\),.*/\1 tier_\2/p' "$1"
    sed -n 's/^{"id":"\([^"]*\)".*"verdict":"no_fit".*/\1 no_fit/p' "$1"
    sed -n 's/^{"id":"\([^"]*\)".*"verdict":"excluded".*/\1 excluded/p' "$1"
    sed -n 's/^.*: record `\([^`]*\)` rejected: .*/\1 rejected/p' "$2"
  } | sort
}
"$ICPC" eval mid-market-2026.4.icp --input accounts.jsonl --as-of $AS_OF >old.jsonl 2>old.err
"$ICPC" eval mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF >new.jsonl 2>new.err
outcomes old.jsonl old.err >old.pairs
outcomes new.jsonl new.err >new.pairs
[ "$(wc -l <old.pairs)" -eq 16 ] && [ "$(wc -l <new.pairs)" -eq 16 ] || fail "eval did not account for all 16 accounts"
join old.pairs new.pairs | cut -d' ' -f2,3 | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/\2 \1/' | sort >expected.cells

# matrix_cells REPORT.json: "old new count" for every non-zero cell of diff's matrix.
matrix_cells() {
  labels=$(sed 's/.*"outcomes":\[\([^]]*\)\].*/\1/' "$1" | tr -d '"' | tr ' ' '_' | tr ',' ' ')
  sed 's/.*"matrix":\[\[\(.*\)\]\],"transitions".*/\1/' "$1" | sed 's/\],\[/\n/g' | {
    r=0
    while IFS= read -r row; do
      r=$((r + 1))
      old=$(echo "$labels" | cut -d' ' -f$r)
      c=0
      for count in $(echo "$row" | tr ',' ' '); do
        c=$((c + 1))
        [ "$count" -eq 0 ] && continue
        echo "$old $(echo "$labels" | cut -d' ' -f$c) $count"
      done
    done
  } | sort
}

run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF --format json
expect_status 0
cp "$SCRATCH/out" report.json
matrix_cells report.json >diff.cells
if ! cmp -s expected.cells diff.cells; then
  fail "diff's matrix differs from the one computed from eval: $(diff expected.cells diff.cells | tr '\n' ' ')"
fi
# The fixture's moves, stated once more so a broken fixture cannot make both sides agree trivially.
grep -qx 'tier_1 tier_2 1' diff.cells || fail "d-02 should move from tier 1 to tier 2"
grep -qx 'tier_1 excluded 1' diff.cells || fail "d-04 should be excluded by the new tiny_revenue"
grep -qx 'rejected tier_3 1' diff.cells || fail "d-05 (pre_seed) should be rejected by old only"
expect_out '"accounts":16,"changed":{"any":10,"outcome":6,"route":4,"score":4},"rejected":{"old":2,"new":1}'
expect_out '"program":"sha256:'
expect_out '"version":"2026.5"'
expect_out '"score":{"accounts":14,"increased":4,"decreased":0,"unchanged":10,"mean":0.8571,"p50":0,"p90":4,"min":0,"max":4,'
expect_out '"reasons":["exclusion tiny_revenue (new): true (revenue_musd = 3; `revenue_musd < 5`)"]'
expect_out 'score 34 → 36: signal g2_visit 10 → 12 points (weight 10 within 30d → weight 12 within 30d)'
expect_err 'accounts.jsonl:5: record `d-05` rejected by old: `funding_stage`'
expect_err 'accounts.jsonl:11: record `d-10` rejected by both versions'
python3 -m json.tool report.json >/dev/null 2>&1 || fail "--format json is not valid JSON"

# Same bytes for any thread count.
for threads in 2 5; do
  "$ICPC" diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF --format json \
    --threads $threads >threads.json 2>/dev/null
  cmp -s report.json threads.json || fail "--threads $threads changes the report"
done

# --- Text and Markdown against the expected files.
check_expected() {  # FORMAT FILE
  "$ICPC" diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF --format "$1" \
    >"report.$2" 2>/dev/null
  if [ -n "${UPDATE_EXPECTED:-}" ]; then
    cp "report.$2" "$FIXTURES/diff/expected.$2"
  elif ! cmp -s "report.$2" "$FIXTURES/diff/expected.$2"; then
    fail "--format $1 differs from fixtures/diff/expected.$2: $(diff "$FIXTURES/diff/expected.$2" "report.$2" | head -20)"
  fi
}
check_expected text txt
check_expected markdown md
grep -q '^<details>$' report.md && grep -q '^</details>$' report.md || fail "markdown lacks the <details> block"

# --examples bounds the examples per change; 0 leaves none.
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF --format json --examples 1
expect_out '"old":"tier 2","new":"tier 3","count":2,"examples":[{"id":"d-03","line":3,'
expect_no_out '"id":"d-11"'
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF --examples 0
expect_no_out 'd-02'

# Identical versions: nothing changes, --fail-on-change still exits 0.
run diff mid-market-2026.4.icp mid-market-2026.4.icp --input accounts.jsonl --as-of $AS_OF --fail-on-change
expect_status 0
expect_out 'No account of 16 changes verdict, tier, route or score. Both versions compile to the same program.'
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF --fail-on-change
expect_status 1

# An artifact as OLD gives the same report body as its source.
"$ICPC" build mid-market-2026.4.icp -o old.icpb >/dev/null 2>&1
run diff old.icpb mid-market-2026.5.icp --input accounts.jsonl --as-of $AS_OF --format json
expect_status 0
sed 's/"source":"[^"]*"//' "$SCRATCH/out" >from_artifact.json
sed 's/"source":"[^"]*"//' report.json >from_source.json
cmp -s from_artifact.json from_source.json || fail "an .icpb OLD gives a different report"

# CSV accounts with a signals side file, as eval reads them.
printf 'id,employees,revenue_musd,naics,country,funding_stage,tech,is_customer\nc-1,220,40,513210,GB,growth,zscaler,false\nc-2,400,3,541511,US,series_b,okta,false\n' >accounts.csv
printf 'account_id,type,days_ago\nc-1,exec_hire,30\nc-2,g2_visit,2\n' >signals.csv
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.csv --signals signals.csv --as-of $AS_OF --format json
expect_status 0
expect_out '"accounts":2,'
expect_out '{"old":"tier 1","new":"tier 2","count":1,"examples":[{"id":"c-1","line":2,'
expect_out '{"old":"tier 2","new":"excluded","count":1,"examples":[{"id":"c-2","line":3,'

# --- --git: OLD from a commit of a temporary repository, from its root and a subfolder.
GIT_CEILING_DIRECTORIES=$SCRATCH
export GIT_CEILING_DIRECTORIES
git_q() { git -c user.name=icp -c user.email=icp@example.com -c init.defaultBranch=main "$@" >/dev/null 2>&1; }
mkdir -p repo/icp
cp mid-market-2026.4.icp repo/icp/mid-market.icp
(cd repo && git_q init && git_q add icp/mid-market.icp && git_q commit -m "2026.4") || fail "cannot set up the git repository"
cp mid-market-2026.5.icp repo/icp/mid-market.icp
cd repo
run diff --git HEAD icp/mid-market.icp --input ../accounts.jsonl --as-of $AS_OF --format json
expect_status 0
expect_out '"old":{"source":"HEAD:icp/mid-market.icp","profile":"Mid-market security","version":"2026.4"'
sed 's/"source":"[^"]*"//g; s/"sample":"[^"]*"//' "$SCRATCH/out" >../git.json
cd icp
run diff --git HEAD mid-market.icp --input ../../accounts.jsonl --as-of $AS_OF --format json
expect_status 0
expect_out '"source":"HEAD:icp/mid-market.icp"'
run diff --git HEAD "$PROJECT/repo/icp/mid-market.icp" --input ../../accounts.jsonl --as-of $AS_OF --format json
expect_status 0
expect_out '"source":"HEAD:icp/mid-market.icp"'
cd "$PROJECT"
sed 's/"source":"[^"]*"//g; s/"sample":"[^"]*"//' report.json >files.json
cmp -s git.json files.json || fail "--git HEAD gives a different report from the same two files"

# git errors are precise and exit 2; nothing reaches a shell.
cd repo
cp icp/mid-market.icp icp/untracked.icp
run diff --git HEAD icp/untracked.icp --input ../accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'cannot read `icp/untracked.icp` at revision `HEAD`'
run diff --git no-such-branch icp/mid-market.icp --input ../accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'at revision `no-such-branch`'
run diff '--git=HEAD;touch pwned' icp/mid-market.icp --input ../accounts.jsonl --as-of $AS_OF
expect_status 2
[ ! -e pwned ] || fail "a revision reached a shell"
run diff --git=--output=x icp/mid-market.icp --input ../accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'is not a revision'
run diff --git HEAD icp --input ../accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'is a folder at revision `HEAD`'
run diff --git HEAD ../accounts.jsonl --input ../accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'is not inside the git repository'
cd "$PROJECT"
mkdir norepo
cd norepo
run diff --git HEAD x.icp --input ../accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err '--git needs a git repository'
cd "$PROJECT"

# --- Usage errors and rules with errors: exit 2.
run diff mid-market-2026.4.icp --input accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'diff needs OLD and NEW rules'
run diff mid-market-2026.4.icp error.icp --input accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err 'error[E0210]'
expect_err '`error.icp` has errors: nothing to compare'
run diff mid-market-2026.4.icp missing.icp --input accounts.jsonl --as-of $AS_OF
expect_status 2
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input missing.jsonl --as-of $AS_OF
expect_status 2
expect_err 'missing.jsonl'
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --as-of 2026-02-30
expect_status 2
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --format html
expect_status 2
run diff mid-market-2026.4.icp mid-market-2026.5.icp --as-of $AS_OF
expect_status 2
expect_err '--input'
run diff mid-market-2026.4.icp mid-market-2026.5.icp --input accounts.jsonl --signals signals.csv --as-of $AS_OF
expect_status 2
expect_err 'CSV accounts'
finish

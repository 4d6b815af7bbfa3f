# `icpc fmt`: --check prints a unified diff (the same hunks as `diff -u`) and exits 1
# without touching the file; fmt rewrites in place, keeps the program id, and a second
# run changes nothing; `-`/--stdin filter; a file with syntax errors is left untouched.
. "$(dirname "$0")/lib/common.sh"
fixture unformatted.icp
fixture unformatted.icp tree/a/one.icp
fixture unformatted.icp tree/b/two.icp
cp unformatted.icp original.icp

run build unformatted.icp -o before.icpb
expect_status 0
id_before=$(grep -o 'sha256:[0-9a-f]*' "$SCRATCH/out")

run fmt --check unformatted.icp
expect_status 1
expect_out_line "--- a/unformatted.icp"
expect_out_line "+++ b/unformatted.icp"
expect_out_line "@@ -1,12 +1,19 @@"
expect_out_line "+  owner        \"ops@example.com\""
expect_err_line "icpc: 1 file would be reformatted, 0 already formatted"
cmp -s unformatted.icp original.icp || fail "--check changed the file"
cp "$SCRATCH/out" check.diff

run fmt unformatted.icp
expect_status 0
expect_empty_out
expect_err_line "icpc: 1 file reformatted, 0 already formatted"
cmp -s unformatted.icp original.icp && fail "fmt did not rewrite the file"
expect_line() { grep -qxF -- "$1" unformatted.icp || fail "formatted file lacks the line: $1"; }
expect_line "criterion big   = employees >= 100"
expect_line "criterion local = country in [\"US\", \"CA\"]   # North America"
expect_line "  when tier == 1  -> queue \"ae\" sla 24h"
expect_line "  else            -> ignore"

# The diff's hunks are those of GNU diff -u between the old and the new file.
if command -v diff >/dev/null 2>&1; then
  diff -u original.icp unformatted.icp | tail -n +3 >gnu.diff
  tail -n +3 check.diff >ours.diff
  cmp -s gnu.diff ours.diff || fail "hunks differ from diff -u: $(diff gnu.diff ours.diff)"
fi

run build unformatted.icp -o after.icpb
expect_status 0
id_after=$(grep -o 'sha256:[0-9a-f]*' "$SCRATCH/out")
[ -n "$id_before" ] && [ "$id_before" = "$id_after" ] || fail "program id changed: $id_before -> $id_after"

cp unformatted.icp once.icp
run fmt --check unformatted.icp
expect_status 0
expect_empty_out
expect_err_line "icpc: 0 files would be reformatted, 1 already formatted"
run fmt unformatted.icp
expect_status 0
cmp -s unformatted.icp once.icp || fail "a second fmt changed the file"

# Standard input to standard output.
"$ICPC" fmt - <original.icp >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 0
cmp -s "$SCRATCH/out" once.icp || fail "fmt - differs from fmt in place"
"$ICPC" fmt --stdin <original.icp >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 0
cmp -s "$SCRATCH/out" once.icp || fail "fmt --stdin differs from fmt in place"
"$ICPC" fmt --check - <original.icp >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 1
expect_out_line "--- a/<stdin>"
"$ICPC" fmt --check - <once.icp >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 0
expect_empty_out

# Folders: every .icp below them.
run fmt --check tree
expect_status 1
expect_out_line "--- a/tree/a/one.icp"
expect_out_line "--- a/tree/b/two.icp"
run fmt tree
expect_status 0
expect_err_line "icpc: 2 files reformatted, 0 already formatted"
cmp -s tree/a/one.icp once.icp || fail "tree/a/one.icp not formatted"

# A syntax error: diagnostics as `icpc check` renders them, exit 1, file untouched.
printf 'profile "Broken" {\n  owner "ops@example.com"\n}\ncriterion a =\ncriterion   b = 1\n' >broken.icp
cp broken.icp broken.orig
run fmt broken.icp once.icp
expect_status 1
expect_err 'broken.icp:4:14: error[E0001]: expected a condition after `=`'
expect_err_line "icpc: 0 files reformatted, 1 already formatted, 1 with syntax errors left as they are"
cmp -s broken.icp broken.orig || fail "a file with syntax errors was changed"
run fmt --check broken.icp
expect_status 1
expect_empty_out

# No path: the current folder (no icp.toml here).
mkdir solo && cp original.icp solo/p.icp && cd solo || exit 1
run fmt
expect_status 0
cmp -s p.icp ../once.icp || fail "fmt without a path did not format the current folder"
cd .. || exit 1

run fmt - once.icp
expect_status 2
run fmt missing.icp
expect_status 2
finish

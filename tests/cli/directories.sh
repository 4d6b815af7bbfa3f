# A folder argument recurses into *.icp files in path order, skipping other files, hidden
# folders and nested projects (a folder with its own icp.toml); no argument and no manifest
# means the current folder.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp profiles/b/clean.icp
fixture error.icp profiles/a/error.icp
fixture clean.icp profiles/.hidden/error.icp
echo "not a profile" >profiles/notes.txt

run check --today 2026-11-23 profiles
expect_status 1
expect_out "profiles/a/error.icp:12:16: error[E0210]"
expect_out_line "icpc: 1 error in 2 files"

run check --today 2026-11-23
expect_status 1
expect_out "profiles/a/error.icp:12:16: error[E0210]"
expect_out_line "icpc: 1 error in 2 files"

# A folder with an icp.toml of its own is another project: `check` of the outer folder leaves
# it out (its error is not reported, its profile not counted); named itself, it is checked as
# usual. (`icpc test` likewise: tests/cli/test.sh.)
fixture error.icp profiles/nested/error.icp
printf 'files = ["*.icp"]\n' >profiles/nested/icp.toml
run check --today 2026-11-23 profiles
expect_status 1
expect_out_line "icpc: 1 error in 2 files"
run check --today 2026-11-23 profiles/nested/error.icp
expect_status 1
expect_out "profiles/nested/error.icp:12:16: error[E0210]"

# The same file twice is checked once.
run check --today 2026-11-23 profiles/b profiles/b/clean.icp
expect_status 0
expect_out_line "icpc: 1 file checked, no problems"
finish

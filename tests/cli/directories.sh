# A folder argument recurses into *.icp files in path order, skipping other files and
# hidden folders; no argument and no manifest means the current folder.
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

# The same file twice is checked once.
run check --today 2026-11-23 profiles/b profiles/b/clean.icp
expect_status 0
expect_out_line "icpc: 1 file checked, no problems"
finish

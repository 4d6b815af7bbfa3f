# `icpc dump syntax` and `icpc dump ir`: the dump on stdout, diagnostics and exit 1 on errors.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp
fixture error.icp

run dump syntax clean.icp
expect_status 0
[ -s "$SCRATCH/out" ] || fail "dump syntax printed nothing"

run dump ir clean.icp
expect_status 0
[ -s "$SCRATCH/out" ] || fail "dump ir printed nothing"

run dump ir error.icp
expect_status 1
expect_empty_out
expect_err "error.icp:12:16: error[E0210]"

run dump ir .
expect_status 2
finish

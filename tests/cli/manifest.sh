# icp.toml: found in the current folder or above, `files` globs, lint levels allow and
# deny, max_profiles, and a bad manifest reported at its line and column with exit 2.
. "$(dirname "$0")/lib/common.sh"
fixture warning.icp icp/warning.icp
fixture clean.icp icp/clean.icp
fixture error.icp other/error.icp

printf 'files = ["icp/*.icp"]\ntoday = 2026-11-23\n' >icp.toml
run check
expect_status 0
expect_out "icp/warning.icp:12:5: warning[W0103]"
expect_out_line "icpc: 1 warning in 2 files"

printf 'files = ["icp/*.icp"]\ntoday = 2026-11-23\n[lints]\nunused-let = "allow"\n' >icp.toml
run check
expect_status 0
expect_no_out "W0103"
expect_out_line "icpc: 2 files checked, no problems"

# From a subfolder: the manifest above is used, paths are printed from here.
cd icp || exit 1
run check
expect_status 0
expect_out_line "icpc: 2 files checked, no problems"
cd .. || exit 1

printf 'files = ["icp/*.icp"]\ntoday = 2026-11-23\n[lints]\nW0103 = "deny"\n' >icp.toml
run check
expect_status 1
expect_out "icp/warning.icp:12:5: error[W0103]"
expect_out "= note: \`unused-let\` is set to \"deny\" in icp.toml"
expect_out_line "icpc: 1 error in 2 files"

# Paths on the command line win over `files`; the lint levels still apply.
run check other/error.icp icp/warning.icp
expect_status 1
expect_out "other/error.icp:12:16: error[E0210]"
expect_out_line "icpc: 2 errors in 2 files"

printf 'files = ["icp/*.icp"]\ntoday = 2026-11-23\nmax_profiles = 1\n[lints]\nunused-let = "allow"\n' >icp.toml
run check
expect_status 0
expect_out "icp/warning.icp:2:1: warning[W0107]"
expect_out "max_profiles"

printf 'files = ["icp/*.icp"]\nmax_profiles = "three"\n' >icp.toml
run check
expect_status 2
expect_err "icp.toml:2:16: error: \`max_profiles\` must be a whole number of at least 1, found a string"
expect_empty_out

printf '[lints]\nunknown-name = "allow"\n' >icp.toml
run check
expect_status 2
expect_err "icp.toml:2:16: error: \`unknown-name\` (E0210) is an error and cannot be set to \`allow\`"

printf 'files = ["nothing/*.icp"]\n' >icp.toml
run check
expect_status 2
expect_err "icp.toml:1:10: error: \`nothing/*.icp\` matches no file"

printf 'today = 2026-11-23\n[lints]\nunused-let = "allow"\n' >elsewhere.toml
rm icp.toml
run check --manifest elsewhere.toml icp
expect_status 0
expect_out_line "icpc: 2 files checked, no problems"

# `as_of`: the evaluation commands' default date; --as-of wins; a bad one stops them (exit 2).
printf '{"id":"a-1","employees":150}\n' >one.jsonl
printf 'as_of = 2026-01-15\n' >icp.toml
run eval icp/clean.icp --input one.jsonl
expect_status 0
expect_out '"as_of":"2026-01-15"'
run eval icp/clean.icp --input one.jsonl --as-of 2026-02-02
expect_out '"as_of":"2026-02-02"'
printf '{"id":"a-1","employees":150}' >one.json
run explain icp/clean.icp --account one.json
expect_status 0
expect_out "as of 2026-01-15"
printf 'as_of = "soon"\n' >icp.toml
run eval icp/clean.icp --input one.jsonl
expect_status 2
expect_err "icp.toml:1:9: error: \`as_of\` is not a date: \`soon\`"
rm icp.toml
finish

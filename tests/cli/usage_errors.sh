# Bad command lines and unreadable files exit 2 (never CLI11's own codes), with a message.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp

run check --bogus clean.icp
expect_status 2
expect_err "icpc: error:"
expect_err "--bogus"

run
expect_status 2
expect_err "icpc: error:"

run frobnicate
expect_status 2

run check --format xml clean.icp
expect_status 2
expect_err "--format"

run check --color sometimes clean.icp
expect_status 2

run check --deny everything clean.icp
expect_status 2

run check --today 2026-13-01 clean.icp
expect_status 2
expect_err_line "icpc: error: \`--today\` must be a date as YYYY-MM-DD, found \`2026-13-01\`"

run check missing.icp
expect_status 2
expect_err_line "icpc: error: cannot read \`missing.icp\`: no such file or folder"
expect_empty_out

run check --manifest nowhere.toml clean.icp
expect_status 2
expect_err "nowhere.toml"

mkdir empty
run check empty
expect_status 2
expect_err_line "icpc: error: no \`.icp\` files to check"

run dump syntax missing.icp
expect_status 2

run dump ir
expect_status 2
finish

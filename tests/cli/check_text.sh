# The text format: a clean file, a file with an error (carets), a warning, --deny warnings.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp
fixture error.icp
fixture warning.icp

run check --today 2026-11-23 clean.icp
expect_status 0
expect_out_line "icpc: 1 file checked, no problems"

run check --today 2026-11-23 error.icp
expect_status 1
expect_out_line "error.icp:12:16: error[E0210]: unknown name \`employes\`"
expect_out_line "   |"
expect_out_line "12 | tier 1 \"Fit\" = employes >= 100"
expect_out_line "   |                ^^^^^^^^"
expect_out_line "   = help: did you mean \`employees\`?"
expect_out_line "icpc: 1 error in 1 file"
expect_no_out "$(printf '\033')"

run check --today 2026-11-23 --color always error.icp
expect_status 1
expect_out "$(printf '\033[1;31m')error[E0210]"

run check --today 2026-11-23 warning.icp
expect_status 0
expect_out "warning.icp:12:5: warning[W0103]: "
expect_out_line "icpc: 1 warning in 1 file"

run check --today 2026-11-23 --deny warnings warning.icp
expect_status 1
expect_out "warning.icp:12:5: error[W0103]: "
expect_out "= note: \`--deny warnings\` turns warnings into errors"
expect_out_line "icpc: 1 error in 1 file"

run check --today 2026-11-23 clean.icp error.icp warning.icp
expect_status 1
expect_out_line "icpc: 1 error, 1 warning in 3 files"
finish

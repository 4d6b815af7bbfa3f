# `icpc --version`, `icpc --help` and `icpc check --help`: complete, exit 0.
. "$(dirname "$0")/lib/common.sh"

run --version
expect_status 0
expect_out_line "icpc $VERSION (ICP language 1)"

run --help
expect_status 0
for word in "Usage: icpc" "check" "dump" "--version" "Exit codes:" "0  no errors" \
            "1  errors found (or warnings, with --deny warnings)" "2  usage error, unreadable file, bad icp.toml or a failed write"; do
  expect_out "$word"
done

run check --help
expect_status 0
for word in "Usage: icpc check" "PATH" "--format" "text" "json" "sarif" "github" "--deny" "--color" \
            "auto" "always" "never" "--manifest" "--today" "Exit codes:"; do
  expect_out "$word"
done

run dump --help
expect_status 0
expect_out "syntax"
expect_out "ir"
finish

# The command line's manners (issue 19): "did you mean" for a mistyped command or option, a
# stray argument named with the option it belongs to, errors pointing at the command's own
# --help, `icpc help CMD`, `icpc version` and -V, option types as words, `icpc check -`,
# `icpc build` saying where it wrote, completion scripts and man pages from the help text.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp
fixture error.icp

run chek
expect_status 2
expect_err_line "icpc: error: no command \`chek\`; did you mean \`check\`?"
run frobnicate
expect_status 2
expect_err_line "icpc: error: no command \`frobnicate\`"

run eval clean.icp accounts.jsonl
expect_status 2
expect_err_line "icpc: error: unexpected argument \`accounts.jsonl\`: did you mean \`--input accounts.jsonl\`?"
expect_err_line "For more information, try \`icpc eval --help\`."
run eval clean.icp --thread 2
expect_status 2
expect_err_line "icpc: error: unknown option \`--thread\`; did you mean \`--threads\`?"
run check --format yaml clean.icp
expect_status 2
expect_err_line "For more information, try \`icpc check --help\`."

# `icpc help CMD` is `icpc CMD --help`, byte for byte; `help` alone is `--help`.
for command in check eval serve; do
  "$ICPC" "$command" --help >"$SCRATCH/want" 2>&1
  run help "$command"
  expect_status 0
  cmp -s "$SCRATCH/out" "$SCRATCH/want" || fail "icpc help $command differs from icpc $command --help"
done
"$ICPC" --help >"$SCRATCH/want" 2>&1
run help
cmp -s "$SCRATCH/out" "$SCRATCH/want" || fail "icpc help differs from icpc --help"
run help evl
expect_status 2
expect_err "did you mean \`eval\`?"

"$ICPC" --version >"$SCRATCH/want" 2>&1
for form in -V version; do
  run $form
  expect_status 0
  cmp -s "$SCRATCH/out" "$SCRATCH/want" || fail "icpc $form differs from icpc --version"
done

# Types in --help are words: no CLI11 internals (UINT, TEXT, `:INT in [1 - 256]`).
for command in $("$ICPC" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
  run "$command" --help
  expect_status 0
  if grep -E 'UINT|\bINT\b|\bTEXT\b|FLOAT| in \[' "$SCRATCH/out" >/dev/null; then fail "icpc $command --help shows parser types"; fi
done
run eval --help
expect_out "--threads N=1"

# `icpc check -` reads standard input, named <stdin>.
"$ICPC" check --today 2026-11-23 - <error.icp >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 1
expect_out "<stdin>:12:16: error[E0210]"
"$ICPC" check --today 2026-11-23 - <clean.icp >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 0
# Hostile standard input: deeply nested, and over the 8 MiB limit (read no further than that).
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "("; print "" }' | "$ICPC" check - >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 1
expect_out "<stdin>:1:1: error[E0001]"
head -c 9000000 /dev/zero | tr '\0' 'a' | "$ICPC" check - >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 1
expect_out "error[E0008]: the file is larger than 8388608 bytes"
# Writes that fail are failures: a full disk under help, a completion script, a man page
# (JUnit XML: tests/cli/test.sh).
if [ -w /dev/full ]; then
  for args in "help eval" "completion bash" "manpage eval"; do
    # shellcheck disable=SC2086
    "$ICPC" $args >/dev/full 2>"$SCRATCH/err"
    status=$?
    expect_status 2
    expect_err "cannot write to standard output"
  done
fi
run check - clean.icp
expect_status 2
expect_err "cannot be combined with other paths"

# `icpc build` without -o writes beside the source and says so.
run build clean.icp
expect_status 0
expect_out "clean.icpb: "
[ -f clean.icpb ] || fail "icpc build wrote no clean.icpb"

# Completion scripts name every command and its options; bash's parses.
run completion bash
expect_status 0
expect_out "complete -o filenames -F _icpc icpc"
expect_out "--threads"
bash -n "$SCRATCH/out" || fail "the bash completion script does not parse"
for shell in zsh fish; do
  run completion "$shell"
  expect_status 0
  expect_out "serve"
  expect_out "threads"
done
if command -v zsh >/dev/null 2>&1; then
  run completion zsh
  zsh -n "$SCRATCH/out" || fail "the zsh completion script does not parse"
fi
run completion tcsh
expect_status 2

# Man pages: one per command, in roff, from the same text as --help.
run manpage eval
expect_status 0
expect_out_line '.TH ICPC-EVAL 1 "" "icpc '"$VERSION"'" "icpc manual"'
expect_out '\-\-threads'
expect_out "Worker threads; the output is identical for any number"
run manpage
expect_status 0
expect_out_line ".B eval"
run manpage nope
expect_status 2
finish

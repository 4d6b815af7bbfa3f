# Every write `icpc` makes is checked (issue 12, docs/reliability.md "Outputs and writes"):
# each command writing to /dev/full, to a closed stdout or stderr and to a pipe closed early
# exits 2 with a message; an output that is an input (same name, symbolic or hard link,
# stdout redirected onto it) is refused before the input is touched; a failed write to a
# named output leaves the previous file whole and no temporary file behind; `fmt` in place
# keeps the mode; a terminating signal removes the temporary file.
. "$(dirname "$0")/lib/common.sh"
# The checks below need the real /dev/full (a character device whose writes fail with ENOSPC).
if [ ! -c /dev/full ]; then
  echo "FAIL: /dev/full is not a character device on this machine; restore it: mknod -m 666 /dev/full c 1 7"
  exit 1
fi
EXAMPLES=$(cd "$FIXTURES/../../../examples" && pwd)
AS_OF=2026-11-22
fixture clean.icp
fixture unformatted.icp
fixture explain/explain.icp explain.icp
fixture explain/included.json included.json
fixture diff/mid-market-security-v2.icp new.icp
fixture diff/accounts.jsonl sample.jsonl
cp "$EXAMPLES/mid-market-security.icp" old.icp
for name in profile.icp accounts.csv opportunities.csv mapping.toml crm_accounts.csv crm_opportunities.csv; do
  fixture "backtest/$name" "$name"
done
cat > clean.test.toml <<'EOF'
rules = "clean.icp"
as_of = 2026-11-22

[[case]]
name    = "big enough is tier 1"
verdict = "tier"
tier    = 1
[case.account]
employees = 150
EOF
printf '%s\n' '{"id":"a-1","employees":150}' '{"id":"a-2","employees":"many"}' '{"id":"a-3","employees":5}' > accounts.jsonl
# Enough output to fill any pipe (a few MB of decisions, a few hundred kB of dump).
awk 'BEGIN { for (i = 1; i <= 30000; i++) printf "{\"id\":\"a-%d\",\"employees\":%d}\n", i, i }' > many.jsonl
awk 'BEGIN { print "id,employees"; for (i = 1; i <= 30000; i++) printf "a-%d,%d\n", i, i }' > many.csv
{
  sed -n '2,10p' clean.icp
  awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "criterion c%d = employees >= %d\n", i, i }'
  printf 'tier 1 "Fit" = c1\nroute {\n  when tier == 1 -> queue "ae"\n  else -> ignore\n}\n'
} > big.icp
# A profile with no warnings (stderr stays short) whose artifact and layout are tens of kB.
{
  sed -n '2,10p' clean.icp
  awk 'BEGIN { for (i = 1; i <= 200; i++) printf "criterion c%d = employees >= %d\n", i, i
               printf "tier 1 \"Fit\" = all("
               for (i = 1; i <= 200; i++) printf "%sc%d", (i > 1 ? ", " : ""), i
               print ")" }'
  printf 'route {\n  when tier == 1 -> queue "ae"\n  else -> ignore\n}\n'
} > used.icp

# no_temporaries: no `.NAME.icpc-XXXXXX` file is left in the current folder.
no_temporaries() {
  leftover=$(ls -A | grep '\.icpc-' || true)
  [ -z "$leftover" ] || fail "$1: temporary files left behind: $leftover"
}
# same_bytes FILE COPY WHAT: FILE is unchanged.
same_bytes() { cmp -s "$1" "$2" || fail "$3: \`$1\` changed"; }

# --- Every command, as a user runs it: EXIT ARGS... (its normal exit code and arguments).
COMMANDS='1 eval clean.icp --input accounts.jsonl --as-of 2026-11-22
0 eval clean.icp --input many.jsonl --as-of 2026-11-22 --threads 3
0 build clean.icp -o built.icpb
0 diff old.icp new.icp --input sample.jsonl --as-of 2026-11-22
1 fmt --check unformatted.icp
0 dump syntax clean.icp
0 dump ir clean.icp
0 dump bytecode clean.icp
0 explain explain.icp --account included.json --as-of 2026-11-22
1 backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv
0 nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml
0 check clean.icp
0 test clean.test.toml
0 --version
0 --help'
printf '%s\n' "$COMMANDS" > commands.txt
while read -r expected args; do
  # shellcheck disable=SC2086  # the arguments have no spaces: split them
  set -- $args
  run "$@" </dev/null
  [ "$status" -eq "$expected" ] || fail "icpc $args: expected exit $expected, got $status"
  [ -s "$SCRATCH/out" ] || fail "icpc $args: wrote nothing to stdout, so the checks below prove nothing"

  "$ICPC" "$@" </dev/null >/dev/full 2>"$SCRATCH/err"
  status=$?
  [ "$status" -eq 2 ] || fail "icpc $args >/dev/full: expected exit 2, got $status"
  expect_err "icpc: error: cannot write to standard output: No space left on device"
  [ "$(grep -c 'cannot write to standard output' "$SCRATCH/err")" -eq 1 ] || fail "icpc $args >/dev/full: not one message"

  "$ICPC" "$@" </dev/null >&- 2>"$SCRATCH/err"
  status=$?
  [ "$status" -eq 2 ] || fail "icpc $args >&-: expected exit 2, got $status"
  expect_err "icpc: error: cannot write to standard output: it is closed"
done < commands.txt
# The same through stdin, for `fmt -`.
"$ICPC" fmt - <unformatted.icp >/dev/full 2>"$SCRATCH/err"
status=$?
expect_status 2
expect_err "cannot write to standard output: No space left on device"
no_temporaries "stdout failures"

# --- A pipe closed early (`| head -c 1`): the producer's own exit status, captured inside.
# pipe_closed_early ARGS...: more output than a pipe holds, so the write meets EPIPE.
pipe_closed_early() {
  { "$ICPC" "$@" 2>"$SCRATCH/err"; echo $? >"$SCRATCH/status"; } | head -c 1 >/dev/null
  status=$(cat "$SCRATCH/status")
  [ "$status" -eq 2 ] || fail "icpc $* | head -c 1: expected exit 2, got $status"
  expect_err "icpc: error: cannot write to standard output: Broken pipe"
  [ "$(wc -l <"$SCRATCH/err")" -eq 1 ] || fail "icpc $* | head -c 1: expected a one-line message"
}
pipe_closed_early eval clean.icp --input many.jsonl --as-of $AS_OF
pipe_closed_early eval clean.icp --input many.jsonl --as-of $AS_OF --threads 3 --audit
pipe_closed_early eval clean.icp --input many.csv --as-of $AS_OF
pipe_closed_early dump syntax big.icp
pipe_closed_early dump ir big.icp
pipe_closed_early dump bytecode big.icp
pipe_closed_early check big.icp --format json
pipe_closed_early fmt - <big.icp

# --- stderr fails too: the rejection report is lost, so the run is not a success.
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF >"$SCRATCH/out" 2>/dev/full
status=$?
expect_status 2
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF >"$SCRATCH/out" 2>&-
status=$?
expect_status 2

# --- Named outputs on a full device: every option that names an output file.
for args in "eval clean.icp --input accounts.jsonl --as-of $AS_OF --output /dev/full" \
            "eval clean.icp --input accounts.jsonl --as-of $AS_OF --errors /dev/full" \
            "build clean.icp -o /dev/full" \
            "diff old.icp new.icp --input sample.jsonl --as-of $AS_OF --output /dev/full" \
            "backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --output /dev/full" \
            "nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml --output /dev/full"; do
  # shellcheck disable=SC2086
  run $args
  [ "$status" -eq 2 ] || fail "icpc $args: expected exit 2, got $status"
  expect_err "icpc: error: cannot write \`/dev/full\`: No space left on device"
done

# --- A closed stdout cannot swallow a named output: descriptor 1 is taken before the
# --errors file is opened, so the decisions do not land in it.
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --errors rejected.jsonl >&- 2>"$SCRATCH/err"
status=$?
expect_status 2
expect_err "cannot write to standard output: it is closed"
[ ! -e rejected.jsonl ] || fail "a failed run with a closed stdout created --errors: $(head -c 200 rejected.jsonl)"
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --output /dev/stdout >&- 2>"$SCRATCH/err"
status=$?
expect_status 2
expect_err "cannot write \`/dev/stdout\`: Bad file descriptor"
# A closed stdin is an unreadable input, not an empty one.
run eval clean.icp --input - --as-of $AS_OF <&-
expect_status 2
expect_err "cannot read"

# --- An output naming an input is refused before anything is opened for writing.
cp accounts.jsonl accounts.copy
ln -s accounts.jsonl link.jsonl
ln accounts.jsonl hard.jsonl
# refused ARGS...: exit 2, the message, and the input untouched.
refused() {
  run "$@"
  [ "$status" -eq 2 ] || fail "icpc $*: expected exit 2, got $status"
  expect_err "are the same file"
  same_bytes accounts.jsonl accounts.copy "icpc $*"
}
refused eval clean.icp --input accounts.jsonl --as-of $AS_OF --output accounts.jsonl
expect_err_line "icpc: error: \`--output accounts.jsonl\` and \`--input accounts.jsonl\` are the same file: writing the output would destroy the input"
refused eval clean.icp --input accounts.jsonl --as-of $AS_OF --errors accounts.jsonl
refused eval clean.icp --input accounts.jsonl --as-of $AS_OF --output link.jsonl
refused eval clean.icp --input link.jsonl --as-of $AS_OF --errors accounts.jsonl
refused eval clean.icp --input hard.jsonl --as-of $AS_OF --output accounts.jsonl
refused eval clean.icp --input accounts.jsonl --as-of $AS_OF --errors hard.jsonl
refused eval clean.icp --input accounts.jsonl --as-of $AS_OF --output out.jsonl --errors out.jsonl
refused eval clean.icp --input - --as-of $AS_OF --output accounts.jsonl <accounts.jsonl
refused diff old.icp new.icp --input accounts.jsonl --as-of $AS_OF --output link.jsonl
cp clean.icp clean.copy
run build clean.icp -o clean.icp
expect_status 2
expect_err "\`-o clean.icp\` and the profile \`clean.icp\` are the same file"
same_bytes clean.icp clean.copy "build -o SOURCE"
run eval clean.icp --input accounts.jsonl --as-of $AS_OF --output clean.icp
expect_status 2
same_bytes clean.icp clean.copy "eval --output RULES"
cp accounts.csv accounts.csv.copy
run backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --output accounts.csv
expect_status 2
same_bytes accounts.csv accounts.csv.copy "backtest --output ACCOUNTS"
cp crm_opportunities.csv crm_opportunities.copy
run nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml --output crm_opportunities.csv
expect_status 2
same_bytes crm_opportunities.csv crm_opportunities.copy "nucleus --output OPPORTUNITIES"
# stdout appended (`>>`, so the shell keeps the bytes) onto an input: refused, not grown.
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF >>accounts.jsonl 2>"$SCRATCH/err"
status=$?
expect_status 2
expect_err "standard output and \`--input accounts.jsonl\` are the same file"
same_bytes accounts.jsonl accounts.copy "eval >>INPUT"
"$ICPC" eval clean.icp --input - --as-of $AS_OF <accounts.jsonl >>link.jsonl 2>"$SCRATCH/err"
status=$?
expect_status 2
expect_err "standard output and standard input are the same file"
"$ICPC" dump syntax clean.icp >>clean.icp 2>"$SCRATCH/err"
status=$?
expect_status 2
same_bytes clean.icp clean.copy "dump >>SOURCE"
"$ICPC" fmt - <unformatted.icp >>unformatted.icp 2>"$SCRATCH/err"
status=$?
expect_status 2
# Sharing stdout and stderr, or naming them as outputs, is not a clash.
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --errors /dev/stderr >both.txt 2>&1
status=$?
expect_status 1
grep -q '"id":"a-1"' both.txt && grep -q '"line":2,"id":"a-2"' both.txt || fail "stdout and --errors /dev/stderr into one file"
# /dev/stderr is the shell's descriptor, shared: `2>>` still appends.
echo "an earlier line" > app.log
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --errors /dev/stderr >/dev/null 2>>app.log
status=$?
expect_status 1
grep -qx "an earlier line" app.log && grep -q '"line":2,"id":"a-2"' app.log || fail "--errors /dev/stderr 2>>app.log: $(cat app.log)"
no_temporaries "refusals"

# --- A failed write to a named output leaves the previous good file whole (the file-size
# limit bites root too: EFBIG, as SIGXFSZ is ignored).
# keeps_previous OUTPUT ARGS...: a good OUTPUT exists; ARGS under `ulimit -f 2` (1 or 2 kB,
# as blocks are 512 or 1024 bytes) fail.
keeps_previous() {
  target=$1
  shift
  cp "$target" previous.copy
  (ulimit -f 2 && exec "$ICPC" "$@") >"$SCRATCH/out" 2>"$SCRATCH/err"
  status=$?
  [ "$status" -eq 2 ] || fail "icpc $* (ulimit -f 2): expected exit 2, got $status"
  expect_err "cannot write \`$target\`: File too large; \`$target\` was left as it was"
  same_bytes "$target" previous.copy "icpc $* (ulimit -f 2)"
  no_temporaries "icpc $* (ulimit -f 2)"
}
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --output decisions.jsonl --errors rejected.jsonl 2>/dev/null
keeps_previous decisions.jsonl eval clean.icp --input many.jsonl --as-of $AS_OF --output decisions.jsonl
keeps_previous decisions.jsonl eval clean.icp --input many.jsonl --as-of $AS_OF --output decisions.jsonl --threads 3
keeps_previous decisions.jsonl eval clean.icp --input many.csv --as-of $AS_OF --output decisions.jsonl
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "{\"id\":\"b-%d\",\"employees\":\"many\"}\n", i }' > rejects.jsonl
cp decisions.jsonl decisions.copy
keeps_previous rejected.jsonl eval clean.icp --input rejects.jsonl --as-of $AS_OF --output decisions.jsonl --errors rejected.jsonl
same_bytes decisions.jsonl decisions.copy "eval --output beside a failed --errors"
"$ICPC" build clean.icp -o used.icpb >/dev/null
keeps_previous used.icpb build used.icp -o used.icpb
"$ICPC" diff old.icp new.icp --input sample.jsonl --as-of $AS_OF --examples 0 --output report.json >/dev/null 2>&1
keeps_previous report.json diff old.icp new.icp --input sample.jsonl --as-of $AS_OF --format json --examples 1000 --output report.json
echo "a short report" > backtest.html
keeps_previous backtest.html backtest profile.icp --accounts accounts.csv --opportunities opportunities.csv --format html --output backtest.html
echo "a short report" > nucleus.html
keeps_previous nucleus.html nucleus --accounts crm_accounts.csv --opportunities crm_opportunities.csv --map mapping.toml --format html --output nucleus.html
# `fmt` in place: a profile reformatted past the limit keeps its old text.
cp used.icp sloppy.icp
keeps_previous sloppy.icp fmt sloppy.icp
# A folder without write permission has no room for the temporary file (not as root).
if [ "$(id -u)" -ne 0 ]; then
  mkdir locked
  cp decisions.jsonl locked/decisions.jsonl
  chmod 555 locked
  run eval clean.icp --input accounts.jsonl --as-of $AS_OF --output locked/decisions.jsonl
  expect_status 2
  expect_err "cannot write \`locked/decisions.jsonl\`: cannot create a temporary file in \`locked\`: Permission denied"
  same_bytes locked/decisions.jsonl decisions.jsonl "eval into a locked folder"
  chmod 755 locked
fi
run eval clean.icp --input accounts.jsonl --as-of $AS_OF --output .
expect_status 2
expect_err "cannot write \`.\`: it is a folder"

# --- New files get the umask's mode, replaced files keep theirs, links stay links.
(umask 027 && exec "$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --output fresh.jsonl 2>/dev/null)
mode=$(ls -l fresh.jsonl | cut -c1-10)
[ "$mode" = "-rw-r-----" ] || fail "a new output under umask 027 is $mode"
chmod 604 fresh.jsonl
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --output fresh.jsonl 2>/dev/null
mode=$(ls -l fresh.jsonl | cut -c1-10)
[ "$mode" = "-rw----r--" ] || fail "a replaced output lost its mode: $mode"
ln -s fresh.jsonl fresh-link.jsonl
"$ICPC" eval clean.icp --input accounts.jsonl --as-of $AS_OF --output fresh-link.jsonl 2>/dev/null
[ -L fresh-link.jsonl ] || fail "writing through a symbolic link replaced the link"

# --- `fmt` in place: mode kept, nothing left behind, an unchanged file not rewritten.
cp unformatted.icp mine.icp
chmod 751 mine.icp
ln -s mine.icp mine-link.icp
run fmt mine-link.icp
expect_status 0
mode=$(ls -l mine.icp | cut -c1-10)
[ "$mode" = "-rwxr-x--x" ] || fail "fmt changed the mode to $mode"
[ -L mine-link.icp ] || fail "fmt replaced the symbolic link with a file"
cmp -s mine.icp unformatted.icp && fail "fmt did not reformat through the link"
inode=$(ls -i mine.icp | awk '{ print $1 }')
run fmt mine.icp
expect_status 0
expect_err "0 files reformatted, 1 already formatted"
[ "$(ls -i mine.icp | awk '{ print $1 }')" = "$inode" ] || fail "fmt rewrote an unchanged file"
no_temporaries "fmt in place"

# --- A terminating signal removes the temporary file and keeps the previous output.
cp decisions.jsonl previous.copy
mkfifo slow.fifo
exec 7<>slow.fifo  # read-write: neither side blocks on open
head -n 100 many.jsonl >&7
"$ICPC" eval clean.icp --input slow.fifo --as-of $AS_OF --output decisions.jsonl 2>/dev/null &
pid=$!
tries=0
while [ -z "$(ls -A | grep '^\.decisions\.jsonl\.icpc-' || true)" ] && [ "$tries" -lt 100 ]; do
  sleep 0.05
  tries=$((tries + 1))
done
[ "$tries" -lt 100 ] || fail "eval never opened its temporary file"
kill -TERM "$pid"
wait "$pid" 2>/dev/null  # without the shell's "Terminated"
status=$?
exec 7>&-
[ "$status" -eq 143 ] || fail "eval killed by SIGTERM: expected exit 143, got $status"
same_bytes decisions.jsonl previous.copy "eval killed by SIGTERM"
no_temporaries "eval killed by SIGTERM"

# A named output under /dev is written in place: an icpc that renamed a file over /dev/full
# (as root it could) would have broken this machine's device.
[ -c /dev/full ] || fail "/dev/full is no longer a device: an output was renamed over it"

finish

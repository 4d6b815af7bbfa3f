# Every output escapes what icpc did not write (docs/reliability.md "Escaping"): profiles,
# accounts, decision tests and CRM exports whose ids, labels, names, values and file names hold
# line breaks, ESC/OSC/CSI sequences, C1 and bidi controls, backticks, pipes, @mentions, images,
# HTML and ill-formed UTF-8 (made by escaping_check.py), through every format: text on stdout and
# stderr, Markdown, HTML, JSON, SARIF and GitHub workflow commands. Each output is checked by
# escaping_check.py from the format's own rules; the Markdown and explain texts are also compared
# byte for byte with fixtures/escaping/*.expected.*; to rewrite them after reviewing a change:
# ICP_UPDATE_EXPECTED=1 sh tests/cli/escaping.sh build/tools/icpc/icpc tests/cli/fixtures
# Then an artifact whose label is not UTF-8 is refused, naming the byte and the string.
. "$(dirname "$0")/lib/common.sh"
ROOT=$(cd "$FIXTURES/../../.." && pwd)
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
CHECK="$ROOT/tests/cli/escaping_check.py"
"$PYTHON" "$CHECK" make . || fail "could not write the hostile inputs"
AS_OF=2026-11-22

# expect_format FORMAT FILE: escaping_check.py finds nothing wrong with FILE as FORMAT.
expect_format() {
  if ! "$PYTHON" "$CHECK" "$1" "$2" >"$SCRATCH/problems" 2>&1; then
    fail "$2 as $1: $(head -5 "$SCRATCH/problems" | tr '\n' ' ')"
  fi
}
# expect_bytes NAME FILE: FILE equals fixtures/escaping/NAME byte for byte.
expect_bytes() {
  expected="$FIXTURES/escaping/$1"
  if [ "${ICP_UPDATE_EXPECTED:-}" = 1 ]; then cp "$2" "$expected"; fi
  cmp -s "$2" "$expected" || fail "$2 differs from escaping/$1: $(diff "$expected" "$2" | head -10 | tr '\n' ' ')"
}
# keep NAME: the last run's stdout and stderr as NAME.out and NAME.err.
keep() { cp "$SCRATCH/out" "$1.out"; cp "$SCRATCH/err" "$1.err"; }

# --- diff: account ids and profile strings in a pull-request comment (the finding: a newline
# in an id made a live heading, an @mention and an image).
run diff old.icp new.icp --input accounts.jsonl --as-of $AS_OF --format markdown
expect_status 0
keep diff_md
expect_format markdown diff_md.out
expect_bytes diff.expected.md diff_md.out
expect_out '- `x\n### pwned @octocat ![img](http://evil.example/x.png)` (line 1): criterion big'
expect_out '| profile | `Evil\x1b[2J <script>alert(1)</script> @octocat` |'
expect_out '| ``queue "ae\|team`x`@octocat\n- [ ] task" cadence "c\x1b[31m"`` | `ignore` | 5 |'
expect_format shown diff_md.err
expect_err 'accounts.jsonl:6: record `rejected\x1b]0;pwned\x07` rejected by both versions'
run diff old.icp new.icp --input accounts.jsonl --as-of $AS_OF
keep diff_text
expect_format shown diff_text.out
expect_out '    \x1b[31mred\x1b[0m\u{202e}gnp.exe (line 2)'
run diff old.icp new.icp --input accounts.jsonl --as-of $AS_OF --format json
keep diff_json
expect_format json diff_json.out
expect_out '"id":"\u001b[31mred\u001b[0m\u202egnp.exe"'

# --- explain: terminal sequences in the id, the values read, the labels and the route (the
# finding: they reached the terminal raw), with and without colour.
run explain old.icp --account one.json --as-of $AS_OF --color never
expect_status 0
keep explain
expect_format shown explain.out
expect_bytes explain.expected.txt explain.out
expect_out '\x1b[31mred\x1b[0m\u{202e}gnp.exe — tier 1 "Big \u{202e}gnp.exe\n# forged | <b>x</b>"'
run explain old.icp --account one.json --as-of $AS_OF --color always
ESC=$(printf '\033')
sed "s/$ESC\[[0-9;]*m//g" "$SCRATCH/out" >explain_color.out
cmp -s explain_color.out explain.out || fail "--color always differs from never beyond its own SGR codes"

# --- eval: rejections on stderr as text, --errors as JSON; decisions as JSON that reads back
# to the accounts' exact ids; CSV bytes that are not UTF-8 still give valid JSON.
run eval old.icp --input accounts.jsonl --as-of $AS_OF
expect_status 1
keep eval
expect_format jsonl eval.out
expect_format shown eval.err
expect_err_line 'accounts.jsonl:6: record `rejected\x1b]0;pwned\x07` rejected: `employees`: expected an integer, found "many\u001b[2J"'
"$PYTHON" "$CHECK" ids accounts.jsonl eval.out >"$SCRATCH/problems" || fail "decision ids: $(cat "$SCRATCH/problems")"
run eval old.icp --input accounts.jsonl --as-of $AS_OF --audit --errors errors.jsonl
keep eval_audit
expect_format jsonl eval_audit.out
expect_format jsonl errors.jsonl
grep -qF '"id":"rejected\u001b]0;pwned\u0007"' errors.jsonl || fail "--errors lacks the escaped id"
# A CSV cell that is not UTF-8 is refused as JSON Lines input is (reliability.md "CSV"): the
# row is rejected naming the byte, and neither stderr nor --errors carries the raw bytes.
run eval old.icp --input latin1.csv --as-of $AS_OF --errors latin1-errors.jsonl
expect_status 1
keep latin1
expect_empty_out
expect_format shown latin1.err
expect_format jsonl latin1-errors.jsonl
grep -qF 'invalid UTF-8 (the byte 0xe9)' latin1-errors.jsonl || fail "--errors lacks the refused byte"

# --- check and test: a file name, a source line and a test case whose name, id and values
# hold control and bidi characters, in every format.
printf 'files = ["old.icp", "broken*.icp"]\ntests = ["*.test.toml"]\ntoday = %s\n' $AS_OF >icp.toml
run check
expect_status 1
keep check
expect_format shown check.out
expect_format shown check.err
expect_out '9 | tier 1 "Big \x1b[31m\u{202e}" = employes >= 10'
expect_out_line "  |                                 ^^^^^^^^"
expect_out 'old.test.toml:4:1: error[E0601]: test case `case \x1b[2J\n::error::forged \u{202e} @octocat` failed'
run check --format json
keep check_json
expect_format jsonl check_json.out
[ "$(wc -l <check_json.out)" -eq 3 ] || fail "check --format json: expected 3 diagnostics"
expect_out '"file":"broken \u001b[31m,a:b.icp","line":9,'
run check --format sarif
keep check_sarif
expect_format sarif check_sarif.out
expect_out '"uri": "broken%20%1B%5B31m%2Ca%3Ab.icp"'
run check --format github
keep check_github
expect_format github check_github.out
[ "$(wc -l <check_github.out)" -eq 3 ] || fail "check --format github: expected 3 commands"
expect_out '::error file=broken \x1b[31m%2Ca%3Ab.icp,line=9,col=23,'
expect_out 'title=E0601::test case `case \x1b[2J\n::error::forged \u{202e} @octocat` failed'
run test --color never
expect_status 1
keep test
expect_format shown test.out
expect_out 'FAIL old.test.toml:4: case `case \x1b[2J\n::error::forged \u{202e} @octocat`'
expect_out '    acct \x1b[31m\u{202e} — tier 1'

# --- backtest and nucleus: hostile account keys, loss reasons, labels and bad cells in text,
# JSON and the self-contained HTML pages.
for format in text json html; do
  run backtest bt.icp --accounts bt_accounts.csv --opportunities bt_opportunities.csv --map bt_mapping.toml \
    --format $format
  keep "backtest_$format"
  run nucleus --accounts bt_accounts.csv --opportunities bt_opportunities.csv --map bt_mapping.toml --format $format
  keep "nucleus_$format"
done
for command in backtest nucleus; do
  expect_format shown "${command}_text.out"
  expect_format json "${command}_json.out"
  expect_format html "${command}_html.out"
done
grep -qF '<p>Rejected account <code>Delta\n# heading</code>' backtest_html.out || fail "backtest html: rejected key"
grep -qF '<td>&lt;img src=x onerror=alert(1)&gt;\x1b]0;t\x07</td>' nucleus_html.out || fail "nucleus html: reason"
grep -qF 'tier 1 Big &lt;script&gt;x&lt;/script&gt;\x1b[1m' backtest_html.out || fail "backtest html: tier label"
grep -qF '  Delta\n# heading                          1' nucleus_text.out || fail "nucleus text: won account"
grep -qF '  Account                           Won deals  Lost deals  Won total  Deal size  Days to close  Top quartiles  Employees    Hq\x1b[2J<b>|x' nucleus_text.out ||
  fail "nucleus text: a CSV column name as a column title"
grep -qF '<th>Hq\x1b[2J&lt;b&gt;|x</th>' nucleus_html.out || fail "nucleus html: a CSV column name"
grep -qF '"hq\u001b[2J<b>|x":"Paris\u202e"' nucleus_json.out || fail "nucleus json: a CSV column name"

# --- dumps: the listings of a hostile profile, from source and from its artifact.
"$ICPC" build old.icp -o old.icpb >/dev/null 2>&1 || fail "cannot build old.icp"
for stage in syntax ir; do
  run dump $stage old.icp
  keep "dump_$stage"
  expect_format shown "dump_$stage.out"
done
run dump bytecode old.icpb
keep dump_bytecode
expect_format shown dump_bytecode.out
expect_out 'tier 1 "Big \u{202e}gnp.exe\n# forged | <b>x</b>"'

# --- An artifact string that is not UTF-8 (tier 1's label, one byte patched, lengths
# unchanged) is refused by every command that loads it, at its byte, naming the string.
at=$("$PYTHON" -c '
import sys
data = open("old.icpb", "rb").read()
at = data.index("Big ".encode()) + 1
open("bad.icpb", "wb").write(data[:at] + b"\xff" + data[at + 1:])
print(at)')
message="invalid UTF-8 byte 0xff at byte $at in the string \`tiers[0].label\` of the CODE section"
run eval bad.icpb --input accounts.jsonl --as-of $AS_OF
expect_status 2
expect_empty_out
expect_err "icpc: error: \`bad.icpb\` is not a valid icp artifact: $message"
run explain bad.icpb --account one.json --as-of $AS_OF
expect_status 2
expect_err "$message"
run dump bytecode bad.icpb
expect_status 2
expect_err "$message"
run diff bad.icpb new.icp --input accounts.jsonl --as-of $AS_OF
expect_status 2
expect_err "$message"

finish

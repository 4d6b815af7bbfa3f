# The HTML reports of backtest and nucleus as a reader opens them: icpc writes both pages from
# the CRM sample (examples/crm-sample, its mapping naming USD), Debian's headless Chromium
# renders each, and the test asserts that each page rendered: no console message (the pages
# have no script, so any message is a fault: a blocked or missing resource, a parse error),
# the whole document in the DOM, and a screenshot that is not blank and shows the charts'
# colours. The screenshots stay in OUT_DIR (the build folder) to be looked at.
# Usage: sh browser_test.sh ICPC SOURCE_DIR OUT_DIR. Exit 77 (skipped) without chromium.
set -u
ICPC=$1
ROOT=$2
OUT=$3
PYTHON=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed (tools/run test installs it)"
  exit 77
fi
mkdir -p "$OUT"
PROFILE=$(mktemp -d)  # Chromium's profile, so nothing is written to the user's own
trap 'rm -rf "$PROFILE"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

SAMPLE="$ROOT/examples/crm-sample"
cd "$SAMPLE" || exit 1
"$ICPC" backtest crm-hardware.icp --accounts data/accounts.csv --opportunities data/sales_pipeline.csv \
  --map mapping.toml --format html --output "$OUT/backtest.html" || fail "icpc backtest exited $?"
"$ICPC" nucleus --accounts data/accounts.csv --opportunities data/sales_pipeline.csv \
  --map mapping.toml --format html --output "$OUT/nucleus.html" || fail "icpc nucleus exited $?"

# browser PAGE ARGS...: Chromium on file://OUT/PAGE.html; stdout in PAGE.ARG.out, stderr
# (with the console, at --v=0) in PAGE.ARG.err.
browser() {
  page=$1
  shift
  log="$OUT/$page.$(printf '%s' "$1" | sed 's/^--//; s/=.*//')"
  timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$PROFILE" \
    --enable-logging=stderr --v=0 --window-size=1280,2000 "$@" "file://$OUT/$page.html" >"$log.out" 2>"$log.err" ||
    fail "$page: chromium $1 exited $? (see $log.err)"
  if grep -q ':CONSOLE' "$log.err"; then
    fail "$page: console messages:"
    grep ':CONSOLE' "$log.err"
  fi
}

# check PAGE LAST_HEADING CHARTS COLOURS...: the page rendered, whole, with its charts.
check() {
  page=$1 last=$2 charts=$3
  shift 3
  rm -f "$OUT/$page.png"
  browser "$page" --screenshot="$OUT/$page.png"
  [ -s "$OUT/$page.png" ] || fail "$page: no screenshot"
  "$PYTHON" "$HERE/png_check.py" "$OUT/$page.png" 1280 2000 "$@" || fail "$page: the screenshot"
  browser "$page" --dump-dom
  dom="$OUT/$page.dump-dom.out"
  grep -qF "<h2>$last</h2>" "$dom" || fail "$page: the DOM lacks its last section ($last)"
  grep -q '</html>' "$dom" || fail "$page: the DOM is not a whole document"
  [ "$(grep -o '<svg ' "$dom" | wc -l)" -eq "$charts" ] || fail "$page: expected $charts charts in the DOM"
  # Every chart has a legend naming its marks.
  [ "$(grep -o '<g class="legend">' "$dom" | wc -l)" -eq "$charts" ] || fail "$page: a chart without a legend"
}

# Bars of the win-rate and coverage charts, boxes of the cycle chart; the nucleus markers.
check backtest Rows 3 '#8fb3e0' '#f2c38b'
check nucleus Rows 1 '#d95f02' '#8fb3e0'

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "ok: screenshots in $OUT/backtest.png and $OUT/nucleus.png"

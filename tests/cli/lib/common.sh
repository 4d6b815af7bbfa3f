# Shared by every tests/cli/*.sh scenario: sh SCENARIO.sh ICPC FIXTURES_DIR VERSION
# Each scenario works in a fresh folder ($PROJECT, the current folder) holding copies of
# the fixtures it needs, so the paths icpc prints are short and predictable.
set -u
ICPC=$1
FIXTURES=$2
VERSION=${3:-}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
PROJECT="$SCRATCH/project"
mkdir -p "$PROJECT"
cd "$PROJECT" || exit 1
failures=0
status=0

# run ARGS...: icpc's stdout in $SCRATCH/out, stderr in $SCRATCH/err, exit code in $status.
run() {
  "$ICPC" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
  status=$?
}

fail() {
  echo "FAIL: $*"
  echo "--- stdout"; cat "$SCRATCH/out"
  echo "--- stderr"; cat "$SCRATCH/err"
  failures=$((failures + 1))
}

expect_status() { [ "$status" -eq "$1" ] || fail "expected exit $1, got $status"; }
expect_out() { grep -qF -- "$1" "$SCRATCH/out" || fail "stdout lacks: $1"; }
expect_err() { grep -qF -- "$1" "$SCRATCH/err" || fail "stderr lacks: $1"; }
expect_no_out() { if grep -qF -- "$1" "$SCRATCH/out"; then fail "stdout should not contain: $1"; fi; }
expect_out_line() { grep -qxF -- "$1" "$SCRATCH/out" || fail "stdout lacks the line: $1"; }
expect_err_line() { grep -qxF -- "$1" "$SCRATCH/err" || fail "stderr lacks the line: $1"; }
expect_empty_out() { [ ! -s "$SCRATCH/out" ] || fail "stdout should be empty"; }

# fixture NAME [AS]: copies fixtures/NAME into the project folder (as AS, folders created).
fixture() {
  target=${2:-$1}
  mkdir -p "$(dirname "$target")"
  cp "$FIXTURES/$1" "$target"
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "ok"
  exit 0
}

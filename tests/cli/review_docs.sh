# The review guide's CI files (docs/ci/) are valid YAML with the structure GitHub Actions and
# pre-commit expect, and docs/review.md embeds them verbatim (tests/cli/check_review_docs.py).
. "$(dirname "$0")/lib/common.sh"
ROOT=$(cd "$FIXTURES/../../.." && pwd)
# Debian's interpreter, which has python3-yaml (tools/run installs it), before any other on PATH.
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
CHECKER="$ROOT/tests/cli/check_review_docs.py"
"$PYTHON" "$CHECKER" "$ROOT" >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 0

# The checker itself must catch a broken file: a tab-indented copy is not YAML.
mkdir -p broken/docs/ci
cp "$ROOT/README.md" broken/
cp "$ROOT/docs/review.md" broken/docs/
cp "$ROOT/docs/ci/pre-commit-config.yaml" broken/docs/ci/
cp "$ROOT/.pre-commit-hooks.yaml" broken/
sed 's/^    runs-on/\truns-on/' "$ROOT/docs/ci/icp-review.yml" >broken/docs/ci/icp-review.yml
"$PYTHON" "$CHECKER" "$PROJECT/broken" >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 1
expect_out "is not valid YAML"
finish

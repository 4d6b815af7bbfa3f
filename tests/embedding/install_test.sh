#!/bin/sh
# Embedding end to end: `cmake --install` the build, build examples/routing-service (C, linking
# libicp.so) against the installed package only (find_package(icp)), and route the example
# accounts with an .icpb built by icpc. Usage: install_test.sh CMAKE ICPC BUILD_DIR SOURCE_DIR GENERATOR [LDFLAGS]
set -eu
cmake=$1 icpc=$2 build=$3 source=$4 generator=$5 ldflags=${6:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "install"; }
for file in include/icp/icp.h include/icp/session.hpp lib/libicp.so lib/libicp.a \
            lib/cmake/icp/icpConfig.cmake lib/cmake/icp/icpConfigVersion.cmake; do
  found=$(find "$tmp/prefix" -path "*/${file#lib/}" | head -n 1)
  [ -n "$found" ] || fail "not installed: $file"
done
# The runtime's own headers stay private (tests/library/headers_test.sh checks the full list).
[ ! -e "$tmp/prefix/include/icp/runtime" ] || fail "internal headers installed under include/icp/runtime"

# A fresh configure that sees only the prefix: nothing from the source tree leaks in.
"$cmake" -S "$source/examples/routing-service" -B "$tmp/build" -G "$generator" \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
  >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "configure the example"; }
"$cmake" --build "$tmp/build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "build the example"; }

"$icpc" build "$source/examples/mid-market-security.icp" -o "$tmp/mm.icpb" || fail "icpc build"

status=0
"$tmp/build/routing-service" "$tmp/mm.icpb" 2026-11-23 \
  <"$source/examples/data/mid-market-accounts.jsonl" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 1 ] || { cat "$tmp/err"; fail "expected exit 1 (a record is rejected), got $status"; }

tab=$(printf '\t')
expect_line() {
  grep -qxF "$1" "$tmp/out" || { echo "--- output:"; cat "$tmp/out"; fail "missing line: $1"; }
}
expect_line "acc-000001${tab}queue${tab}ae-enterprise"
expect_line "acc-000006${tab}disqualify${tab}"
grep -q "acc-000010" "$tmp/out" && fail "acc-000010 must be rejected, not routed"
grep -q "^line 10: record \`acc-000010\`: \`employees\`" "$tmp/err" || { cat "$tmp/err"; fail "acc-000010 not reported"; }

# Every valid line is routed: 11 accounts, one rejected.
[ "$(wc -l <"$tmp/out")" -eq 10 ] || { cat "$tmp/out"; fail "expected 10 routed accounts"; }

# A missing artifact is a usage error with the reason on stderr.
status=0
"$tmp/build/routing-service" "$tmp/missing.icpb" 2026-11-23 </dev/null 2>"$tmp/err" || status=$?
[ "$status" -eq 2 ] && grep -q "cannot open" "$tmp/err" || fail "missing artifact: exit $status"
echo "ok"

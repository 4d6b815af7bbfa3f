#!/bin/sh
# A consumer of the installed library built the way a Makefile builds it: `cmake --install`
# into a temporary prefix, then `pkg-config --cflags --libs icp` for a C program (consumer.c)
# and a C++ one (consumer.cpp), both with -Wall -Werror, and the C++ one once more against
# libicp.a (`pkg-config --static`). All three decide the example accounts: the same
# transcript, whose decision lines are `icpc eval`'s stdout byte for byte.
# Usage: pkg_config_test.sh CMAKE ICPC BUILD_DIR SOURCE_DIR CC CXX VERSION [LDFLAGS]
set -eu
cmake=$1 icpc=$2 build=$3 source=$4 cc=$5 cxx=$6 version=$7 ldflags=${8:-}
command -v pkg-config >/dev/null 2>&1 || { echo "SKIP: pkg-config is not installed (Debian: pkg-config)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "install"; }
pc=$(find "$tmp/prefix" -name icp.pc | head -n 1)
[ -n "$pc" ] || fail "icp.pc not installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
unset PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR || true

[ "$(pkg-config --modversion icp)" = "$version" ] || fail "pkg-config --modversion icp: $(pkg-config --modversion icp)"
cflags_libs=$(pkg-config --cflags --libs icp) || fail "pkg-config --cflags --libs icp"
libdir=$(pkg-config --variable=libdir icp)
includedir=$(pkg-config --variable=includedir icp)
# The .pc file finds its prefix from its own place, so these point into the temporary prefix.
[ "$(readlink -f "$includedir")" = "$(readlink -f "$tmp/prefix/include")" ] || fail "includedir $includedir"
case "$cflags_libs" in "-I$includedir -L$libdir -licp"*) ;; *) fail "pkg-config --cflags --libs icp: $cflags_libs" ;; esac
[ -f "$libdir/libicp.so" ] && [ -f "$libdir/libicp.a" ] || fail "libdir $libdir has no libicp.so and libicp.a"

warnings="-Wall -Wextra -Wpedantic -Werror"
# shellcheck disable=SC2086  # the flags are words
"$cc" -std=c11 $warnings "$source/tests/library/consumer.c" $cflags_libs $ldflags -o "$tmp/consumer_c" 2>"$tmp/err" ||
  { cat "$tmp/err"; fail "build the C consumer with pkg-config"; }
"$cxx" -std=c++20 $warnings "$source/tests/library/consumer.cpp" $cflags_libs $ldflags -o "$tmp/consumer_cpp" 2>"$tmp/err" ||
  { cat "$tmp/err"; fail "build the C++ consumer with pkg-config"; }
# The static link: libicp.a in place of -licp, and Libs.private for what the archive needs.
static_libs=$(echo " $(pkg-config --static --libs icp) " | sed "s| -licp | $libdir/libicp.a |")
"$cxx" -std=c++20 $warnings "$source/tests/library/consumer.cpp" $(pkg-config --cflags icp) $static_libs $ldflags \
  -o "$tmp/consumer_static" 2>"$tmp/err" || { cat "$tmp/err"; fail "build the C++ consumer against libicp.a"; }

needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
soname=$(readelf -d "$libdir/libicp.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
needed "$tmp/consumer_c" | grep -qxF "$soname" || fail "the C consumer does not load $soname"
needed "$tmp/consumer_static" | grep -q '^libicp' && fail "the static consumer still needs libicp.so"

"$icpc" build "$source/examples/mid-market-security.icp" -o "$tmp/mm.icpb" >/dev/null || fail "icpc build"
accounts=$source/examples/data/mid-market-accounts.jsonl
status=0
"$icpc" eval "$tmp/mm.icpb" --input "$accounts" --as-of 2026-11-23 >"$tmp/eval.out" 2>"$tmp/eval.err" || status=$?
[ "$status" -eq 1 ] || { cat "$tmp/eval.err"; fail "icpc eval: exit $status, expected 1 (a record is rejected)"; }

for consumer in consumer_c consumer_cpp consumer_static; do
  LD_LIBRARY_PATH=$libdir "$tmp/$consumer" "$tmp/mm.icpb" 2026-11-23 <"$accounts" >"$tmp/$consumer.out" 2>"$tmp/err" ||
    { cat "$tmp/err"; fail "$consumer failed"; }
done
cmp "$tmp/consumer_c.out" "$tmp/consumer_cpp.out" || fail "the C and C++ APIs disagree"
# The compile API, through the installed library: the source compiled at load decides as
# its built artifact does.
LD_LIBRARY_PATH=$libdir "$tmp/consumer_cpp" "$source/examples/mid-market-security.icp" 2026-11-23 <"$accounts" \
  >"$tmp/compiled.out" 2>"$tmp/err" || { cat "$tmp/err"; fail "consumer_cpp on the .icp source failed"; }
cmp "$tmp/consumer_cpp.out" "$tmp/compiled.out" || fail "a profile compiled through libicp decides unlike its artifact"
cmp "$tmp/consumer_c.out" "$tmp/consumer_static.out" || fail "libicp.so and libicp.a disagree"
[ "$(head -n 1 "$tmp/consumer_c.out")" = "icp $version ($version)" ] || fail "version line: $(head -n 1 "$tmp/consumer_c.out")"
grep '^{' "$tmp/consumer_c.out" | cmp - "$tmp/eval.out" || fail "the consumer's decisions are not icpc eval's"
grep -qxF 'line 10: record `acc-000010`: `employees`: expected an integer, found "many"' "$tmp/consumer_c.out" ||
  { cat "$tmp/consumer_c.out"; fail "the rejected record is not reported"; }
[ "$(grep -c '^{' "$tmp/consumer_c.out")" -eq 10 ] || fail "expected 10 decisions"
echo "ok: C, C++ and static consumers built with pkg-config agree with icpc eval, compiled or loaded"

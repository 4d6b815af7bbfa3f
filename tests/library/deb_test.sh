#!/bin/sh
# The Debian package, as a user receives it: `cpack -G DEB` from the build, its control
# fields and contents checked (icpc, libicp shared and static, exactly the public headers,
# icp.pc, the docs), then `dpkg-deb -x` into a temporary folder and run from there: its icpc
# builds and decides the example accounts as the build's icpc does, and a C consumer built
# with the package's own icp.pc (pkg-config) against its libicp.so decides them the same.
# Usage: deb_test.sh CPACK ICPC BUILD_DIR SOURCE_DIR CC VERSION [LDFLAGS]
set -eu
cpack=$1 icpc=$2 build=$3 source=$4 cc=$5 version=$6 ldflags=${7:-}
# cpack's DEB generator needs dpkg-shlibdeps (dpkg-dev) for the Depends field, `file` and
# readelf (binutils); the test reads the package with dpkg-deb and builds with pkg-config.
for tool in dpkg-deb dpkg-shlibdeps file readelf pkg-config; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "SKIP: $tool is not installed (Debian: dpkg-dev, file, binutils, pkg-config; tools/run installs them)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
set -- "$tmp"/pkg/icp_"$version"_*.deb
[ -f "$1" ] || { cat "$tmp/cpack.log"; fail "no icp_${version}_<arch>.deb"; }
deb=$1

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = icp ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
for dependency in libc6 libstdc++6 libfmt libsimdjson libssl; do
  field Depends | grep -q "$dependency" || fail "Depends lacks $dependency: $(field Depends)"
done

dpkg-deb -x "$deb" "$tmp/root" || fail "dpkg-deb -x"
root=$tmp/root/usr
for file in bin/icpc include/icp/icp.h include/icp/session.hpp include/icp/version.h \
            share/doc/icp/README.md share/doc/icp/docs/embedding.md share/doc/icp/docs/language.md \
            share/doc/icp/LICENSE share/doc/icp/CHANGELOG.md share/doc/icp/copyright; do
  [ -f "$root/$file" ] || fail "not in the package: /usr/$file"
done
# Debian's machine-readable copyright file, naming the licence of every part.
head -n 1 "$root/share/doc/icp/copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
  fail "copyright: not in Debian's copyright format"
[ "$(grep -c '^License: ' "$root/share/doc/icp/copyright")" -eq 3 ] || fail "copyright: expected 3 License fields"
pc=$(find "$root" -name icp.pc | head -n 1)
[ -n "$pc" ] || fail "not in the package: icp.pc"
libdir=$(dirname "$(dirname "$pc")")
for file in libicp.so libicp.a libicp.so."$(echo "$version" | cut -d. -f1,2)" libicp.so."$version"; do
  [ -e "$libdir/$file" ] || fail "not in the package: $libdir/$file"
done
(cd "$source/include/icp" && ls; echo version.h) | sort >"$tmp/expected"
(cd "$root/include" && find . -mindepth 1 ! -type d | sed 's|^\./||; s|^icp/||') | sort >"$tmp/headers"
diff -u "$tmp/expected" "$tmp/headers" || fail "the package's headers are not exactly include/icp/ (+ version.h)"

# Its icpc, from the extracted folder: it needs no library of the package.
"$root/bin/icpc" --version >"$tmp/version" || fail "the packaged icpc does not run"
head -n 1 "$tmp/version" | grep -qF "$version" || fail "icpc --version: $(head -n 1 "$tmp/version")"
"$root/bin/icpc" build "$source/examples/mid-market-security.icp" -o "$tmp/mm.icpb" >/dev/null || fail "icpc build"
accounts=$source/examples/data/mid-market-accounts.jsonl
for which in packaged built; do
  binary=$root/bin/icpc
  [ "$which" = built ] && binary=$icpc
  status=0
  "$binary" eval "$tmp/mm.icpb" --input "$accounts" --as-of 2026-11-23 >"$tmp/$which.out" 2>"$tmp/$which.err" || status=$?
  [ "$status" -eq 1 ] || { cat "$tmp/$which.err"; fail "$which icpc eval: exit $status, expected 1"; }
done
cmp "$tmp/packaged.out" "$tmp/built.out" || fail "the packaged icpc decides differently from the build's"

# A C consumer of the package: its icp.pc finds the extracted prefix from its own place.
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
unset PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR || true
# shellcheck disable=SC2046,SC2086  # the flags are words
"$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror "$source/tests/library/consumer.c" $(pkg-config --cflags --libs icp) \
  $ldflags -o "$tmp/consumer" 2>"$tmp/err" || { cat "$tmp/err"; fail "build a consumer against the package"; }
LD_LIBRARY_PATH=$libdir "$tmp/consumer" "$tmp/mm.icpb" 2026-11-23 <"$accounts" >"$tmp/consumer.out" 2>"$tmp/err" ||
  { cat "$tmp/err"; fail "the consumer failed"; }
grep '^{' "$tmp/consumer.out" | cmp - "$tmp/packaged.out" || fail "the consumer's decisions are not icpc eval's"
[ "$(grep -c '^{' "$tmp/consumer.out")" -eq 10 ] || fail "expected 10 decisions"
echo "ok: $(basename "$deb"): icpc and a pkg-config consumer run from the extracted package"

#!/bin/sh
# libicp.so exports the public API and nothing else: its SONAME carries the version, its
# dynamic symbols (`nm -D --defined-only`, demangled) are exactly exported_symbols.txt, the
# reviewed list of the public API's functions, and each of them is declared in a public
# header. A symbol that appears or vanishes fails here until the list is updated (and the
# change to the ABI reviewed): symbols_test.sh LIB SOURCE_DIR VERSION --update
# Usage: symbols_test.sh LIBICP_SO SOURCE_DIR VERSION [--update]
set -eu
lib=$1 source=$2 version=$3 update=${4:-}
for tool in nm readelf c++filt; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool is not installed (Debian: binutils)"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expected=$source/tests/library/exported_symbols.txt

# 0.x: each minor version may break the ABI, so it is part of the SONAME.
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
minor=$(echo "$version" | cut -d. -f1,2)
[ "$soname" = "libicp.so.$minor" ] || fail "SONAME is '$soname', expected libicp.so.$minor"

# Defined dynamic symbols, without the ones every shared object defines for the linker.
nm -D --defined-only "$lib" | awk '{ print $3 }' | grep -v -e '^_init$' -e '^_fini$' -e '^_edata$' -e '^_end$' \
  -e '^__bss_start$' | c++filt | LC_ALL=C sort -u >"$tmp/exported"
if [ "$update" = "--update" ]; then
  { grep '^#' "$expected"; cat "$tmp/exported"; } >"$tmp/updated"
  cp "$tmp/updated" "$expected"
  echo "updated $expected"
  exit 0
fi
grep -v '^#' "$expected" | LC_ALL=C sort -u >"$tmp/expected"
diff -u "$tmp/expected" "$tmp/exported" >"$tmp/diff" ||
  { cat "$tmp/diff"; fail "libicp.so's exports differ from tests/library/exported_symbols.txt (- expected, + exported)"; }

# Each export is a C function of icp.h or a member of the icp:: API declared in include/icp/.
count=0
while IFS= read -r symbol; do
  count=$((count + 1))
  case $symbol in
    icp_*) grep -q "[ *]$symbol(" "$source/include/icp/icp.h" || fail "$symbol is not declared in icp.h" ;;
    icp::internal::* | icp::vm::* | icp::detail::*) fail "an internal symbol is exported: $symbol" ;;
    icp::*)
      name=${symbol%%(*}
      name=${name%\[abi:cxx11\]}
      name=${name##*::}
      grep -rqF -- "$name" "$source/include/icp/" || fail "$symbol: '$name' is in no public header" ;;
    *) fail "not part of the public API: $symbol" ;;
  esac
done <"$tmp/exported"
[ "$count" -gt 0 ] || fail "no symbol exported"
echo "ok: $soname exports the $count symbols of the public API"

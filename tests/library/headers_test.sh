#!/bin/sh
# The installed headers are exactly the public ones, and each stands on its own: `cmake
# --install` into a temporary prefix, compare include/ with the source's include/icp/ (plus
# the generated version.h), check that each header includes only the standard library and
# other public headers, and compile each alone (and twice, for its include guard) with
# -Wall -Wextra -Wpedantic -Werror as C++20, and the C headers as C99 and C11 too.
# Usage: headers_test.sh CMAKE BUILD_DIR SOURCE_DIR CC CXX
set -eu
cmake=$1 build=$2 source=$3 cc=$4 cxx=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "install"; }
include=$tmp/prefix/include

# Exactly the public headers: nothing from runtime/, compiler/ or analysis/, no folder.
(cd "$source/include/icp" && ls; echo version.h) | sort >"$tmp/expected"
(cd "$include" && find . -mindepth 1 | sed 's|^\./||') | sort >"$tmp/installed.all"
sed -n 's|^icp/||p' "$tmp/installed.all" >"$tmp/installed"
grep -qx icp "$tmp/installed.all" || fail "no include/icp installed"
extra=$(grep -vx -e icp -e 'icp/[^/]*' "$tmp/installed.all" || true)
[ -z "$extra" ] || fail "installed beside the public headers: $extra"
diff -u "$tmp/expected" "$tmp/installed" || fail "installed headers differ from include/icp/ (+ version.h)"

# What each includes: "icp/<a public header>" or a standard header (<string>, <stddef.h>, ...).
for header in $(cat "$tmp/installed"); do
  sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*//p' "$include/icp/$header" | while read -r target rest; do
    case $target in
      \"icp/*\")
        name=${target#\"icp/}
        grep -qxF "${name%\"}" "$tmp/installed" || fail "$header includes $target, which is not a public header" ;;
      \<[a-z_]*\>|\<std[a-z]*.h\>) ;;
      *) fail "$header includes $target: only the standard library and icp/ headers are allowed" ;;
    esac
  done
done

warnings="-Wall -Wextra -Wpedantic -Werror -Wconversion -Wsign-conversion -Wshadow"
compiled=0
for header in $(cat "$tmp/installed"); do
  printf '#include "icp/%s"\n#include "icp/%s"\nint main(void) { return 0; }\n' "$header" "$header" >"$tmp/alone.cpp"
  "$cxx" -std=c++20 $warnings -Wold-style-cast -I"$include" -c "$tmp/alone.cpp" -o "$tmp/alone.o" 2>"$tmp/err" ||
    { cat "$tmp/err"; fail "$header does not compile on its own as C++20"; }
  compiled=$((compiled + 1))
  case $header in
    *.h)
      cp "$tmp/alone.cpp" "$tmp/alone.c"
      for standard in c99 c11; do
        "$cc" -std=$standard $warnings -Wstrict-prototypes -I"$include" -c "$tmp/alone.c" -o "$tmp/alone.o" 2>"$tmp/err" ||
          { cat "$tmp/err"; fail "$header does not compile on its own as C ($standard)"; }
      done ;;
  esac
done
[ "$compiled" -ge 10 ] || fail "only $compiled headers compiled"
echo "ok: $compiled public headers, each compiled alone"

#!/bin/sh
# Regenerates the jextract bindings of jmmap for Linux, macOS and Windows.
# Called by the `bindings` target of cmake/CMakeLists.txt; can also be run by hand:
#
#   cmake/jextract-gen.sh <jextract> <clang-builtin-include-dir> <mingw-include-dir> <project-root>
#
# Inputs : <project-root>/native/{linux,macos,windows}/jmmap_*.h  +  cmake/bindings-*.args (--include-* filters)
# Output : <project-root>/src/generated/java/io/github/jmmap/internal/gen/{linux,macos,windows}/
# All three packages are generated into a staging directory first; the old package directories are
# deleted and replaced only when all three generations succeeded. The generated files are never edited.
set -eu

if [ $# -ne 4 ]; then
  echo "usage: $0 <jextract> <clang-builtin-include-dir> <mingw-include-dir> <project-root>" >&2
  exit 2
fi
JEXTRACT=$1
CLANG_INC=$2
MINGW_INC=$3
ROOT=$(cd "$4" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)

command -v "$JEXTRACT" >/dev/null 2>&1 || {
  echo "jextract-gen: jextract not found or not executable: '$JEXTRACT'" >&2
  echo "jextract-gen: build it (see cmake/README.md) and put it on PATH or pass -DJEXTRACT=/path/to/jextract" >&2
  exit 1
}
[ -f "$CLANG_INC/stddef.h" ] || { echo "jextract-gen: no stddef.h in clang builtin include dir '$CLANG_INC' (apt-get install libclang-common-14-dev)" >&2; exit 1; }
[ -f "$MINGW_INC/windows.h" ] || { echo "jextract-gen: no windows.h in mingw include dir '$MINGW_INC' (apt-get install mingw-w64-x86-64-dev)" >&2; exit 1; }

GEN_ROOT=$ROOT/src/generated/java
PKG_DIR=io/github/jmmap/internal/gen
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/jmmap-jextract.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT INT TERM

# gen <os> <os.name for jextract> <header-class> <package> <library-option-or-empty> <clang flags...>
gen() {
  os=$1; osname=$2; cls=$3; pkg=$4; lib=$5; shift 5
  work=$STAGE/work-$os
  mkdir -p "$work"
  # jextract reads clang options from ./compile_flags.txt, one per line
  : > "$work/compile_flags.txt"
  for f in "$@"; do printf '%s\n' "$f" >> "$work/compile_flags.txt"; done
  cp "$HERE/bindings-$os.args" "$work/filters.args"
  cp "$ROOT/native/$os/jmmap_$os.h" "$work/jmmap_$os.h"
  set -- --output "$STAGE/out" --target-package "$pkg" --header-class-name "$cls"
  for l in $lib; do set -- "$@" --library "$l"; done   # a space-separated list
  echo "jextract-gen: $os -> $pkg.$cls"
  # libclang's crash recovery (SIGSEGV handlers) makes the JVM crash at random; jextract turns it off
  # itself unless os.name starts with "Windows", so turn it off through the environment.
  # -Dos.name drives jextract's C `long` size (LLP64 only when it starts with "Windows") and its
  # libclang name; JEXTRACT_OS_NAME is read by the /usr/local/bin/jextract launcher,
  # JEXTRACT_JAVA_OPTIONS by the launcher of jextract's own gradle build.
  if (cd "$work" && LIBCLANG_DISABLE_CRASH_RECOVERY=1 JEXTRACT_OS_NAME=$osname JEXTRACT_JAVA_OPTIONS="-Dos.name=$osname" \
        "$JEXTRACT" "$@" @filters.args "jmmap_$os.h" > jextract.log 2>&1); then
    n=$(grep -c 'warning' "$work/jextract.log" || true)
    [ "$n" = 0 ] || echo "jextract-gen: $os: $n warnings about symbols outside the filters (log suppressed)"
  else
    cat "$work/jextract.log" >&2
    echo "jextract-gen: jextract failed for $os" >&2
    exit 1
  fi
  # a Windows class that compiled against 64-bit C long would fail at class init on Windows
  if [ "$os" = windows ] && ! grep -q 'OfInt DWORD' "$STAGE/out/$PKG_DIR/windows/$cls.java"; then
    echo "jextract-gen: DWORD is not a Java int: jextract ignored -Dos.name=Windows_11" >&2
    exit 1
  fi
}

gen linux   Linux       LinuxC   io.github.jmmap.internal.gen.linux   "" \
  -target x86_64-linux-gnu "-isystem$CLANG_INC"
# os.name "Linux" for macOS too: "Mac OS X" would only make jextract run xcrun and strip a leading '_'
# from __asm labels, which jmmap_macos.h does not use; C long is 64-bit either way.
gen macos   Linux       MacC     io.github.jmmap.internal.gen.macos   "" \
  -target arm64-apple-macos11 -nostdinc "-isystem$CLANG_INC"
gen windows Windows_11  Kernel32 io.github.jmmap.internal.gen.windows "kernel32 ntdll" \
  -target x86_64-w64-mingw32 -nostdinc "-isystem$CLANG_INC" "-isystem$MINGW_INC"

for os in linux macos windows; do
  rm -rf "$GEN_ROOT/$PKG_DIR/$os"
  mkdir -p "$GEN_ROOT/$PKG_DIR"
  mv "$STAGE/out/$PKG_DIR/$os" "$GEN_ROOT/$PKG_DIR/$os"
done
echo "jextract-gen: bindings written to $GEN_ROOT/$PKG_DIR/{linux,macos,windows}"

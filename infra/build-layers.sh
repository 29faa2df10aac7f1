#!/usr/bin/env bash
# Assembles the folders of ap-ocr's Lambda layers, which infra/template.yaml packs as they are
# (a layer lands under /opt: lib/ is in the function's LD_LIBRARY_PATH, share/tessdata is its
# TESSDATA_PREFIX). Run it before `sam build`; `infra/build-layers.sh pdfium` builds one only.
#   infra/layers/pdfium     lib/libpdfium.so, share/doc/pdfium/ (its licences)
#   infra/layers/tesseract  lib/libtesseract.so.5 (leptonica inside), share/tessdata/fra.traineddata,
#                           share/doc/ (the licences)
# Each layer passes infra/check-glibc.sh (glibc 2.34, only libraries provided.al2023 has).
set -euo pipefail
cd "$(dirname "$0")/.."
layers=infra/layers

build_pdfium() {
  local dir=$layers/pdfium
  # Started afresh: a layer must hold what this script puts in it and nothing left from before.
  rm -rf "$dir"
  bash scripts/fetch-pdfium.sh "$dir/lib" "$dir/share/doc/pdfium"
  bash infra/check-glibc.sh "$dir"
  echo "build-layers: $dir ready ($(du -sh "$dir" | cut -f1))"
}

# Debian's tesseract cannot be copied as it is: of the 56 libraries it links, some (Debian's
# libarchive and libstdc++ among them) need glibc 2.36, and provided.al2023 has 2.34. So the
# layer's libtesseract is built here from the same Debian sources (same version, same patches,
# hence the same recognition as the machine's `tesseract`), with Zig as the C/C++ compiler: Zig
# links against glibc stubs of the version we name, and puts its own libc++ inside the shared
# library, so the result needs nothing of the build machine. Everything tesseract reads from
# files or the network is left out (image formats, libarchive, curl): pdfium renders the pages
# and hands tesseract raw grey pixels. OpenMP is left out too (the function runs with
# OMP_THREAD_LIMIT=1 anyway), so no libgomp. Leptonica is linked into libtesseract.so.5 rather
# than shipped beside it: the Rust binary only links libtesseract (tesseract-sys), so one file
# with one soname is all the layer has to match.
TESSERACT_DEB=5.3.0-2       # Debian bookworm's, as libtesseract-dev on the build machines
LEPTONLIB_DEB=1.82.0-3      # Debian bookworm's source package of leptonica (liblept5)
TESSDATA_FRA_DEB=1:4.1.0-2  # tesseract-ocr-fra: fra.traineddata
ZIG_VERSION=0.14.1          # PyPI's ziglang
GLIBC_TARGET=2.34           # provided.al2023's glibc
# Bump when the build below changes in a way that the versions above do not show.
TESSERACT_RECIPE=3

build_tesseract() {
  local dir=$layers/tesseract
  local tools=${ENVINORMA_TOOLS_DIR:-/var/cache/envinorma/tools}
  local key="tesseract-$TESSERACT_DEB-leptonlib-$LEPTONLIB_DEB-zig-$ZIG_VERSION-glibc-$GLIBC_TARGET-r$TESSERACT_RECIPE"
  local built=$tools/tesseract-layer/$key
  # The compiled libraries are kept under the tools' folder: building takes a quarter of an hour
  # or more on two shared cores, and nothing in it changes until one of the versions does.
  if [ ! -f "$built/.complete" ]; then
    compile_tesseract "$tools" "$built"
  fi
  rm -rf "$dir"
  mkdir -p "$dir/share/tessdata"
  cp -a "$built/lib" "$built/share" "$dir/"
  fetch_tessdata_fra "$tools" "$dir"
  bash infra/check-glibc.sh "$dir"
  echo "build-layers: $dir ready ($(du -sh "$dir" | cut -f1))"
}

# Installs, once each, what the build needs: Debian's cmake, ninja, dpkg-dev (apt-get source
# extracts with it) and binutils (strip), a deb-src line for bookworm, and Zig in a venv of its
# own.
tesseract_build_tools() {
  local tools=$1
  local need=()
  local pkg
  for pkg in cmake ninja-build dpkg-dev binutils; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    # Only the sources of bookworm's main, beside the machine's own binary lines.
    cat >/etc/apt/sources.list.d/envinorma-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  # apt's lists may predate the deb-src line, or the pinned versions.
  if [ ${#need[@]} -gt 0 ] ||
    ! apt-cache showsrc tesseract 2>/dev/null | grep -x "Version: $TESSERACT_DEB" >/dev/null ||
    ! apt-cache showsrc leptonlib 2>/dev/null | grep -x "Version: $LEPTONLIB_DEB" >/dev/null; then
    apt-get update -qq
  fi
  if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ! -x "$tools/zig-$ZIG_VERSION/bin/python" ] ||
    ! "$tools/zig-$ZIG_VERSION/bin/python" -c 'import ziglang' 2>/dev/null; then
    python3 -m venv "$tools/zig-$ZIG_VERSION"
    "$tools/zig-$ZIG_VERSION/bin/pip" install --quiet --disable-pip-version-check "ziglang==$ZIG_VERSION"
  fi
}

# The zig binary of the venv (called directly: a Python start per compiled file adds up).
zig_binary() {
  "$1/zig-$ZIG_VERSION/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))'
}

# Runs a build step with its output in LOG, shown (the end of it) only when the step fails.
logged() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "build-layers: failed: $* (whole output in $log)" >&2
    return 1
  fi
}

compile_tesseract() {
  local tools=$1 built=$2
  tesseract_build_tools "$tools"
  local zig
  zig=$(zig_binary "$tools")
  local work=$tools/tesseract-build
  local prefix=$work/prefix
  rm -rf "$work"
  mkdir -p "$work/src" "$work/bin" "$prefix"
  local started=$SECONDS

  # Debian's sources with Debian's patches applied (dpkg-source does it on extraction). As root
  # into a folder apt's own user may not write to: apt would say so, harmlessly.
  (cd "$work/src" && apt-get source -qq -o APT::Sandbox::User=root \
    "tesseract=$TESSERACT_DEB" "leptonlib=$LEPTONLIB_DEB" >/dev/null)
  local tess_src lept_src
  tess_src=$(find "$work/src" -maxdepth 1 -type d -name 'tesseract-*' | head -1)
  lept_src=$(find "$work/src" -maxdepth 1 -type d -name 'leptonlib-*' | head -1)

  # CMake wants one program per compiler. The target pins the glibc the objects link against;
  # x86-64 baseline so that nothing depends on this machine's CPU (tesseract picks its AVX2/FMA
  # code at run time, from files compiled with their own flags). Zig turns on UBSan traps when
  # no -O is given: off, the sources are not written for it. Zig spells out every CPU feature
  # of the baseline, evex512 (512-bit registers) among those turned off, which -mavx512f alone
  # does not turn back on as clang would: the AVX-512 dot product, which tesseract picks on
  # CPUs that have it (as Debian's build does), gets it back explicitly. The sources' paths in
  # the library (tesseract's assertions name their file) are written as under /usr/src: the
  # same library whichever folder it was built in.
  local lang
  for lang in cc c++; do
    cat >"$work/bin/zig-$lang" <<EOF
#!/bin/sh
case " \$* " in *" -mavx512f "*) set -- "\$@" -mevex512 ;; esac
exec "$zig" $lang -target x86_64-linux-gnu.$GLIBC_TARGET -mcpu=baseline -fno-sanitize=undefined \\
  -ffile-prefix-map="$work/src"=/usr/src "\$@"
EOF
    chmod +x "$work/bin/zig-$lang"
  done
  # A cross build for CMake: it may only find libraries and headers in our own prefix, never the
  # machine's (Debian's libpng, libwebp… would otherwise be picked up and linked).
  cat >"$work/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER "$work/bin/zig-cc")
set(CMAKE_CXX_COMPILER "$work/bin/zig-c++")
set(CMAKE_FIND_ROOT_PATH "$prefix")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
EOF
  # Zig's own cache (its libc++, glibc stubs) beside the rest, not in root's home.
  export ZIG_GLOBAL_CACHE_DIR=$tools/zig-cache
  # No pkg-config file of the machine either.
  export PKG_CONFIG_LIBDIR=$work/no-pkgconfig
  local cmake_common=(
    -G Ninja
    -DCMAKE_TOOLCHAIN_FILE="$work/toolchain.cmake"
    -DCMAKE_BUILD_TYPE=Release
    # Debian's optimisation level (dpkg-buildflags -O2, tesseract's configure -DNDEBUG).
    -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG"
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
    -DCMAKE_INSTALL_PREFIX="$prefix"
    -DSW_BUILD=OFF
  )

  echo "build-layers: leptonica $LEPTONLIB_DEB with zig $ZIG_VERSION for glibc $GLIBC_TARGET"
  # Static and position-independent: it goes inside libtesseract.so.5, its symbols hidden there
  # (only tesseract's API is exported; Zig's linker has no --exclude-libs). No image format
  # library (leptonica reads and writes PNM and BMP by itself; tesseract gets raw pixels).
  # Without them leptonica would say so on stderr, harmlessly but at every step: "bmfCreate:
  # font pixa not made" when tesseract starts (its debug images' font is stored as TIFF), and
  # "png library missing; output bmp format" for every text line (tesseract keeps each line's
  # image in memory as PNG; BMP is as lossless). Its messages are off by default instead; Debian's
  # leptonica prints nothing on the same pages either.
  logged "$work/leptonica-cmake.log" nice cmake -S "$lept_src" -B "$work/leptonica" "${cmake_common[@]}" \
    -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_PROG=OFF \
    -DCMAKE_C_FLAGS="-fvisibility=hidden -DDEFAULT_SEVERITY=L_SEVERITY_NONE" \
    -DCMAKE_DISABLE_FIND_PACKAGE_GIF=ON -DCMAKE_DISABLE_FIND_PACKAGE_JPEG=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_PNG=ON -DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_ZLIB=ON -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON
  logged "$work/leptonica-build.log" nice cmake --build "$work/leptonica" -j "$(nproc)"
  logged "$work/leptonica-install.log" cmake --install "$work/leptonica"

  echo "build-layers: tesseract $TESSERACT_DEB with zig $ZIG_VERSION for glibc $GLIBC_TARGET"
  # The soname Debian's libtesseract has, and which the Rust binary records when it links
  # against libtesseract-dev: libtesseract.so.5 (CMake's script would say libtesseract.so.5.3.0).
  sed -i 's/PROPERTIES SOVERSION \${VERSION_MAJOR}\.\${VERSION_MINOR}\.\${VERSION_PATCH})/PROPERTIES SOVERSION ${VERSION_MAJOR})/' \
    "$tess_src/CMakeLists.txt"
  grep -q 'PROPERTIES SOVERSION ${VERSION_MAJOR})' "$tess_src/CMakeLists.txt"
  # COMPILER_SUPPORTS_MARCH_NATIVE=OFF: CMake's script would compile dotproduct.cpp for this
  # machine's CPU (Debian's autotools build does not). The legacy engine stays, as in Debian's.
  logged "$work/tesseract-cmake.log" nice cmake -S "$tess_src" -B "$work/tesseract" "${cmake_common[@]}" \
    -DBUILD_SHARED_LIBS=ON -DLeptonica_DIR="$prefix/lib/cmake/leptonica" \
    -DCOMPILER_SUPPORTS_MARCH_NATIVE=OFF -DOPENMP_BUILD=OFF \
    -DBUILD_TRAINING_TOOLS=OFF -DBUILD_TESTS=OFF -DGRAPHICS_DISABLED=ON \
    -DDISABLE_ARCHIVE=ON -DDISABLE_CURL=ON -DENABLE_OPENCL=OFF -DINSTALL_CONFIGS=OFF
  logged "$work/tesseract-build.log" nice cmake --build "$work/tesseract" -j "$(nproc)" --target libtesseract

  rm -rf "$built"
  mkdir -p "$built/lib" "$built/share/doc/tesseract" "$built/share/doc/leptonica" "$built/share/doc/llvm-libcxx" "$built/share/doc/zig"
  local so
  so=$(readlink -f "$work/tesseract/libtesseract.so.5")
  # Stripped: the symbol table is all a dynamic library needs (debug info would triple its size).
  strip --strip-unneeded -o "$built/lib/libtesseract.so.5" "$so"
  # Licences of what is inside libtesseract.so.5: tesseract (Apache-2.0), leptonica (BSD-2),
  # LLVM's libc++, libc++abi and libunwind (Apache-2.0 with LLVM exception) and Zig's compiler-rt
  # (MIT), both put in by Zig.
  local zig_lib
  zig_lib=$(dirname "$zig")
  cp "$tess_src/LICENSE" "$tess_src/debian/copyright" "$built/share/doc/tesseract/"
  cp "$lept_src/leptonica-license.txt" "$lept_src/debian/copyright" "$built/share/doc/leptonica/"
  cp "$zig_lib/lib/libcxx/LICENSE.TXT" "$built/share/doc/llvm-libcxx/LICENSE.TXT"
  cp "$zig_lib/LICENSE" "$built/share/doc/zig/LICENSE"
  touch "$built/.complete"
  # The sources and objects (260 MB) are of no use once the library is kept; after a failure
  # they stay, with the logs.
  rm -rf "$work"
  echo "build-layers: tesseract compiled in $((SECONDS - started)) s"
}

# fra.traineddata from Debian's tesseract-ocr-fra (the version the machines have), with its
# copyright file (Apache-2.0). No osd: the function reads pages in PSM_AUTO, which asks no
# orientation model. The .deb is kept with the tools.
fetch_tessdata_fra() {
  local tools=$1 dir=$2
  # Named without the epoch: apt-get download would write it as "1%3a4.1.0-2".
  local deb=$tools/debs/tesseract-ocr-fra_${TESSDATA_FRA_DEB#*:}_all.deb
  local x
  x=$(mktemp -d)
  if [ ! -f "$deb" ]; then
    mkdir -p "$tools/debs"
    (cd "$x" && apt-get download -qq -o APT::Sandbox::User=root "tesseract-ocr-fra=$TESSDATA_FRA_DEB")
    mv "$x"/tesseract-ocr-fra_*.deb "$deb"
  fi
  dpkg-deb -x "$deb" "$x/root"
  install -m 0644 "$x/root/usr/share/tesseract-ocr/5/tessdata/fra.traineddata" "$dir/share/tessdata/fra.traineddata"
  mkdir -p "$dir/share/doc/tesseract-ocr-fra"
  install -m 0644 "$x/root/usr/share/doc/tesseract-ocr-fra/copyright" "$dir/share/doc/tesseract-ocr-fra/copyright"
  rm -rf "$x"
}

case ${1:-all} in
  pdfium) build_pdfium ;;
  tesseract) build_tesseract ;;
  all)
    build_pdfium
    build_tesseract
    ;;
  *)
    echo "usage: $0 [pdfium|tesseract|all]" >&2
    exit 2
    ;;
esac

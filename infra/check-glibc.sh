#!/usr/bin/env bash
# Fails when an ELF file (a layer's library, a function's bootstrap) would not load on Lambda's
# provided.al2023: a symbol versioned above GLIBC_2.34 (Amazon Linux 2023's glibc; this machine's
# Debian has 2.36, and what is linked here quietly asks for it), or a NEEDED library that the
# runtime does not have. Libraries among the checked files count as present: check a binary
# together with its layers' lib/ folders, as they will be under /opt/lib.
#   infra/check-glibc.sh infra/layers
#   infra/check-glibc.sh target/lambda/envinorma-ap-ocr/bootstrap infra/layers/*/lib
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 DIR_OR_FILE..." >&2; exit 2; }
max_glibc=2.34
# What provided.al2023 has for a program to link: glibc's own libraries, and libgcc_s, which
# every Rust program built for x86_64-unknown-linux-gnu needs for unwinding (so it is in every
# runtime that runs Rust), and which pdfium links too.
base=(libc.so.6 libm.so.6 libpthread.so.0 libdl.so.2 ld-linux-x86-64.so.2 libgcc_s.so.1)

files=()
for arg in "$@"; do
  [ -e "$arg" ] || { echo "check-glibc: $arg: no such file or folder" >&2; exit 2; }
  while IFS= read -r -d '' f; do
    # ELF magic; scripts, data and licences pass.
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && files+=("$f")
  done < <(find -H "$arg" -type f -print0)
done
[ ${#files[@]} -gt 0 ] || { echo "check-glibc: no ELF file in $*" >&2; exit 1; }

# Present: the base, then every checked library under its soname and its file name (the
# layers' libraries are found by either through LD_LIBRARY_PATH).
declare -A present=()
for lib in "${base[@]}"; do present[$lib]=1; done
for f in "${files[@]}"; do
  present[$(basename "$f")]=1
  soname=$(objdump -p "$f" | awk '$1 == "SONAME" { print $2 }')
  [ -n "$soname" ] && present[$soname]=1
done

failed=0
highest=0
for f in "${files[@]}"; do
  # Every dynamic symbol bound to a glibc version above the limit, with its name. objdump -T
  # prints the version as GLIBC_2.x or, for hidden versions, (GLIBC_2.x); the name is last.
  over=$(objdump -T "$f" | awk -v max="$max_glibc" '
    function above(v, m,   a, b, i, n) {
      n = split(v, a, "."); split(m, b, ".")
      for (i = 1; i <= 3; i++) { if ((a[i] + 0) != (b[i] + 0)) return (a[i] + 0) > (b[i] + 0) }
      return 0
    }
    match($0, /GLIBC_[0-9]+(\.[0-9]+)+/) {
      v = substr($0, RSTART + 6, RLENGTH - 6)
      if (above(v, max)) print "GLIBC_" v " " $NF
    }')
  if [ -n "$over" ]; then
    failed=1
    while read -r version symbol; do
      echo "check-glibc: $f: $symbol needs $version (provided.al2023 has GLIBC_$max_glibc)" >&2
    done <<<"$over"
  fi
  top=$(objdump -T "$f" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -uV | tail -1 || true)
  if [ -n "$top" ] && [ "$(printf '%s\n%s\n' "$highest" "$top" | sort -V | tail -1)" = "$top" ]; then
    highest=$top
  fi
  while read -r needed; do
    if [ -z "${present[$needed]:-}" ]; then
      failed=1
      echo "check-glibc: $f: needs $needed, which neither provided.al2023 nor the checked files provide" >&2
    fi
  done < <(objdump -p "$f" | awk '$1 == "NEEDED" { print $2 }')
done

if [ "$failed" -ne 0 ]; then
  echo "check-glibc: FAILED (${#files[@]} ELF files checked)" >&2
  exit 1
fi
echo "check-glibc: ok, ${#files[@]} ELF files, highest glibc version needed GLIBC_$highest (limit $max_glibc)"

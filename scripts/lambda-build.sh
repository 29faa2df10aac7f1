#!/usr/bin/env bash
# Builds every function as Lambda runs it (`cargo lambda build --release`, x86_64, Zig linking
# against glibc 2.34's symbols), assembles ap-ocr's layers (infra/build-layers.sh), and checks
# that each bootstrap loads on provided.al2023 (infra/check-glibc.sh: ap-ocr's together with its
# layers' libraries, the others on their own). The end-to-end tests (tests/) then run these very
# binaries. Part of `make test`; `make lambda-build` alone.
#   bootstraps: ${ENVINORMA_LAMBDA_DIR:-$CARGO_TARGET_DIR/lambda}/<binary>/bootstrap
set -euo pipefail
cd "$(dirname "$0")/.."

tools=${ENVINORMA_TOOLS_DIR:-/var/cache/envinorma/tools}
target=${CARGO_TARGET_DIR:-$PWD/target}
lambda_dir=${ENVINORMA_LAMBDA_DIR:-$target/lambda}
# Pinned, as the other tools: a new release changes the build on purpose only.
requirements=(cargo-lambda==1.9.2 ziglang==0.17.1)
# Every function of infra/template.yaml (its Metadata's Binary), in one build: one feature
# resolution, so the dependencies are compiled once for all seven.
packages=(envinorma-web envinorma-back-office envinorma-icpe-import envinorma-am-import
  envinorma-ap-sync envinorma-ap-ocr envinorma-purge)

venv=$tools/cargo-lambda
if [ ! -x "$venv/bin/cargo-lambda" ] || [ "$(cat "$venv/.requirements" 2>/dev/null)" != "${requirements[*]}" ]; then
  echo "lambda-build: installing ${requirements[*]} into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}"
  printf '%s' "${requirements[*]}" >"$venv/.requirements"
fi
# cargo finds `cargo-lambda` on the PATH, and cargo-lambda its zig in the same venv.
export PATH=$venv/bin:$PATH

# cargo-lambda's Zig gives bindgen its own C headers (-nostdinc, glibc 2.34's), but
# leptonica-sys adds the machine's /usr/include from pkg-config: stdio.h from Debian then meets
# Zig's bits/ and misses L_tmpnam. Debian's multiarch folder first keeps Debian's headers
# together. Only the generated declarations of tesseract's and leptonica's API use them; what
# the binary links against stays glibc 2.34's (check-glibc.sh below).
export BINDGEN_EXTRA_CLANG_ARGS="-I/usr/include/x86_64-linux-gnu"

started=$SECONDS
# The layers are built beside the functions: on a fresh machine tesseract's compilation takes a
# quarter of an hour, much of it while cargo waits on one crate at a time.
layers_log=$(mktemp)
trap 'rm -f "$layers_log"' EXIT
bash infra/build-layers.sh >"$layers_log" 2>&1 &
layers=$!
args=()
for package in "${packages[@]}"; do args+=(-p "$package"); done
if ! cargo lambda build --release --x86-64 --lambda-dir "$lambda_dir" "${args[@]}"; then
  wait "$layers" || true
  exit 1
fi
echo "lambda-build: ${#packages[@]} functions built in $((SECONDS - started)) s, under $lambda_dir"
if ! wait "$layers"; then
  cat "$layers_log" >&2
  echo "lambda-build: infra/build-layers.sh failed" >&2
  exit 1
fi
cat "$layers_log"
echo "lambda-build: functions and layers ready after $((SECONDS - started)) s"
for package in "${packages[@]}"; do
  bootstrap=$lambda_dir/$package/bootstrap
  [ -x "$bootstrap" ] || { echo "lambda-build: $bootstrap was not built" >&2; exit 1; }
  if [ "$package" = envinorma-ap-ocr ]; then
    bash infra/check-glibc.sh "$bootstrap" infra/layers/*/lib
  else
    bash infra/check-glibc.sh "$bootstrap"
  fi
done

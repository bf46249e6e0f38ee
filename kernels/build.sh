#!/usr/bin/env bash
# Compiles the CUDA kernels into one fatbin for the jar: sm_80 and sm_90 SASS plus compute_90 PTX, so that A100s
# and H100s run native code and newer GPUs JIT the PTX. Maven runs it at process-resources (pom.xml); it can also be
# run by hand:  bash kernels/build.sh OUTDIR
#
# Writes OUTDIR/wstal.fatbin and OUTDIR/wstal-kernels.properties (nvcc version, the driver version the fatbin needs,
# the gencode list, a SHA-256 of the kernel sources), which dev.wstal.backend.cuda.KernelImage reads.
# Without nvcc it removes both and exits 0: the jar is then CPU-only, and the CUDA backend says the kernels were not
# built. WSTAL_KERNELS_REQUIRE=true (mvn -Dwstal.kernels.require=true) turns a missing nvcc into a failure instead;
# WSTAL_KERNELS_SKIP=true (mvn -Dwstal.kernels.skip=true) builds the CPU-only jar even where nvcc exists.
# Any compiler warning fails the build. WSTAL_NVCC_FLAGS adds flags, e.g. -lineinfo for compute-sanitizer reports.
set -euo pipefail
export LC_ALL=C  # the source hash lists files in glob order; fix that order

out=${1:?usage: build.sh OUTDIR}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fatbin=$out/wstal.fatbin
props=$out/wstal-kernels.properties
gencode=(-gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90)
# --threads 0 compiles the three targets in parallel; it does not change the output.
flags=(-fatbin -O3 -std=c++17 --Werror all-warnings --threads 0 "${gencode[@]}" ${WSTAL_NVCC_FLAGS:-})

if [[ "${WSTAL_KERNELS_SKIP:-false}" == true ]]; then
  rm -f "$fatbin" "$props"
  rmdir "$out" 2>/dev/null || true
  echo "kernels skipped (wstal.kernels.skip=true): building the CPU-only jar; the CUDA backend will report that kernels were not built"
  exit 0
fi

nvcc=$(command -v nvcc || true)
if [[ -z "$nvcc" && -n "${CUDA_HOME:-}" && -x "$CUDA_HOME/bin/nvcc" ]]; then
  nvcc=$CUDA_HOME/bin/nvcc
fi
if [[ -z "$nvcc" ]]; then
  if [[ "${WSTAL_KERNELS_REQUIRE:-false}" == true ]]; then
    echo "nvcc not found (PATH, CUDA_HOME) and wstal.kernels.require=true: cannot build the CUDA kernels" >&2
    exit 1
  fi
  # A fatbin left by an earlier build would no longer match the sources.
  rm -f "$fatbin" "$props"
  rmdir "$out" 2>/dev/null || true
  echo "nvcc not found: building the CPU-only jar; the CUDA backend will report that kernels were not built"
  exit 0
fi

# "Cuda compilation tools, release 13.0, V13.0.88" -> 13.0 and 13.0.88
release_line=$("$nvcc" --version | grep -o 'release [0-9]*\.[0-9]*, V[0-9.]*' || true)
if [[ -z "$release_line" ]]; then
  echo "kernels: cannot read the release from '$nvcc --version'" >&2
  exit 1
fi
version=$(sed 's/release \([0-9]*\.[0-9]*\),.*/\1/' <<<"$release_line")
build=$(sed 's/.*, V//' <<<"$release_line")
major=${version%%.*}
minor=${version#*.}
# The driver reports the CUDA version it supports as major*1000 + minor*10 (cuDriverGetVersion); PTX from this nvcc
# needs at least that.
driver_min=$((major * 1000 + minor * 10))

sources=("$src"/*.cuh "$src"/*.cu)
hash=$(for f in "${sources[@]}"; do [[ -e "$f" ]] && { echo "== ${f##*/}"; cat "$f"; }; done | sha256sum | cut -d' ' -f1)
stamp="$build ${flags[*]}"

if [[ -f "$fatbin" && -f "$props" ]] && grep -qx "sources.sha256=$hash" "$props" && grep -qxF "flags=$stamp" "$props"; then
  echo "kernels: $fatbin is up to date (sources unchanged)"
  exit 0
fi

mkdir -p "$out"
tmp=$(mktemp "$out/.wstal.fatbin.XXXXXX")
trap 'rm -f "$tmp"' EXIT
echo "kernels: nvcc $build compiling kernels/wstal.cu for sm_80, sm_90 and compute_90 PTX"
start=$SECONDS
set +e
log=$(cd "$src" && "$nvcc" "${flags[@]}" -o "$tmp" wstal.cu 2>&1)
rc=$?
set -e
if [[ $rc -ne 0 ]] || grep -qi 'warning' <<<"$log"; then
  printf '%s\n' "$log" >&2
  echo "kernels: nvcc failed (exit $rc); warnings count as errors" >&2
  exit 1
fi
[[ -n "$log" ]] && printf '%s\n' "$log"
mv "$tmp" "$fatbin"
cat > "$props" <<PROPS
# Written by kernels/build.sh; read by dev.wstal.backend.cuda.KernelImage.
nvcc.version=$version
nvcc.build=$build
# cuDriverGetVersion must report at least this (major*1000 + minor*10) to load the fatbin's PTX.
driver.version.min=$driver_min
gencode=sm_80,sm_90,compute_90
sources.sha256=$hash
flags=$stamp
PROPS
echo "kernels: wrote $fatbin ($(stat -c %s "$fatbin") bytes) in $((SECONDS - start)) s"

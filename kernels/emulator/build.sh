#!/usr/bin/env bash
# Builds the CPU execution engine for the CUDA kernels (docs/cuda.md, "The CPU engine"): a stand-in libcuda.so.1
# that JCuda loads through LD_LIBRARY_PATH, and libwstal-emu-kernels.so, kernels/wstal.cu compiled as host C++.
# Test-only: the jar never contains or needs either. Maven runs it before the tests (pom.xml); by hand:
#
#   bash kernels/emulator/build.sh OUTDIR [default|tsan|asan]
#
# tsan instruments the kernels with ThreadSanitizer and annotates barriers, __syncwarp and launch order; asan
# instruments them with AddressSanitizer. Both need the matching runtime preloaded into the JVM
# (kernels/emulator/sanitize.sh does that).
#
# Environment: CXX (default g++); WSTAL_JCUDA_NATIVES_JAR (JCuda's jcuda-natives linux-x86_64 jar, whose driver
# library's imported cu* symbols all get an entry point; the newest in ~/.m2 when unset); WSTAL_EMULATOR_SKIP,
# WSTAL_SKIP_TESTS or WSTAL_MAVEN_TEST_SKIP=true (Maven passes them) skip the build.
# The build is skipped when its inputs are unchanged; any compiler warning fails it.
set -euo pipefail
export LC_ALL=C

out=${1:?usage: build.sh OUTDIR [default|tsan|asan]}
mode=${2:-default}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kernels=$(cd "$here/.." && pwd)
cxx=${CXX:-g++}

if [[ "${WSTAL_EMULATOR_SKIP:-false}" == true || "${WSTAL_SKIP_TESTS:-false}" == true ||
      "${WSTAL_MAVEN_TEST_SKIP:-false}" == true ]]; then
  echo "emulator: skipped (tests skipped, or -Dwstal.emulator.skip=true)"
  exit 0
fi
case "$mode" in
  default | tsan | asan) ;;
  *) echo "emulator: mode must be default, tsan or asan, got '$mode'" >&2; exit 2 ;;
esac
for tool in "$cxx" nm readelf; do
  if ! command -v "$tool" > /dev/null; then
    echo "emulator: '$tool' not found; the CPU engine needs g++ and binutils (or -Dwstal.emulator.skip=true)" >&2
    exit 1
  fi
done
if [[ "$(uname -m)" != x86_64 ]]; then
  echo "emulator: the fibre switch is x86-64 assembly; this machine is $(uname -m)" >&2
  exit 1
fi

# JCuda's driver binding: every cu* symbol it imports must resolve, so the ones the engine does not implement get
# an entry point that answers CUDA_ERROR_NOT_SUPPORTED.
natives=${WSTAL_JCUDA_NATIVES_JAR:-}
if [[ -z "$natives" ]]; then
  natives=$(ls "${HOME}"/.m2/repository/org/jcuda/jcuda-natives/*/jcuda-natives-*-linux-x86_64.jar 2>/dev/null |
            sort -V | tail -1 || true)
fi
if [[ ! -f "$natives" ]]; then
  echo "emulator: JCuda's natives jar '${natives}' not found (set WSTAL_JCUDA_NATIVES_JAR; mvn resolves it)" >&2
  exit 1
fi
unpack=$(mktemp -d)
trap 'rm -rf "$unpack"' EXIT
jar_tool=$(command -v jar || true)
[[ -z "$jar_tool" && -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jar" ]] && jar_tool=$JAVA_HOME/bin/jar
if [[ -n "$jar_tool" ]]; then
  (cd "$unpack" && "$jar_tool" xf "$natives" lib)
else
  unzip -q -d "$unpack" "$natives" 'lib/*'
fi
jcuda_lib=$(ls "$unpack"/lib/libJCudaDriver-*-linux-x86_64.so)

# The driver version the stand-in reports: that of the nvcc that built the jar's fatbin, so that the runtime's
# driver check passes exactly as on a GPU with a matching driver.
driver_version=13000
if command -v nvcc > /dev/null; then
  release=$(nvcc --version | grep -o 'release [0-9]*\.[0-9]*' | head -1 | sed 's/release //' || true)
  if [[ -n "$release" ]]; then driver_version=$(( ${release%%.*} * 1000 + ${release#*.} * 10 )); fi
fi

common=(-std=c++17 -O2 -g -fPIC -Wall -Wextra -Werror -fvisibility=hidden -fno-strict-aliasing -ffp-contract=off)
kernel_flags=(-Wno-unknown-pragmas -include "$here/cuda_shim.h" -I "$here")
engine_flags=(-DWSTAL_EMU_DRIVER_VERSION="$driver_version")
case "$mode" in
  tsan)
    kernel_flags+=(-fsanitize=thread -fno-omit-frame-pointer)
    engine_flags+=(-DWSTAL_EMU_TSAN) ;;
  asan)
    kernel_flags+=(-fsanitize=address -fno-omit-frame-pointer)
    engine_flags+=(-DWSTAL_EMU_ASAN) ;;
esac
capacity=$((227 * 1024))  # dynamic shared memory per block: an H100's opt-in maximum

inputs=$( { "$cxx" --version | head -1; echo "$mode $driver_version $capacity"; nm -D --undefined-only "$jcuda_lib";
            for f in "$kernels"/*.cu "$kernels"/*.cuh "$here"/*.h "$here"/*.cpp "$here"/*.S "$here"/build.sh \
                     "$here"/selftest/* "$here"/tools/*; do
              echo "== ${f##*/}"; cat "$f"; done; } | sha256sum | cut -d' ' -f1)
stamp=$out/emulator.properties
if [[ -f "$stamp" ]] && grep -qx "inputs.sha256=$inputs" "$stamp" && [[ -f "$out/libcuda.so.1" ]] &&
   [[ -f "$out/libwstal-emu-kernels.so" ]] && [[ -f "$out/wstal-emu-selftest" ]] &&
   [[ -f "$out/image/dev/wstal/kernels/wstal.fatbin" ]]; then
  echo "emulator: $out is up to date ($mode)"
  exit 0
fi

start=$SECONDS
work=$out/build
rm -rf "$work"
mkdir -p "$work"

# The kernel table of a .cu file ($1) into $2: every `extern "C" __global__` kernel and the first argument of its
# __launch_bounds__ (1024 without).
kernel_table() {
  local scan=$2.scan
  "$cxx" -E -P -DWSTAL_EMU_SCAN "${kernel_flags[@]}" -x c++ "$1" | tr '\n' ' ' > "$scan"
  local declared found
  declared=$(grep -o 'wstal_emu_global_marker' "$scan" | wc -l)
  grep -oE 'extern +"C" +wstal_emu_global_marker +void +(wstal_emu_bounds_marker *\(([^()]|\([^()]*\))*\) *)?[A-Za-z_][A-Za-z0-9_]*' \
    "$scan" |
    sed -E 's/^extern +"C" +wstal_emu_global_marker +void +//' |
    sed -E 's/^wstal_emu_bounds_marker *\(([^,)]*)[^)]*\) *(.*)$/WSTAL_EMU_KERNEL(\2, \1)/; t; s/^(.*)$/WSTAL_EMU_KERNEL(\1, 1024)/' \
    > "$2"
  found=$(wc -l < "$2")
  if [[ "$found" -ne "$declared" || "$found" -eq 0 ]]; then
    echo "emulator: $1: found $found extern \"C\" kernels but $declared __global__ declarations; every kernel must be" \
         "declared as 'extern \"C\" __global__ void [__launch_bounds__(...)] name(...)'" >&2
    exit 1
  fi
}

# Compiles the kernels of $1 (with their table) into object $2, and into $2.shared.o the dynamic shared block:
# `extern __shared__` arrays are undefined TLS symbols of the kernels; on a GPU they all start at the block's
# dynamic shared memory, so here they are aliases of one TLS block.
compile_kernels() {
  local dir
  dir=$(dirname "$2")/$(basename "$2" .o)
  mkdir -p "$dir"
  kernel_table "$1" "$dir/kernels.gen.inc"
  "$cxx" "${common[@]}" "${kernel_flags[@]}" -DWSTAL_EMU_DYNAMIC_SHARED_CAPACITY="$capacity" \
    -DWSTAL_EMU_KERNELS_SOURCE="\"$1\"" -I "$dir" -c "$here/kernels_tu.cpp" -o "$2"
  {
    echo '  .section .tbss,"awT",@nobits'
    echo '  .p2align 6'
    for sym in $(readelf -sW "$2" | awk '$4 == "TLS" && $7 == "UND" { print $8 }' | sort -u) \
               wstal_emu_dynamic_shared_block; do
      echo "  .globl $sym"
      echo "  .hidden $sym"
      echo "  .type $sym, @object"
      echo "  .size $sym, $capacity"
      echo "$sym:"
    done
    echo "  .zero $capacity"
    echo '  .section .note.GNU-stack,"",@progbits'
  } > "$dir/dynamic_shared.gen.S"
  "$cxx" -c "$dir/dynamic_shared.gen.S" -o "$2.shared.o"
}

sanitizer_link=()
[[ $mode == tsan ]] && sanitizer_link=(-fsanitize=thread)
[[ $mode == asan ]] && sanitizer_link=(-fsanitize=address)

# 1. The kernels of the jar, compiled as host C++.
compile_kernels "$kernels/wstal.cu" "$work/kernels.o"
found=$(wc -l < "$work/kernels/kernels.gen.inc")

# 2. The engine and the driver entry points (not instrumented: the engine's own bookkeeping is not kernel code).
engine_objects=()
for src in "$here"/*.cpp; do
  name=$(basename "$src" .cpp)
  [[ "$name" == kernels_tu ]] && continue
  "$cxx" "${common[@]}" "${engine_flags[@]}" -I "$here" -c "$src" -o "$work/$name.o"
  engine_objects+=("$work/$name.o")
done
"$cxx" -c "$here/fibre_switch_x86_64.S" -o "$work/fibre_switch.o"
engine_objects+=("$work/fibre_switch.o")

# 3. An entry point for every other cu* symbol JCuda imports: CUDA_ERROR_NOT_SUPPORTED and one stderr line.
nm --defined-only -g "${engine_objects[@]}" | awk '$2 == "T" && $3 ~ /^cu/ { print $3 }' | sort -u > "$work/implemented.txt"
nm -D --undefined-only "$jcuda_lib" | awk '{ print $2 }' | grep '^cu' | sort -u > "$work/imported.txt"
{
  echo '// Generated by kernels/emulator/build.sh: the cu* entry points JCuda imports that the engine does not emulate.'
  echo '#include "cuda_types.h"'
  echo 'CUresult wstal_emu_not_supported(const char* name);'
  comm -23 "$work/imported.txt" "$work/implemented.txt" | while read -r sym; do
    echo "WSTAL_EXPORT CUresult $sym() { return wstal_emu_not_supported(\"$sym\"); }"
  done
} > "$work/stubs.gen.cpp"
"$cxx" "${common[@]}" -I "$here" -c "$work/stubs.gen.cpp" -o "$work/stubs.o"

# 4. The self-test: its kernels, the runner and the engine in one program (CpuEngineSelfTest runs it); and the
#    engine image writer, the jar's kernels with the engine.
compile_kernels "$here/selftest/selftest.cu" "$work/selftest_kernels.o"
"$cxx" "${common[@]}" "${engine_flags[@]}" -I "$here" -c "$here/selftest/selftest.cpp" -o "$work/selftest.o"
"$cxx" "${common[@]}" "${engine_flags[@]}" -I "$here" -c "$here/tools/image.cpp" -o "$work/image.o"

tmp=$(mktemp -d "$out/.link.XXXXXX")
"$cxx" -shared -Wl,-soname,libcuda.so.1 -o "$tmp/libcuda.so.1" "${engine_objects[@]}" "$work/stubs.o" -ldl -lpthread
"$cxx" -shared -o "$tmp/libwstal-emu-kernels.so" "$work/kernels.o" "$work/kernels.o.shared.o" \
  "${sanitizer_link[@]}" "$tmp/libcuda.so.1" -Wl,-rpath,'$ORIGIN'
"$cxx" -rdynamic -o "$tmp/wstal-emu-selftest" "$work/selftest.o" "$work/selftest_kernels.o" \
  "$work/selftest_kernels.o.shared.o" "${engine_objects[@]}" "$work/stubs.o" "${sanitizer_link[@]}" -ldl -lpthread
"$cxx" -rdynamic -o "$work/wstal-emu-image" "$work/image.o" "$work/kernels.o" "$work/kernels.o.shared.o" \
  "${engine_objects[@]}" "$work/stubs.o" "${sanitizer_link[@]}" -ldl -lpthread

# 5. The engine image: where nvcc built no fatbin, the tests load this in its place (the cuda-emulator execution has
#    it on its class path behind target/classes, so a real fatbin always wins). Same properties as kernels/build.sh
#    writes, with no nvcc.
mkdir -p "$tmp/image/dev/wstal/kernels"
env ASAN_OPTIONS=detect_leaks=0 "$work/wstal-emu-image" "$tmp/image/dev/wstal/kernels/wstal.fatbin"
sources_hash=$(for f in "$kernels"/*.cuh "$kernels"/*.cu; do echo "== ${f##*/}"; cat "$f"; done | sha256sum | cut -d' ' -f1)
cat > "$tmp/image/dev/wstal/kernels/wstal-kernels.properties" <<PROPS
# Written by kernels/emulator/build.sh: the CPU engine's own kernel list, loaded by the tests where nvcc built no
# fatbin. It runs only on the CPU engine (docs/cuda.md).
nvcc.version=none
nvcc.build=none (CPU engine image)
driver.version.min=0
gencode=sm_90
sources.sha256=$sources_hash
flags=none
PROPS
rm -rf "$out/image"
mv "$tmp/libcuda.so.1" "$tmp/libwstal-emu-kernels.so" "$tmp/wstal-emu-selftest" "$tmp/image" "$out/"
rmdir "$tmp"
cat > "$stamp" <<PROPS
# Written by kernels/emulator/build.sh.
mode=$mode
kernels=$found
driver.version=$driver_version
entry.points.emulated=$(wc -l < "$work/implemented.txt")
entry.points.not.supported=$(comm -23 "$work/imported.txt" "$work/implemented.txt" | wc -l)
inputs.sha256=$inputs
PROPS
echo "emulator: built $out ($mode: $found kernels, $(wc -l < "$work/implemented.txt") driver entry points) in" \
     "$((SECONDS - start)) s"

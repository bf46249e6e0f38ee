#!/usr/bin/env bash
# Runs the CUDA kernels under ThreadSanitizer or AddressSanitizer on the CPU engine (docs/cuda.md, "Race and bounds
# checking"), in one command from the repository root:
#
#   bash kernels/emulator/sanitize.sh tsan|asan [MAVEN OPTIONS...]     e.g.  ... tsan -Dtest=SgemmCudaTest
#
# 1. builds the sanitizer build of the engine (target/cuda-emulator-MODE);
# 2. checks that it reports the self-test's planted defects of its kind (tsan: a missing barrier in shared memory
#    and a write-write race between blocks; asan: a read past a device buffer and one past the launch's dynamic
#    shared memory), and that the self-test's correct kernels run clean;
# 3. runs every *CudaTest class (or the -Dtest selection) with the sanitizer's runtime preloaded into the test JVM,
#    each buffer its own exact-size allocation (WSTAL_CUDA_NO_CACHING=1), strict mode and the random schedule.
# A report stops the JVM with the sanitizer's exit code, and the command fails; the report is in the test output.
set -euo pipefail
mode=${1:?usage: sanitize.sh tsan|asan [MAVEN OPTIONS...]}
shift
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
cxx=${CXX:-g++}
case "$mode" in
  tsan)
    runtime=$("$cxx" -print-file-name=libtsan.so)
    exit_code=66
    # The JVM's own threads are not instrumented; only the kernels' accesses are checked. history_size=7: deep
    # enough to restore both stacks of a race between fibres.
    # ignore_noninstrumented_modules: the JVM's calls to intercepted functions (memcpy, memset) are not kernel code.
    options="halt_on_error=1:exitcode=$exit_code:history_size=7:report_signal_unsafe=0:report_thread_leaks=0"
    options+=":ignore_noninstrumented_modules=1"
    planted=(race_shared race_global)
    expect="WARNING: ThreadSanitizer: data race" ;;
  asan)
    runtime=$("$cxx" -print-file-name=libasan.so)
    exit_code=67
    # The JVM handles SIGSEGV itself (implicit null checks) and never frees some memory on purpose; asan.supp
    # leaves out a use after free inside the JVM's own logging.
    options="halt_on_error=1:exitcode=$exit_code:detect_leaks=0:handle_segv=0:allow_user_segv_handler=1"
    options+=":suppressions=$root/kernels/emulator/asan.supp"
    planted=(oob_global oob_shared_tail)
    expect="ERROR: AddressSanitizer" ;;
  *)
    echo "sanitize.sh: the mode must be tsan or asan, got '$mode'" >&2
    exit 2 ;;
esac
runtime=$(readlink -f "$runtime")
if [[ ! -f "$runtime" ]]; then
  echo "sanitize.sh: the $mode runtime was not found ($cxx -print-file-name); install libtsan2/libasan8" >&2
  exit 1
fi
dir=target/cuda-emulator-$mode

echo "sanitize.sh: building the $mode engine"
mvn -B -q -DskipTests package "$@" > /dev/null  # the jar's classes and fatbin, and JCuda in the local repository
mvn -B -q test-compile "$@" > /dev/null
bash kernels/emulator/build.sh "$dir" "$mode"

echo "sanitize.sh: the self-test under $mode"
for c in shuffles votes reverse shared_memory atomics indices; do
  if ! env "${mode^^}_OPTIONS=$options" WSTAL_EMU_STRICT=1 WSTAL_EMU_SCHEDULE=random "$dir/wstal-emu-selftest" "$c" \
       > "$dir/selftest-$c.log" 2>&1; then
    echo "sanitize.sh: the correct self-test kernel '$c' failed under $mode:" >&2
    cat "$dir/selftest-$c.log" >&2
    exit 1
  fi
done
for c in "${planted[@]}"; do
  status=0
  env "${mode^^}_OPTIONS=$options" WSTAL_EMU_SCHEDULE=random "$dir/wstal-emu-selftest" "$c" > "$dir/selftest-$c.log" \
    2>&1 || status=$?
  if [[ $status -ne $exit_code ]] || ! grep -q "$expect" "$dir/selftest-$c.log"; then
    echo "sanitize.sh: $mode did not report the planted defect '$c' (exit $status):" >&2
    cat "$dir/selftest-$c.log" >&2
    exit 1
  fi
  echo "  planted '$c': reported ($(grep -m1 -o 'SUMMARY: .*' "$dir/selftest-$c.log"))"
done
echo "  correct kernels: clean"

echo "sanitize.sh: every *CudaTest class on the $mode engine"
# Surefire starts the test JVM through /bin/sh, which does not run under a sanitizer's runtime: preload it into
# java only, through a wrapper.
java=$(readlink -f "$(command -v java)")
mkdir -p "$dir/jvm/bin"  # surefire wants a path ending in bin/java
cat > "$dir/jvm/bin/java" <<WRAPPER
#!/bin/sh
LD_PRELOAD=$runtime exec $java "\$@"
WRAPPER
chmod +x "$dir/jvm/bin/java"
mvn -B test -Dwstal.emulator.only=true -Dwstal.emulator.mode="$mode" -Dwstal.emulator.jvm="$root/$dir/jvm/bin/java" \
  -Dwstal.emulator.sanitizerOptions="$options" -Dwstal.emulator.noCaching=1 "$@"

#!/usr/bin/env bash
# Shows that the GPU tests can fail: plants one defect at a time into a copy of the working tree and records which
# check catches it (docs/cuda.md, "What the tests catch").
#
#   bash kernels/emulator/mutations.sh [NAME...]      # all mutations when none is named; a table on stdout
#
# The checks, for the test class the mutation concerns: `strict` is the CPU engine as CI runs it (strict mode, random
# schedule); `lenient` the same outside strict mode; `tsan` and `asan` are kernels/emulator/sanitize.sh. Each copy
# runs without nvcc (-Dwstal.kernels.skip=true: the tests load the engine image, docs/cuda.md "Without nvcc"), so
# a mutated kernel needs no GPU compiler. Logs stay in target/mutations/NAME/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

# name | file | text to replace (exactly one occurrence) | replacement | test class | what it does
mutations=(
  "barrier|kernels/indexing.cu|      __syncthreads();\n      tile[threadIdx.x] =|      tile[threadIdx.x] =|CudaBackendCudaTest|idx_topk: drop the barrier before a tile is overwritten"
  "shuffle-direction|kernels/softdp.cu|fromAbove = __shfl_up_sync(wstal::kFullMask, bottom, 1);|fromAbove = __shfl_down_sync(wstal::kFullMask, bottom, 1);|SoftDpCudaTest|soft-DP forward (warp per pair): shuffle the upper row's value down instead of up"
  "launcher-arguments|src/main/java/dev/wstal/backend/cuda/CudaConv.java|cols.memory(), total, g.length(), g.kernel(), g.stride(), g.padding(),|cols.memory(), total, g.length(), g.kernel(), g.padding(), g.stride(),|CudaBackendCudaTest|conv_im2col launcher: pass padding and stride swapped"
  "divergent-shuffle|kernels/topk_mil.cu|const unsigned equalBallot = __ballot_sync(kFull, equal);|const unsigned equalBallot = t < length ? __ballot_sync(kFull, equal) : 0u;|TopKMilCudaTest|top-k MIL (warp per row): only lanes holding a position take the ties' ballot"
  "off-by-one|kernels/indexing.cu|for (int p = lane; p < size; p += 32) cur[p] = 0;|for (int p = lane; p <= size; p += 32) cur[p] = 0;|CudaBackendCudaTest|idx_bucket: zero one cursor past the line's (the next line's first, or past the workspace)"
  "unzeroed-workspace|src/main/java/dev/wstal/backend/cuda/CudaIndexing.java|    rt.fillFloat(err, 3, 0.0f);\n||CudaBackendCudaTest|gather/indexSelect/bucket: the error word is not zeroed before the launch"
  "bank-conflicts|kernels/sgemm.cu|constexpr int kPad = 4;|constexpr int kPad = 0;|SgemmCudaTest|SGEMM: drop the shared-memory row padding (bank conflicts: slower on a GPU, same results)"
)

# What caught the mutation, from a check's exit status and log: the sanitizer's report, else the engine's first
# error, else the failing tests (sanitize.sh's own check of the planted self-test defects is left out).
verdict() {
  local status=$1 log=$2 tests
  if [[ $status -eq 0 ]]; then
    echo "missed"
    return
  fi
  tests=$(sed -n '/every \*CudaTest class/,$p' "$log")
  [[ -z "$tests" ]] && tests=$(cat "$log")
  local report engine failed
  report=$(grep -m1 -oE 'SUMMARY: [A-Za-z]+Sanitizer: [a-z -]+' <<< "$tests" | sed -E 's/^SUMMARY: //; s/ +$//' || true)
  engine=$(grep -m1 -oE 'wstal-emu: error: kernel [a-z0-9_]+[^:]*: .{0,70}' <<< "$tests" | sed -E 's/^wstal-emu: error: //' || true)
  failed=$(grep -m1 -oE 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' <<< "$tests" | tail -1 || true)
  if [[ -n "$report" ]]; then
    echo "**caught**: $report"
  elif [[ -n "$engine" ]]; then
    echo "**caught**: engine error ($engine...)"
  elif [[ -n "$failed" ]]; then
    echo "**caught**: wrong results ($failed)"
  else
    echo "**caught** (see the log)"
  fi
}

wanted=("$@")
mkdir -p target/mutations
printf '| mutation | what | strict (CI) | lenient | tsan | asan |\n|---|---|---|---|---|---|\n'
for m in "${mutations[@]}"; do
  IFS='|' read -r name file from to test what <<< "$m"
  if [[ ${#wanted[@]} -gt 0 && ! " ${wanted[*]} " =~ " $name " ]]; then continue; fi
  logs=$root/target/mutations/$name
  rm -rf "$logs" && mkdir -p "$logs"
  copy=$(mktemp -d "/tmp/wstal-mutation-$name.XXXXXX")
  git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$copy"
  MUT_FILE="$copy/$file" MUT_FROM="$from" MUT_TO="$to" python3 - <<'PY'
import os
path, old, new = os.environ["MUT_FILE"], os.environ["MUT_FROM"].replace("\\n", "\n"), os.environ["MUT_TO"].replace("\\n", "\n")
text = open(path).read()
if text.count(old) != 1:
    raise SystemExit(f"mutation: '{old}' occurs {text.count(old)} times in {path}, not once")
open(path, "w").write(text.replace(old, new))
PY
  results=()
  for check in strict lenient tsan asan; do
    status=0
    case $check in
      strict | lenient)
        strict=1; [[ $check == lenient ]] && strict=0
        (cd "$copy" && mvn -B -o test -Dwstal.kernels.skip=true -Dwstal.emulator.only=true \
          -Dwstal.emulator.strict=$strict -Dtest="$test") > "$logs/$check.log" 2>&1 || status=$? ;;
      tsan | asan)
        (cd "$copy" && bash kernels/emulator/sanitize.sh "$check" -Dwstal.kernels.skip=true -Dtest="$test") \
          > "$logs/$check.log" 2>&1 || status=$? ;;
    esac
    results+=("$(verdict "$status" "$logs/$check.log")")
  done
  rm -rf "$copy"
  printf '| `%s` | %s | %s | %s | %s | %s |\n' "$name" "$what" "${results[@]}"
done

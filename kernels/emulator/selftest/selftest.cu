// Kernels for the CPU engine's self-test (selftest.cpp, run by EngineSelfTest): correct kernels whose results are
// worked out by hand, and kernels with one planted defect each. A `defect:` comment marks the line that the
// engine's diagnostic must name. Never part of the jar or the fatbin.

// ---- correct: the collectives' results ----

// out[lane] for 32 lanes and each width in {32, 16, 8, 4} (block 32, grid 1): out[(w*4 + k)*32 + lane] for
// w = width index and k = 0: __shfl_sync(src 3), 1: __shfl_up_sync(delta 2), 2: __shfl_down_sync(delta 2),
// 3: __shfl_xor_sync(lane mask 5); the shuffled value is 100 + lane.
extern "C" __global__ void st_shuffles(int* out) {
  const int lane = threadIdx.x;
  const int v = 100 + lane;
  const int widths[4] = {32, 16, 8, 4};
  for (int w = 0; w < 4; ++w) {
    out[(w * 4 + 0) * 32 + lane] = __shfl_sync(0xffffffffu, v, 3, widths[w]);
    out[(w * 4 + 1) * 32 + lane] = __shfl_up_sync(0xffffffffu, v, 2, widths[w]);
    out[(w * 4 + 2) * 32 + lane] = __shfl_down_sync(0xffffffffu, v, 2, widths[w]);
    out[(w * 4 + 3) * 32 + lane] = __shfl_xor_sync(0xffffffffu, v, 5, widths[w]);
  }
}

// A double moves whole through a shuffle; ballot and match over the warp. out (unsigned, 3·32 + 2·32 words):
// [0, 32) ballot of lane % 3 == 0, [32, 64) match_any of lane / 4, [64, 96) match_any within the lower half only,
// then 32 doubles: lane 31 − lane's value 0.5 + lane.
extern "C" __global__ void st_votes(unsigned* out) {
  const int lane = threadIdx.x;
  out[lane] = __ballot_sync(0xffffffffu, lane % 3 == 0);
  out[32 + lane] = __match_any_sync(0xffffffffu, lane / 4);
  out[64 + lane] = lane < 16 ? __match_any_sync(0x0000ffffu, lane % 2) : 0u;
  double d = __shfl_sync(0xffffffffu, 0.5 + lane, 31 - lane);
  memcpy(reinterpret_cast<double*>(out + 96) + lane, &d, sizeof d);
}

// Three warps reverse in[0, n) through static shared memory: a barrier between the writes and the reads.
extern "C" __global__ void st_reverse(const float* in, float* out, int n) {
  __shared__ float tile[96];
  const int t = threadIdx.x;
  tile[t] = in[t];
  __syncthreads();
  out[t] = tile[n - 1 - t];
}

namespace st {
// Two `extern __shared__` arrays start at the same dynamic shared memory, as on a GPU.
__device__ void write_ints(int t) {
  extern __shared__ int dyn_ints[];
  dyn_ints[t] = 1000 + t;
}
__device__ float read_as_float(int t) {
  extern __shared__ float dyn_floats[];
  return dyn_floats[t];
}
}  // namespace st

// out[t] = the bits of dynamic word t written as an int; out[blockDim + t] = dynamic word blockDim + t, never
// written (poison); out[2·blockDim + t] = a static shared word never written (poison). Dynamic size: 2·blockDim ints.
extern "C" __global__ void st_shared_memory(float* out) {
  __shared__ float never_written[64];
  const int t = threadIdx.x;
  // A write the compiler cannot rule out, or it would fold the reads of a never-written array to 0.
  if (blockDim.x == 0) never_written[t] = 0.0f;
  st::write_ints(t);
  __syncthreads();
  out[t] = st::read_as_float(t);
  out[blockDim.x + t] = st::read_as_float(blockDim.x + t);
  out[2 * blockDim.x + t] = never_written[t];
}

// Every thread of every block adds 1: atomics across blocks running on several workers.
extern "C" __global__ void st_atomics(int* counter) { atomicAdd(counter, 1); }

// blockIdx, blockDim and gridDim of a 3-D launch: out[linear thread] = linear block index.
extern "C" __global__ void st_indices(int* out) {
  const int block = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  const int thread = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
  out[block * blockDim.x * blockDim.y * blockDim.z + thread] = block;
}

// ---- defects: each must be reported, naming the marked line ----

extern "C" __global__ void st_mask_excludes_lane(int* out) {
  const int lane = threadIdx.x;
  const unsigned mask = lane == 5 ? 0xffffffdfu : 0xffffffffu;
  out[lane] = __shfl_sync(mask, lane, 0);  // defect: mask_excludes_lane
}

// Lanes 16..31 exit; the others shuffle with a full mask (undefined behaviour; tolerated outside strict mode).
extern "C" __global__ void st_exited_lanes(int* out) {
  const int lane = threadIdx.x;
  if (lane >= 16) return;
  out[lane] = __shfl_xor_sync(0xffffffffu, lane, 1);  // defect: exited_lanes
}

// Lane 0 takes a ballot while the others shuffle: neither collective can complete.
extern "C" __global__ void st_different_collectives(int* out) {
  const int lane = threadIdx.x;
  if (lane == 0) {
    out[lane] = static_cast<int>(__ballot_sync(0xffffffffu, 1));  // defect: different_collectives
  } else {
    out[lane] = __shfl_xor_sync(0xffffffffu, lane, 1);
  }
}

// The same shuffle from two branches: pairs up on sm_70+, but the lanes diverged (strict mode refuses).
extern "C" __global__ void st_divergent_sites(int* out) {
  const int lane = threadIdx.x;
  int v;
  if (lane < 16) {
    v = __shfl_xor_sync(0xffffffffu, lane, 16);
  } else {
    v = __shfl_xor_sync(0xffffffffu, lane, 16);  // defect: divergent_sites
  }
  out[lane] = v;
}

// Lane 0 waits at the barrier, its warp in a shuffle that needs lane 0.
extern "C" __global__ void st_barrier_deadlock(int* out) {
  const int lane = threadIdx.x;
  if (lane == 0) {
    __syncthreads();  // defect: barrier_deadlock
  } else {
    out[lane] = __shfl_sync(0xffffffffu, lane, 0);
  }
}

// Warp 0 and warp 1 wait at different __syncthreads.
extern "C" __global__ void st_barrier_sites(int* out) {
  const int t = threadIdx.x;
  if (t < 32) {
    __syncthreads();
  } else {
    __syncthreads();  // defect: barrier_sites
  }
  out[t] = t;
}

// Warp 1 exits before the barrier that warp 0 waits at.
extern "C" __global__ void st_barrier_exited(int* out) {
  const int t = threadIdx.x;
  if (t >= 32) return;
  __syncthreads();  // defect: barrier_exited
  out[t] = t;
}

// Lanes 0..15 shuffle among themselves but read lane 20, which takes no part.
extern "C" __global__ void st_inactive_source(int* out) {
  const int lane = threadIdx.x;
  if (lane < 16) out[lane] = __shfl_sync(0x0000ffffu, lane, 20);  // defect: inactive_source
}

extern "C" __global__ void st_bad_width(int* out) {
  const int lane = threadIdx.x;
  out[lane] = __shfl_xor_sync(0xffffffffu, lane, 1, 3);  // defect: bad_width
}

// ---- defects for the sanitizer builds (kernels/emulator/sanitize.sh): the engine alone may not see them ----

// st_reverse without its barrier: a thread reads a tile element another thread may not have written yet.
extern "C" __global__ void st_missing_barrier(const float* in, float* out, int n) {
  __shared__ float tile[96];
  const int t = threadIdx.x;
  tile[t] = in[t];
  out[t] = tile[n - 1 - t];  // sanitizer: race_shared
}

// Every block writes the same words without atomics: a race between blocks.
extern "C" __global__ void st_global_race(int* out) {
  out[threadIdx.x] = static_cast<int>(blockIdx.x);  // sanitizer: race_global
}

// Reads one element past the end of its input.
extern "C" __global__ void st_read_past_end(const float* in, float* out, int n) {
  const int t = threadIdx.x;
  out[t] = in[t + n - static_cast<int>(blockDim.x) + 1];  // sanitizer: oob_global
}

// Reads dynamic shared memory past the launch's dynamic size (32 floats).
extern "C" __global__ void st_shared_tail(float* out) {
  extern __shared__ float dyn[];
  const int t = threadIdx.x;
  dyn[t] = static_cast<float>(t);
  __syncthreads();
  out[t] = dyn[t + 8];  // sanitizer: oob_shared_tail
}

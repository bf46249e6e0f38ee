// The idx_ family (owner H4): the strided copy, gather, scatter-add, index-select, index-add and top-k indices,
// the CUDA twins of CpuBackend.copyStrided and CpuIndexing. Launched by dev.wstal.backend.cuda.CudaIndexing.
//
// Determinism without float atomics: scatterAdd and indexAdd first bucket the index entries of each line with a
// stable counting sort (idx_bucket: one warp per line, integer atomics only for the counts, whose result does not
// depend on their order), then one thread per OUTPUT slot adds its bucket's sources in increasing index position,
// the CPU's order (idx_scatter_sum, idx_index_add_sum). Results are bitwise identical run to run.
//
// Bad indices: a kernel that reads an index checks it against the axis size; the first offender it meets (by
// atomicCAS, so which one is reported when there are several is not fixed) goes to err[0..2] = {1, position in the
// index buffer, value}, and the host raises IndexOutOfBoundsException. err must be zeroed before the launch.
#include "strided.cuh"

namespace idx {

constexpr unsigned kFullWarp = 0xffffffffu;

__device__ __forceinline__ void reportBadIndex(int* err, long long position, int value) {
  if (atomicCAS(err, 0, 1) == 0) {
    err[1] = static_cast<int>(position);
    err[2] = value;
  }
}

// An order-preserving unsigned key: larger values give larger keys, -0.0 equals +0.0, and every NaN gets the
// largest key (NaN ranks above every number, as Double.compare has it).
__device__ __forceinline__ unsigned floatKey(float v) {
  if (v != v) return 0xffffffffu;
  if (v == 0.0f) return 0x80000000u;
  const unsigned b = __float_as_uint(v);
  return (b & 0x80000000u) != 0u ? ~b : (b | 0x80000000u);
}

__device__ __forceinline__ unsigned intKey(int v) { return static_cast<unsigned>(v) ^ 0x80000000u; }

// The sort key of position t of a top-k row: ascending keys are the output order (larger first when largest,
// equal values lower position first, because the position fills the low half and keys are unique).
__device__ __forceinline__ unsigned long long topKey(const void* in, long long at, bool isInt, bool largest,
                                                     int t) {
  const unsigned k = isInt ? intKey(static_cast<const int*>(in)[at]) : floatKey(static_cast<const float*>(in)[at]);
  const unsigned directed = largest ? ~k : k;
  return (static_cast<unsigned long long>(directed) << 32) | static_cast<unsigned>(t);
}

}  // namespace idx

// out[o(i)] = in[in(i)] over a strided space of n elements (raw 32-bit words when both have the same dtype).
// Params: in, out, intMask (bit 0: in, bit 1: out is int32), n, space (rank, d0..d7), in operand (s0..s7, offset),
// out operand (s0..s7, offset).
extern "C" __global__ void idx_copy_strided(const void* in, void* out, int intMask, int n, STRIDED_SPACE_PARAMS(sp),
                                            STRIDED_OPERAND_PARAMS(in), STRIDED_OPERAND_PARAMS(out)) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const strided::Coords c = strided::coords(STRIDED_SPACE(sp), static_cast<unsigned>(i));
  strided::copyElement(in, strided::offsetOf(STRIDED_OPERAND(in), c), (intMask & 1) != 0, out,
                       strided::offsetOf(STRIDED_OPERAND(out), c), (intMask & 2) != 0);
}

// PyTorch gather over the index shape's space of n elements: out[x(i)] = in[r(i) + index[x(i)] * axisStride],
// where x is the dense index/out operand and r the input's strides with the gathered axis zeroed.
// Params: in, index (int32), out, err (int32[3]), intMask (bit 0: in, bit 1: out is int32), n, axisSize,
// axisStride, space (rank, d0..d7), read operand (s0..s7, offset), index operand (s0..s7, offset).
extern "C" __global__ void idx_gather(const void* in, const int* index, void* out, int* err, int intMask, int n,
                                      int axisSize, long long axisStride, STRIDED_SPACE_PARAMS(sp),
                                      STRIDED_OPERAND_PARAMS(r), STRIDED_OPERAND_PARAMS(x)) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const strided::Coords c = strided::coords(STRIDED_SPACE(sp), static_cast<unsigned>(i));
  const long long xi = strided::offsetOf(STRIDED_OPERAND(x), c);
  const int ix = index[xi];
  if (ix < 0 || ix >= axisSize) {
    idx::reportBadIndex(err, xi, ix);
    static_cast<unsigned*>(out)[xi] = 0u;
    return;
  }
  strided::copyElement(in, strided::offsetOf(STRIDED_OPERAND(r), c) + ix * axisStride, (intMask & 1) != 0, out, xi,
                       (intMask & 2) != 0);
}

// Stable bucketing of each line's index entries by value, one warp per line. Line l (local to this launch) has n
// entries index[x(l) + j * indexAxisStride], j < n, with values in [0, size). Writes, in scratch laid out per line,
// start[l*(size+1) + p] = where bucket p begins (start[.. + size] = number of valid entries) and
// sorted[l*n + q] = the positions j of each bucket in increasing j, buckets in increasing p. cursor (l*size ints)
// is workspace. Launch with blockDim.x a multiple of 32 and at least lines*32 threads.
// Params: index, start, cursor, sorted, err (int32[3]), lines, n, size, indexAxisStride, space (rank, d0..d7) over
// the lines, index operand (s0..s7, offset).
extern "C" __global__ void idx_bucket(const int* index, int* start, int* cursor, int* sorted, int* err, int lines,
                                      int n, int size, long long indexAxisStride, STRIDED_SPACE_PARAMS(sp),
                                      STRIDED_OPERAND_PARAMS(x)) {
  const long long thread = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
  const long long line = thread >> 5;
  const int lane = static_cast<int>(threadIdx.x & 31u);
  if (line >= lines) return;  // whole warps leave together: a warp never spans two lines
  const long long base = strided::offsetOf(STRIDED_OPERAND(x), strided::coords(STRIDED_SPACE(sp),
                                                                                 static_cast<unsigned>(line)));
  int* st = start + line * (static_cast<long long>(size) + 1);
  int* cur = cursor + line * static_cast<long long>(size);
  int* out = sorted + line * static_cast<long long>(n);

  for (int p = lane; p < size; p += 32) cur[p] = 0;
  __syncwarp();
  for (int j = lane; j < n; j += 32) {
    const long long at = base + j * indexAxisStride;
    const int p = index[at];
    if (p < 0 || p >= size) {
      idx::reportBadIndex(err, at, p);
    } else {
      atomicAdd(cur + p, 1);
    }
  }
  __syncwarp();

  // Exclusive scan of the counts into start, 32 buckets at a time; cursor goes back to 0 for the placement.
  int carry = 0;
  for (int b = 0; b < size; b += 32) {
    const int p = b + lane;
    const int count = p < size ? cur[p] : 0;
    int inclusive = count;
    for (int w = 1; w < 32; w <<= 1) {
      const int up = __shfl_up_sync(idx::kFullWarp, inclusive, w);
      if (lane >= w) inclusive += up;
    }
    if (p < size) {
      st[p] = carry + inclusive - count;
      cur[p] = 0;
    }
    carry += __shfl_sync(idx::kFullWarp, inclusive, 31);
  }
  if (lane == 0) st[size] = carry;
  __syncwarp();

  // Stable placement, 32 entries at a time in increasing j: lanes holding the same bucket are ranked by lane.
  const unsigned lanesBelow = (1u << lane) - 1u;
  for (int b = 0; b < n; b += 32) {
    const int j = b + lane;
    int p = -1;
    if (j < n) {
      const int v = index[base + j * indexAxisStride];
      if (v >= 0 && v < size) p = v;
    }
    const unsigned peers = __match_any_sync(idx::kFullWarp, p);
    if (p >= 0) {
      out[st[p] + cur[p] + __popc(peers & lanesBelow)] = j;
    }
    __syncwarp();
    if (p >= 0 && (peers >> lane) == 1u) {  // the highest lane of its group advances the bucket's cursor
      cur[p] += __popc(peers);
    }
    __syncwarp();
  }
}

// scatterAdd's sums, one thread per output slot (line l, position p), l < lines, p < size:
// out[o(l) + p*outAxisStride] += src[s(l) + j*srcAxisStride] for the j of bucket p in increasing j (idx_bucket).
// Params: src, start, sorted, out, intMask (bit 0: src, bit 1: out is int32), lines, n, size, srcAxisStride,
// outAxisStride, space (rank, d0..d7) over the lines, src operand (s0..s7, offset), out operand (s0..s7, offset).
extern "C" __global__ void idx_scatter_sum(const void* src, const int* start, const int* sorted, void* out,
                                           int intMask, int lines, int n, int size, long long srcAxisStride,
                                           long long outAxisStride, STRIDED_SPACE_PARAMS(sp),
                                           STRIDED_OPERAND_PARAMS(s), STRIDED_OPERAND_PARAMS(o)) {
  const long long t = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (t >= static_cast<long long>(lines) * size) return;
  const int line = static_cast<int>(t / size);
  const int p = static_cast<int>(t - static_cast<long long>(line) * size);
  const strided::Coords c = strided::coords(STRIDED_SPACE(sp), static_cast<unsigned>(line));
  const long long srcBase = strided::offsetOf(STRIDED_OPERAND(s), c);
  const long long at = strided::offsetOf(STRIDED_OPERAND(o), c) + p * outAxisStride;
  const int* st = start + line * (static_cast<long long>(size) + 1);
  const int* order = sorted + line * static_cast<long long>(n);
  const int from = st[p];
  const int to = st[p + 1];
  if (from == to) return;
  if (intMask == 0) {
    float acc = static_cast<float*>(out)[at];
    for (int q = from; q < to; ++q) acc += static_cast<const float*>(src)[srcBase + order[q] * srcAxisStride];
    static_cast<float*>(out)[at] = acc;
  } else {
    double acc = strided::loadAsDouble(out, at, (intMask & 2) != 0);
    for (int q = from; q < to; ++q) {
      acc += strided::loadAsDouble(src, srcBase + order[q] * srcAxisStride, (intMask & 1) != 0);
    }
    strided::storeFromDouble(out, at, acc, (intMask & 2) != 0);
  }
}

// indexSelect over [outer, n, inner] = total outputs: out[(o*n + j)*inner + i] = in[(o*size + index[j])*inner + i].
// Params: in, index (int32 [n]), out, err (int32[3]), intMask (bit 0: in, bit 1: out is int32), total, size, n,
// inner.
extern "C" __global__ void idx_index_select(const void* in, const int* index, void* out, int* err, int intMask,
                                            int total, int size, int n, int inner) {
  const int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= total) return;
  const int i = t % inner;
  const int rest = t / inner;
  const int j = rest % n;
  const int o = rest / n;
  const int ix = index[j];
  if (ix < 0 || ix >= size) {
    idx::reportBadIndex(err, j, ix);
    static_cast<unsigned*>(out)[t] = 0u;
    return;
  }
  strided::copyElement(in, (static_cast<long long>(o) * size + ix) * inner + i, (intMask & 1) != 0, out, t,
                       (intMask & 2) != 0);
}

// indexAdd's sums, one thread per output slot of [outer, size, inner] = total:
// out[(o*size + p)*inner + i] += src[(o*n + j)*inner + i] for the j of bucket p (idx_bucket over the one line of
// the index) in increasing j. Params: src, start, sorted, out, intMask (bit 0: src, bit 1: out is int32), total,
// size, n, inner.
extern "C" __global__ void idx_index_add_sum(const void* src, const int* start, const int* sorted, void* out,
                                             int intMask, int total, int size, int n, int inner) {
  const int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= total) return;
  const int i = t % inner;
  const int rest = t / inner;
  const int p = rest % size;
  const int o = rest / size;
  const int from = start[p];
  const int to = start[p + 1];
  if (from == to) return;
  const long long srcBase = static_cast<long long>(o) * n;
  if (intMask == 0) {
    float acc = static_cast<float*>(out)[t];
    for (int q = from; q < to; ++q) {
      acc += static_cast<const float*>(src)[(srcBase + sorted[q]) * inner + i];
    }
    static_cast<float*>(out)[t] = acc;
  } else {
    double acc = strided::loadAsDouble(out, t, (intMask & 2) != 0);
    for (int q = from; q < to; ++q) {
      acc += strided::loadAsDouble(src, (srcBase + sorted[q]) * inner + i, (intMask & 1) != 0);
    }
    strided::storeFromDouble(out, t, acc, (intMask & 2) != 0);
  }
}

// Top-k positions along the middle axis of [outer, size, inner], one block of kTopKThreads per row
// (row = o*inner + i, rows = outer*inner = gridDim.x): position t goes to output slot r = its rank among the
// row's unique keys (idx::topKey) when r < k, so larger (smaller) values come first and ties keep the lower
// position first, NaN above every number, -0.0 equal to +0.0 (CpuIndexing.topKIndices' order).
// outIndex[(o*k + r)*inner + i] = t. Params: in, outIndex (int32), inIsInt, largest (0/1), size, k, inner.
constexpr int kTopKThreads = 256;

extern "C" __global__ void __launch_bounds__(kTopKThreads)
    idx_topk(const void* in, int* outIndex, int inIsInt, int largest, int size, int k, int inner) {
  __shared__ unsigned long long tile[kTopKThreads];
  const int row = blockIdx.x;
  const int o = row / inner;
  const int i = row - o * inner;
  const long long rowBase = static_cast<long long>(o) * size * inner + i;
  const bool isInt = inIsInt != 0;
  const bool big = largest != 0;
  for (int b = 0; b < size; b += kTopKThreads) {
    const int t = b + static_cast<int>(threadIdx.x);
    const unsigned long long mine = t < size ? idx::topKey(in, rowBase + static_cast<long long>(t) * inner, isInt,
                                                           big, t)
                                             : ~0ULL;
    int rank = 0;
    for (int u0 = 0; u0 < size; u0 += kTopKThreads) {
      const int u = u0 + static_cast<int>(threadIdx.x);
      __syncthreads();
      tile[threadIdx.x] =
          u < size ? idx::topKey(in, rowBase + static_cast<long long>(u) * inner, isInt, big, u) : ~0ULL;
      __syncthreads();
      const int count = min(kTopKThreads, size - u0);
      for (int q = 0; q < count; ++q) rank += tile[q] < mine ? 1 : 0;
    }
    if (t < size && rank < k) {
      outIndex[(static_cast<long long>(o) * k + rank) * inner + i] = t;
    }
  }
}

// The red_ family (owner H4): SUM, MAX and MIN over a set of axes, the CUDA twin of CpuBackend.reduce. Launched by
// dev.wstal.backend.cuda.CudaReduce.
//
// The host splits the input's axes into a kept space (one output per point, outputs dense in its row-major order)
// and a reduced space of reduceCount points, each coalesced to at most 8 axes. Work items are (output, chunk)
// pairs: chunk c covers reduced points [c*chunkLen, min((c+1)*chunkLen, reduceCount)). The blockDim.x lanes of an
// item (a power of two up to 32, so an item never leaves its warp) stride over the chunk, accumulating in double,
// then combine in a fixed shuffle tree; with more than one chunk red_finish combines the items' partials in chunk
// order. The decomposition depends only on the shapes, so results are bitwise identical run to run.
// SUM of nothing is 0, MAX of nothing -inf, MIN of nothing +inf; MAX and MIN propagate NaN and order -0 below +0
// (Java's Math.max/min), which makes them exact and independent of the order.
#include "strided.cuh"

namespace red {

enum ReduceCode : int { kSum = 0, kMax = 1, kMin = 2 };

__device__ __forceinline__ double identity(int op) {
  return op == kSum ? 0.0 : (op == kMax ? -INFINITY : INFINITY);
}

__device__ __forceinline__ double combine(int op, double a, double b) {
  if (op == kSum) return a + b;
  if (a != a) return a;
  if (b != b) return b;
  if (op == kMax) {
    if (a > b) return a;
    if (b > a) return b;
    return __double_as_longlong(a) < 0 ? b : a;
  }
  if (a < b) return a;
  if (b < a) return b;
  return __double_as_longlong(a) < 0 ? a : b;
}

}  // namespace red

// One (output, chunk) item per blockDim.x lanes; blockDim.y items per block; item = blockIdx.x*blockDim.y +
// threadIdx.y < nOut*chunks. With chunks == 1 the item writes out[output] directly, else partial[item] (double).
// Params: in, out, partial (double [nOut*chunks], unused when chunks == 1), op (ReduceOp ordinal), intMask (bit 0:
// in, bit 1: out is int32), nOut, chunks, reduceCount, chunkLen, kept space (rank, d0..d7), kept operand (in's
// strides over the kept axes, s0..s7, and the base offset), reduced space (rank, d0..d7), reduced operand (in's
// strides over the reduced axes, s0..s7, offset 0).
extern "C" __global__ void red_reduce(const void* in, void* out, double* partial, int op, int intMask, int nOut,
                                      int chunks, int reduceCount, int chunkLen, STRIDED_SPACE_PARAMS(ks),
                                      STRIDED_OPERAND_PARAMS(k), STRIDED_SPACE_PARAMS(rs),
                                      STRIDED_OPERAND_PARAMS(r)) {
  const int lanes = static_cast<int>(blockDim.x);
  const long long item = static_cast<long long>(blockIdx.x) * blockDim.y + threadIdx.y;
  const bool live = item < static_cast<long long>(nOut) * chunks;
  const bool inInt = (intMask & 1) != 0;
  double acc = red::identity(op);
  int output = 0;
  if (live) {
    output = static_cast<int>(item / chunks);
    const int chunk = static_cast<int>(item - static_cast<long long>(output) * chunks);
    const long long base =
        strided::offsetOf(STRIDED_OPERAND(k), strided::coords(STRIDED_SPACE(ks), static_cast<unsigned>(output)));
    const strided::Space reduced = STRIDED_SPACE(rs);
    const strided::Operand reducedStrides = STRIDED_OPERAND(r);
    const long long begin = static_cast<long long>(chunk) * chunkLen;
    const long long end = min(static_cast<long long>(reduceCount), begin + chunkLen);
    for (long long p = begin + threadIdx.x; p < end; p += lanes) {
      const long long at = base + strided::offsetOf(reducedStrides, strided::coords(reduced, static_cast<unsigned>(p)));
      acc = red::combine(op, acc, strided::loadAsDouble(in, at, inInt));
    }
  }
  // Every thread of the warp takes part (no early return), so the full mask is exact.
  for (int w = lanes >> 1; w > 0; w >>= 1) {
    acc = red::combine(op, acc, __shfl_down_sync(0xffffffffu, acc, w, lanes));
  }
  if (live && threadIdx.x == 0) {
    if (chunks == 1) {
      strided::storeFromDouble(out, output, acc, (intMask & 2) != 0);
    } else {
      partial[item] = acc;
    }
  }
}

// out[o] = the combination of partial[o*chunks + c] for c = 0, 1, ... in order, one thread per output o < nOut.
// Params: partial (double), out, op (ReduceOp ordinal), outIsInt, nOut, chunks.
extern "C" __global__ void red_finish(const double* partial, void* out, int op, int outIsInt, int nOut, int chunks) {
  const int o = blockIdx.x * blockDim.x + threadIdx.x;
  if (o >= nOut) return;
  double acc = red::identity(op);
  const double* row = partial + static_cast<long long>(o) * chunks;
  for (int c = 0; c < chunks; ++c) acc = red::combine(op, acc, row[c]);
  strided::storeFromDouble(out, o, acc, outIsInt != 0);
}

// Row-wise signed square root and L2 normalisation of a [rows, width] buffer (kernels.md §4, the normalisation
// after second-order pooling), forward and backward exactly as the CPU reference (CpuPooling):
//   y = sign(x)·sqrt(|x| + sqrtEps)   (x == 0, either sign, gives 0; NaN stays NaN), or y = x when signedSqrt is 0
//   norm = ‖y‖₂ per row, z = y / max(norm, l2Eps)   (Java's max: a NaN norm gives NaN, not l2Eps)
// The backward reads only the output and the norms.
//
// Layout of the work: grid x = row, grid y = chunk. A row is cut into `chunks` contiguous chunks of `chunkLen`
// elements so that a few very long rows (SAL: 2 rows of 512² values) still fill the GPU. With one chunk a block does
// the whole row in one launch. With several, the first kernel writes one partial sum per (row, chunk) and a second
// kernel, launched for every chunk, reduces the row's partials (the same fixed order in every block, so every block
// derives identical bits) and finishes its chunk. Sums: per-thread in increasing index, then a fixed tree.
#include "common.cuh"

namespace sop {

// Java's Math.max(a, b) for a b that is never NaN: a NaN a wins (fmaxf would return b).
__device__ __forceinline__ float java_max(float a, float b) {
  return a != a ? a : fmaxf(a, b);
}

__device__ __forceinline__ float signed_sqrt(float x, float eps) {
  return x == 0.0f ? 0.0f : copysignf(sqrtf(fabsf(x) + eps), x);
}

struct Range {
  long long begin;
  long long end;
};

__device__ __forceinline__ Range chunk_range(int width, int chunkLen) {
  const long long begin = static_cast<long long>(blockIdx.y) * chunkLen;
  const long long end = begin + chunkLen < width ? begin + chunkLen : static_cast<long long>(width);
  return Range{begin, end};
}

// The sum of the row's per-chunk partials (chunks <= blockDim.x), in the same order in every block.
__device__ __forceinline__ float row_total(const float* partials, long long row, int chunks, float* scratch) {
  const float v = static_cast<int>(threadIdx.x) < chunks ? partials[row * chunks + threadIdx.x] : 0.0f;
  return wstal::block_sum(v, scratch);
}

__device__ __forceinline__ void scale_chunk(float* rowOut, Range r, float denominator) {
  for (long long i = r.begin + threadIdx.x; i < r.end; i += blockDim.x) {
    rowOut[i] = rowOut[i] / denominator;
  }
}

// gradIn of one chunk; dot = Σ out·gradOut over the row (used only through the norm).
__device__ __forceinline__ void write_gradient(
    const float* rowOut, const float* rowGradOut, float* rowGradIn, Range r, int signedSqrt, int l2, float norm,
    float denominator, bool throughNorm, float dot) {
  for (long long i = r.begin + threadIdx.x; i < r.end; i += blockDim.x) {
    const float o = rowOut[i];
    const float go = rowGradOut[i];
    float g = !l2 ? go : throughNorm ? (go - o * dot) / norm : go / denominator;
    if (signedSqrt) {
      // |y| = sqrt(|x| + eps) is recovered from the output; y == 0 only where x was exactly 0 (flat there).
      const float y = l2 ? o * denominator : o;
      g = y == 0.0f ? 0.0f : g / (2.0f * fabsf(y));
    }
    rowGradIn[i] = g;
  }
}

}  // namespace sop

// Forward, first (or only) kernel. Parameters, in order:
//   const float* in, float* out          ([rows, width]; must not overlap)
//   float* norms                         ([rows]; written when l2 and chunks == 1; unused otherwise, may be 0)
//   float* partials                      ([rows, chunks]; written when l2 and chunks > 1; may be 0 otherwise)
//   int rows, int width, int chunkLen, int chunks   (chunks · chunkLen >= width, 1 <= chunks <= blockDim.x)
//   int signedSqrt, float sqrtEps, int l2, float l2Eps
// Grid: x = rows, y = chunks. Block: a multiple of 32 threads, at most 1024.
extern "C" __global__ void sop_signed_sqrt_l2_forward(
    const float* __restrict__ in, float* __restrict__ out, float* __restrict__ norms, float* __restrict__ partials,
    int rows, int width, int chunkLen, int chunks, int signedSqrt, float sqrtEps, int l2, float l2Eps) {
  __shared__ float scratch[32];
  const long long row = blockIdx.x;
  if (row >= rows) {
    return;
  }
  const sop::Range r = sop::chunk_range(width, chunkLen);
  const float* rowIn = in + row * width;
  float* rowOut = out + row * width;
  float squares = 0.0f;
  for (long long i = r.begin + threadIdx.x; i < r.end; i += blockDim.x) {
    const float x = rowIn[i];
    const float y = signedSqrt ? sop::signed_sqrt(x, sqrtEps) : x;
    rowOut[i] = y;
    squares = fmaf(y, y, squares);
  }
  if (!l2) {
    return;
  }
  const float total = wstal::block_sum(squares, scratch);
  if (chunks > 1) {
    if (threadIdx.x == 0) {
      partials[row * chunks + blockIdx.y] = total;
    }
    return;
  }
  const float norm = sqrtf(total);
  if (threadIdx.x == 0) {
    norms[row] = norm;
  }
  // Each thread rescales exactly the elements it wrote above, so no barrier is needed.
  sop::scale_chunk(rowOut, r, sop::java_max(norm, l2Eps));
}

// Forward, second kernel, only when l2 and chunks > 1: the norm from the partials, then the chunk's division.
// Parameters, in order: float* out, float* norms, const float* partials, int rows, int width, int chunkLen,
//   int chunks, float l2Eps. Grid and block as the first kernel (the same chunks).
extern "C" __global__ void sop_l2_forward_finish(
    float* __restrict__ out, float* __restrict__ norms, const float* __restrict__ partials, int rows, int width,
    int chunkLen, int chunks, float l2Eps) {
  __shared__ float scratch[32];
  const long long row = blockIdx.x;
  if (row >= rows) {
    return;
  }
  const float norm = sqrtf(sop::row_total(partials, row, chunks, scratch));
  if (blockIdx.y == 0 && threadIdx.x == 0) {
    norms[row] = norm;
  }
  sop::scale_chunk(out + row * width, sop::chunk_range(width, chunkLen), sop::java_max(norm, l2Eps));
}

// Backward, first (or only) kernel. Parameters, in order:
//   const float* out, const float* norms ([rows, width] forward output; [rows] norms, read only when l2, may be 0)
//   const float* gradOut, float* gradIn  ([rows, width])
//   float* partials                      ([rows, chunks] scratch when l2 and chunks > 1; may be 0 otherwise)
//   int rows, int width, int chunkLen, int chunks, int signedSqrt, int l2, float l2Eps
// Grid: x = rows, y = chunks. Block: a multiple of 32 threads, at most 1024.
// Where the gradient flows through the norm (l2 and norm >= l2Eps, as PyTorch's clamp_min) it needs the row's
// dot = Σ out·gradOut: with several chunks this kernel only writes partial dots and sop_l2_backward_finish
// writes those rows' gradients; every other row is finished here.
extern "C" __global__ void sop_signed_sqrt_l2_backward(
    const float* __restrict__ out, const float* __restrict__ norms, const float* __restrict__ gradOut,
    float* __restrict__ gradIn, float* __restrict__ partials, int rows, int width, int chunkLen, int chunks,
    int signedSqrt, int l2, float l2Eps) {
  __shared__ float scratch[32];
  const long long row = blockIdx.x;
  if (row >= rows) {
    return;
  }
  const sop::Range r = sop::chunk_range(width, chunkLen);
  const float* rowOut = out + row * width;
  const float* rowGradOut = gradOut + row * width;
  const float norm = l2 ? norms[row] : 0.0f;
  const bool throughNorm = l2 && norm >= l2Eps;  // uniform over the block: the barriers below are safe
  float dot = 0.0f;
  if (throughNorm) {
    float partial = 0.0f;
    for (long long i = r.begin + threadIdx.x; i < r.end; i += blockDim.x) {
      partial = fmaf(rowOut[i], rowGradOut[i], partial);
    }
    dot = wstal::block_sum(partial, scratch);
    if (chunks > 1) {
      if (threadIdx.x == 0) {
        partials[row * chunks + blockIdx.y] = dot;
      }
      return;
    }
  }
  const float denominator = l2 ? sop::java_max(norm, l2Eps) : 1.0f;
  sop::write_gradient(
      rowOut, rowGradOut, gradIn + row * width, r, signedSqrt, l2, norm, denominator, throughNorm, dot);
}

// Backward, second kernel, only when l2 and chunks > 1: the rows whose gradient flows through the norm.
// Parameters, in order: const float* out, const float* norms, const float* gradOut, float* gradIn,
//   const float* partials, int rows, int width, int chunkLen, int chunks, int signedSqrt, float l2Eps.
// Grid and block as the first kernel.
extern "C" __global__ void sop_l2_backward_finish(
    const float* __restrict__ out, const float* __restrict__ norms, const float* __restrict__ gradOut,
    float* __restrict__ gradIn, const float* __restrict__ partials, int rows, int width, int chunkLen, int chunks,
    int signedSqrt, float l2Eps) {
  __shared__ float scratch[32];
  const long long row = blockIdx.x;
  if (row >= rows) {
    return;
  }
  const float norm = norms[row];
  if (!(norm >= l2Eps)) {
    return;  // finished by the first kernel
  }
  const float dot = sop::row_total(partials, row, chunks, scratch);
  sop::write_gradient(
      out + row * width, gradOut + row * width, gradIn + row * width, sop::chunk_range(width, chunkLen),
      signedSqrt, 1, norm, sop::java_max(norm, l2Eps), true, dot);
}

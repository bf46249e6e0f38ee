// Strided-batched SGEMM, row-major, with transposes: for each problem p,
//   C_p[M×N] = alpha · op(A_p)[M×K] · op(B_p)[K×N] + beta · C_p
// where A stored untransposed is M×K (leading dimension K) and transposed K×M (leading dimension M); likewise B is
// K×N or, transposed, N×K. A batch stride of 0 reuses one matrix for every problem. With sumBatch the products of
// all problems are summed into one M×N matrix, in batch order, inside one block (never atomics). fp32 accumulation,
// one FMA at a time in increasing K. When one output matrix has too few tiles to fill the GPU the launcher splits K
// into fixed ranges, each summed into its own slice of a workspace, and sgemm_reduce_splits adds the slices in
// increasing order: the split depends only on the shape, so results are bitwise reproducible run to run.
//
// Design (kernels.md §5): 256 threads per block, each computing a TM×TN register micro-tile of a BM×BN block tile.
// K advances in BK-wide tiles held in shared memory k-major (As[k][m], Bs[k][n]) and double-buffered: the next
// tile's global loads are issued into registers before the current tile is consumed, and stored into the other
// buffer after, so one barrier per K-tile suffices. Every thread loads exactly one float4 of A and one of B per
// K-tile (BM·BK = BN·BK = 4·256); a load is one 16-byte access when it is aligned and fully inside the matrix and
// four predicated scalar loads otherwise, so any size, stride and offset works. A thread's micro-tile is split in
// two halves BM/2 (BN/2) apart, which makes its shared-memory fragment reads vector loads without bank conflicts.
// beta == 0 never reads C (an uninitialised or NaN-poisoned C stays harmless, as in BLAS).
#include "common.cuh"

namespace sgemm {

constexpr int kThreads = 256;
// Pads a shared-memory row so that the transposing stores of the untransposed operands hit distinct banks while
// rows stay 16-byte aligned for the vector fragment reads.
constexpr int kPad = 4;

// Loads the four floats p[0..3] of a row whose contiguous extent ends before index `extent` (p is element idx);
// elements past the extent, or all four when the row itself is outside the matrix, read as 0.
__device__ __forceinline__ float4 load4(const float* p, bool rowInside, int idx, int extent) {
  float4 v = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
  if (!rowInside) {
    return v;
  }
  if (idx + 3 < extent && (reinterpret_cast<unsigned long long>(p) & 15ull) == 0ull) {
    return __ldg(reinterpret_cast<const float4*>(p));
  }
  if (idx < extent) v.x = __ldg(p);
  if (idx + 1 < extent) v.y = __ldg(p + 1);
  if (idx + 2 < extent) v.z = __ldg(p + 2);
  if (idx + 3 < extent) v.w = __ldg(p + 3);
  return v;
}

// Reads N consecutive shared floats starting at a 4N-byte aligned address.
template <int N>
__device__ __forceinline__ void fragment(const float* src, float* dst) {
  static_assert(N == 2 || N == 4, "fragments are float2 or float4");
  if constexpr (N == 4) {
    const float4 v = *reinterpret_cast<const float4*>(src);
    dst[0] = v.x;
    dst[1] = v.y;
    dst[2] = v.z;
    dst[3] = v.w;
  } else {
    const float2 v = *reinterpret_cast<const float2*>(src);
    dst[0] = v.x;
    dst[1] = v.y;
  }
}

// Writes v[0..N) to row `crow` at columns col..col+N-1 (those < n): alpha·v (+ beta·C when beta != 0).
template <int N>
__device__ __forceinline__ void store_run(
    float* crow, int col, int n, const float* v, float alpha, float beta) {
  float r[N];
#pragma unroll
  for (int j = 0; j < N; ++j) {
    r[j] = alpha * v[j];
  }
  float* p = crow + col;
  const bool whole = col + N - 1 < n && (reinterpret_cast<unsigned long long>(p) & (4ull * N - 1ull)) == 0ull;
  if (whole) {
    if constexpr (N == 4) {
      float4 w = make_float4(r[0], r[1], r[2], r[3]);
      if (beta != 0.0f) {
        const float4 c = *reinterpret_cast<const float4*>(p);
        w.x = fmaf(beta, c.x, w.x);
        w.y = fmaf(beta, c.y, w.y);
        w.z = fmaf(beta, c.z, w.z);
        w.w = fmaf(beta, c.w, w.w);
      }
      *reinterpret_cast<float4*>(p) = w;
    } else {
      float2 w = make_float2(r[0], r[1]);
      if (beta != 0.0f) {
        const float2 c = *reinterpret_cast<const float2*>(p);
        w.x = fmaf(beta, c.x, w.x);
        w.y = fmaf(beta, c.y, w.y);
      }
      *reinterpret_cast<float2*>(p) = w;
    }
    return;
  }
#pragma unroll
  for (int j = 0; j < N; ++j) {
    if (col + j < n) {
      p[j] = beta != 0.0f ? fmaf(beta, p[j], r[j]) : r[j];
    }
  }
}

// One operand's per-thread loader: the float4 it loads for consecutive K-tiles. K_MAJOR operands are stored with K
// as their row index (A transposed, stored K×M; B untransposed, stored K×N, leading dimension = the outer extent):
// the thread takes 4 consecutive outer elements of tile row `tileRow` (a k). The others are stored outer×K
// (leading dimension K): the thread takes 4 consecutive k (from tileCol) of outer row `tileRow`.
template <int BK, bool K_MAJOR>
struct Loader {
  const float* p;  // the thread's first element of the current tile
  int kIndex;      // the K index of the thread's (first) element in the current tile
  int outer;       // the outer (m or n) index of the thread's first element

  __device__ __forceinline__ Loader(
      const float* base, int tileOuter, int tileRow, int tileCol, int kBegin, int outerExtent, int k) {
    if (K_MAJOR) {
      kIndex = kBegin + tileRow;
      outer = tileOuter + tileCol;
      p = base + static_cast<long long>(kIndex) * outerExtent + outer;
    } else {
      outer = tileOuter + tileRow;
      kIndex = kBegin + tileCol;
      p = base + static_cast<long long>(outer) * k + kIndex;
    }
  }

  // Loads the current tile's float4 (elements outside the matrix or at or past kEnd read 0) and advances to the
  // same position in the next K-tile. outerExtent is m for A and n for B.
  __device__ __forceinline__ float4 next(int kEnd, int outerExtent) {
    float4 v;
    if (K_MAJOR) {
      v = load4(p, kIndex < kEnd, outer, outerExtent);
      p += static_cast<long long>(BK) * outerExtent;
    } else {
      v = load4(p, outer < outerExtent, kIndex, kEnd);
      p += BK;
    }
    kIndex += BK;
    return v;
  }
};

template <int BM, int BN, int BK, int TM, int TN, bool TRANS_A, bool TRANS_B>
__device__ __forceinline__ void gemm(
    const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ c, int m, int n, int k,
    long long strideA, long long strideB, long long strideC, int batch, int sumBatch, int splits, int kChunk,
    float alpha, float beta, float (&as)[2][BK][BM + kPad], float (&bs)[2][BK][BN + kPad]) {
  static_assert((BM / TM) * (BN / TN) == kThreads, "one micro-tile per thread");
  static_assert(BM * BK == 4 * kThreads && BN * BK == 4 * kThreads, "one float4 of A and of B per thread");
  static_assert(TM % 2 == 0 && TN % 2 == 0, "micro-tiles split in two halves");
  constexpr int HM = TM / 2;
  constexpr int HN = TN / 2;

  const int tid = threadIdx.x;
  const int tx = tid % (BN / TN);
  const int ty = tid / (BN / TN);
  const int m0 = blockIdx.y * BM;
  const int n0 = blockIdx.x * BN;
  // A is K-major when transposed (stored K×M); B when not (stored K×N).
  constexpr bool aKMajor = TRANS_A;
  constexpr bool bKMajor = !TRANS_B;

  // The thread's place in a tile: K-major operands take 4 consecutive outer elements of one k row (the tile is
  // BK rows of BM/4 float4s); the others 4 consecutive k of one outer row (BM rows of BK/4 float4s).
  const int aRow = aKMajor ? tid / (BM / 4) : tid / (BK / 4);
  const int aCol = aKMajor ? (tid % (BM / 4)) * 4 : (tid % (BK / 4)) * 4;
  const int bRow = bKMajor ? tid / (BN / 4) : tid / (BK / 4);
  const int bCol = bKMajor ? (tid % (BN / 4)) * 4 : (tid % (BK / 4)) * 4;

  // Shared tiles are k-major: as[k][m], bs[k][n]. K-major operands are stored as loaded (one 16-byte store),
  // the others transposed element by element.
  auto storeA = [&](int buf, float4 v) {
    if constexpr (aKMajor) {
      *reinterpret_cast<float4*>(&as[buf][aRow][aCol]) = v;
    } else {
      as[buf][aCol + 0][aRow] = v.x;
      as[buf][aCol + 1][aRow] = v.y;
      as[buf][aCol + 2][aRow] = v.z;
      as[buf][aCol + 3][aRow] = v.w;
    }
  };
  auto storeB = [&](int buf, float4 v) {
    if constexpr (bKMajor) {
      *reinterpret_cast<float4*>(&bs[buf][bRow][bCol]) = v;
    } else {
      bs[buf][bCol + 0][bRow] = v.x;
      bs[buf][bCol + 1][bRow] = v.y;
      bs[buf][bCol + 2][bRow] = v.z;
      bs[buf][bCol + 3][bRow] = v.w;
    }
  };

  // The caller keeps outMatrices·splits within an int (a split problem has one output matrix).
  const int outMatrices = sumBatch ? 1 : batch;
  const int work = outMatrices * splits;

  for (int w = blockIdx.z; w < work; w += gridDim.z) {
    // Work item w = (output matrix, K-split): the split sums k in [kBegin, kEnd) of every problem it covers.
    // The caller guarantees (splits - 1)·kChunk < max(k, 1), so kBegin < k or k == 0 and nothing overflows.
    const int outIndex = w / splits;
    const int kBegin = (w % splits) * kChunk;
    const int kEnd = k - kBegin > kChunk ? kBegin + kChunk : k;
    const int numTiles = kEnd > kBegin ? (kEnd - kBegin + BK - 1) / BK : 0;
    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; ++i) {
#pragma unroll
      for (int j = 0; j < TN; ++j) {
        acc[i][j] = 0.0f;
      }
    }
    const int pFirst = sumBatch ? 0 : outIndex;
    const int pEnd = sumBatch ? batch : outIndex + 1;
    for (int p = pFirst; p < pEnd && numTiles > 0; ++p) {
      Loader<BK, aKMajor> la(a + p * strideA, m0, aRow, aCol, kBegin, m, k);
      Loader<BK, bKMajor> lb(b + p * strideB, n0, bRow, bCol, kBegin, n, k);
      // The previous problem's (or work item's) last barrier guarantees nobody still reads buffer 0.
      storeA(0, la.next(kEnd, m));
      storeB(0, lb.next(kEnd, n));
      __syncthreads();
      for (int t = 0; t < numTiles; ++t) {
        const int cur = t & 1;
        const bool more = t + 1 < numTiles;
        float4 nextA = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        float4 nextB = nextA;
        if (more) {
          nextA = la.next(kEnd, m);
          nextB = lb.next(kEnd, n);
        }
#pragma unroll
        for (int kk = 0; kk < BK; ++kk) {
          float fa[TM];
          float fb[TN];
          fragment<HM>(&as[cur][kk][ty * HM], fa);
          fragment<HM>(&as[cur][kk][BM / 2 + ty * HM], fa + HM);
          fragment<HN>(&bs[cur][kk][tx * HN], fb);
          fragment<HN>(&bs[cur][kk][BN / 2 + tx * HN], fb + HN);
#pragma unroll
          for (int i = 0; i < TM; ++i) {
#pragma unroll
            for (int j = 0; j < TN; ++j) {
              acc[i][j] = fmaf(fa[i], fb[j], acc[i][j]);
            }
          }
        }
        // The other buffer was last read in iteration t - 1, which every thread finished before the barrier
        // that ended it; it is read again only after the barrier below.
        if (more) {
          storeA(cur ^ 1, nextA);
          storeB(cur ^ 1, nextB);
        }
        __syncthreads();
      }
    }

    float* cw = c + static_cast<long long>(w) * strideC;
#pragma unroll
    for (int i = 0; i < TM; ++i) {
      const int row = m0 + (i < HM ? ty * HM + i : BM / 2 + ty * HM + (i - HM));
      if (row < m) {
        float* crow = cw + static_cast<long long>(row) * n;
        store_run<HN>(crow, n0 + tx * HN, n, &acc[i][0], alpha, beta);
        store_run<HN>(crow, n0 + BN / 2 + tx * HN, n, &acc[i][HN], alpha, beta);
      }
    }
  }
}

// The transposes select one of four compiled variants, so that no load carries a run-time layout branch.
template <int BM, int BN, int BK, int TM, int TN>
__device__ __forceinline__ void dispatch(
    const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ c, int m, int n, int k,
    int transA, int transB, long long strideA, long long strideB, long long strideC, int batch, int sumBatch,
    int splits, int kChunk, float alpha, float beta) {
  // Declared once here, not in gemm: each of the four instantiations would otherwise get its own copy.
  __shared__ __align__(16) float as[2][BK][BM + kPad];
  __shared__ __align__(16) float bs[2][BK][BN + kPad];
  if (transA) {
    if (transB) {
      gemm<BM, BN, BK, TM, TN, true, true>(
          a, b, c, m, n, k, strideA, strideB, strideC, batch, sumBatch, splits, kChunk, alpha, beta, as, bs);
    } else {
      gemm<BM, BN, BK, TM, TN, true, false>(
          a, b, c, m, n, k, strideA, strideB, strideC, batch, sumBatch, splits, kChunk, alpha, beta, as, bs);
    }
  } else if (transB) {
    gemm<BM, BN, BK, TM, TN, false, true>(
        a, b, c, m, n, k, strideA, strideB, strideC, batch, sumBatch, splits, kChunk, alpha, beta, as, bs);
  } else {
    gemm<BM, BN, BK, TM, TN, false, false>(
        a, b, c, m, n, k, strideA, strideB, strideC, batch, sumBatch, splits, kChunk, alpha, beta, as, bs);
  }
}

}  // namespace sgemm

// Both tiled kernels take the same parameters, in this order:
//   const float* a, const float* b, float* c   (device pointers; c must not overlap a or b)
//   int m, int n, int k                         (op(A) is m×k, op(B) k×n, C m×n; all >= 0)
//   int transA, int transB                      (0 or 1: the operand is stored transposed)
//   long long strideA, strideB, strideC         (elements between consecutive problems / work items; 0 broadcasts)
//   int batch                                   (number of problems)
//   int sumBatch                                (1: one output matrix receives the sum over the batch, in order)
//   int splits, int kChunk                      (K split into `splits` ranges of kChunk; 1 and >= k: no split)
//   float alpha, float beta                     (C = alpha·Σ op(A)op(B) + beta·C; beta == 0 never reads C)
// Work item w in [0, outMatrices·splits) (outMatrices = batch, or 1 with sumBatch) is output matrix w / splits
// restricted to k in [(w % splits)·kChunk, ... + kChunk); it is written at c + w·strideC. Without a split that is
// just output matrix w. With splits > 1 the caller points c at a workspace of splits·m·n floats (strideC = m·n,
// alpha 1, beta 0, one output matrix) and combines it with sgemm_reduce_splits.
// Grid: x = ceil(n / BN), y = ceil(m / BM), z = the number of work items or fewer (blocks loop over them in steps of
// gridDim.z). Block: 256 threads. No dynamic shared memory.

// 128×128 block tiles, K-tile 8, 8×8 micro-tiles: for large matrices.
extern "C" __global__ void __launch_bounds__(256, 2) sgemm_tiled_128x128(
    const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ c, int m, int n, int k,
    int transA, int transB, long long strideA, long long strideB, long long strideC, int batch, int sumBatch,
    int splits, int kChunk, float alpha, float beta) {
  sgemm::dispatch<128, 128, 8, 8, 8>(
      a, b, c, m, n, k, transA, transB, strideA, strideB, strideC, batch, sumBatch, splits, kChunk, alpha, beta);
}

// 64×64 block tiles, K-tile 16, 4×4 micro-tiles: for small matrices (Newton–Schulz 256×256, covariance), where
// 128×128 tiles would leave most of the GPU idle.
extern "C" __global__ void __launch_bounds__(256, 3) sgemm_tiled_64x64(
    const float* __restrict__ a, const float* __restrict__ b, float* __restrict__ c, int m, int n, int k,
    int transA, int transB, long long strideA, long long strideB, long long strideC, int batch, int sumBatch,
    int splits, int kChunk, float alpha, float beta) {
  sgemm::dispatch<64, 64, 16, 4, 4>(
      a, b, c, m, n, k, transA, transB, strideA, strideB, strideC, batch, sumBatch, splits, kChunk, alpha, beta);
}

// The deterministic split-K epilogue: c[i] = alpha·Σ_s partials[s·count + i] + beta·c[i], the splits added in
// increasing s (never atomics). beta == 0 never reads c.
// Parameters, in order: const float* partials ([splits, count]), float* c ([count], one dense m×n matrix),
//   long long count, int splits, float alpha, float beta.
// Any 1-D launch: a grid-stride loop covers the count elements.
extern "C" __global__ void sgemm_reduce_splits(
    const float* __restrict__ partials, float* __restrict__ c, long long count, int splits, float alpha,
    float beta) {
  for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < count;
       i += static_cast<long long>(gridDim.x) * blockDim.x) {
    float sum = 0.0f;
    for (int s = 0; s < splits; ++s) {
      sum += partials[s * count + i];
    }
    const float scaled = alpha * sum;
    c[i] = beta != 0.0f ? fmaf(beta, c[i], scaled) : scaled;
  }
}

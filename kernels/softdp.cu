// Soft-DP alignment kernels (kernels.md §2): FSD, soft-DTW, soft LCS and FTCL's hard LCS over a whole batch of
// pairs in one launch per pass. The float64 CPU twin, and the definition of every value written here, is
// dev.wstal.backend.cpu.CpuAlignment; the host launcher is dev.wstal.backend.cuda.CudaSoftDp.
//
// Problems. Pair p is an n×m grid (n, m from lengths[2p], lengths[2p+1], or rows×cols when lengths is null).
// Padded layout (offsets null): cell (i, j) of pair p is element p·rows·cols + i·cols + j of every input, gradient
// and (times the state width W) of the state. Packed layout (offsets non-null): cell (i, j) is offsets[p] + i·m + j;
// rows and cols are then only upper bounds of every pair's n and m. The DP coordinates used below are the CPU's:
// DP(I, J), I in [0, n], J in [0, m], with the borders I = 0 or J = 0, and cell (i, j) = DP(i+1, j+1).
//
// State. Per cell W floats at (cell·W + k), exactly the CPU layout and values (W = 3, soft LCS 4): the normalised
// propagation coefficients towards the diagonal, upper and left predecessor (the soft-argmax/argmin weights for
// FSD/soft-DTW, β and (1−β)·u, (1−β)·l for soft LCS plus ∂R/∂sim, the 0/1 branch flags for hard LCS). The
// backward therefore needs no exp: E(i,j) = E(i+1,j)·w_up(i+1,j) + E(i+1,j+1)·w_diag(i+1,j+1) + E(i,j+1)·w_left(i,j+1).
//
// Two mappings, same arithmetic (bit-identical results, whichever mapping or batch composition runs a pair):
//  - warp per pair (§2.3): lane ℓ owns the stripe of r = ⌈n/32⌉ rows [ℓr, ℓr+r) and walks the columns skewed by
//    one step per lane; the stripe's top row gets its upper neighbour from lane ℓ−1 through __shfl_up_sync (its
//    diagonal neighbour is what arrived the step before). No shared memory, no barrier. Templated on R, the
//    largest r of the launch (R·32 ≥ rows), so a stripe lives in registers.
//  - block per pair (§2.4): three rotating anti-diagonal buffers (ring index D mod 3) in shared memory, or in a
//    global scratch area when they do not fit, each thread a strided share of the diagonal, one __syncthreads per
//    diagonal; any length is handled by the strided loop.
// Every arithmetic step of a cell uses explicit _rn intrinsics, so no FMA contraction can make the two mappings
// (or two template instances) round differently.
//
// Numerics (§2.7): smax in base 2 around its maximum (the maximum's own term is exactly 1), normalised weights
// stored; an argument of −∞ gets weight 0 and no ∞ − ∞ is ever formed; a cell whose three arguments are all −∞ gets
// weights 0. R is carried in float64, the exponentials, logarithms, weights and the adjoint E in float32: a weight
// depends on a difference x_k − max of two R values much larger than it, so float32 R would lose ulp(R)·log2(e)/γ
// of every weight (a host emulation of these kernels with float32 R gave 5e-4 max-norm error in the FSD gradients
// at 750×750, γ = 0.1; with float64 R, 3e-6). FP64 runs at half the FP32 rate on sm_80/sm_90 and these kernels are bound by latency and memory, not
// arithmetic, so the wider R costs little; it also makes hard LCS's branch tests, ties and R the CPU's exactly.
#include "common.cuh"

namespace softdp {

// AlignKind ordinals (dev.wstal.backend.AlignKind).
constexpr int kFsd = 0;
constexpr int kSoftDtw = 1;
constexpr int kLcsSoft = 2;
constexpr int kLcsHard = 3;

constexpr float kLog2e = 1.4426950408889634f;
constexpr float kLn2 = 0.6931471805599453f;

// Threads per block of the warp kernels (4 pairs per block) and the most threads of a block kernel; the host
// (CudaSoftDp) launches with exactly these.
constexpr int kWarpKernelThreads = 128;
constexpr int kBlockKernelMaxThreads = 512;

__host__ __device__ __forceinline__ int state_width(int kind) { return kind == kLcsSoft ? 4 : 3; }

// Where pair p lies and how large it is.
struct Geometry {
  int n;
  int m;
  long long base;  // cell (0, 0)
  long long ld;    // distance between rows, in cells
};

__device__ __forceinline__ Geometry geometry(int p, int rows, int cols, const int* lengths, const int* offsets) {
  Geometry g;
  g.n = lengths != nullptr ? lengths[2 * p] : rows;
  g.m = lengths != nullptr ? lengths[2 * p + 1] : cols;
  if (offsets != nullptr) {
    g.base = offsets[p];
    g.ld = g.m;
  } else {
    g.base = static_cast<long long>(p) * rows * cols;
    g.ld = cols;
  }
  return g;
}

// The forward's inputs and settings, unpacked once per thread from the kernel arguments.
struct Problem {
  int kind;
  const float* in0;   // FSD match; soft-DTW cost; LCS sim
  const float* in1;   // FSD gapInsert
  const float* in2;   // FSD gapDelete
  float scale;        // log2(e)/γ
  float gammaLn2;     // γ·ln 2
  float temperature;  // soft LCS gate temperature t
  double tau;         // LCS threshold, the CPU's double
  float* state;
};

__device__ __forceinline__ Problem make_problem(int kind, const float* in0, const float* in1, const float* in2,
                                                float gamma, float temperature, long long tauBits, float* state) {
  Problem pr;
  pr.kind = kind;
  pr.in0 = in0;
  pr.in1 = in1;
  pr.in2 = in2;
  pr.scale = __fdiv_rn(kLog2e, gamma);
  pr.gammaLn2 = __fmul_rn(gamma, kLn2);
  pr.temperature = temperature;
  pr.tau = __longlong_as_double(tauBits);
  pr.state = state;
  return pr;
}

// DP(I, J) on the border (I == 0 or J == 0): soft-DTW has R(0,0) = 0 and +∞ elsewhere; the others are 0.
__device__ __forceinline__ double border(const Problem& pr, int i, int j) {
  return pr.kind == kSoftDtw && (i != 0 || j != 0) ? static_cast<double>(INFINITY) : 0.0;
}

// 2^((x − mx)·scale) for x ≤ mx: the difference in float64, the rest in float32. Exactly 0 when x = −∞ and mx is
// finite.
__device__ __forceinline__ float rel_exp2(double x, double mx, float scale) {
  return exp2f(__fmul_rn(__double2float_rn(__dsub_rn(x, mx)), scale));
}

// γ·ln(sum) for a sum of normalised exponentials (in [1, 3]), widened for adding to R.
__device__ __forceinline__ double gamma_log(const Problem& pr, float sum) {
  return static_cast<double>(__fmul_rn(pr.gammaLn2, __log2f(sum)));
}

// smax_γ(x0, x1, x2) = mx + γ·ln Σ exp((x_k − mx)/γ) and its normalised weights w_k. The argmax is chosen with the
// CPU's tests (x0 first, then x1), its term is exactly 1. All three −∞: −∞ and weights 0 (an unreachable cell).
__device__ __forceinline__ double smax3(const Problem& pr, double x0, double x1, double x2, float* w) {
  double mx;
  float e0;
  float e1;
  float e2;
  if (x0 >= x1 && x0 >= x2) {
    mx = x0;
    if (mx == -static_cast<double>(INFINITY)) {
      w[0] = 0.0f;
      w[1] = 0.0f;
      w[2] = 0.0f;
      return mx;
    }
    e0 = 1.0f;
    e1 = rel_exp2(x1, mx, pr.scale);
    e2 = rel_exp2(x2, mx, pr.scale);
  } else if (x1 >= x2) {
    mx = x1;
    e0 = rel_exp2(x0, mx, pr.scale);
    e1 = 1.0f;
    e2 = rel_exp2(x2, mx, pr.scale);
  } else {
    mx = x2;
    e0 = rel_exp2(x0, mx, pr.scale);
    e1 = rel_exp2(x1, mx, pr.scale);
    e2 = 1.0f;
  }
  const float sum = __fadd_rn(__fadd_rn(e0, e1), e2);
  const float inv = __frcp_rn(sum);
  w[0] = __fmul_rn(e0, inv);
  w[1] = __fmul_rn(e1, inv);
  w[2] = __fmul_rn(e2, inv);
  return __dadd_rn(mx, gamma_log(pr, sum));
}

// Soft LCS: β = σ((sim − τ)/t); R = β·(diag + sim) + (1 − β)·smax_γ(up, left). Coefficients β, (1−β)·u, (1−β)·l and
// ∂R/∂sim = β + β(1−β)(A − S)/t, as the CPU.
__device__ __forceinline__ double lcs_soft_cell(const Problem& pr, float simF, double diag, double up, double left,
                                                float* w) {
  const double sim = static_cast<double>(simF);
  const float z = __fdiv_rn(__double2float_rn(__dsub_rn(sim, pr.tau)), pr.temperature);
  // σ(z) and 1 − σ(z) = σ(−z), each from the side where exp cannot overflow.
  const float ez = exp2f(__fmul_rn(-fabsf(z), kLog2e));
  const float big = __frcp_rn(__fadd_rn(1.0f, ez));
  const float small = __fmul_rn(ez, big);
  const float beta = z >= 0.0f ? big : small;
  const float skip = z >= 0.0f ? small : big;
  // The larger argument's term is exactly 1.
  const bool upWins = up >= left;
  const double mx = upWins ? up : left;
  const float eu = upWins ? 1.0f : rel_exp2(up, mx, pr.scale);
  const float el = upWins ? rel_exp2(left, mx, pr.scale) : 1.0f;
  const float sum = __fadd_rn(eu, el);
  const double smax = __dadd_rn(mx, gamma_log(pr, sum));
  const double matched = __dadd_rn(diag, sim);
  const float gap = __double2float_rn(__dsub_rn(matched, smax));
  w[0] = beta;
  w[1] = __fdiv_rn(__fmul_rn(skip, eu), sum);
  w[2] = __fdiv_rn(__fmul_rn(skip, el), sum);
  w[3] = __fadd_rn(beta, __fdiv_rn(__fmul_rn(__fmul_rn(beta, skip), gap), pr.temperature));
  // β·A + (1 − β)·S written as S + β·(A − S): β and 1 − β are float32 and do not sum to 1 exactly, and that
  // defect times |S| (which grows along the pair) would accumulate into R.
  return __dadd_rn(smax, __dmul_rn(static_cast<double>(beta), __dsub_rn(matched, smax)));
}

// Hard LCS: R = diag + sim if sim > τ (strict), else max(up, left) taking up on ties; 0/1 flags. The same float64
// operations in the same order as the CPU, so the branch tests, ties and R are the CPU's bits.
__device__ __forceinline__ double lcs_hard_cell(const Problem& pr, float simF, double diag, double up, double left,
                                                float* w) {
  const double sim = static_cast<double>(simF);
  if (sim > pr.tau) {
    w[0] = 1.0f;
    w[1] = 0.0f;
    w[2] = 0.0f;
    return __dadd_rn(diag, sim);
  }
  const bool takeUp = up >= left;
  w[0] = 0.0f;
  w[1] = takeUp ? 1.0f : 0.0f;
  w[2] = takeUp ? 0.0f : 1.0f;
  return takeUp ? up : left;
}

// One cell: reads the inputs at cell c, writes its W coefficients, returns R. The kind branch is uniform over a
// launch.
__device__ __forceinline__ double cell(const Problem& pr, long long c, double diag, double up, double left) {
  float* st = pr.state + c * state_width(pr.kind);
  switch (pr.kind) {
    case kFsd: {
      const double x1 = __dadd_rn(static_cast<double>(pr.in1[c]), up);
      const double x2 = __dadd_rn(static_cast<double>(pr.in2[c]), left);
      return __dadd_rn(static_cast<double>(pr.in0[c]), smax3(pr, diag, x1, x2, st));
    }
    case kSoftDtw:
      // The +∞ borders enter as −∞ arguments and get weight exactly 0.
      return __dsub_rn(static_cast<double>(pr.in0[c]), smax3(pr, -diag, -up, -left, st));
    case kLcsSoft:
      return lcs_soft_cell(pr, pr.in0[c], diag, up, left, st);
    default:
      return lcs_hard_cell(pr, pr.in0[c], diag, up, left, st);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Forward, warp per pair. Lane ℓ holds col[k] = DP(ℓr+k+1, j) of its stripe (the last column it finished) and
// processes column j = s − ℓ at step s, rows top to bottom. Its top row's upper neighbour DP(ℓr, j+1) is lane
// ℓ−1's bottom value of column j, computed at step s−1 and shuffled up at the start of step s; the diagonal one is
// the value that arrived at step s−1. Before a lane's first column those registers hold the left border, which is
// exactly DP(ℓr, 0). A pair takes m + lanes − 1 steps; every lane runs all of them so each shuffle has a full warp.
template <int R>
__device__ __forceinline__ void forward_warp(const Problem& pr, int pairs, int rows, int cols, const int* lengths,
                                             const int* offsets, float* scores) {
  const int lane = threadIdx.x & (wstal::kWarpSize - 1);
  const int warpsPerBlock = blockDim.x / wstal::kWarpSize;
  const int firstPair = blockIdx.x * warpsPerBlock + threadIdx.x / wstal::kWarpSize;
  const int pairStride = gridDim.x * warpsPerBlock;
  for (int p = firstPair; p < pairs; p += pairStride) {
    const Geometry g = geometry(p, rows, cols, lengths, offsets);
    const int r = (g.n + wstal::kWarpSize - 1) / wstal::kWarpSize;
    if (r > R) {
      // The host chose R from rows; a pair longer than that is a launcher bug: make it visible, never wrong.
      if (lane == 0) {
        scores[p] = NAN;
      }
      continue;
    }
    const int lanes = (g.n + r - 1) / r;
    const int row0 = lane * r;
    const double leftBorder = border(pr, 1, 0);
    double col[R];
#pragma unroll
    for (int k = 0; k < R; ++k) {
      col[k] = leftBorder;
    }
    double bottom = leftBorder;     // this lane's bottom value of its last column, for lane ℓ+1
    double fromAbove = leftBorder;  // lane ℓ−1's bottom value of the column it finished last step
    const int steps = g.m + lanes - 1;
    for (int s = 0; s < steps; ++s) {
      const double diagAbove = fromAbove;
      fromAbove = __shfl_up_sync(wstal::kFullMask, bottom, 1);
      const int j = s - lane;
      if (row0 < g.n && j >= 0 && j < g.m) {
        double diag = lane == 0 ? border(pr, 0, j) : diagAbove;
        double up = lane == 0 ? border(pr, 0, j + 1) : fromAbove;
#pragma unroll
        for (int k = 0; k < R; ++k) {
          const int i = row0 + k;
          if (k < r && i < g.n) {
            const double left = col[k];
            const double v = cell(pr, g.base + static_cast<long long>(i) * g.ld + j, diag, up, left);
            diag = left;
            up = v;
            col[k] = v;
            if (i == g.n - 1 && j == g.m - 1) {
              scores[p] = __double2float_rn(v);
            }
          }
        }
        bottom = up;
      }
    }
  }
}

// Forward, block per pair: buf holds three anti-diagonals of DP (slot D mod 3, entry I for DP(I, D − I), I ≥ 1);
// the border is computed, never stored.
__device__ __forceinline__ void forward_block(const Problem& pr, int pairs, int rows, int cols, const int* lengths,
                                              const int* offsets, float* scores, void* scratch) {
  extern __shared__ __align__(16) unsigned char softdp_shared[];
  const long long slot = rows + 1;
  for (int p = blockIdx.x; p < pairs; p += gridDim.x) {
    const Geometry g = geometry(p, rows, cols, lengths, offsets);
    double* buf = scratch != nullptr ? static_cast<double*>(scratch) + 3 * slot * p
                                     : reinterpret_cast<double*>(softdp_shared);
    for (int d = 2; d <= g.n + g.m; ++d) {
      double* cur = buf + (d % 3) * slot;
      const double* prev = buf + ((d - 1) % 3) * slot;
      const double* prev2 = buf + ((d - 2) % 3) * slot;
      const int lo = max(1, d - g.m);
      const int hi = min(g.n, d - 1);
      for (int i = lo + static_cast<int>(threadIdx.x); i <= hi; i += blockDim.x) {
        const int j = d - i;
        const double diag = (i == 1 || j == 1) ? border(pr, i - 1, j - 1) : prev2[i - 1];
        const double up = i == 1 ? border(pr, 0, j) : prev[i - 1];
        const double left = j == 1 ? border(pr, i, 0) : prev[i];
        const double v = cell(pr, g.base + static_cast<long long>(i - 1) * g.ld + (j - 1), diag, up, left);
        cur[i] = v;
        if (i == g.n && j == g.m) {
          scores[p] = __double2float_rn(v);
        }
      }
      __syncthreads();
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Backward.

// The adjoint's side: the state, the gradient outputs (null: not wanted) and the kind.
struct Adjoint {
  int kind;
  int width;
  const float* state;
  float* grad0;
  float* grad1;
  float* grad2;
};

// Coefficients of one cell: diag, up, left and (soft LCS) ∂R/∂sim.
struct Weights {
  float diag;
  float up;
  float left;
  float local;
};

__device__ __forceinline__ Weights load_weights(const Adjoint& ad, long long c) {
  const float* st = ad.state + c * ad.width;
  Weights w;
  w.diag = st[0];
  w.up = st[1];
  w.left = st[2];
  w.local = ad.width == 4 ? st[3] : 0.0f;
  return w;
}

// d score / d inputs at cell c from E = ∂score/∂R(c) (already times the upstream gradient), as the CPU.
__device__ __forceinline__ void write_gradients(const Adjoint& ad, long long c, float e, const Weights& w) {
  switch (ad.kind) {
    case kFsd:
      if (ad.grad0 != nullptr) ad.grad0[c] = e;
      if (ad.grad1 != nullptr) ad.grad1[c] = __fmul_rn(e, w.up);
      if (ad.grad2 != nullptr) ad.grad2[c] = __fmul_rn(e, w.left);
      break;
    case kSoftDtw:
      if (ad.grad0 != nullptr) ad.grad0[c] = e;
      break;
    case kLcsSoft:
      if (ad.grad0 != nullptr) ad.grad0[c] = __fmul_rn(e, w.local);
      break;
    case kLcsHard:  // the flag of the match branch
      if (ad.grad0 != nullptr) ad.grad0[c] = __fmul_rn(e, w.diag);
      break;
    default:  // the launcher passes only the four kinds
      break;
  }
}

// E of one cell from its successors' contributions, in the CPU's order: (below + below-right) + right. The last
// cell of the pair takes the upstream gradient instead.
__device__ __forceinline__ float adjoint(bool last, float upstream, float fromBelow, float fromBelowRight,
                                         float fromRight) {
  return last ? upstream : __fadd_rn(__fadd_rn(fromBelow, fromBelowRight), fromRight);
}

// Gradient 0 on the padding of a padded-layout pair (cells outside its n×m corner), like the CPU's backwardBatch.
__device__ __forceinline__ void zero_padding(const Adjoint& ad, int p, int rows, int cols, const Geometry& g,
                                             int first, int stride) {
  if (g.n == rows && g.m == cols) {
    return;
  }
  const long long base = static_cast<long long>(p) * rows * cols;
  const long long cells = static_cast<long long>(rows) * cols;
  for (long long x = first; x < cells; x += stride) {
    const long long i = x / cols;
    const long long j = x - i * cols;
    if (i >= g.n || j >= g.m) {
      if (ad.grad0 != nullptr) ad.grad0[base + x] = 0.0f;
      if (ad.grad1 != nullptr) ad.grad1[base + x] = 0.0f;
      if (ad.grad2 != nullptr) ad.grad2[base + x] = 0.0f;
    }
  }
}

// Backward, warp per pair: the forward's mapping run in reverse. Lane ℓ processes column j = m − 1 − (s − (lanes
// − 1 − ℓ)) bottom to top, so the last lane starts at column m − 1. Each cell sends its contributions to its
// predecessors: toLeft[k] = E·w_left (used by the same row one column later), toDiag[k] = E·w_diag (used by the row
// above one column later) and E·w_up (used by the row above in this column). The stripe's top row sends its
// E·w_up and E·w_diag to lane ℓ−1 through __shfl_down_sync; the lane above uses E·w_up in the same column and
// E·w_diag one step later. Registers start at 0: column m and row n do not exist.
template <int R>
__device__ __forceinline__ void backward_warp(const Adjoint& ad, int pairs, int rows, int cols, const int* lengths,
                                              const int* offsets, const float* gradScores) {
  const int lane = threadIdx.x & (wstal::kWarpSize - 1);
  const int warpsPerBlock = blockDim.x / wstal::kWarpSize;
  const int firstPair = blockIdx.x * warpsPerBlock + threadIdx.x / wstal::kWarpSize;
  const int pairStride = gridDim.x * warpsPerBlock;
  for (int p = firstPair; p < pairs; p += pairStride) {
    const Geometry g = geometry(p, rows, cols, lengths, offsets);
    const int r = (g.n + wstal::kWarpSize - 1) / wstal::kWarpSize;
    if (r > R) {
      continue;  // the forward wrote a NaN score for this launcher bug; gradients stay unwritten
    }
    const int lanes = (g.n + r - 1) / r;
    const int row0 = lane * r;
    const bool lastLane = row0 + r >= g.n;  // owns row n − 1: nothing below it
    const float upstream = gradScores[p];
    float toLeft[R];
    float toDiag[R];
#pragma unroll
    for (int k = 0; k < R; ++k) {
      toLeft[k] = 0.0f;
      toDiag[k] = 0.0f;
    }
    float sendUp = 0.0f;    // this lane's top row: E·w_up of the column it finished last step
    float sendDiag = 0.0f;  // and E·w_diag
    float recvUp = 0.0f;
    float recvDiag = 0.0f;
    const int steps = g.m + lanes - 1;
    for (int s = 0; s < steps; ++s) {
      const float diagBelow = recvDiag;  // lane ℓ+1's top row, column j + 1
      recvUp = __shfl_down_sync(wstal::kFullMask, sendUp, 1);
      recvDiag = __shfl_down_sync(wstal::kFullMask, sendDiag, 1);
      const int j = g.m - 1 - (s - (lanes - 1 - lane));
      if (row0 < g.n && j >= 0 && j < g.m) {
        float fromBelow = lastLane ? 0.0f : recvUp;
        float fromBelowRight = lastLane ? 0.0f : diagBelow;
#pragma unroll
        for (int k = R - 1; k >= 0; --k) {
          const int i = row0 + k;
          if (k < r && i < g.n) {
            const long long c = g.base + static_cast<long long>(i) * g.ld + j;
            const float e = adjoint(i == g.n - 1 && j == g.m - 1, upstream, fromBelow, fromBelowRight, toLeft[k]);
            const Weights w = load_weights(ad, c);
            write_gradients(ad, c, e, w);
            toLeft[k] = __fmul_rn(e, w.left);
            fromBelowRight = toDiag[k];  // row i's E·w_diag of column j + 1, for row i − 1
            toDiag[k] = __fmul_rn(e, w.diag);
            fromBelow = __fmul_rn(e, w.up);
          }
        }
        sendUp = fromBelow;
        sendDiag = toDiag[0];
      }
    }
    if (offsets == nullptr) {
      zero_padding(ad, p, rows, cols, g, lane, wstal::kWarpSize);
    }
  }
}

// Backward, block per pair: per anti-diagonal slot (D mod 3) the contributions each cell sends to its diagonal,
// upper and left predecessor (E·w_diag, E·w_up, E·w_left), indexed by the cell's I.
__device__ __forceinline__ void backward_block(const Adjoint& ad, int pairs, int rows, int cols, const int* lengths,
                                               const int* offsets, const float* gradScores, void* scratch) {
  extern __shared__ __align__(16) unsigned char softdp_shared[];
  const long long slot = rows + 2;
  for (int p = blockIdx.x; p < pairs; p += gridDim.x) {
    const Geometry g = geometry(p, rows, cols, lengths, offsets);
    float* buf = scratch != nullptr ? static_cast<float*>(scratch) + 9 * slot * p
                                    : reinterpret_cast<float*>(softdp_shared);
    float* toDiag = buf;
    float* toUp = buf + 3 * slot;
    float* toLeft = buf + 6 * slot;
    const float upstream = gradScores[p];
    for (int d = g.n + g.m; d >= 2; --d) {
      const long long s0 = (d % 3) * slot;
      const long long s1 = ((d + 1) % 3) * slot;
      const long long s2 = ((d + 2) % 3) * slot;
      const int lo = max(1, d - g.m);
      const int hi = min(g.n, d - 1);
      for (int i = lo + static_cast<int>(threadIdx.x); i <= hi; i += blockDim.x) {
        const int j = d - i;
        const float fromBelow = i < g.n ? toUp[s1 + i + 1] : 0.0f;                     // DP(I+1, J)
        const float fromBelowRight = (i < g.n && j < g.m) ? toDiag[s2 + i + 1] : 0.0f;  // DP(I+1, J+1)
        const float fromRight = j < g.m ? toLeft[s1 + i] : 0.0f;                        // DP(I, J+1)
        const float e = adjoint(i == g.n && j == g.m, upstream, fromBelow, fromBelowRight, fromRight);
        const long long c = g.base + static_cast<long long>(i - 1) * g.ld + (j - 1);
        const Weights w = load_weights(ad, c);
        write_gradients(ad, c, e, w);
        toDiag[s0 + i] = __fmul_rn(e, w.diag);
        toUp[s0 + i] = __fmul_rn(e, w.up);
        toLeft[s0 + i] = __fmul_rn(e, w.left);
      }
      __syncthreads();
    }
    if (offsets == nullptr) {
      zero_padding(ad, p, rows, cols, g, threadIdx.x, blockDim.x);
    }
  }
}

}  // namespace softdp

// ---------------------------------------------------------------------------------------------------------------
// Kernels. Parameters, in this order (CudaSoftDp passes exactly these; a null pointer is passed as 0):
//
// softdp_forward_warp_r{1,2,4,8,16,32} (blockDim 128: one pair per warp):
//   int kind            AlignKind ordinal: FSD 0, SOFT_DTW 1, LCS_SOFT 2, LCS_HARD 3
//   int pairs           number of pairs
//   int rows, int cols  padded grid (padded layout), or bounds of every n and m (packed layout); R·32 ≥ rows
//   const int* lengths  [pairs, 2] (n, m) per pair, or null for rows×cols (required with offsets)
//   const int* offsets  [pairs] first cell of each packed pair, or null for the padded layout
//   const float* in0    match (FSD) / cost (soft-DTW) / sim (LCS)
//   const float* in1    gapInsert (FSD), else null
//   const float* in2    gapDelete (FSD), else null
//   float gamma         smax smoothing γ > 0 (unused by hard LCS)
//   float temperature   soft LCS gate temperature t > 0 (else unused)
//   long long tauBits   the LCS threshold τ as the bits of a double (unused by FSD and soft-DTW)
//   float* scores       [pairs] out
//   float* state        out: W floats per cell, W = 4 for soft LCS, else 3
// softdp_forward_block (blockDim ≤ 512, dynamic shared memory 3·(rows+1)·8 bytes unless scratch is given): the
//   same parameters, then
//   void* scratch       null, or global memory for pairs·3·(rows+1) doubles used instead of shared memory
//
// softdp_backward_warp_r{1,2,4,8,16,32} (blockDim 128):
//   int kind, int pairs, int rows, int cols, const int* lengths, const int* offsets   as the forward
//   const float* state       the forward's state
//   const float* gradScores  [pairs] upstream gradient of each score
//   float* grad0, float* grad1, float* grad2   gradients of in0..in2 (null: not computed); on the padded layout
//                            the cells outside a pair's n×m get 0
// softdp_backward_block (blockDim ≤ 512, dynamic shared memory 9·(rows+2)·4 bytes unless scratch is given):
//   the same parameters, then void* scratch (null, or global memory for pairs·9·(rows+2) floats)

#define SOFTDP_FORWARD_PARAMS                                                                                   \
  int kind, int pairs, int rows, int cols, const int* lengths, const int* offsets, const float* in0,           \
      const float* in1, const float* in2, float gamma, float temperature, long long tauBits, float* scores,      \
      float* state
#define SOFTDP_PROBLEM softdp::make_problem(kind, in0, in1, in2, gamma, temperature, tauBits, state)
#define SOFTDP_BACKWARD_PARAMS                                                                                  \
  int kind, int pairs, int rows, int cols, const int* lengths, const int* offsets, const float* state,         \
      const float* gradScores, float* grad0, float* grad1, float* grad2
#define SOFTDP_ADJOINT softdp::Adjoint{kind, softdp::state_width(kind), state, grad0, grad1, grad2}

#define SOFTDP_WARP_KERNELS(R)                                                                                  \
  extern "C" __global__ void __launch_bounds__(softdp::kWarpKernelThreads)                                     \
      softdp_forward_warp_r##R(SOFTDP_FORWARD_PARAMS) {                                                         \
    softdp::forward_warp<R>(SOFTDP_PROBLEM, pairs, rows, cols, lengths, offsets, scores);                      \
  }                                                                                                             \
  extern "C" __global__ void __launch_bounds__(softdp::kWarpKernelThreads)                                     \
      softdp_backward_warp_r##R(SOFTDP_BACKWARD_PARAMS) {                                                       \
    softdp::backward_warp<R>(SOFTDP_ADJOINT, pairs, rows, cols, lengths, offsets, gradScores);                 \
  }

SOFTDP_WARP_KERNELS(1)
SOFTDP_WARP_KERNELS(2)
SOFTDP_WARP_KERNELS(4)
SOFTDP_WARP_KERNELS(8)
SOFTDP_WARP_KERNELS(16)
SOFTDP_WARP_KERNELS(32)

extern "C" __global__ void __launch_bounds__(softdp::kBlockKernelMaxThreads)
    softdp_forward_block(SOFTDP_FORWARD_PARAMS, void* scratch) {
  softdp::forward_block(SOFTDP_PROBLEM, pairs, rows, cols, lengths, offsets, scores, scratch);
}

extern "C" __global__ void __launch_bounds__(softdp::kBlockKernelMaxThreads)
    softdp_backward_block(SOFTDP_BACKWARD_PARAMS, void* scratch) {
  softdp::backward_block(SOFTDP_ADJOINT, pairs, rows, cols, lengths, offsets, gradScores, scratch);
}

#undef SOFTDP_WARP_KERNELS
#undef SOFTDP_ADJOINT
#undef SOFTDP_BACKWARD_PARAMS
#undef SOFTDP_PROBLEM
#undef SOFTDP_FORWARD_PARAMS

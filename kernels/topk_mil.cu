// Top-k MIL pooling (kernels.md §3), fused select + mean, with the CPU reference's rule (CpuPooling): for each row
// (b, c) of a [B, T, C] ranking, the k positions t with the largest ranking[b, t, c] are selected, larger first and
// equal values lower index first, with -0.0 equal to +0.0 and a NaN above every number; out[b, c] is the mean of
// values[b, t, c] over them and the positions go to index[b, j, c] in increasing t (j = 0..k-1).
//
// Selection: order-preserving uint32 keys (wstal::float_key), and the k-th largest key found by a radix select one
// bit at a time from the top (32 counting passes; the count of candidates with the bit set decides the bit). Then
// every key above it is taken, plus the lowest-index keys equal to it until k are taken. A position's slot j is the
// number of taken positions before it, from ballots, so positions come out in increasing t without sorting.
// Sums: each thread adds its values in increasing t, then a fixed-order tree combines threads: reproducible bits.
#include "common.cuh"

namespace topk {

constexpr unsigned kFull = 0xffffffffu;

__device__ __forceinline__ int warp_count(int v) {
  for (int offset = 16; offset > 0; offset >>= 1) {
    v += __shfl_xor_sync(kFull, v, offset);
  }
  return v;
}

__device__ __forceinline__ unsigned lanes_below() {
  return (1u << (threadIdx.x & 31)) - 1u;
}

// The candidates of the pass for `bit` are the keys whose bits above `bit` equal the prefix found so far; a key
// counts when it is a candidate with `bit` set. Returns the mask and wanted pattern for (key & mask) == want.
__device__ __forceinline__ void pass_pattern(unsigned prefix, int bit, unsigned* mask, unsigned* want) {
  const unsigned above = ~((2u << bit) - 1u);  // 2u << 31 wraps to 0, so bit 31 has no bits above it
  *mask = above | (1u << bit);
  *want = prefix | (1u << bit);
}

// Integer sum over the block (every thread gets it); scratch holds >= 32 ints. Ends with a barrier so the scratch
// can be reused at once.
__device__ __forceinline__ int block_count(int v, int* scratch) {
  v = warp_count(v);
  const int warp = threadIdx.x >> 5;
  if ((threadIdx.x & 31) == 0) {
    scratch[warp] = v;
  }
  __syncthreads();
  int total = 0;
  for (int w = 0; w < static_cast<int>(blockDim.x >> 5); ++w) {
    total += scratch[w];
  }
  __syncthreads();
  return total;
}

// How many threads of the block before this one (in thread order) have flag set; *total receives the block's count.
__device__ __forceinline__ int block_exclusive_count(bool flag, int* scratch, int* total) {
  const unsigned ballot = __ballot_sync(kFull, flag);
  const int warp = threadIdx.x >> 5;
  if ((threadIdx.x & 31) == 0) {
    scratch[warp] = __popc(ballot);
  }
  __syncthreads();
  int before = 0;
  int all = 0;
  for (int w = 0; w < static_cast<int>(blockDim.x >> 5); ++w) {
    const int count = scratch[w];
    before += w < warp ? count : 0;
    all += count;
  }
  __syncthreads();
  *total = all;
  return before + __popc(ballot & lanes_below());
}

// One warp per row, T <= 32·ITEMS: lane l holds the keys of t = 32·i + l in registers.
template <int ITEMS>
__device__ __forceinline__ void mean_forward_warp(
    const float* __restrict__ values, const float* __restrict__ ranking, float* __restrict__ out,
    int* __restrict__ index, int batch, int length, int channels, int k) {
  const int lane = threadIdx.x & 31;
  const long long row = static_cast<long long>(blockIdx.x) * (blockDim.x >> 5) + (threadIdx.x >> 5);
  if (row >= static_cast<long long>(batch) * channels) {
    return;  // the whole warp leaves together: row is the same in every lane
  }
  const long long b = row / channels;
  const long long c = row % channels;
  const long long base = b * length * channels + c;

  // Keys of padding slots are 0, below every real key (the smallest, -inf's, is 0x007fffff), so they never count.
  unsigned key[ITEMS];
#pragma unroll
  for (int i = 0; i < ITEMS; ++i) {
    const int t = 32 * i + lane;
    key[i] = t < length ? wstal::float_key(ranking[base + static_cast<long long>(t) * channels]) : 0u;
  }

  unsigned kth = 0u;
  int remaining = k;
  for (int bit = 31; bit >= 0; --bit) {
    unsigned mask;
    unsigned want;
    pass_pattern(kth, bit, &mask, &want);
    int count = 0;
#pragma unroll
    for (int i = 0; i < ITEMS; ++i) {
      count += (key[i] & mask) == want ? 1 : 0;
    }
    count = warp_count(count);
    if (count >= remaining) {
      kth = want;
    } else {
      remaining -= count;
    }
  }

  int greater = 0;
#pragma unroll
  for (int i = 0; i < ITEMS; ++i) {
    greater += key[i] > kth ? 1 : 0;
  }
  const int ties = k - warp_count(greater);  // >= 1: kth itself is among the top k

  int tiesSeen = 0;
  int taken = 0;
  float sum = 0.0f;
#pragma unroll
  for (int i = 0; i < ITEMS; ++i) {
    const int t = 32 * i + lane;
    const bool equal = t < length && key[i] == kth;
    const unsigned equalBallot = __ballot_sync(kFull, equal);
    const bool take = key[i] > kth || (equal && tiesSeen + __popc(equalBallot & lanes_below()) < ties);
    tiesSeen += __popc(equalBallot);
    const unsigned takeBallot = __ballot_sync(kFull, take);
    if (take) {
      const long long j = taken + __popc(takeBallot & lanes_below());
      sum += values[base + static_cast<long long>(t) * channels];
      index[(b * k + j) * channels + c] = t;
    }
    taken += __popc(takeBallot);
  }
  sum = wstal::warp_sum(sum);
  if (lane == 0) {
    out[row] = sum / static_cast<float>(k);
  }
}

}  // namespace topk

// Forward, one warp per (b, c) row: parameters, in order:
//   const float* values, const float* ranking   ([B, T, C]; may be the same pointer)
//   float* out                                   ([B, C]: the mean of the k selected values)
//   int* index                                   ([B, k, C] int32: the selected t, increasing in j)
//   int batch, int length, int channels, int k   (B, T, C and 1 <= k <= T)
// Block: a multiple of 32 threads (one row per warp); grid x = ceil(B·C / warps per block). The suffix is the
// register capacity: _warp8 takes T <= 256, _warp16 T <= 512, _warp32 T <= 1024.
extern "C" __global__ void topk_mean_forward_warp8(
    const float* __restrict__ values, const float* __restrict__ ranking, float* __restrict__ out,
    int* __restrict__ index, int batch, int length, int channels, int k) {
  topk::mean_forward_warp<8>(values, ranking, out, index, batch, length, channels, k);
}

extern "C" __global__ void topk_mean_forward_warp16(
    const float* __restrict__ values, const float* __restrict__ ranking, float* __restrict__ out,
    int* __restrict__ index, int batch, int length, int channels, int k) {
  topk::mean_forward_warp<16>(values, ranking, out, index, batch, length, channels, k);
}

extern "C" __global__ void topk_mean_forward_warp32(
    const float* __restrict__ values, const float* __restrict__ ranking, float* __restrict__ out,
    int* __restrict__ index, int batch, int length, int channels, int k) {
  topk::mean_forward_warp<32>(values, ranking, out, index, batch, length, channels, k);
}

// Forward, one block per (b, c) row, any T (the path for T > 1024): the same parameters as the warp kernels.
// Block: a multiple of 32 threads, at most 1024; grid x = B·C. Keys are recomputed from the ranking in each of the
// 32 counting passes (the row stays in L1/L2) instead of being held, so T is unbounded.
extern "C" __global__ void topk_mean_forward_block(
    const float* __restrict__ values, const float* __restrict__ ranking, float* __restrict__ out,
    int* __restrict__ index, int batch, int length, int channels, int k) {
  __shared__ int counts[32];
  __shared__ float sums[32];
  const long long row = blockIdx.x;
  if (row >= static_cast<long long>(batch) * channels) {
    return;  // the whole block leaves together
  }
  const long long b = row / channels;
  const long long c = row % channels;
  const long long base = b * length * channels + c;

  unsigned kth = 0u;
  int remaining = k;
  for (int bit = 31; bit >= 0; --bit) {
    unsigned mask;
    unsigned want;
    topk::pass_pattern(kth, bit, &mask, &want);
    int count = 0;
    for (int t = threadIdx.x; t < length; t += blockDim.x) {
      count += (wstal::float_key(ranking[base + static_cast<long long>(t) * channels]) & mask) == want ? 1 : 0;
    }
    count = topk::block_count(count, counts);
    if (count >= remaining) {
      kth = want;
    } else {
      remaining -= count;
    }
  }

  int greater = 0;
  for (int t = threadIdx.x; t < length; t += blockDim.x) {
    greater += wstal::float_key(ranking[base + static_cast<long long>(t) * channels]) > kth ? 1 : 0;
  }
  const int ties = k - topk::block_count(greater, counts);

  int tiesSeen = 0;
  int taken = 0;
  float sum = 0.0f;
  // Chunks of blockDim consecutive t, in increasing order; every thread runs every chunk (barriers inside).
  for (int t0 = 0; t0 < length; t0 += blockDim.x) {
    const int t = t0 + threadIdx.x;
    const unsigned key = t < length ? wstal::float_key(ranking[base + static_cast<long long>(t) * channels]) : 0u;
    const bool equal = t < length && key == kth;
    int equalTotal;
    const int equalBefore = topk::block_exclusive_count(equal, counts, &equalTotal);
    const bool take = key > kth || (equal && tiesSeen + equalBefore < ties);
    tiesSeen += equalTotal;
    int takeTotal;
    const int takeBefore = topk::block_exclusive_count(take, counts, &takeTotal);
    if (take) {
      const long long j = taken + takeBefore;
      sum += values[base + static_cast<long long>(t) * channels];
      index[(b * k + j) * channels + c] = t;
    }
    taken += takeTotal;
  }
  sum = wstal::block_sum(sum, sums);
  if (threadIdx.x == 0) {
    out[row] = sum / static_cast<float>(k);
  }
}

// Backward scatter: gradValues[b, index[b, j, c], c] = gradOut[b, c] / k for every (b, j, c). The caller zeroes
// gradValues first (the positions of a row are distinct, so no two threads write one element and no atomics are
// needed). A position outside [0, T) is skipped rather than written out of bounds.
// Parameters, in order: const float* gradOut ([B, C]), const int* index ([B, k, C]), float* gradValues ([B, T, C]),
//   int batch, int length, int channels, int k.
// Any 1-D launch: a grid-stride loop covers the B·k·C index entries.
extern "C" __global__ void topk_mean_backward_scatter(
    const float* __restrict__ gradOut, const int* __restrict__ index, float* __restrict__ gradValues, int batch,
    int length, int channels, int k) {
  const long long total = static_cast<long long>(batch) * k * channels;
  const long long perBatch = static_cast<long long>(k) * channels;
  for (long long e = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; e < total;
       e += static_cast<long long>(gridDim.x) * blockDim.x) {
    const long long b = e / perBatch;
    const long long c = e % channels;
    const int t = index[e];
    if (t >= 0 && t < length) {
      gradValues[(b * length + t) * channels + c] = gradOut[b * channels + c] / static_cast<float>(k);
    }
  }
}

// Small device helpers shared by the kernel families. Each family file that uses them includes this header itself,
// so that it also compiles alone; the guard makes the second inclusion from wstal.cu a no-op.
#ifndef WSTAL_COMMON_CUH
#define WSTAL_COMMON_CUH

namespace wstal {

constexpr unsigned kFullMask = 0xffffffffu;
constexpr int kWarpSize = 32;

// Sum over the 32 lanes of a full warp; every lane gets the result. The xor butterfly adds the same two partial
// sums in every lane (a + b == b + a bitwise), so all lanes hold identical bits and the result does not depend on
// timing: the reduction order is fixed.
__device__ __forceinline__ float warp_sum(float v) {
  for (int offset = kWarpSize / 2; offset > 0; offset >>= 1) {
    v += __shfl_xor_sync(kFullMask, v, offset);
  }
  return v;
}

// Maximum over the 32 lanes of a full warp; every lane gets the result. fmaxf semantics: a NaN lane is ignored
// unless every lane is NaN.
__device__ __forceinline__ float warp_max(float v) {
  for (int offset = kWarpSize / 2; offset > 0; offset >>= 1) {
    v = fmaxf(v, __shfl_xor_sync(kFullMask, v, offset));
  }
  return v;
}

// A uint32 whose unsigned order is the float order, for radix selection and integer compare-and-swap: flip all bits
// of negatives, set the sign bit of non-negatives. -0.0 is folded to +0.0 so that equal values get equal keys, and
// every NaN maps to 0xffffffff, above +inf.
__device__ __forceinline__ unsigned float_key(float f) {
  if (f != f) {
    return 0xffffffffu;
  }
  unsigned u = __float_as_uint(f == 0.0f ? 0.0f : f);
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

// The inverse of float_key: the float a key came from (+0.0 for the zero key, a NaN for 0xffffffff).
__device__ __forceinline__ float key_float(unsigned key) {
  return __uint_as_float((key & 0x80000000u) ? (key & 0x7fffffffu) : ~key);
}

// ceil(a / b) for grid sizes; a >= 0, b > 0.
__host__ __device__ __forceinline__ long long ceil_div(long long a, long long b) {
  return (a + b - 1) / b;
}

// Float sum over a block of whole warps in a fixed order (the xor tree in each warp, then the warps in index
// order), so every thread gets the same bits on every run. scratch holds >= 32 floats; all threads must call it.
__device__ __forceinline__ float block_sum(float v, float* scratch) {
  v = wstal::warp_sum(v);
  const int warp = threadIdx.x >> 5;
  if ((threadIdx.x & 31) == 0) {
    scratch[warp] = v;
  }
  __syncthreads();
  float total = 0.0f;
  for (int w = 0; w < static_cast<int>(blockDim.x >> 5); ++w) {
    total += scratch[w];
  }
  __syncthreads();
  return total;
}

}  // namespace wstal

#endif  // WSTAL_COMMON_CUH

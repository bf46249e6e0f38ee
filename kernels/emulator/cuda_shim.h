// Force-included (g++ -include) before kernels/wstal.cu when the kernels are compiled as host C++ for the CPU
// execution engine (docs/cuda.md, "The CPU engine"). It gives the CUDA C++ dialect the kernels use a host meaning:
//   - qualifiers: __global__, __device__, __host__ and __forceinline__ vanish; __launch_bounds__ is read by the
//     registry generator (build.sh) and vanishes here; __shared__ is thread_local, so the fibres of one block, which
//     all run on one OS thread, share a block's static shared arrays; `extern __shared__` arrays become undefined
//     TLS symbols that build.sh defines as aliases of one dynamic shared block;
//   - threadIdx, blockIdx, blockDim and gridDim read the running fibre's context;
//   - warp collectives and __syncthreads suspend the fibre until its group arrives (engine.cpp);
//   - the arithmetic intrinsics get their IEEE meaning (the _rn forms are plain operations: the TU is built with
//     -ffp-contract=off, so no FMA contraction changes a rounding).
// Every intrinsic the kernels use is defined here; a new one fails the build instead of running wrongly.
#ifndef WSTAL_EMU_CUDA_SHIM_H
#define WSTAL_EMU_CUDA_SHIM_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <type_traits>

#if defined(WSTAL_EMU_SCAN)
// build.sh preprocesses with this defined to list the kernels and their launch bounds.
#define __global__ wstal_emu_global_marker
#define __launch_bounds__(...) wstal_emu_bounds_marker(__VA_ARGS__)
#else
#define __global__
#define __launch_bounds__(...)
#endif
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ thread_local
#define __align__(n) __attribute__((aligned(n)))
// g++ knows __restrict__ already.

struct uint3 {
  unsigned x, y, z;
};

struct dim3 {
  unsigned x, y, z;
};

struct alignas(8) float2 {
  float x, y;
};

struct alignas(16) float4 {
  float x, y, z, w;
};

inline float2 make_float2(float x, float y) { return float2{x, y}; }
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

#include "engine_api.h"

#define threadIdx (::wstal_emu::current_context()->thread_idx)
#define blockIdx (::wstal_emu::current_context()->block_idx)
#define blockDim (::wstal_emu::current_context()->block_dim)
#define gridDim (::wstal_emu::current_context()->grid_dim)

// ---- barriers and warp collectives: the call site is recorded for diagnostics ----

inline void __syncthreads(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  ::wstal_emu::sync_threads(file, line);
}

inline void __syncwarp(unsigned mask = 0xffffffffu, const char* file = __builtin_FILE(),
                       int line = __builtin_LINE()) {
  ::wstal_emu::warp_collective(::wstal_emu::kSyncWarp, "__syncwarp", mask, 0, 0, 32, file, line);
}

namespace wstal_emu {

template <typename T>
inline uint64_t to_bits(T v) {
  static_assert(std::is_trivially_copyable<T>::value && sizeof(T) <= 8, "a warp collective moves at most 8 bytes");
  uint64_t bits = 0;
  memcpy(&bits, &v, sizeof(T));
  return bits;
}

template <typename T>
inline T from_bits(uint64_t bits) {
  T v;
  memcpy(&v, &bits, sizeof(T));
  return v;
}

template <typename T>
inline T shuffle(int kind, const char* name, unsigned mask, T var, int arg, int width, const char* file, int line) {
  return from_bits<T>(warp_collective(kind, name, mask, to_bits(var), arg, width, file, line));
}

}  // namespace wstal_emu

template <typename T>
inline T __shfl_sync(unsigned mask, T var, int srcLane, int width = 32, const char* file = __builtin_FILE(),
                     int line = __builtin_LINE()) {
  return ::wstal_emu::shuffle(::wstal_emu::kShflIdx, "__shfl_sync", mask, var, srcLane, width, file, line);
}

template <typename T>
inline T __shfl_up_sync(unsigned mask, T var, unsigned delta, int width = 32, const char* file = __builtin_FILE(),
                        int line = __builtin_LINE()) {
  return ::wstal_emu::shuffle(::wstal_emu::kShflUp, "__shfl_up_sync", mask, var, static_cast<int>(delta), width,
                              file, line);
}

template <typename T>
inline T __shfl_down_sync(unsigned mask, T var, unsigned delta, int width = 32, const char* file = __builtin_FILE(),
                          int line = __builtin_LINE()) {
  return ::wstal_emu::shuffle(::wstal_emu::kShflDown, "__shfl_down_sync", mask, var, static_cast<int>(delta), width,
                              file, line);
}

template <typename T>
inline T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = 32, const char* file = __builtin_FILE(),
                         int line = __builtin_LINE()) {
  return ::wstal_emu::shuffle(::wstal_emu::kShflXor, "__shfl_xor_sync", mask, var, laneMask, width, file, line);
}

inline unsigned __ballot_sync(unsigned mask, int predicate, const char* file = __builtin_FILE(),
                              int line = __builtin_LINE()) {
  return static_cast<unsigned>(::wstal_emu::warp_collective(::wstal_emu::kBallot, "__ballot_sync", mask,
                                                            predicate != 0 ? 1u : 0u, 0, 32, file, line));
}

template <typename T>
inline unsigned __match_any_sync(unsigned mask, T value, const char* file = __builtin_FILE(),
                                 int line = __builtin_LINE()) {
  static_assert(std::is_integral<T>::value, "__match_any_sync takes an integer");
  return static_cast<unsigned>(::wstal_emu::warp_collective(::wstal_emu::kMatchAny, "__match_any_sync", mask,
                                                            ::wstal_emu::to_bits(value), sizeof(T), 32, file, line));
}

// ---- atomics: blocks run on several OS threads at once, so these are real atomics (relaxed, as in CUDA) ----

inline int atomicAdd(int* address, int value) { return __atomic_fetch_add(address, value, __ATOMIC_RELAXED); }

inline int atomicCAS(int* address, int compare, int value) {
  __atomic_compare_exchange_n(address, &compare, value, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  return compare;  // the old value, whether or not the exchange happened
}

// ---- bits and conversions ----

inline int __popc(unsigned x) { return __builtin_popcount(x); }

inline unsigned __float_as_uint(float x) { return ::wstal_emu::from_bits<unsigned>(::wstal_emu::to_bits(x)); }
inline float __uint_as_float(unsigned x) { return ::wstal_emu::from_bits<float>(::wstal_emu::to_bits(x)); }
inline long long __double_as_longlong(double x) {
  return ::wstal_emu::from_bits<long long>(::wstal_emu::to_bits(x));
}
inline double __longlong_as_double(long long x) { return ::wstal_emu::from_bits<double>(::wstal_emu::to_bits(x)); }

// Round towards zero, saturating at the int range; NaN gives 0 (the PTX cvt.rzi.s32.f64 rule).
inline int __double2int_rz(double x) {
  if (x != x) return 0;
  if (x >= 2147483647.0) return 2147483647;
  if (x <= -2147483648.0) return -2147483647 - 1;
  return static_cast<int>(x);
}

inline float __double2float_rn(double x) { return static_cast<float>(x); }

// ---- IEEE round-to-nearest arithmetic: the host's default rounding, with contraction off for this TU ----

inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __frcp_rn(float a) { return 1.0f / a; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }

// The GPU's fast approximate log2; the host's accurate one is within its error bound.
inline float __log2f(float x) { return log2f(x); }

// ---- read-only cache loads are plain loads here ----

template <typename T>
inline T __ldg(const T* p) {
  return *p;
}

// ---- CUDA's min and max: overloads for the arithmetic types, mixed types in their common type ----

template <typename A, typename B>
inline typename std::common_type<A, B>::type min(A a, B b) {
  static_assert(std::is_arithmetic<A>::value && std::is_arithmetic<B>::value, "min of arithmetic types");
  using C = typename std::common_type<A, B>::type;
  if constexpr (std::is_floating_point<C>::value) {
    return fmin(static_cast<C>(a), static_cast<C>(b));
  } else {
    return static_cast<C>(a) < static_cast<C>(b) ? static_cast<C>(a) : static_cast<C>(b);
  }
}

template <typename A, typename B>
inline typename std::common_type<A, B>::type max(A a, B b) {
  static_assert(std::is_arithmetic<A>::value && std::is_arithmetic<B>::value, "max of arithmetic types");
  using C = typename std::common_type<A, B>::type;
  if constexpr (std::is_floating_point<C>::value) {
    return fmax(static_cast<C>(a), static_cast<C>(b));
  } else {
    return static_cast<C>(a) > static_cast<C>(b) ? static_cast<C>(a) : static_cast<C>(b);
  }
}

#endif  // WSTAL_EMU_CUDA_SHIM_H

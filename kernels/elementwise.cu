// The ew_ family (owner H4): elementwise unary, scalar and binary functions, where, fill and random, the CUDA
// twins of CpuElementwise and CpuBackend's loops. Launched by dev.wstal.backend.cuda.CudaElementwise.
//
// Dtypes: operands are float32 or int32 words; an int mask gives, bit k set, "operand k is int32" (operand order
// as in each kernel's comment). With no int32 operand the arithmetic is float32; otherwise it runs in double and the
// result is stored rounded (float32) or truncated (int32). Op codes are the ordinals of dev.wstal.backend.UnaryOp,
// ScalarOp and BinaryOp, mapped explicitly in CudaElementwise.
#include "strided.cuh"

namespace ew {

enum UnaryCode : int {
  kNeg = 0,
  kExp = 1,
  kLog = 2,
  kSqrt = 3,
  kAbs = 4,
  kSign = 5,
  kRelu = 6,
  kStep = 7,
  kSigmoid = 8,
  kTanh = 9,
  kGeluErf = 10,
  kGeluTanh = 11,
  kGeluErfGrad = 12,
  kGeluTanhGrad = 13
};

enum ScalarCode : int {
  kScalarAdd = 0,
  kScalarMul = 1,
  kScalarPow = 2,
  kScalarMaximum = 3,
  kScalarMinimum = 4,
  kScalarGt = 5,
  kScalarGe = 6,
  kScalarLt = 7,
  kScalarLe = 8,
  kScalarEq = 9
};

enum BinaryCode : int {
  kAdd = 0,
  kSub = 1,
  kMul = 2,
  kDiv = 3,
  kPow = 4,
  kMaximum = 5,
  kMinimum = 6,
  kEq = 7,
  kGt = 8,
  kGe = 9,
  kLt = 10,
  kLe = 11
};

enum RandomCode : int { kUniform = 0, kNormal = 1 };

constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kSqrt2OverPi = 0.79788456080286535588;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr double kGeluCubic = 0.044715;
constexpr double kTwoPi = 6.28318530717958647693;

// Precision-matched math: the float overloads call the single-precision functions.
__device__ __forceinline__ float mexp(float x) { return expf(x); }
__device__ __forceinline__ double mexp(double x) { return exp(x); }
__device__ __forceinline__ float mlog(float x) { return logf(x); }
__device__ __forceinline__ double mlog(double x) { return log(x); }
__device__ __forceinline__ float msqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double msqrt(double x) { return sqrt(x); }
__device__ __forceinline__ float mabs(float x) { return fabsf(x); }
__device__ __forceinline__ double mabs(double x) { return fabs(x); }
__device__ __forceinline__ float mtanh(float x) { return tanhf(x); }
__device__ __forceinline__ double mtanh(double x) { return tanh(x); }
__device__ __forceinline__ float merf(float x) { return erff(x); }
__device__ __forceinline__ double merf(double x) { return erf(x); }
__device__ __forceinline__ float mpow(float x, float y) { return powf(x, y); }
__device__ __forceinline__ double mpow(double x, double y) { return pow(x, y); }
__device__ __forceinline__ bool negativeSign(float x) { return (__float_as_uint(x) >> 31) != 0u; }
__device__ __forceinline__ bool negativeSign(double x) { return __double_as_longlong(x) < 0; }

// Java's Math.max: NaN if either is NaN, and +0 above -0.
template <typename T>
__device__ __forceinline__ T javaMax(T a, T b) {
  if (a != a) return a;
  if (b != b) return b;
  if (a > b) return a;
  if (b > a) return b;
  return negativeSign(a) ? b : a;
}

// Java's Math.min: NaN if either is NaN, and -0 below +0.
template <typename T>
__device__ __forceinline__ T javaMin(T a, T b) {
  if (a != a) return a;
  if (b != b) return b;
  if (a < b) return a;
  if (b < a) return b;
  return negativeSign(a) ? a : b;
}

template <typename T>
__device__ __forceinline__ T flag(bool b) {
  return b ? static_cast<T>(1) : static_cast<T>(0);
}

template <typename T>
__device__ T unary(int op, T x) {
  const T zero = static_cast<T>(0);
  const T one = static_cast<T>(1);
  const T half = static_cast<T>(0.5);
  switch (op) {
    case kNeg:
      return -x;
    case kExp:
      return mexp(x);
    case kLog:
      return mlog(x);
    case kSqrt:
      return msqrt(x);
    case kAbs:
      return mabs(x);
    case kSign:
      return x > zero ? one : (x < zero ? -one : (x == zero ? zero : x));
    case kRelu:
      return x > zero ? x : zero;
    case kStep:
      return x > zero ? one : zero;
    case kSigmoid:
      // Two branches so that exp never overflows.
      if (x >= zero) {
        return one / (one + mexp(-x));
      } else {
        const T e = mexp(x);
        return e / (one + e);
      }
    case kTanh:
      return mtanh(x);
    case kGeluErf:
      return half * x * (one + merf(x * static_cast<T>(kInvSqrt2)));
    case kGeluTanh:
      return half * x * (one + mtanh(static_cast<T>(kSqrt2OverPi) * (x + static_cast<T>(kGeluCubic) * x * x * x)));
    case kGeluErfGrad:
      return half * (one + merf(x * static_cast<T>(kInvSqrt2))) +
             x * static_cast<T>(kInvSqrt2Pi) * mexp(-half * x * x);
    case kGeluTanhGrad: {
      const T t = mtanh(static_cast<T>(kSqrt2OverPi) * (x + static_cast<T>(kGeluCubic) * x * x * x));
      return half * (one + t) + half * x * (one - t * t) * static_cast<T>(kSqrt2OverPi) *
                                    (one + static_cast<T>(3.0 * kGeluCubic) * x * x);
    }
    default:
      return static_cast<T>(NAN);
  }
}

template <typename T>
__device__ T binary(int op, T a, T b) {
  switch (op) {
    case kAdd:
      return a + b;
    case kSub:
      return a - b;
    case kMul:
      return a * b;
    case kDiv:
      return a / b;
    case kPow:
      return mpow(a, b);
    case kMaximum:
      return javaMax(a, b);
    case kMinimum:
      return javaMin(a, b);
    case kEq:
      return flag<T>(a == b);
    case kGt:
      return flag<T>(a > b);
    case kGe:
      return flag<T>(a >= b);
    case kLt:
      return flag<T>(a < b);
    case kLe:
      return flag<T>(a <= b);
    default:
      return static_cast<T>(NAN);
  }
}

// x op s with the scalar in double. Comparisons are always exact in double, as on the CPU; on float32 data the
// arithmetic rounds the scalar to float32 first, except add and mul, whose double result rounds once.
__device__ double scalarInDouble(int op, double x, double s) {
  switch (op) {
    case kScalarAdd:
      return x + s;
    case kScalarMul:
      return x * s;
    case kScalarPow:
      return pow(x, s);
    case kScalarMaximum:
      return javaMax(x, s);
    case kScalarMinimum:
      return javaMin(x, s);
    case kScalarGt:
      return flag<double>(x > s);
    case kScalarGe:
      return flag<double>(x >= s);
    case kScalarLt:
      return flag<double>(x < s);
    case kScalarLe:
      return flag<double>(x <= s);
    case kScalarEq:
      return flag<double>(x == s);
    default:
      return static_cast<double>(NAN);
  }
}

__device__ __forceinline__ float scalarInFloat(int op, float x, double s) {
  switch (op) {
    case kScalarPow:
      return powf(x, static_cast<float>(s));
    case kScalarMaximum:
      return javaMax(x, static_cast<float>(s));
    case kScalarMinimum:
      return javaMin(x, static_cast<float>(s));
    default:
      return static_cast<float>(scalarInDouble(op, static_cast<double>(x), s));
  }
}

// SplittableRandom's mix64 (Stafford variant 13) and golden gamma: element i of a seed's uniform stream is
// exactly the i-th nextDouble() of java.util.SplittableRandom(seed), as CpuBackend.random draws it.
constexpr unsigned long long kGoldenGamma = 0x9e3779b97f4a7c15ULL;

__device__ __forceinline__ unsigned long long mix64(unsigned long long z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

__device__ __forceinline__ double uniformAt(unsigned long long seed, unsigned long long counter) {
  return static_cast<double>(mix64(seed + (counter + 1ULL) * kGoldenGamma) >> 11) * 0x1.0p-53;
}

}  // namespace ew

// out[i] = f(in[i]) for i < n. Params: in, out (device pointers), n, op (UnaryOp ordinal),
// intMask (bit 0: in is int32, bit 1: out is int32).
extern "C" __global__ void ew_unary(const void* in, void* out, int n, int op, int intMask) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  if (intMask == 0) {
    static_cast<float*>(out)[i] = ew::unary<float>(op, static_cast<const float*>(in)[i]);
  } else {
    const double x = strided::loadAsDouble(in, i, (intMask & 1) != 0);
    strided::storeFromDouble(out, i, ew::unary<double>(op, x), (intMask & 2) != 0);
  }
}

// out[i] = f(in[i], s) for i < n. Params: in, out, n, op (ScalarOp ordinal), sBits (the scalar's IEEE double bits,
// Double.doubleToRawLongBits), intMask (bit 0: in is int32, bit 1: out is int32).
extern "C" __global__ void ew_scalar(const void* in, void* out, int n, int op, long long sBits, int intMask) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const double s = __longlong_as_double(sBits);
  if (intMask == 0) {
    static_cast<float*>(out)[i] = ew::scalarInFloat(op, static_cast<const float*>(in)[i], s);
  } else {
    const double x = strided::loadAsDouble(in, i, (intMask & 1) != 0);
    strided::storeFromDouble(out, i, ew::scalarInDouble(op, x, s), (intMask & 2) != 0);
  }
}

// out[outOffset + i] = f(a[at(i)], b[bt(i)]) over a strided space of n elements (broadcast operands have stride 0).
// Params: a, b, out, op (BinaryOp ordinal), intMask (bit 0: a, bit 1: b, bit 2: out is int32), n,
// space (rank, d0..d7), a operand (s0..s7, offset), b operand (s0..s7, offset), outOffset.
extern "C" __global__ void ew_binary(const void* a, const void* b, void* out, int op, int intMask, int n,
                                     STRIDED_SPACE_PARAMS(sp), STRIDED_OPERAND_PARAMS(a),
                                     STRIDED_OPERAND_PARAMS(b), long long outOffset) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const strided::Coords c = strided::coords(STRIDED_SPACE(sp), static_cast<unsigned>(i));
  const long long ia = strided::offsetOf(STRIDED_OPERAND(a), c);
  const long long ib = strided::offsetOf(STRIDED_OPERAND(b), c);
  if (intMask == 0) {
    static_cast<float*>(out)[outOffset + i] =
        ew::binary<float>(op, static_cast<const float*>(a)[ia], static_cast<const float*>(b)[ib]);
  } else {
    const double x = strided::loadAsDouble(a, ia, (intMask & 1) != 0);
    const double y = strided::loadAsDouble(b, ib, (intMask & 2) != 0);
    strided::storeFromDouble(out, outOffset + i, ew::binary<double>(op, x, y), (intMask & 4) != 0);
  }
}

// out[outOffset + i] = cond[ct(i)] != 0 ? a[at(i)] : b[bt(i)] over a strided space of n elements. A float32
// condition is nonzero unless it is +0 or -0 (NaN counts as nonzero, as on the CPU). Params: cond, a, b, out,
// intMask (bit 0: cond, bit 1: a, bit 2: b, bit 3: out is int32), n, space (rank, d0..d7),
// cond operand, a operand, b operand (each s0..s7, offset), outOffset.
extern "C" __global__ void ew_where(const void* cond, const void* a, const void* b, void* out, int intMask, int n,
                                    STRIDED_SPACE_PARAMS(sp), STRIDED_OPERAND_PARAMS(c), STRIDED_OPERAND_PARAMS(a),
                                    STRIDED_OPERAND_PARAMS(b), long long outOffset) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const strided::Coords co = strided::coords(STRIDED_SPACE(sp), static_cast<unsigned>(i));
  const unsigned bits = static_cast<const unsigned*>(cond)[strided::offsetOf(STRIDED_OPERAND(c), co)];
  const bool take = (intMask & 1) != 0 ? bits != 0u : (bits & 0x7fffffffu) != 0u;
  const bool outInt = (intMask & 8) != 0;
  if (take) {
    strided::copyElement(a, strided::offsetOf(STRIDED_OPERAND(a), co), (intMask & 2) != 0, out, outOffset + i,
                         outInt);
  } else {
    strided::copyElement(b, strided::offsetOf(STRIDED_OPERAND(b), co), (intMask & 4) != 0, out, outOffset + i,
                         outInt);
  }
}

// out[i] = bits for i < n (a float32's or an int32's bit pattern). Params: out, n, bits.
extern "C" __global__ void ew_fill(unsigned* out, int n, int bits) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[i] = static_cast<unsigned>(bits);
}

// Counter-based random fill, element i a pure function of (seed, i), so the result does not depend on the launch
// shape. UNIFORM is SplittableRandom(seed)'s nextDouble() stream rounded to float32 (kept below 1); NORMAL is
// Box-Muller on two draws of a second counter stream and does NOT equal the CPU's SplittableRandom.nextGaussian
// values, only their distribution. Params: out, n, kind (RandomKind ordinal), seed, outIsInt (1: out is int32,
// values truncated).
extern "C" __global__ void ew_random(void* out, int n, int kind, long long seed, int outIsInt) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  const unsigned long long s = static_cast<unsigned long long>(seed);
  double v;
  if (kind == ew::kUniform) {
    v = ew::uniformAt(s, static_cast<unsigned long long>(i));
    // Rounding to float32 can reach 1.0; keep the half-open interval.
    if (outIsInt == 0 && static_cast<float>(v) >= 1.0f) {
      v = static_cast<double>(__uint_as_float(0x3f7fffffu));
    }
  } else {
    const unsigned long long stream = ew::mix64(s ^ 0x5851f42d4c957f2dULL);
    const double u1 = 1.0 - ew::uniformAt(stream, 2ULL * static_cast<unsigned long long>(i));  // (0, 1]
    const double u2 = ew::uniformAt(stream, 2ULL * static_cast<unsigned long long>(i) + 1ULL);
    v = sqrt(-2.0 * log(u1)) * cos(ew::kTwoPi * u2);
  }
  strided::storeFromDouble(out, i, v, outIsInt != 0);
}

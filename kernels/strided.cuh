// Index spaces for the strided kernels of the ew_, idx_ and red_ families (owner H4). Included by
// elementwise.cu, indexing.cu and reduce.cu; the include guard lets them share the one translation unit.
//
// A strided kernel walks a row-major index space of at most kMaxRank axes and reads or writes each operand at
// offset + sum(coordinate_k * stride_k). The host (dev.wstal.backend.cuda.StridedSpace) coalesces the axes first
// and passes them RIGHT-aligned: axes [kMaxRank - rank, kMaxRank) are live, the innermost last; unused leading
// slots hold size 1 and stride 0. Every linear index of one launch is below 2^31, so 32-bit division suffices.
#ifndef WSTAL_STRIDED_CUH
#define WSTAL_STRIDED_CUH

// Kernel parameter lists. They are spelled out in each kernel's comment; these macros only keep the declarations
// and the Java argument order (StridedSpace.spaceArgs / operandArgs) in one shape.
#define STRIDED_SPACE_PARAMS(p) \
  int p##Rank, int p##D0, int p##D1, int p##D2, int p##D3, int p##D4, int p##D5, int p##D6, int p##D7
#define STRIDED_SPACE(p) \
  strided::makeSpace(p##Rank, p##D0, p##D1, p##D2, p##D3, p##D4, p##D5, p##D6, p##D7)
#define STRIDED_OPERAND_PARAMS(p)                                                                        \
  long long p##S0, long long p##S1, long long p##S2, long long p##S3, long long p##S4, long long p##S5, \
      long long p##S6, long long p##S7, long long p##Offset
#define STRIDED_OPERAND(p) \
  strided::makeOperand(p##S0, p##S1, p##S2, p##S3, p##S4, p##S5, p##S6, p##S7, p##Offset)

namespace strided {

constexpr int kMaxRank = 8;

struct Space {
  int rank;
  unsigned dims[kMaxRank];
};

struct Operand {
  long long strides[kMaxRank];
  long long offset;
};

struct Coords {
  unsigned c[kMaxRank];
};

__host__ __device__ inline Space makeSpace(int rank, int d0, int d1, int d2, int d3, int d4, int d5, int d6, int d7) {
  Space s;
  s.rank = rank;
  s.dims[0] = static_cast<unsigned>(d0);
  s.dims[1] = static_cast<unsigned>(d1);
  s.dims[2] = static_cast<unsigned>(d2);
  s.dims[3] = static_cast<unsigned>(d3);
  s.dims[4] = static_cast<unsigned>(d4);
  s.dims[5] = static_cast<unsigned>(d5);
  s.dims[6] = static_cast<unsigned>(d6);
  s.dims[7] = static_cast<unsigned>(d7);
  return s;
}

__host__ __device__ inline Operand makeOperand(long long s0, long long s1, long long s2, long long s3, long long s4,
                                               long long s5, long long s6, long long s7, long long offset) {
  Operand o;
  o.strides[0] = s0;
  o.strides[1] = s1;
  o.strides[2] = s2;
  o.strides[3] = s3;
  o.strides[4] = s4;
  o.strides[5] = s5;
  o.strides[6] = s6;
  o.strides[7] = s7;
  o.offset = offset;
  return o;
}

// The coordinates of linear index i (row-major, innermost axis fastest). The outermost live axis takes the
// quotient without a modulo, so a rank-1 space costs no division; dead slots get coordinate 0.
__host__ __device__ inline Coords coords(const Space& s, unsigned i) {
  Coords r;
  unsigned rem = i;
  const int first = kMaxRank - s.rank;
#pragma unroll
  for (int k = kMaxRank - 1; k >= 0; --k) {
    if (k > first) {
      r.c[k] = rem % s.dims[k];
      rem /= s.dims[k];
    } else if (k == first) {
      r.c[k] = rem;
    } else {
      r.c[k] = 0u;
    }
  }
  return r;
}

__host__ __device__ inline long long offsetOf(const Operand& op, const Coords& c) {
  long long o = op.offset;
#pragma unroll
  for (int k = 0; k < kMaxRank; ++k) {
    o += static_cast<long long>(c.c[k]) * op.strides[k];
  }
  return o;
}

// Operands are 32-bit words: float32 data, or int32 data (I32 index tensors) when the kernel's dtype flag says so.
// Mixed or integer arithmetic goes through double, which holds every int32 and every float32 exactly.
__device__ __forceinline__ double loadAsDouble(const void* p, long long i, bool isInt) {
  return isInt ? static_cast<double>(static_cast<const int*>(p)[i])
               : static_cast<double>(static_cast<const float*>(p)[i]);
}

// Stores v rounded to float32, or truncated towards zero to int32 (saturating; NaN becomes 0).
__device__ __forceinline__ void storeFromDouble(void* p, long long i, double v, bool isInt) {
  if (isInt) {
    static_cast<int*>(p)[i] = __double2int_rz(v);
  } else {
    static_cast<float*>(p)[i] = static_cast<float>(v);
  }
}

// Copies one element from src to dst: the raw bits when both have the same dtype, else converted through double.
__device__ __forceinline__ void copyElement(const void* src, long long si, bool srcInt, void* dst, long long di,
                                            bool dstInt) {
  if (srcInt == dstInt) {
    static_cast<unsigned*>(dst)[di] = static_cast<const unsigned*>(src)[si];
  } else {
    storeFromDouble(dst, di, loadAsDouble(src, si, srcInt), dstInt);
  }
}

}  // namespace strided

#endif  // WSTAL_STRIDED_CUH

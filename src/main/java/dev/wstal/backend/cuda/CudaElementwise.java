package dev.wstal.backend.cuda;

import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.RandomKind;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Launchers of the {@code ew_} kernels ({@code kernels/elementwise.cu}). Callers have validated sizes and shapes;
 * every method queues its launches on the runtime's stream and returns. The op codes are spelled out here rather
 * than taken from {@code ordinal()}, so reordering an enum cannot silently change what a kernel computes.
 */
final class CudaElementwise {
  static final int BLOCK = 256;

  private CudaElementwise() {}

  static int blocks(long n) {
    return (int) ((n + BLOCK - 1) / BLOCK);
  }

  static int code(UnaryOp op) {
    return switch (op) {
      case NEG -> 0;
      case EXP -> 1;
      case LOG -> 2;
      case SQRT -> 3;
      case ABS -> 4;
      case SIGN -> 5;
      case RELU -> 6;
      case STEP -> 7;
      case SIGMOID -> 8;
      case TANH -> 9;
      case GELU_ERF -> 10;
      case GELU_TANH -> 11;
      case GELU_ERF_GRAD -> 12;
      case GELU_TANH_GRAD -> 13;
    };
  }

  static int code(ScalarOp op) {
    return switch (op) {
      case ADD -> 0;
      case MUL -> 1;
      case POW -> 2;
      case MAXIMUM -> 3;
      case MINIMUM -> 4;
      case GT -> 5;
      case GE -> 6;
      case LT -> 7;
      case LE -> 8;
      case EQ -> 9;
    };
  }

  static int code(BinaryOp op) {
    return switch (op) {
      case ADD -> 0;
      case SUB -> 1;
      case MUL -> 2;
      case DIV -> 3;
      case POW -> 4;
      case MAXIMUM -> 5;
      case MINIMUM -> 6;
      case EQ -> 7;
      case GT -> 8;
      case GE -> 9;
      case LT -> 10;
      case LE -> 11;
    };
  }

  static int code(RandomKind kind) {
    return switch (kind) {
      case UNIFORM -> 0;
      case NORMAL -> 1;
    };
  }

  /** Bit k set when operand k holds int32: the kernels' intMask. */
  static int intMask(CudaBuffer... operands) {
    int mask = 0;
    for (int k = 0; k < operands.length; k++) {
      if (operands[k].isInt()) {
        mask |= 1 << k;
      }
    }
    return mask;
  }

  static void unary(CudaRuntime rt, UnaryOp op, CudaBuffer in, CudaBuffer out) {
    int n = (int) out.size();
    rt.kernel("ew_unary").launch(blocks(n), 1, 1, BLOCK, 1, 1, 0,
        in.memory(), out.memory(), n, code(op), intMask(in, out));
  }

  static void scalar(CudaRuntime rt, ScalarOp op, CudaBuffer in, double s, CudaBuffer out) {
    int n = (int) out.size();
    rt.kernel("ew_scalar").launch(blocks(n), 1, 1, BLOCK, 1, 1, 0,
        in.memory(), out.memory(), n, code(op), Double.doubleToRawLongBits(s), intMask(in, out));
  }

  /** out (dense, {@code outDims}) = op(a, b) with a and b read through their broadcast strides. */
  static void binary(
      CudaRuntime rt, BinaryOp op, CudaBuffer a, long[] aStrides, CudaBuffer b, long[] bStrides, CudaBuffer out,
      int[] outDims) {
    Kernel kernel = rt.kernel("ew_binary");
    int mask = intMask(a, b, out);
    for (StridedSpace.Launch l : StridedSpace.plan(outDims, new long[][] {aStrides, bStrides}, new long[2])) {
      List<Object> args = new ArrayList<>(List.of(a.memory(), b.memory(), out.memory(), code(op), mask, l.count()));
      args.addAll(l.spaceArgs());
      args.addAll(l.operandArgs(0));
      args.addAll(l.operandArgs(1));
      args.add(l.linearOffset());
      kernel.launch(blocks(l.count()), 1, 1, BLOCK, 1, 1, 0, args.toArray());
    }
  }

  /** out (dense, {@code outDims}) = cond ≠ 0 ? a : b, each read through its broadcast strides. */
  static void where(
      CudaRuntime rt, CudaBuffer cond, long[] condStrides, CudaBuffer a, long[] aStrides, CudaBuffer b,
      long[] bStrides, CudaBuffer out, int[] outDims) {
    Kernel kernel = rt.kernel("ew_where");
    int mask = intMask(cond, a, b, out);
    long[][] strides = {condStrides, aStrides, bStrides};
    for (StridedSpace.Launch l : StridedSpace.plan(outDims, strides, new long[3])) {
      List<Object> args =
          new ArrayList<>(List.of(cond.memory(), a.memory(), b.memory(), out.memory(), mask, l.count()));
      args.addAll(l.spaceArgs());
      args.addAll(l.operandArgs(0));
      args.addAll(l.operandArgs(1));
      args.addAll(l.operandArgs(2));
      args.add(l.linearOffset());
      kernel.launch(blocks(l.count()), 1, 1, BLOCK, 1, 1, 0, args.toArray());
    }
  }

  /** Every element of out set to the 32-bit pattern {@code bits}. */
  static void fill(CudaRuntime rt, CudaBuffer out, int bits) {
    int n = (int) out.size();
    rt.kernel("ew_fill").launch(blocks(n), 1, 1, BLOCK, 1, 1, 0, out.memory(), n, bits);
  }

  static void random(CudaRuntime rt, RandomKind kind, long seed, CudaBuffer out) {
    int n = (int) out.size();
    rt.kernel("ew_random").launch(blocks(n), 1, 1, BLOCK, 1, 1, 0,
        out.memory(), n, code(kind), seed, out.isInt() ? 1 : 0);
  }
}

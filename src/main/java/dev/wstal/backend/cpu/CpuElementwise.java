package dev.wstal.backend.cpu;

import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import org.apache.commons.math3.special.Erf;

/** The scalar functions behind the elementwise primitives, in float64. */
final class CpuElementwise {
  private CpuElementwise() {}

  private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
  private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
  private static final double GELU_CUBIC = 0.044715;

  static double unary(UnaryOp op, double x) {
    switch (op) {
      case NEG:
        return -x;
      case EXP:
        return Math.exp(x);
      case LOG:
        return Math.log(x);
      case SQRT:
        return Math.sqrt(x);
      case ABS:
        return Math.abs(x);
      case SIGN:
        return x > 0 ? 1.0 : x < 0 ? -1.0 : x == 0 ? 0.0 : Double.NaN;
      case RELU:
        return x > 0 ? x : 0.0;
      case STEP:
        return x > 0 ? 1.0 : 0.0;
      case SIGMOID:
        // Two branches so that exp never overflows.
        if (x >= 0) {
          return 1.0 / (1.0 + Math.exp(-x));
        } else {
          double e = Math.exp(x);
          return e / (1.0 + e);
        }
      case TANH:
        return Math.tanh(x);
      case GELU_ERF:
        return 0.5 * x * (1.0 + Erf.erf(x * INV_SQRT_2));
      case GELU_TANH:
        return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)));
      case GELU_ERF_GRAD:
        return 0.5 * (1.0 + Erf.erf(x * INV_SQRT_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
      case GELU_TANH_GRAD: {
        double t = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
        return 0.5 * (1.0 + t)
            + 0.5 * x * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
      }
      default:
        throw new IllegalArgumentException("unknown unary op " + op);
    }
  }

  static double scalar(ScalarOp op, double x, double s) {
    switch (op) {
      case ADD:
        return x + s;
      case MUL:
        return x * s;
      case POW:
        return Math.pow(x, s);
      case MAXIMUM:
        return Math.max(x, s);
      case MINIMUM:
        return Math.min(x, s);
      case GT:
        return x > s ? 1.0 : 0.0;
      case GE:
        return x >= s ? 1.0 : 0.0;
      case LT:
        return x < s ? 1.0 : 0.0;
      case LE:
        return x <= s ? 1.0 : 0.0;
      case EQ:
        return x == s ? 1.0 : 0.0;
      default:
        throw new IllegalArgumentException("unknown scalar op " + op);
    }
  }

  static double binary(BinaryOp op, double a, double b) {
    switch (op) {
      case ADD:
        return a + b;
      case SUB:
        return a - b;
      case MUL:
        return a * b;
      case DIV:
        return a / b;
      case POW:
        return Math.pow(a, b);
      case MAXIMUM:
        return Math.max(a, b);
      case MINIMUM:
        return Math.min(a, b);
      case EQ:
        return a == b ? 1.0 : 0.0;
      case GT:
        return a > b ? 1.0 : 0.0;
      case GE:
        return a >= b ? 1.0 : 0.0;
      case LT:
        return a < b ? 1.0 : 0.0;
      case LE:
        return a <= b ? 1.0 : 0.0;
      default:
        throw new IllegalArgumentException("unknown binary op " + op);
    }
  }

  /** The dense same-shape loop, with the four arithmetic ops unswitched because they dominate training. */
  static void binarySameShape(BinaryOp op, double[] a, double[] b, double[] out) {
    int n = out.length;
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          out[i] = a[i] + b[i];
        }
        return;
      case SUB:
        for (int i = 0; i < n; i++) {
          out[i] = a[i] - b[i];
        }
        return;
      case MUL:
        for (int i = 0; i < n; i++) {
          out[i] = a[i] * b[i];
        }
        return;
      case DIV:
        for (int i = 0; i < n; i++) {
          out[i] = a[i] / b[i];
        }
        return;
      default:
        for (int i = 0; i < n; i++) {
          out[i] = binary(op, a[i], b[i]);
        }
    }
  }
}

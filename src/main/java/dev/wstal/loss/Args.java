package dev.wstal.loss;

import dev.wstal.tensor.Tensor;
import java.util.Arrays;

/** Argument checks shared by the loss classes; every message names the function, the argument and the values. */
final class Args {
  private Args() {}

  static void notNull(String fn, String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(fn + ": " + name + " is null");
    }
  }

  /** A [B, L, D] batch of sequences with L ≥ 1 and D ≥ 1 in a floating type. */
  static void sequences(String fn, String name, Tensor t) {
    notNull(fn, name, t);
    if (t.rank() != 3) {
      throw new IllegalArgumentException(
          fn + ": " + name + " must be a [B, L, D] batch of sequences, got shape " + Arrays.toString(t.shape()));
    }
    if (t.dim(1) < 1 || t.dim(2) < 1) {
      throw new IllegalArgumentException(
          fn + ": " + name + " needs at least one row and one feature, got shape " + Arrays.toString(t.shape()));
    }
    if (!t.dtype().isFloating()) {
      throw new IllegalArgumentException(fn + ": " + name + " must be floating point, got " + t.dtype());
    }
  }

  /** {@code b} pairs with {@code a}: same batch size and feature width (lengths may differ). */
  static void pairable(String fn, String aName, Tensor a, String bName, Tensor b) {
    sequences(fn, aName, a);
    sequences(fn, bName, b);
    if (a.dim(0) != b.dim(0) || a.dim(2) != b.dim(2)) {
      throw new IllegalArgumentException(
          fn + ": " + bName + " must be [" + a.dim(0) + ", L, " + a.dim(2) + "] to pair with " + aName + " "
              + Arrays.toString(a.shape()) + ", got " + Arrays.toString(b.shape()));
    }
  }

  /** A 1-D floating tensor of scores [P]. */
  static void scores(String fn, String name, Tensor t) {
    notNull(fn, name, t);
    if (t.rank() != 1) {
      throw new IllegalArgumentException(
          fn + ": " + name + " must be 1-D scores [P], got shape " + Arrays.toString(t.shape()));
    }
    if (!t.dtype().isFloating()) {
      throw new IllegalArgumentException(fn + ": " + name + " must be floating point, got " + t.dtype());
    }
  }

  /** One label per pair. */
  static void labels(String fn, String name, boolean[] labels, int pairs) {
    notNull(fn, name, labels);
    if (labels.length != pairs) {
      throw new IllegalArgumentException(
          fn + ": " + name + " has " + labels.length + " entries, expected one per pair (" + pairs + ")");
    }
  }

  static void sameShape(String fn, String aName, Tensor a, String bName, Tensor b) {
    notNull(fn, aName, a);
    notNull(fn, bName, b);
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(
          fn + ": " + bName + " has shape " + Arrays.toString(b.shape()) + ", expected "
              + Arrays.toString(a.shape()) + " (as " + aName + ")");
    }
  }

  static void eps(String fn, double eps) {
    if (!(eps >= 0 && eps < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(fn + ": eps must be finite and >= 0, got " + eps);
    }
  }
}

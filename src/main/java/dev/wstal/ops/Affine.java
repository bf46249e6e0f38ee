package dev.wstal.ops;

import dev.wstal.tensor.Tensor;

/** The per-channel scale and shift that follows a normalisation: y·weight + bias along one axis. */
final class Affine {
  private Affine() {}

  static Tensor apply(String op, Tensor y, int axis, int channels, Tensor weight, Tensor bias) {
    int[] shape = new int[y.rank()];
    java.util.Arrays.fill(shape, 1);
    shape[axis] = channels;
    if (weight != null) {
      check(op, "weight", weight, channels);
      y = y.mul(weight.reshape(shape));
    }
    if (bias != null) {
      check(op, "bias", bias, channels);
      y = y.add(bias.reshape(shape));
    }
    return y;
  }

  private static void check(String op, String what, Tensor t, int channels) {
    if (t.rank() != 1 || t.dim(0) != channels) {
      throw new IllegalArgumentException(
          op + ": " + what + " must have shape [" + channels + "], got " + t.shapeObject());
    }
  }
}

package dev.wstal.backend.cpu;

/**
 * What an I32 buffer of the CPU backend may hold. The backend keeps every dtype in a {@code double[]}, but an I32
 * buffer holds exactly the values a CUDA I32 buffer would: a result stored into one is rounded towards zero and
 * saturated at the int32 range, NaN becomes 0 (Java's {@code (int)} cast, which is the GPU's {@code cvt.rzi.sat}
 * rule) and -0.0 becomes 0, because an int32 has no negative zero. Host data (upload, fill) must already be int32
 * values, as the CUDA backend requires.
 */
final class Int32Stores {
  private Int32Stores() {}

  /** Replaces every element with the int32 value a store of it gives. */
  static void normalise(double[] data) {
    for (int i = 0; i < data.length; i++) {
      data[i] = (int) data[i];
    }
  }

  /**
   * The int32 value of host element {@code index} of {@code op}'s data.
   *
   * @throws IllegalArgumentException when it is not an int32 value (a fraction, NaN, out of range)
   */
  static double hostValue(String op, String element, double v) {
    if (v != (int) v) {
      throw new IllegalArgumentException(op + ": " + element + " is " + v + ", not an int32 value, for an I32 buffer");
    }
    return (int) v;
  }
}

package dev.wstal.data;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A {@code descr} that wstal reads: little- or big-endian float32/float64 and int32/int64, uint8, bool and
 * fixed-width byte strings {@code |Sn}. Object arrays ({@code |O}, pickled) and every other descr are rejected
 * with a message that names the file.
 */
record NpyDtype(Kind kind, int itemSize, ByteOrder order) {
  /** Element kinds; all but {@link #BYTES} are returned as doubles. */
  enum Kind {
    FLOAT, INT, UINT8, BOOL, BYTES
  }

  static final String SUPPORTED = "<f4 <f8 <i4 <i8 |u1 |b1 |S<n>, and big-endian >f4 >f8 >i4 >i8";

  /** Whether values of this type are all exactly representable as float32 (so narrowing back is lossless). */
  boolean isFloat32() {
    return kind == Kind.FLOAT && itemSize == 4;
  }

  static NpyDtype parse(Path file, String descr) throws NpyFormatException {
    if (descr.length() >= 2 && descr.charAt(1) == 'O') {
      throw new NpyFormatException(file, "object arrays (pickled) are not supported: descr '" + descr
          + "' holds Python objects that only pickle can restore, and wstal never unpickles; convert the array to "
          + "per-video numeric .npy files first (see docs/features.md, \"Object arrays\")");
    }
    NpyDtype t = descr.length() >= 3 ? of(descr) : null;
    if (t == null) {
      throw new NpyFormatException(file, "unsupported descr '" + descr + "' (supported: " + SUPPORTED + ")");
    }
    return t;
  }

  private static NpyDtype of(String descr) {
    char endian = descr.charAt(0);
    char kind = descr.charAt(1);
    String digits = descr.substring(2);
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 9) {
      return null;
    }
    int size = Integer.parseInt(digits);
    boolean little = endian == '<';
    boolean big = endian == '>';
    boolean any = little || big || endian == '|';
    ByteOrder order = big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    switch (kind) {
      case 'f':
        return (little || big) && (size == 4 || size == 8) ? new NpyDtype(Kind.FLOAT, size, order) : null;
      case 'i':
        return (little || big) && (size == 4 || size == 8) ? new NpyDtype(Kind.INT, size, order) : null;
      case 'u':
        return any && size == 1 ? new NpyDtype(Kind.UINT8, 1, order) : null;
      case 'b':
        return any && size == 1 ? new NpyDtype(Kind.BOOL, 1, order) : null;
      case 'S':
        return any && size >= 1 ? new NpyDtype(Kind.BYTES, size, order) : null;
      default:
        return null;
    }
  }
}

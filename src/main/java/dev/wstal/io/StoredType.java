package dev.wstal.io;

import dev.wstal.tensor.DType;
import java.nio.ByteBuffer;

/**
 * The on-disk element types wstal reads and writes, with their safetensors names and little-endian codecs. F64
 * copies the raw IEEE-754 bits, so NaN payloads, −0.0 and subnormals survive; F32 rounds to the nearest float.
 */
enum StoredType {
  F64(8),
  F32(4);

  private final int size;

  StoredType(int size) {
    this.size = size;
  }

  /** Bytes per element. */
  int size() {
    return size;
  }

  /** The safetensors "dtype" string. */
  String json() {
    return name();
  }

  /** The stored type for a {@link DType} used as {@code storeAs}. */
  static StoredType of(DType dtype) {
    if (dtype == DType.F64) {
      return F64;
    }
    if (dtype == DType.F32) {
      return F32;
    }
    throw new IllegalArgumentException("safetensors: storeAs must be F64 or F32, got " + dtype);
  }

  /** The stored type named {@code json} in a header, or null when wstal cannot read it. */
  static StoredType fromJson(String json) {
    for (StoredType t : values()) {
      if (t.json().equals(json)) {
        return t;
      }
    }
    return null;
  }

  /** Appends {@code count} values starting at {@code from}; {@code out} must be little-endian with room. */
  void encode(double[] values, int from, int count, ByteBuffer out) {
    for (int i = from; i < from + count; i++) {
      if (this == F64) {
        out.putLong(Double.doubleToRawLongBits(values[i]));
      } else {
        out.putInt(Float.floatToRawIntBits((float) values[i]));
      }
    }
  }

  /** Reads {@code count} values from little-endian {@code in} into {@code values} starting at {@code from}. */
  void decode(ByteBuffer in, double[] values, int from, int count) {
    for (int i = from; i < from + count; i++) {
      values[i] = this == F64 ? Double.longBitsToDouble(in.getLong()) : Float.intBitsToFloat(in.getInt());
    }
  }
}

package dev.wstal.data;

import dev.wstal.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes float32 and float64 arrays as {@code .npy} version 1.0 files, C order, little-endian, byte for byte as
 * NumPy 2.x's {@code np.save} writes them (for headers under 64 KiB, i.e. any practical rank):
 *
 * <pre>
 * \x93NUMPY \x01 \x00 &lt;uint16 LE header length&gt;
 * {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }   + 21 − len(str(shape[0])) spaces (none for ())
 *                                                                 + spaces to a multiple of 64 bytes, then '\n'
 * </pre>
 *
 * The growth padding is NumPy's room for rewriting the first dimension in place; the alignment padding is
 * 64 − ((10 + header + 1) mod 64), so a header that is already aligned gets 64 more spaces, as in NumPy. Files are
 * written atomically through {@link AtomicFiles}: readers see the old file or the complete new one.
 */
public final class NpyWriter {
  /** NumPy's {@code GROWTH_AXIS_MAX_DIGITS}. */
  private static final int GROWTH_DIGITS = 21;
  private static final int ALIGN = 64;
  private static final int CHUNK = 1 << 14;

  private NpyWriter() {}

  /**
   * Writes {@code data} (row-major) as a {@code <f4} array of the given shape.
   *
   * @throws IllegalArgumentException when a dimension is negative or the shape's element count differs from
   *     {@code data.length} (checked before anything is written)
   */
  public static void writeF32(Path file, float[] data, int... shape) throws IOException {
    byte[] header = header("<f4", data == null ? -1 : data.length, shape);
    AtomicFiles.write(file, out -> {
      out.write(header);
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int from = 0; from < data.length; from += CHUNK) {
        int k = Math.min(CHUNK, data.length - from);
        chunk.clear();
        chunk.asFloatBuffer().put(data, from, k);
        out.write(chunk.array(), 0, 4 * k);
      }
    });
  }

  /**
   * Writes {@code data} (row-major) as a {@code <f8} array of the given shape.
   *
   * @throws IllegalArgumentException when a dimension is negative or the shape's element count differs from
   *     {@code data.length} (checked before anything is written)
   */
  public static void writeF64(Path file, double[] data, int... shape) throws IOException {
    byte[] header = header("<f8", data == null ? -1 : data.length, shape);
    AtomicFiles.write(file, out -> {
      out.write(header);
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (int from = 0; from < data.length; from += CHUNK) {
        int k = Math.min(CHUNK, data.length - from);
        chunk.clear();
        chunk.asDoubleBuffer().put(data, from, k);
        out.write(chunk.array(), 0, 8 * k);
      }
    });
  }

  /** The preamble and padded header, exactly as NumPy 2.x writes them for a C-order array. */
  static byte[] header(String descr, int length, int[] shape) {
    if (shape == null || length < 0) {
      throw new IllegalArgumentException("npy writer: data and shape must be non-null");
    }
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("npy writer: shape dimensions must be ≥ 0, got " + Arrays.toString(shape));
      }
      n = Math.min(n * d, 1L << 31);
    }
    if (n != length) {
      throw new IllegalArgumentException("npy writer: shape " + Arrays.toString(shape) + " holds " + n
          + " elements, but data has " + length);
    }
    StringBuilder dict = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
        .append(NpyHeader.shapeString(shape)).append(", }");
    if (shape.length > 0) {
      dict.append(" ".repeat(GROWTH_DIGITS - Integer.toString(shape[0]).length()));
    }
    int headerLength = dict.length() + 1;
    int pad = ALIGN - ((8 + 2 + headerLength) % ALIGN);
    if (headerLength + pad > 0xFFFF) {
      throw new IllegalArgumentException("npy writer: rank " + shape.length + " makes the header longer than "
          + "version 1.0 allows (65535 bytes)");
    }
    dict.append(" ".repeat(pad)).append('\n');
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    return ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
        .putShort((short) text.length).put(text).array();
  }
}

package dev.wstal.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; header rules in {@link NpyHeader}) into
 * {@link NpyArray}s in C order.
 *
 * <p>Supported descrs: {@code <f4 <f8 <i4 <i8 |u1 |b1 |Sn} and the big-endian {@code >f4 >f8 >i4 >i8} (swapped on
 * read). {@code fortran_order: True} data is transposed into C order. Object arrays ({@code |O}) are rejected:
 * they are pickles. Bytes after the data are ignored, as NumPy ignores them; too few bytes are an error.
 *
 * <p>Data of 1 MiB or more is memory-mapped from the data offset (in windows of at most 1 GiB) and bulk-read through
 * typed views ({@link FloatBuffer}, {@link DoubleBuffer}, ...) in the file's byte order; smaller data is read with
 * one positional read. Nothing is read element by element from a stream.
 *
 * <p>Every error is an {@link java.io.IOException}; format problems are {@link NpyFormatException}s whose message
 * names the file.
 */
public final class NpyReader {
  /** Data at least this large is memory-mapped rather than copied into a heap buffer. */
  static final int MAP_THRESHOLD = 1 << 20;

  private static final int WINDOW = 1 << 30;
  private static final int CHUNK = 1 << 14;
  /** Java arrays hold at most about 2^31 − 8 elements on common JVMs. */
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private NpyReader() {}

  /** The preamble and header of {@code file}, without reading the data (cheap for huge files). */
  public static NpyHeader readHeader(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return NpyHeader.read(file, ch);
    }
  }

  /**
   * Reads {@code file}.
   *
   * @throws NpyFormatException naming the file for a bad magic or version, a malformed header, an unsupported or
   *     object descr, truncated data, an array too large for Java, or an int64 value a double cannot hold
   * @throws java.nio.file.NoSuchFileException when the file does not exist
   */
  public static NpyArray read(Path file) throws IOException {
    return read(file, MAP_THRESHOLD);
  }

  /** {@link #read(Path)}, memory-mapping data of at least {@code mapThreshold} bytes (tests map everything). */
  static NpyArray read(Path file, long mapThreshold) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader h = NpyHeader.read(file, ch);
      NpyDtype type = NpyDtype.parse(file, h.descr());
      int[] shape = h.shape();
      long n = h.size();
      if (n > MAX_ELEMENTS) {
        throw new NpyFormatException(file, "shape " + NpyHeader.shapeString(shape) + " has " + n
            + " elements, more than a Java array holds (" + MAX_ELEMENTS + ")");
      }
      if (type.itemSize() > WINDOW) {
        throw new NpyFormatException(file, "item size " + type.itemSize() + " of descr '" + h.descr()
            + "' exceeds the limit of " + WINDOW + " bytes");
      }
      long bytes = n * type.itemSize();
      long available = ch.size() - h.dataOffset();
      if (available < bytes) {
        throw new NpyFormatException(file, "data truncated: shape " + NpyHeader.shapeString(shape) + " of "
            + h.descr() + " needs " + bytes + " bytes after the header (from byte " + h.dataOffset()
            + "), but the file has only " + available);
      }
      int count = (int) n;
      if (type.kind() == NpyDtype.Kind.BYTES) {
        String[] strings = new String[count];
        readWindows(ch, h.dataOffset(), count, type, mapThreshold,
            (buf, from, k) -> decodeBytes(buf, strings, from, k, type.itemSize()));
        return NpyArray.ofStrings(h.descr(), h.fortranOrder() ? FortranOrder.toC(strings, shape) : strings, shape);
      }
      double[] values = new double[count];
      readWindows(ch, h.dataOffset(), count, type, mapThreshold,
          (buf, from, k) -> decode(file, buf, values, from, k, type));
      return NpyArray.ofNumbers(h.descr(), h.fortranOrder() ? FortranOrder.toC(values, shape) : values, shape);
    }
  }

  @FunctionalInterface
  private interface WindowDecoder {
    /** Decodes {@code count} elements from {@code buf} (positioned at the first) into slots from {@code from}. */
    void decode(ByteBuffer buf, int from, int count) throws IOException;
  }

  private static void readWindows(FileChannel ch, long offset, int count, NpyDtype type, long mapThreshold,
      WindowDecoder decoder) throws IOException {
    long bytes = (long) count * type.itemSize();
    boolean map = bytes >= mapThreshold;
    int perWindow = map ? WINDOW / type.itemSize() : count;
    for (int from = 0; from < count; from += perWindow) {
      int k = Math.min(perWindow, count - from);
      long position = offset + (long) from * type.itemSize();
      int length = k * type.itemSize();
      ByteBuffer buf = map
          ? ch.map(FileChannel.MapMode.READ_ONLY, position, length)
          : NpyHeader.readFully(ch, position, length);
      decoder.decode(buf.order(type.order()), from, k);
    }
  }

  private static void decode(Path file, ByteBuffer buf, double[] out, int from, int count, NpyDtype type)
      throws NpyFormatException {
    switch (type.kind()) {
      case FLOAT -> {
        if (type.itemSize() == 8) {
          buf.asDoubleBuffer().get(out, from, count);
        } else {
          FloatBuffer fb = buf.asFloatBuffer();
          float[] tmp = new float[Math.min(CHUNK, count)];
          for (int done = 0; done < count; done += tmp.length) {
            int k = Math.min(tmp.length, count - done);
            fb.get(tmp, 0, k);
            for (int i = 0; i < k; i++) {
              out[from + done + i] = tmp[i];
            }
          }
        }
      }
      case INT -> {
        if (type.itemSize() == 4) {
          IntBuffer ib = buf.asIntBuffer();
          int[] tmp = new int[Math.min(CHUNK, count)];
          for (int done = 0; done < count; done += tmp.length) {
            int k = Math.min(tmp.length, count - done);
            ib.get(tmp, 0, k);
            for (int i = 0; i < k; i++) {
              out[from + done + i] = tmp[i];
            }
          }
        } else {
          decodeInt64(file, buf.asLongBuffer(), out, from, count);
        }
      }
      case UINT8, BOOL -> {
        byte[] tmp = new byte[Math.min(CHUNK, count)];
        boolean bool = type.kind() == NpyDtype.Kind.BOOL;
        for (int done = 0; done < count; done += tmp.length) {
          int k = Math.min(tmp.length, count - done);
          buf.get(tmp, 0, k);
          for (int i = 0; i < k; i++) {
            out[from + done + i] = bool ? (tmp[i] != 0 ? 1 : 0) : tmp[i] & 0xFF;
          }
        }
      }
      default -> throw new IllegalStateException("byte strings are decoded by decodeBytes");
    }
  }

  private static void decodeInt64(Path file, LongBuffer lb, double[] out, int from, int count)
      throws NpyFormatException {
    long[] tmp = new long[Math.min(CHUNK, count)];
    for (int done = 0; done < count; done += tmp.length) {
      int k = Math.min(tmp.length, count - done);
      lb.get(tmp, 0, k);
      for (int i = 0; i < k; i++) {
        long v = tmp[i];
        double d = v;
        // (long) saturates, so 2^63 (the rounding of Long.MAX_VALUE) must be excluded separately.
        if ((long) d != v || d == 0x1p63) {
          throw new NpyFormatException(file, "int64 element " + (from + done + i) + " = " + v
              + " is not exactly representable as a double (|v| > 2^53 and not a multiple of the spacing there)");
        }
        out[from + done + i] = d;
      }
    }
  }

  private static void decodeBytes(ByteBuffer buf, String[] out, int from, int count, int itemSize) {
    byte[] item = new byte[itemSize];
    for (int i = 0; i < count; i++) {
      buf.get(item);
      int end = itemSize;
      while (end > 0 && item[end - 1] == 0) {
        end--;
      }
      out[from + i] = new String(item, 0, end, StandardCharsets.ISO_8859_1);
    }
  }
}

package dev.wstal.data;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The preamble and header of a {@code .npy} file: format version, the dtype string {@code descr} exactly as
 * written (e.g. {@code "<f4"}), whether the data is in Fortran (column-major) order, the shape, and the byte offset
 * where the raw data starts.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, one major and one minor version byte, the header length as a
 * little-endian uint16 (version 1.0) or uint32 (2.0 and 3.0), then the header: a Python dict literal with exactly
 * the keys {@code descr}, {@code fortran_order} and {@code shape}, in any order, padded with spaces and ending in a
 * newline. Versions 1.0 and 2.0 headers are Latin-1, version 3.0 headers UTF-8, as NumPy decodes them. No alignment
 * is assumed (NumPy aligns the data to 64 bytes now, 16 in old files).
 */
public record NpyHeader(int major, int minor, String descr, boolean fortranOrder, int[] shape, long dataOffset) {
  /** NumPy refuses headers over 10,000 bytes by default; wstal is more lenient but still bounds the read. */
  static final int MAX_HEADER_BYTES = 1 << 20;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

  public NpyHeader {
    shape = shape.clone();
  }

  /** The shape (a copy). */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements: the product of the shape, 1 for shape {@code ()}; saturates at Long.MAX_VALUE. */
  public long size() {
    for (int d : shape) {
      if (d == 0) {
        return 0;
      }
    }
    long n = 1;
    for (int d : shape) {
      if (n > Long.MAX_VALUE / d) {
        return Long.MAX_VALUE;
      }
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyHeader h && major == h.major && minor == h.minor && descr.equals(h.descr)
        && fortranOrder == h.fortranOrder && Arrays.equals(shape, h.shape) && dataOffset == h.dataOffset;
  }

  @Override
  public int hashCode() {
    return 31 * descr.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "NpyHeader[version " + major + "." + minor + ", descr " + descr + ", fortran_order " + fortranOrder
        + ", shape " + shapeString(shape) + ", data at byte " + dataOffset + "]";
  }

  /** A shape the way Python prints a tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  static String shapeString(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return sb.append(')').toString();
  }

  /** Reads and checks the preamble and header of {@code file} through {@code ch}. */
  static NpyHeader read(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < MAGIC.length + 4) {
      throw new NpyFormatException(file, "file has " + size
          + " bytes, fewer than the 10-byte preamble (magic \\x93NUMPY, version, header length)");
    }
    ByteBuffer pre = readFully(ch, 0, MAGIC.length + 2);
    for (int i = 0; i < MAGIC.length; i++) {
      if (pre.get(i) != MAGIC[i]) {
        throw new NpyFormatException(file, "bad magic: expected \\x93NUMPY, found " + escape(pre, MAGIC.length)
            + " (not a .npy file)");
      }
    }
    int major = pre.get(6) & 0xFF;
    int minor = pre.get(7) & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw new NpyFormatException(file, "unsupported format version " + major + "." + minor
          + " (supported: 1.0, 2.0, 3.0)");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer len = readFully(ch, 8, lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? len.getShort() & 0xFFFFL : len.getInt() & 0xFFFFFFFFL;
    long dataOffset = 8 + lengthBytes + headerLength;
    if (headerLength > MAX_HEADER_BYTES) {
      throw new NpyFormatException(file, "header length " + headerLength + " exceeds the limit of "
          + MAX_HEADER_BYTES + " bytes");
    }
    if (dataOffset > size) {
      throw new NpyFormatException(file, "header length " + headerLength + " runs past the end of the file ("
          + size + " bytes, so at most " + (size - 8 - lengthBytes) + " header bytes)");
    }
    String text = decode(file, readFully(ch, 8 + lengthBytes, (int) headerLength), major);
    Map<?, ?> dict = parseDict(file, text);
    String descr = descr(file, dict.get("descr"), text);
    if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
      throw new NpyFormatException(file, "header field 'fortran_order' must be True or False, got "
          + dict.get("fortran_order") + "; header: " + text.strip());
    }
    return new NpyHeader(major, minor, descr, fortran, shape(file, dict.get("shape"), text), dataOffset);
  }

  private static String decode(Path file, ByteBuffer bytes, int major) throws NpyFormatException {
    if (major < 3) {
      return StandardCharsets.ISO_8859_1.decode(bytes).toString();
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException ex) {
      throw new NpyFormatException(file, "version 3.0 header is not valid UTF-8", ex);
    }
  }

  private static Map<?, ?> parseDict(Path file, String text) throws NpyFormatException {
    Object parsed;
    try {
      parsed = PyLiteral.parse(text);
    } catch (IllegalArgumentException ex) {
      throw new NpyFormatException(file, "header is not a Python literal (" + ex.getMessage() + "); header: "
          + abbreviate(text));
    }
    if (!(parsed instanceof Map<?, ?> dict)) {
      throw new NpyFormatException(file, "header must be a dict literal, got " + abbreviate(text));
    }
    List<String> missing = new ArrayList<>();
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        missing.add(key);
      }
    }
    List<Object> extra = new ArrayList<>();
    for (Object key : dict.keySet()) {
      if (!KEYS.contains(key)) {
        extra.add(key);
      }
    }
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new NpyFormatException(file, "header must have exactly the keys 'descr', 'fortran_order' and 'shape'"
          + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; unexpected " + extra)
          + "; header: " + abbreviate(text));
    }
    return dict;
  }

  private static String descr(Path file, Object value, String text) throws NpyFormatException {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof List<?>) {
      throw new NpyFormatException(file, "structured dtypes (a list as 'descr') are not supported; wstal reads "
          + "plain numeric and |Sn arrays; header: " + abbreviate(text));
    }
    throw new NpyFormatException(file, "header field 'descr' must be a string, got " + abbreviate(text));
  }

  private static int[] shape(Path file, Object value, String text) throws NpyFormatException {
    if (!(value instanceof PyLiteral.Tuple tuple)) {
      throw new NpyFormatException(file, "header field 'shape' must be a tuple of integers; header: "
          + abbreviate(text));
    }
    int[] shape = new int[tuple.items().size()];
    for (int i = 0; i < shape.length; i++) {
      Object d = tuple.items().get(i);
      if (!(d instanceof BigInteger b) || b.signum() < 0 || b.bitLength() > 31) {
        throw new NpyFormatException(file, "shape dimension " + i + " must be an integer in [0, "
            + Integer.MAX_VALUE + "], got " + d + "; header: " + abbreviate(text));
      }
      shape[i] = b.intValue();
    }
    return shape;
  }

  private static String abbreviate(String text) {
    String s = text.strip();
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  private static String escape(ByteBuffer b, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = b.get(i) & 0xFF;
      sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.toString();
  }

  static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new EOFException("unexpected end of file at byte " + (position + buf.position()));
      }
    }
    buf.flip();
    return buf;
  }
}

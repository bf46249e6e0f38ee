package dev.wstal.io;

import dev.wstal.tensor.DType;
import dev.wstal.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON
 * header <code>{"name": {"dtype": "F64", "shape": [...], "data_offsets": [begin, end]}, ..., "__metadata__":
 * {"key": "value"}}</code>, then the data buffer: each tensor's elements row-major and little-endian at
 * [begin, end) relative to the start of the buffer.
 *
 * <p>Writing follows the reference implementation byte for byte (for names without control characters): tensors
 * are laid out contiguously, ordered by the UTF-8 bytes of their names; the header is compact JSON with
 * {@code __metadata__} first (its keys also in UTF-8 order; omitted when there is no metadata) and is padded with
 * spaces to a multiple of 8 bytes. Reading accepts any valid order and applies the reference's checks.
 */
public final class Safetensors {
  /** Elements converted per I/O chunk, so that huge tensors never need a second full-size byte copy. */
  private static final int CHUNK = 1 << 16;

  private Safetensors() {}

  /** A file's tensors in header order, and its metadata (empty when the file has none). */
  public record Contents(LinkedHashMap<String, Tensor> tensors, LinkedHashMap<String, String> metadata) {}

  /** {@link #save(Path, Map, Map, DType)} as F64 without metadata. */
  public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
    save(file, tensors, null, DType.F64);
  }

  /**
   * Writes {@code tensors} and {@code metadata} (may be null) to {@code file}, every tensor stored as
   * {@code storeAs} (F64 exact; F32 rounds each value to the nearest float). The file is replaced atomically
   * (see {@link AtomicFiles}): readers see either the old file or the complete new one, and no temporary file
   * is left behind.
   *
   * @throws IllegalArgumentException for a null or non-floating tensor, the reserved name {@code __metadata__},
   *     a null metadata key or value, or {@code storeAs} other than F64/F32 (checked before anything is written)
   */
  public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType storeAs)
      throws IOException {
    StoredType type = StoredType.of(storeAs);
    TreeMap<String, Tensor> ordered = new TreeMap<>(Header.UTF8_ORDER);
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      Tensor t = e.getValue();
      if (name == null || name.equals(Header.METADATA_KEY)) {
        throw new IllegalArgumentException(
            "safetensors: tensor name must be non-null and not '" + Header.METADATA_KEY + "', got " + name);
      }
      if (t == null || !t.dtype().isFloating()) {
        throw new IllegalArgumentException("safetensors: tensor '" + name
            + "' must be a floating-point tensor, got " + (t == null ? "null" : t.dtype().toString()));
      }
      ordered.put(name, t);
    }
    LinkedHashMap<String, String> meta = new LinkedHashMap<>();
    if (metadata != null) {
      TreeMap<String, String> sorted = new TreeMap<>(Header.UTF8_ORDER);
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new IllegalArgumentException(
              "safetensors: metadata keys and values must be non-null, got " + e.getKey() + "=" + e.getValue());
        }
        sorted.put(e.getKey(), e.getValue());
      }
      meta.putAll(sorted);
    }
    List<Header.Entry> entries = new ArrayList<>();
    List<Tensor> data = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : ordered.entrySet()) {
      Tensor t = e.getValue();
      long bytes = t.numel() * type.size();
      entries.add(new Header.Entry(e.getKey(), type, t.shape(), offset, offset + bytes));
      data.add(t);
      offset += bytes;
    }
    byte[] header = new Header(entries, meta).encode();
    AtomicFiles.write(file, out -> writeBody(out, header, data, type));
  }

  private static void writeBody(OutputStream out, byte[] header, List<Tensor> data, StoredType type)
      throws IOException {
    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
    out.write(length.array());
    out.write(header);
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * type.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor t : data) {
      double[] values = t.toArray();
      for (int from = 0; from < values.length; from += CHUNK) {
        int count = Math.min(CHUNK, values.length - from);
        chunk.clear();
        type.encode(values, from, count, chunk);
        out.write(chunk.array(), 0, chunk.position());
      }
    }
  }

  /** The tensors of {@code file}, in header order, as CPU float64 tensors (F32 data is widened exactly). */
  public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
    return read(file).tensors();
  }

  /**
   * Reads the tensors and metadata of {@code file}.
   *
   * @throws SafetensorsFormatException naming the file and the field when the file is not valid safetensors or
   *     uses a dtype other than F64 or F32
   */
  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new SafetensorsFormatException(
            file, "file has " + size + " bytes, fewer than the 8-byte header length field");
      }
      long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n < 0 || n > Header.MAX_HEADER_BYTES) {
        throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(n)
            + " exceeds the limit of " + Header.MAX_HEADER_BYTES + " bytes");
      }
      if (8 + n > size) {
        throw new SafetensorsFormatException(file, "header length " + n + " runs past the end of the file ("
            + size + " bytes, so at most " + (size - 8) + " header bytes)");
      }
      byte[] headerBytes = readFully(ch, 8, (int) n).array();
      long dataStart = 8 + n;
      Header header = Header.parse(file, headerBytes, size - dataStart);
      LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
      for (Header.Entry e : header.entries) {
        tensors.put(e.name(), readTensor(ch, dataStart, e));
      }
      return new Contents(tensors, header.metadata);
    }
  }

  private static Tensor readTensor(FileChannel ch, long dataStart, Header.Entry e) throws IOException {
    double[] values = new double[(int) e.numel()];
    long position = dataStart + e.begin();
    for (int from = 0; from < values.length; from += CHUNK) {
      int count = Math.min(CHUNK, values.length - from);
      ByteBuffer chunk = readFully(ch, position, count * e.type().size()).order(ByteOrder.LITTLE_ENDIAN);
      e.type().decode(chunk, values, from, count);
      position += (long) count * e.type().size();
    }
    return Tensor.of(values, e.shape());
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int read = ch.read(buf, position + buf.position());
      if (read < 0) {
        throw new EOFException("unexpected end of file at byte " + (position + buf.position()));
      }
    }
    buf.flip();
    return buf;
  }
}

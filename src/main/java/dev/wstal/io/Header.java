package dev.wstal.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: tensor entries (name, dtype, shape, data offsets relative to the start of
 * the data buffer) and optional string metadata under {@code "__metadata__"}. Encodes exactly as the reference
 * implementation (compact JSON, {@code __metadata__} first, then the tensors in data order, padded with spaces to
 * a multiple of 8 bytes) and parses with the reference's validation rules, with messages naming the field.
 */
final class Header {
  static final String METADATA_KEY = "__metadata__";
  /** The reference implementation refuses larger headers, which protects against absurd allocations. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One tensor's header entry; {@code begin} and {@code end} are byte offsets into the data buffer. */
  record Entry(String name, StoredType type, int[] shape, long begin, long end) {
    long numel() {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }

  final List<Entry> entries;
  final LinkedHashMap<String, String> metadata;

  Header(List<Entry> entries, LinkedHashMap<String, String> metadata) {
    this.entries = entries;
    this.metadata = metadata;
  }

  // ---- encoding -------------------------------------------------------------------------------------------------

  /** Name order of the reference writer: byte-wise on the UTF-8 encoding (Rust's {@code String} order). */
  static final Comparator<String> UTF8_ORDER = (a, b) ->
      Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /** The header bytes, space-padded to a multiple of 8 (the length to write before them is their count). */
  byte[] encode() {
    ObjectNode root = MAPPER.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = root.putObject(METADATA_KEY);
      metadata.forEach(meta::put);
    }
    for (Entry e : entries) {
      ObjectNode info = root.putObject(e.name());
      info.put("dtype", e.type().json());
      ArrayNode shape = info.putArray("shape");
      for (int d : e.shape()) {
        shape.add(d);
      }
      info.putArray("data_offsets").add(e.begin()).add(e.end());
    }
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("safetensors: could not encode the header", ex);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  // ---- parsing --------------------------------------------------------------------------------------------------

  /**
   * Parses and validates header bytes against a data buffer of {@code dataBytes} bytes: every entry must have a
   * supported dtype, a shape of non-negative dimensions, offsets whose span equals numel·size, and together the
   * entries must tile the data buffer exactly (no overlap, no gap, nothing past or left over at the end).
   */
  static Header parse(Path file, byte[] bytes, long dataBytes) throws SafetensorsFormatException {
    JsonNode root = readJson(file, bytes);
    if (!root.isObject()) {
      throw new SafetensorsFormatException(file, "header must be a JSON object, got " + root.getNodeType());
    }
    List<Entry> entries = new ArrayList<>();
    LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getKey().equals(METADATA_KEY)) {
        metadata = parseMetadata(file, f.getValue());
      } else {
        entries.add(parseEntry(file, f.getKey(), f.getValue(), dataBytes));
      }
    }
    checkTiling(file, entries, dataBytes);
    return new Header(entries, metadata);
  }

  private static JsonNode readJson(Path file, byte[] bytes) throws SafetensorsFormatException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException ex) {
      throw new SafetensorsFormatException(file, "header is not valid UTF-8", ex);
    }
    try {
      JsonNode root = MAPPER.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new SafetensorsFormatException(file, "header is empty; expected a JSON object");
      }
      return root;
    } catch (JsonProcessingException ex) {
      throw new SafetensorsFormatException(file, "header is not valid JSON: " + ex.getOriginalMessage(), ex);
    }
  }

  private static LinkedHashMap<String, String> parseMetadata(Path file, JsonNode node)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(
          file, "field '" + METADATA_KEY + "' must be an object of strings, got " + node.getNodeType());
    }
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new SafetensorsFormatException(file, "field '" + METADATA_KEY + "." + e.getKey()
            + "' must be a string, got " + e.getValue().getNodeType() + " " + e.getValue());
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static Entry parseEntry(Path file, String name, JsonNode node, long dataBytes)
      throws SafetensorsFormatException {
    String where = "tensor '" + name + "'";
    if (!node.isObject()) {
      throw new SafetensorsFormatException(file, where + " must be an object, got " + node.getNodeType());
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new SafetensorsFormatException(file, where + ": field 'dtype' must be a string, got " + dtypeNode);
    }
    StoredType type = StoredType.fromJson(dtypeNode.textValue());
    if (type == null) {
      throw new SafetensorsFormatException(file, where + ": field 'dtype' is '" + dtypeNode.textValue()
          + "', which is unknown or unsupported (supported: " + Arrays.toString(StoredType.values()) + ")");
    }
    long[] dims = naturals(file, where, "shape", node.get("shape"), -1);
    int[] shape = new int[dims.length];
    long numel = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > Integer.MAX_VALUE) {
        throw new SafetensorsFormatException(file, where + ": field 'shape' dimension " + i + " is " + dims[i]
            + ", larger than the supported maximum " + Integer.MAX_VALUE);
      }
      shape[i] = (int) dims[i];
      numel *= dims[i];
      if (numel > Integer.MAX_VALUE) {
        throw new SafetensorsFormatException(file, where + ": field 'shape' " + Arrays.toString(dims)
            + " has more than " + Integer.MAX_VALUE + " elements, which wstal tensors cannot hold");
      }
    }
    long[] offsets = naturals(file, where, "data_offsets", node.get("data_offsets"), 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (end < begin) {
      throw new SafetensorsFormatException(file, where + ": field 'data_offsets' " + Arrays.toString(offsets)
          + " ends before it begins");
    }
    if (end > dataBytes) {
      throw new SafetensorsFormatException(file, where + ": field 'data_offsets' " + Arrays.toString(offsets)
          + " is out of range: the data buffer has " + dataBytes + " bytes");
    }
    long expected = numel * type.size();
    if (end - begin != expected) {
      throw new SafetensorsFormatException(file, where + ": field 'shape' " + Arrays.toString(dims) + " with dtype "
          + type.json() + " needs " + expected + " bytes, but field 'data_offsets' " + Arrays.toString(offsets)
          + " spans " + (end - begin));
    }
    return new Entry(name, type, shape, begin, end);
  }

  /** An array of non-negative integers; {@code length} −1 accepts any length. */
  private static long[] naturals(Path file, String where, String field, JsonNode node, int length)
      throws SafetensorsFormatException {
    String what = where + ": field '" + field + "'";
    if (node == null || !node.isArray()) {
      throw new SafetensorsFormatException(file, what + " must be an array of non-negative integers, got " + node);
    }
    if (length >= 0 && node.size() != length) {
      throw new SafetensorsFormatException(
          file, what + " must have " + length + " entries, got " + node.size() + ": " + node);
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new SafetensorsFormatException(
            file, what + " must contain non-negative integers, got " + v + " at index " + i + " in " + node);
      }
      out[i] = v.longValue();
    }
    return out;
  }

  /** The entries, taken in data order, must cover [0, dataBytes) exactly once. */
  private static void checkTiling(Path file, List<Entry> entries, long dataBytes) throws SafetensorsFormatException {
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry previous = null;
    for (Entry e : byOffset) {
      if (e.begin() < covered) {
        throw new SafetensorsFormatException(file, "tensor '" + e.name() + "': field 'data_offsets' ["
            + e.begin() + ", " + e.end() + "] overlaps tensor '" + previous.name() + "' [" + previous.begin() + ", "
            + previous.end() + "]");
      }
      if (e.begin() > covered) {
        throw new SafetensorsFormatException(file, "tensor '" + e.name() + "': field 'data_offsets' ["
            + e.begin() + ", " + e.end() + "] leaves bytes [" + covered + ", " + e.begin()
            + ") of the data buffer unused; tensors must be contiguous");
      }
      covered = e.end();
      previous = e;
    }
    if (covered != dataBytes) {
      throw new SafetensorsFormatException(file, "the data buffer has " + dataBytes + " bytes but the tensors cover "
          + covered + "; the last " + (dataBytes - covered) + " bytes belong to no tensor");
    }
  }
}

package dev.wstal.io;

import static dev.wstal.io.Fixtures.concat;
import static dev.wstal.io.Fixtures.f32;
import static dev.wstal.io.Fixtures.f64;
import static dev.wstal.io.Fixtures.file;
import static dev.wstal.io.Fixtures.padded;
import static dev.wstal.testing.BitwiseAsserts.assertBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.wstal.tensor.DType;
import dev.wstal.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  private static final String HEADER_AB = "{\"__metadata__\":{\"format\":\"pt\"},"
      + "\"a\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]},"
      + "\"b\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[32,56]}}";
  private static final double[] A = {1.5, -2, 0.25, 1e300};
  private static final double[] B = {-0.0, Double.MIN_VALUE, Math.PI};

  private static byte[] handBuiltAb() {
    return file(padded(HEADER_AB), concat(f64(A), f64(B)));
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  // ---- reading hand-built files ---------------------------------------------------------------------------------

  @Test
  void readsAHandBuiltF64File() throws IOException {
    Path f = write("ab.safetensors", handBuiltAb());
    Safetensors.Contents c = Safetensors.read(f);
    assertEquals(List.of("a", "b"), new ArrayList<>(c.tensors().keySet()));
    assertArrayEquals(new int[] {2, 2}, c.tensors().get("a").shape());
    assertArrayEquals(new int[] {3}, c.tensors().get("b").shape());
    assertBits(A, c.tensors().get("a").toArray());
    assertBits(B, c.tensors().get("b").toArray());
    assertEquals(Map.of("format", "pt"), c.metadata());
    assertEquals(DType.F64, c.tensors().get("a").dtype());
  }

  @Test
  void readsAHandBuiltF32FileWithTensorsOutOfHeaderOrder() throws IOException {
    String header = "{\"late\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
        + "\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    byte[] bytes = file(header, concat(f32(0, 1, 2, 3, 4, 5), f32(-0.0f, Float.MIN_VALUE)));
    LinkedHashMap<String, Tensor> t = Safetensors.load(write("f32.safetensors", bytes));
    assertEquals(List.of("late", "attn.0"), new ArrayList<>(t.keySet()));
    assertArrayEquals(new int[] {1, 2, 3}, t.get("attn.0").shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, t.get("attn.0").toArray(), 0);
    assertBits(new double[] {-0.0, Float.MIN_VALUE}, t.get("late").toArray());
  }

  @Test
  void readsScalarsAndEmptyTensors() throws IOException {
    String header = "{\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
        + "\"e\":{\"dtype\":\"F64\",\"shape\":[0,3],\"data_offsets\":[8,8]}}";
    LinkedHashMap<String, Tensor> t = Safetensors.load(write("s.safetensors", file(header, f64(7.0))));
    assertArrayEquals(new int[0], t.get("s").shape());
    assertEquals(7.0, t.get("s").item());
    assertArrayEquals(new int[] {0, 3}, t.get("e").shape());
  }

  // ---- writing --------------------------------------------------------------------------------------------------

  @Test
  void writtenFileIsByteIdenticalToTheHandBuiltOne() throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    // Insertion order b, a: the writer orders by name as the reference implementation does.
    tensors.put("b", Tensor.of(B, 3));
    tensors.put("a", Tensor.of(A, 2, 2));
    Path f = dir.resolve("out.safetensors");
    Safetensors.save(f, tensors, Map.of("format", "pt"), DType.F64);
    assertArrayEquals(handBuiltAb(), Files.readAllBytes(f));
  }

  @Test
  void f32OutputMatchesTheReferenceImplementationsSerialisationVector() throws IOException {
    // Same content as the reference crate's serialisation test: one F32 tensor "attn.0" of shape [1, 2, 3] holding
    // 0..5, whose header is exactly 64 bytes, so it needs no padding.
    String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    assertEquals(64, header.length());
    Path f = dir.resolve("attn.safetensors");
    Safetensors.save(f, Map.of("attn.0", Tensor.arange(6).reshape(1, 2, 3)), null, DType.F32);
    assertArrayEquals(file(header, f32(0, 1, 2, 3, 4, 5)), Files.readAllBytes(f));
  }

  @Test
  void emptyFilesArePaddedLikeTheReference() throws IOException {
    Path f = dir.resolve("empty.safetensors");
    Safetensors.save(f, Map.of());
    assertArrayEquals(file("{}      ", new byte[0]), Files.readAllBytes(f));
    Safetensors.save(f, Map.of(), Map.of("framework", "pt"), DType.F64);
    byte[] expected = file("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]);
    assertEquals(48, expected.length);
    assertArrayEquals(expected, Files.readAllBytes(f));
    assertTrue(Safetensors.load(f).isEmpty());
  }

  @Test
  void metadataKeysAreWrittenInSortedOrder() throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("z", "last");
    meta.put("a", "first");
    Path f = dir.resolve("meta.safetensors");
    Safetensors.save(f, Map.of("x", Tensor.of(new double[] {1}, 1)), meta, DType.F64);
    String header = "{\"__metadata__\":{\"a\":\"first\",\"z\":\"last\"},"
        + "\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
    assertArrayEquals(file(padded(header), f64(1)), Files.readAllBytes(f));
    assertEquals(List.of("a", "z"), new ArrayList<>(Safetensors.read(f).metadata().keySet()));
  }

  // ---- round trips ----------------------------------------------------------------------------------------------

  @Test
  void f64RoundTripIsBitIdenticalForSpecialValues() throws IOException {
    double[] special = {
      Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_1234L), Double.longBitsToDouble(0xfff8_0000_0000_0000L),
      -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL - Double.MIN_VALUE, Double.MIN_NORMAL,
      Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0 / 3, -123456.789e-200
    };
    Path f = dir.resolve("special.safetensors");
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("special", Tensor.of(special, 2, 7));
    tensors.put("scalar", Tensor.scalar(-0.0));
    tensors.put("empty", Tensor.zeros(3, 0));
    Safetensors.save(f, tensors, Map.of("note", "ünïcødé ✓"), DType.F64);
    Safetensors.Contents c = Safetensors.read(f);
    assertBits(special, c.tensors().get("special").toArray());
    assertArrayEquals(new int[] {2, 7}, c.tensors().get("special").shape());
    assertBits(new double[] {-0.0}, c.tensors().get("scalar").toArray());
    assertArrayEquals(new int[] {3, 0}, c.tensors().get("empty").shape());
    assertEquals("ünïcødé ✓", c.metadata().get("note"));
  }

  @Test
  void f64RoundTripIsBitIdenticalForArbitraryBitPatterns() {
    qt().withFixedSeed(7L).withExamples(50)
        .forAll(lists().of(longs().all()).ofSizeBetween(0, 40), integers().between(0, 3))
        .checkAssert((bits, extraDim) -> {
          double[] values = bits.stream().mapToDouble(Double::longBitsToDouble).toArray();
          Path f = dir.resolve("prop.safetensors");
          try {
            Safetensors.save(f, Map.of("t", Tensor.of(values, 1, values.length)));
            double[] back = Safetensors.load(f).get("t").toArray();
            for (int i = 0; i < values.length; i++) {
              assertEquals(bits.get(i), Double.doubleToRawLongBits(back[i]), "element " + i);
            }
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void f32RoundTripKeepsFloatBits() throws IOException {
    float[] floats = {Float.NaN, -0.0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1.1f, -3e-40f,
        Float.NEGATIVE_INFINITY};
    double[] widened = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      widened[i] = floats[i];
    }
    Path f = dir.resolve("f32.safetensors");
    Safetensors.save(f, Map.of("f", Tensor.of(widened, floats.length)), null, DType.F32);
    String header = "{\"f\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]}}";
    assertEquals(8 + padded(header).length() + 4 * floats.length, Files.size(f));
    double[] back = Safetensors.load(f).get("f").toArray();
    for (int i = 0; i < floats.length; i++) {
      assertEquals(Float.floatToRawIntBits(floats[i]), Float.floatToRawIntBits((float) back[i]), "element " + i);
      assertEquals(Double.doubleToRawLongBits(widened[i]), Double.doubleToRawLongBits(back[i]), "element " + i);
    }
  }

  // ---- atomic write ---------------------------------------------------------------------------------------------

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void atomicWriteReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
    Path f = dir.resolve("model.safetensors");
    Safetensors.save(f, Map.of("w", Tensor.ones(4)));
    Safetensors.save(f, Map.of("w", Tensor.full(2.0, 3)));
    assertEquals(List.of("model.safetensors"), listing());
    assertArrayEquals(new double[] {2, 2, 2}, Safetensors.load(f).get("w").toArray(), 0);
  }

  @Test
  void invalidInputIsRejectedBeforeAnythingIsWritten() throws IOException {
    Path f = dir.resolve("bad.safetensors");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.save(f, Map.of("__metadata__", Tensor.ones(1))));
    assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.save(f, Map.of("i", Tensor.indices(new int[] {1}, 1))));
    assertTrue(e.getMessage().contains("'i'") && e.getMessage().contains("I32"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.save(f, Map.of("x", Tensor.ones(1)), null, DType.I32));
    assertTrue(e.getMessage().contains("storeAs") && e.getMessage().contains("I32"), e.getMessage());
    assertThrows(IOException.class, () -> Safetensors.save(dir.resolve("missing/x.safetensors"), Map.of()));
    assertEquals(List.of(), listing());
  }

  // ---- malformed files ------------------------------------------------------------------------------------------

  private void assertMalformed(byte[] bytes, String... fragments) throws IOException {
    Path f = write("broken.safetensors", bytes);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(f));
    String msg = e.getMessage();
    assertTrue(msg.contains(f.toString()), "message should name the file: " + msg);
    for (String fragment : fragments) {
      assertTrue(msg.contains(fragment), "expected '" + fragment + "' in: " + msg);
    }
  }

  private static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
        + end + "]}";
  }

  @Test
  void truncatedLengthField() throws IOException {
    assertMalformed(new byte[] {1, 2, 3}, "3 bytes", "8-byte header length");
  }

  @Test
  void headerLengthPastTheEndOfTheFile() throws IOException {
    byte[] bytes = file("{}", new byte[0]);
    bytes[0] = 100;
    assertMalformed(bytes, "header length 100", "10 bytes");
  }

  @Test
  void absurdHeaderLength() throws IOException {
    byte[] bytes = file("{}", new byte[0]);
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) 0xff;
    }
    assertMalformed(bytes, "header length 18446744073709551615", "limit");
  }

  @Test
  void headerThatIsNotJson() throws IOException {
    assertMalformed(file("{\"a\": nope}", new byte[0]), "not valid JSON");
    assertMalformed(file("[1, 2]", new byte[0]), "must be a JSON object", "ARRAY");
    assertMalformed(file("{} {}", new byte[0]), "not valid JSON");
  }

  @Test
  void headerThatIsNotUtf8() throws IOException {
    byte[] bytes = file("{\"x\":1}", new byte[0]);
    bytes[10] = (byte) 0xC3;
    assertMalformed(bytes, "not valid UTF-8");
  }

  @Test
  void duplicateTensorNames() throws IOException {
    String h = "{" + entry("a", "F64", "[1]", 0, 8) + "," + entry("a", "F64", "[1]", 8, 16) + "}";
    assertMalformed(file(h, f64(1, 2)), "not valid JSON", "'a'");
  }

  @Test
  void unknownAndUnsupportedDtypes() throws IOException {
    assertMalformed(file("{" + entry("h", "F16", "[2]", 0, 4) + "}", new byte[4]),
        "tensor 'h'", "field 'dtype' is 'F16'", "F64", "F32");
    assertMalformed(file("{" + entry("h", "complex", "[1]", 0, 8) + "}", new byte[8]),
        "tensor 'h'", "'complex'");
    assertMalformed(file("{\"h\":{\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]),
        "tensor 'h'", "field 'dtype'");
  }

  @Test
  void badShapeAndOffsetFields() throws IOException {
    assertMalformed(file("{" + entry("s", "F64", "[-1]", 0, 8) + "}", new byte[8]),
        "tensor 's'", "field 'shape'", "-1");
    assertMalformed(file("{" + entry("s", "F64", "[1.5]", 0, 8) + "}", new byte[8]),
        "tensor 's'", "field 'shape'");
    assertMalformed(file("{\"s\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[8]),
        "tensor 's'", "field 'data_offsets'", "2 entries");
    assertMalformed(file("{" + entry("s", "F64", "[0]", 8, 0) + "}", new byte[8]),
        "tensor 's'", "ends before it begins");
    assertMalformed(file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]),
        "'__metadata__.epoch' must be a string");
  }

  @Test
  void shapeAndByteCountMismatch() throws IOException {
    assertMalformed(file("{" + entry("m", "F64", "[3]", 0, 16) + "}", new byte[16]),
        "tensor 'm'", "needs 24 bytes", "spans 16");
    assertMalformed(file("{" + entry("m", "F32", "[2,2]", 0, 8) + "}", new byte[8]),
        "tensor 'm'", "needs 16 bytes");
  }

  @Test
  void overlappingOffsets() throws IOException {
    String h = "{" + entry("a", "F64", "[2]", 0, 16) + "," + entry("b", "F64", "[2]", 8, 24) + "}";
    assertMalformed(file(h, new byte[24]), "tensor 'b'", "overlaps tensor 'a'", "[0, 16]");
  }

  @Test
  void outOfRangeOffsets() throws IOException {
    assertMalformed(file("{" + entry("a", "F64", "[2]", 0, 16) + "}", new byte[8]),
        "tensor 'a'", "out of range", "8 bytes");
  }

  @Test
  void gapsAndTrailingBytes() throws IOException {
    assertMalformed(file("{" + entry("a", "F64", "[1]", 8, 16) + "}", new byte[16]),
        "tensor 'a'", "bytes [0, 8)", "contiguous");
    assertMalformed(file("{" + entry("a", "F64", "[1]", 0, 8) + "}", new byte[12]),
        "12 bytes", "cover 8", "belong to no tensor");
  }
}

package dev.wstal.data;

import static dev.wstal.data.NpyFixtures.f32;
import static dev.wstal.data.NpyFixtures.f64;
import static dev.wstal.data.NpyFixtures.file;
import static dev.wstal.data.NpyFixtures.fixture;
import static dev.wstal.testing.BitwiseAsserts.assertBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link NpyReader} against files written by NumPy 2.4.6 (make_fixtures.py; the expected values are the literals
 * of that script) and against byte sequences built by hand from the format description. Every fixture is read twice:
 * through the heap path and through the memory-mapped path.
 */
class NpyReaderTest {
  @TempDir Path dir;

  /** Reads a fixture both ways and checks that the two paths agree before returning. */
  private static NpyArray read(String name) throws IOException {
    Path p = fixture(name);
    NpyArray heap = NpyReader.read(p, Long.MAX_VALUE);
    NpyArray mapped = NpyReader.read(p, 0);
    assertEquals(heap, mapped, name + ": heap and mapped reads differ");
    return heap;
  }

  private static double[] widen(float... values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1_f4_2x3.npy", "v2_f4_2x3.npy", "v3_f4_2x3.npy"})
  void readsAllThreeVersionsOfTheSameFloat32Array(String name) throws IOException {
    NpyArray a = read(name);
    assertEquals("<f4", a.descr());
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertBits(widen(0.1f, -2.5f, 3.4028235e38f, Float.MIN_VALUE, -0.0f, 7.0f), a.data());
    assertArrayEquals(new float[] {0.1f, -2.5f, 3.4028235e38f, Float.MIN_VALUE, -0.0f, 7.0f}, a.toFloatArray());
    NpyHeader h = NpyReader.readHeader(fixture(name));
    assertEquals(Integer.parseInt(name.substring(1, 2)), h.major());
    assertEquals(0, h.minor());
    assertEquals(128, h.dataOffset(), "numpy aligns the data to 64 bytes");
  }

  @Test
  void rejectsAStructuredDtypeAfterDecodingItsVersion3Utf8Header() {
    NpyFormatException ex = assertThrows(NpyFormatException.class, () -> read("v3_struct_utf8.npy"));
    assertTrue(ex.getMessage().contains("v3_struct_utf8.npy"), ex.getMessage());
    assertTrue(ex.getMessage().contains("structured"), ex.getMessage());
    assertTrue(ex.getMessage().contains("('时间', '<f4')"), "UTF-8 name decoded: " + ex.getMessage());
  }

  @Test
  void float64KeepsEveryBitIncludingSignedZeroInfinitiesSubnormalsAndNaN() throws IOException {
    NpyArray a = read("f8_6.npy");
    assertArrayEquals(new int[] {6}, a.shape());
    assertBits(new double[] {Math.PI, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        Double.NaN}, a.data());
  }

  @Test
  void bigEndianInputIsSwapped() throws IOException {
    NpyArray f = read("be_f4_2x2.npy");
    assertEquals(">f4", f.descr());
    assertBits(widen(1.5f, -2.0f, 0.1f, 65504.0f), f.data());
    NpyArray i = read("be_i4_3.npy");
    assertEquals(">i4", i.descr());
    assertBits(new double[] {1, -2, 2147483647}, i.data());
  }

  @Test
  void integersBoolsAndBytesAreWidenedExactly() throws IOException {
    assertBits(new double[] {-2147483648.0, -1, 0, 2147483647.0}, read("i4_4.npy").data());
    assertBits(new double[] {-9007199254740992.0, -1, 9007199254740992.0, 4611686018427387904.0},
        read("i8_4.npy").data());
    assertBits(new double[] {0, 128, 255}, read("u1_3.npy").data());
    NpyArray b = read("b1_3.npy");
    assertEquals("|b1", b.descr());
    assertBits(new double[] {1, 0, 1}, b.data());
  }

  @Test
  void int64ValuesADoubleCannotHoldAreAnErrorNamingTheElement() {
    NpyFormatException ex = assertThrows(NpyFormatException.class, () -> read("i8_inexact.npy"));
    assertTrue(ex.getMessage().contains("i8_inexact.npy"), ex.getMessage());
    assertTrue(ex.getMessage().contains("element 1 = 9007199254740993"), ex.getMessage());
  }

  @Test
  void byteStringsLoseTheirNulPadding() throws IOException {
    NpyArray s = read("s5_3.npy");
    assertTrue(s.isText());
    assertEquals("|S5", s.descr());
    assertArrayEquals(new String[] {"ab", "hello", ""}, s.strings());
    assertThrows(IllegalStateException.class, s::data);
  }

  @Test
  void fortranOrderIsTransposedIntoCOrder() throws IOException {
    NpyArray a = read("fortran_f4_2x3.npy");
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertBits(new double[] {1, 2, 3, 4, 5, 6}, a.data());
    assertTrue(NpyReader.readHeader(fixture("fortran_f4_2x3.npy")).fortranOrder(), "fixture is Fortran order");
    NpyArray b = read("fortran_f8_2x3x4.npy");
    assertArrayEquals(new int[] {2, 3, 4}, b.shape());
    double[] expected = new double[24];
    Arrays.setAll(expected, i -> i); // np.arange(24).reshape(2, 3, 4) in C order
    assertBits(expected, b.data());
    assertEquals(17.0, b.get(1, 1, 1));
    assertArrayEquals(new String[] {"a", "b", "c", "d"}, read("fortran_s1_2x2.npy").strings());
  }

  @Test
  void scalarAndEmptyShapes() throws IOException {
    NpyArray s = read("scalar_f8.npy");
    assertArrayEquals(new int[0], s.shape());
    assertEquals(1, s.size());
    assertEquals(2.5, s.get());
    NpyArray e = read("empty_f4_0x4.npy");
    assertArrayEquals(new int[] {0, 4}, e.shape());
    assertEquals(0, e.data().length);
  }

  @Test
  void oldStyleHeaderWithOtherKeyOrderLongSuffixesAnd16ByteAlignment() throws IOException {
    NpyArray a = read("legacy_align16.npy");
    assertArrayEquals(new int[] {2, 2}, a.shape());
    assertBits(new double[] {1, 2, 3, 4}, a.data());
    assertEquals(80, NpyReader.readHeader(fixture("legacy_align16.npy")).dataOffset());
  }

  @Test
  void objectArraysAreRejectedWithAPointerToTheDocs() {
    NpyFormatException ex = assertThrows(NpyFormatException.class, () -> read("object.npy"));
    String m = ex.getMessage();
    assertTrue(m.contains("object.npy"), m);
    assertTrue(m.contains("object arrays (pickled) are not supported"), m);
    assertTrue(m.contains("docs/features.md"), m);
  }

  @Test
  void unsupportedDescrNamesTheFileTheDescrAndTheSupportedList() {
    NpyFormatException ex = assertThrows(NpyFormatException.class, () -> read("u3_2.npy"));
    String m = ex.getMessage();
    assertTrue(m.contains("u3_2.npy") && m.contains("'<U3'") && m.contains("<f4 <f8 <i4 <i8 |u1 |b1 |S<n>"), m);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static String header(String dict) {
    return dict + "\n";
  }

  @Test
  void truncatedDataNamesTheFileAndTheByteCounts() throws IOException {
    byte[] good = Files.readAllBytes(fixture("v1_f4_2x3.npy"));
    Path p = write("cut.npy", Arrays.copyOf(good, good.length - 3));
    NpyFormatException ex = assertThrows(NpyFormatException.class, () -> NpyReader.read(p));
    String m = ex.getMessage();
    assertTrue(m.contains(p.toString()), m);
    assertTrue(m.contains("truncated") && m.contains("needs 24 bytes") && m.contains("only 21"), m);
    // The header alone still reads: only the data is short.
    assertArrayEquals(new int[] {2, 3}, NpyReader.readHeader(p).shape());
  }

  @Test
  void trailingBytesAfterTheDataAreIgnoredAsNumpyDoes() throws IOException {
    byte[] good = Files.readAllBytes(fixture("v1_f4_2x3.npy"));
    Path p = write("long.npy", Arrays.copyOf(good, good.length + 5));
    assertEquals(NpyReader.read(fixture("v1_f4_2x3.npy")), NpyReader.read(p));
  }

  @Test
  void badMagicShortFilesAndUnknownVersions() throws IOException {
    byte[] good = Files.readAllBytes(fixture("v1_f4_2x3.npy"));
    byte[] magic = good.clone();
    magic[2] = (byte) 'X';
    Path p = write("magic.npy", magic);
    String m = assertThrows(NpyFormatException.class, () -> NpyReader.read(p)).getMessage();
    assertTrue(m.contains(p.toString()) && m.contains("bad magic") && m.contains("\\x93NXMPY"), m);

    Path shortFile = write("short.npy", Arrays.copyOf(good, 7));
    m = assertThrows(NpyFormatException.class, () -> NpyReader.read(shortFile)).getMessage();
    assertTrue(m.contains(shortFile.toString()) && m.contains("7 bytes"), m);

    byte[] v4 = good.clone();
    v4[6] = 4;
    Path p4 = write("v4.npy", v4);
    m = assertThrows(NpyFormatException.class, () -> NpyReader.read(p4)).getMessage();
    assertTrue(m.contains("version 4.0") && m.contains("1.0, 2.0, 3.0"), m);

    byte[] v11 = good.clone();
    v11[7] = 1;
    Path p11 = write("v11.npy", v11);
    m = assertThrows(NpyFormatException.class, () -> NpyReader.read(p11)).getMessage();
    assertTrue(m.contains("version 1.1"), m);
  }

  @Test
  void headerLengthPastTheEndOfTheFile() throws IOException {
    byte[] bytes = file(1, 0, header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }"), new byte[0]);
    bytes[8] = (byte) 0xFF; // claims a 0x..FF-byte header
    Path p = write("hlen.npy", bytes);
    String m = assertThrows(NpyFormatException.class, () -> NpyReader.read(p)).getMessage();
    assertTrue(m.contains(p.toString()) && m.contains("runs past the end of the file"), m);
  }

  @Test
  void handBuiltVersion3HeaderWithDoubleQuotesAndTabs() throws IOException {
    Path p = write("v3.npy", file(3, 0, header("{\"shape\":\t(2,) ,\"descr\" : \"<f4\", \"fortran_order\":False}"),
        f32(1.25f, -3f)));
    NpyArray a = NpyReader.read(p);
    assertArrayEquals(new int[] {2}, a.shape());
    assertBits(new double[] {1.25, -3}, a.data());
  }

  @Test
  void headerProblemsNameTheFileAndTheField() throws IOException {
    String[][] cases = {
        {"{'descr': '<f8', 'shape': (1,), }", "missing [fortran_order]"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected [extra]"},
        {"{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", "'fortran_order' must be True or False"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': [1], }", "'shape' must be a tuple"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", "shape dimension 0 must be an integer"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1.0,), }", "not a Python literal"},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", "not a Python literal"},
        {"{'descr': 8, 'fortran_order': False, 'shape': (1,), }", "'descr' must be a string"},
        {"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", "repeated 'descr'"},
        {"['descr']", "must be a dict literal"},
        {"{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", "unsupported descr '<f2'"},
        {"{'descr': '|f8', 'fortran_order': False, 'shape': (1,), }", "unsupported descr '|f8'"},
        {"{'descr': '=f8', 'fortran_order': False, 'shape': (1,), }", "unsupported descr '=f8'"},
    };
    for (int i = 0; i < cases.length; i++) {
      Path p = write("h" + i + ".npy", file(1, 0, header(cases[i][0]), f64(0)));
      String m = assertThrows(NpyFormatException.class, () -> NpyReader.read(p), cases[i][0]).getMessage();
      assertTrue(m.startsWith("npy file " + p + ": "), m);
      assertTrue(m.contains(cases[i][1]), "case " + cases[i][0] + ": " + m);
    }
  }

  @Test
  void invalidUtf8InAVersion3HeaderIsAnError() throws IOException {
    byte[] bytes = file(3, 0, header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"), f64(0));
    bytes[14] = (byte) 0xC3; // a UTF-8 lead byte followed by an ASCII character
    Path p = write("utf.npy", bytes);
    String m = assertThrows(NpyFormatException.class, () -> NpyReader.read(p)).getMessage();
    assertTrue(m.contains("not valid UTF-8"), m);
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> NpyReader.read(dir.resolve("absent.npy")));
  }

  @Test
  void largeDataIsReadThroughTheMappedPathWithTheSameValues() throws IOException {
    int rows = 300;
    int cols = 1024; // 1.2 MiB of float32: above the 1 MiB mapping threshold
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.25f - 1000f; // exact in float32
    }
    byte[] header = NpyWriter.header("<f4", values.length, new int[] {rows, cols});
    byte[] data = f32(values);
    byte[] all = Arrays.copyOf(header, header.length + data.length);
    System.arraycopy(data, 0, all, header.length, data.length);
    Path p = write("big.npy", all);
    assertTrue(data.length >= NpyReader.MAP_THRESHOLD, "test data must exceed the mapping threshold");
    NpyArray a = NpyReader.read(p);
    assertArrayEquals(new int[] {rows, cols}, a.shape());
    for (int i = 0; i < values.length; i += 997) {
      assertEquals(i * 0.25 - 1000, a.data()[i], "element " + i);
    }
    assertArrayEquals(values, a.toFloatArray());
    assertFalse(a.isText());
  }
}

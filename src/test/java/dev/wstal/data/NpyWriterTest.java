package dev.wstal.data;

import static dev.wstal.data.NpyFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpyWriter}: byte-for-byte equality with files that NumPy 2.4.6's {@code np.save} wrote for the same arrays
 * (make_fixtures.py), round trips through {@link NpyReader}, argument errors, atomic replacement, and, only where
 * python3 with NumPy is installed, NumPy itself loading a written file.
 */
class NpyWriterTest {
  @TempDir Path dir;

  private void assertSameBytes(String fixture, Path written) throws IOException {
    byte[] expected = Files.readAllBytes(fixture(fixture));
    byte[] actual = Files.readAllBytes(written);
    assertEquals(new String(expected, StandardCharsets.ISO_8859_1), new String(actual, StandardCharsets.ISO_8859_1),
        "bytes of " + fixture);
  }

  @Test
  void float32MatrixIsByteIdenticalToNumpy() throws IOException {
    Path p = dir.resolve("a.npy");
    NpyWriter.writeF32(p, new float[] {0.1f, -2.5f, 3.0f, 4.0f, 5.5f, -0.0f}, 2, 3);
    assertSameBytes("written_f32_2x3.npy", p);
  }

  @Test
  void float64ScalarVectorEmptyAndAlignedHeadersAreByteIdenticalToNumpy() throws IOException {
    Path scalar = dir.resolve("s.npy");
    NpyWriter.writeF64(scalar, new double[] {2.5});
    assertSameBytes("written_f64_scalar.npy", scalar);

    Path vector = dir.resolve("v.npy");
    NpyWriter.writeF64(vector, new double[] {Math.PI, -0.0, 1e300, Double.MIN_VALUE, -1.0}, 5);
    assertSameBytes("written_f64_5.npy", vector);

    Path empty = dir.resolve("e.npy");
    NpyWriter.writeF32(empty, new float[0], 0, 4);
    assertSameBytes("written_f32_0x4.npy", empty);

    // 10 + header + newline is a multiple of 64 here: numpy then pads 64 more spaces, not none.
    Path aligned = dir.resolve("al.npy");
    NpyWriter.writeF64(aligned, new double[0], 0, 1, 1, 1, 10, 10, 10, 10, 10, 10, 10, 10);
    assertSameBytes("written_f64_aligned.npy", aligned);
    assertEquals(192, Files.size(aligned));
  }

  @Test
  void roundTripThroughTheReaderIncludingTheMappedPath() throws IOException {
    int rows = 257;
    int cols = 1031; // > 1 MiB of float32 and > 2 MiB of float64: both take the mapped path on read
    float[] f = new float[rows * cols];
    double[] d = new double[rows * cols];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) Math.sin(i) * 1e3f;
      d[i] = Math.sin(i) * 1e300;
    }
    Path pf = dir.resolve("f.npy");
    Path pd = dir.resolve("d.npy");
    NpyWriter.writeF32(pf, f, rows, cols);
    NpyWriter.writeF64(pd, d, rows, cols);
    NpyArray af = NpyReader.read(pf);
    NpyArray ad = NpyReader.read(pd);
    assertEquals("<f4", af.descr());
    assertEquals("<f8", ad.descr());
    assertArrayEquals(new int[] {rows, cols}, af.shape());
    assertArrayEquals(f, af.toFloatArray());
    assertArrayEquals(d, ad.data());
    assertEquals(128 + 4L * rows * cols, Files.size(pf));
  }

  @Test
  void shapeMismatchesAreArgumentErrorsAndWriteNothing() {
    Path p = dir.resolve("bad.npy");
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> NpyWriter.writeF32(p, new float[5], 2, 3));
    assertTrue(ex.getMessage().contains("[2, 3] holds 6 elements, but data has 5"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class, () -> NpyWriter.writeF64(p, new double[0], -1, 0));
    assertTrue(ex.getMessage().contains("≥ 0"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NpyWriter.writeF64(p, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> NpyWriter.writeF64(p, null, 1));
    assertFalse(Files.exists(p));
  }

  @Test
  void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
    Path p = dir.resolve("r.npy");
    NpyWriter.writeF64(p, new double[] {1, 2}, 2);
    NpyWriter.writeF64(p, new double[] {3}, 1);
    assertArrayEquals(new double[] {3}, NpyReader.read(p).data());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(p), s.toList());
    }
  }

  /** Runs python3 with NumPy on a written file; skipped where python3 or NumPy is missing (e.g. on CI). */
  @Test
  void numpyLoadsAWrittenFile() throws Exception {
    Assumptions.assumeTrue(run("import numpy").exitCode == 0, "python3 with numpy is not available");
    Path p = dir.resolve("py.npy");
    int rows = 300;
    int cols = 1024;
    float[] f = new float[rows * cols];
    for (int i = 0; i < f.length; i++) {
      f[i] = i * 0.25f - 1000f;
    }
    NpyWriter.writeF32(p, f, rows, cols);
    Path q = dir.resolve("py64.npy");
    NpyWriter.writeF64(q, new double[] {Math.PI, -0.0, 1e-310}, 3);
    String script = String.join("\n",
        "import sys, numpy as np",
        "a = np.load(sys.argv[1], allow_pickle=False)",
        "assert a.dtype == np.dtype('<f4') and a.shape == (300, 1024) and a.flags.c_contiguous, (a.dtype, a.shape)",
        "e = (np.arange(300 * 1024, dtype=np.float64) * 0.25 - 1000).astype(np.float32).reshape(300, 1024)",
        "assert np.array_equal(a, e)",
        "b = np.load(sys.argv[2], allow_pickle=False)",
        "assert b.dtype == np.dtype('<f8') and b.shape == (3,)",
        "assert b.tobytes() == np.array([np.pi, -0.0, 1e-310]).tobytes()",
        "print('ok')");
    Result r = run(script, p.toString(), q.toString());
    assertEquals(0, r.exitCode, "numpy rejected the file: " + r.output);
    assertEquals("ok", r.output.strip());
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException ex) {
      return new Result(-1, ex.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out");
    }
    return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8));
  }
}

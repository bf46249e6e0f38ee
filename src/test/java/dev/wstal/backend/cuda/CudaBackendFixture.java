package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wstal.backend.Backend;
import dev.wstal.backend.Backends;
import dev.wstal.backend.Buffer;
import dev.wstal.backend.cpu.CpuBackend;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;
import dev.wstal.testing.CudaTests;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Inputs and checks shared by the CUDA backend tests: fresh random values each run (the seed goes into every
 * failure message), rounded to float32 so that the float64 CPU reference sees exactly the GPU's inputs, NaN- or
 * sentinel-poisoned outputs, and comparisons against the CPU backend.
 */
final class CudaBackendFixture {
  /** Max-norm relative error allowed against the float64 CPU reference. */
  static final double TOLERANCE = 1e-4;

  /** Poison for int32 outputs; no expected index or count equals it. */
  static final int POISON_INT = -777_777_777;

  final long seed = System.nanoTime();
  final SplittableRandom rng = new SplittableRandom(seed);
  final Backend gpu;
  final Backend cpu = CpuBackend.get();

  CudaBackendFixture() {
    CudaTests.assumeCuda();
    gpu = Backends.forDevice(Device.cuda());
  }

  String context(String what) {
    return what + " (seed " + seed + ")";
  }

  /** n uniform values in [lo, hi), rounded to float32. */
  double[] uniform(int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return v;
  }

  /** n normal values times scale, rounded to float32. */
  double[] normal(int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (scale * rng.nextGaussian());
    }
    return v;
  }

  /** n values drawn from {@code pool}: many ties. */
  double[] pick(int n, double... pool) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = pool[rng.nextInt(pool.length)];
    }
    return v;
  }

  /** n integers in [lo, hi), as doubles. */
  double[] ints(int n, int lo, int hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + rng.nextInt(hi - lo);
    }
    return v;
  }

  int[] dims(int rank, int lo, int hi) {
    int[] d = new int[rank];
    for (int i = 0; i < rank; i++) {
      d[i] = lo + rng.nextInt(hi - lo + 1);
    }
    return d;
  }

  Buffer gpuF(double[] v) {
    return gpu.upload(v, DType.F32);
  }

  Buffer gpuI(double[] v) {
    return gpu.upload(v, DType.I32);
  }

  Buffer cpuF(double[] v) {
    return cpu.upload(v, DType.F64);
  }

  Buffer cpuI(double[] v) {
    return cpu.upload(v, DType.I32);
  }

  /** A float32 output full of NaN: any element a kernel leaves unwritten fails the comparison. */
  Buffer poisoned(long n) {
    double[] nan = new double[(int) n];
    Arrays.fill(nan, Double.NaN);
    return gpu.upload(nan, DType.F32);
  }

  Buffer poisonedInt(long n) {
    double[] p = new double[(int) n];
    Arrays.fill(p, POISON_INT);
    return gpu.upload(p, DType.I32);
  }

  /** Max-norm relative error below {@link #TOLERANCE}; a NaN or infinity that the CPU does not have fails. */
  void assertClose(String what, double[] expected, Buffer actual) {
    assertClose(what, expected, gpu.download(actual));
  }

  void assertClose(String what, double[] expected, double[] actual) {
    double err = CudaTests.relativeError(expected, CudaTests.floats(actual));
    assertTrue(err < TOLERANCE, () -> context(what + ": relative error " + err + " >= " + TOLERANCE
        + firstDifference(expected, actual)));
  }

  /** Elementwise |a − e| ≤ 1e-5·(1 + |e|), with NaN and infinities matching exactly: for elementwise ops. */
  void assertEachClose(String what, double[] expected, Buffer actual) {
    double[] a = gpu.download(actual);
    assertClose(what, expected, a);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      boolean ok = Double.isFinite(e) ? Math.abs(a[i] - e) <= 1e-5 * (1 + Math.abs(e)) : Double.compare(e, a[i]) == 0;
      if (!ok) {
        fail(context(what + ": element " + i + " is " + a[i] + ", expected " + e));
      }
    }
  }

  /** Bit-for-bit equal as doubles (so -0.0 differs from +0.0): for selections, indices and MAX/MIN. */
  void assertExact(String what, double[] expected, Buffer actual) {
    assertArrayEquals(expected, gpu.download(actual), context(what + firstDifference(expected,
        gpu.download(actual))));
  }

  static String firstDifference(double[] expected, double[] actual) {
    for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
      if (Double.compare(expected[i], actual[i]) != 0) {
        return "; first difference at " + i + ": expected " + expected[i] + ", got " + actual[i];
      }
    }
    return expected.length == actual.length ? "" : "; lengths " + expected.length + " vs " + actual.length;
  }
}

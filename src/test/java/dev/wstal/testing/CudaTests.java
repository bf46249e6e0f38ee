package dev.wstal.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wstal.backend.cuda.CudaRuntime;
import dev.wstal.backend.cuda.DeviceBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * Plumbing for the GPU tests (classes named {@code *CudaTest} in dev.wstal.backend.cuda): they skip where CUDA is
 * unavailable, and fail instead when {@code WSTAL_REQUIRE_CUDA=1}, so that a GPU run cannot pass by skipping.
 */
public final class CudaTests {
  /** The environment variable that turns a missing GPU from a skip into a failure. */
  public static final String REQUIRE_CUDA = "WSTAL_REQUIRE_CUDA";

  private static final double TINY = Double.MIN_NORMAL;

  private CudaTests() {}

  /**
   * The runtime, or aborts the test (a JUnit assumption) when CUDA is unavailable; with {@code WSTAL_REQUIRE_CUDA=1}
   * it fails instead. Also sets {@code wstal.cuda.syncEachLaunch=true}, so that a kernel fault names its kernel.
   */
  public static CudaRuntime assumeCuda() {
    System.setProperty(CudaRuntime.SYNC_EACH_LAUNCH, "true");
    String reason = CudaRuntime.unavailableReason();
    if (reason == null) {
      return CudaRuntime.get();
    }
    if ("1".equals(System.getenv(REQUIRE_CUDA))) {
      fail(REQUIRE_CUDA + "=1 but CUDA is unavailable: " + reason);
    }
    return Assumptions.abort("CUDA unavailable: " + reason);
  }

  /**
   * Max-norm relative error max|a - e| / max(max|e|, tiny). A NaN or infinity in {@code actual} where
   * {@code expected} has a different value gives infinity, so that an unwritten (poisoned) element always fails.
   */
  public static double relativeError(double[] expected, float[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException("expected has " + expected.length + " elements, actual " + actual.length);
    }
    double maxDiff = 0;
    double maxAbs = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean same = Double.compare(e, a) == 0 || (Double.isNaN(e) && Double.isNaN(a));
      if (same) {
        continue;
      }
      double diff = Math.abs(a - e);
      if (!Double.isFinite(diff)) {
        return Double.POSITIVE_INFINITY;
      }
      maxDiff = Math.max(maxDiff, diff);
    }
    for (double e : expected) {
      if (Double.isFinite(e)) {
        maxAbs = Math.max(maxAbs, Math.abs(e));
      }
    }
    return maxDiff / Math.max(maxAbs, TINY);
  }

  /**
   * Whether the GPU tests run on a sanitizer build of the CPU engine ({@code WSTAL_EMU_MODE} tsan or asan, set by
   * kernels/emulator/sanitize.sh), which is tens of times slower: a test may then leave out a combination of sizes
   * whose every shape class it covers otherwise.
   */
  public static boolean underSanitizer() {
    String mode = System.getenv("WSTAL_EMU_MODE");
    return "tsan".equals(mode) || "asan".equals(mode);
  }

  /** A float[] of NaN, to upload over an output before a launch; a test then sees any element left unwritten. */
  public static float[] poison(int n) {
    float[] a = new float[n];
    Arrays.fill(a, Float.NaN);
    return a;
  }
  /** A fresh device buffer holding {@code data}. */
  public static DeviceBuffer upload(CudaRuntime rt, float[] data) {
    DeviceBuffer d = rt.allocate(4L * data.length);
    rt.upload(data, d);
    return d;
  }

  /** n standard normal floats from {@code rng}. */
  public static float[] normal(SplittableRandom rng, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return v;
  }

  public static double[] doubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  public static double[] doubles(int[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  public static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  /** The call throws an IllegalArgumentException whose message contains {@code fragment}. */
  public static void assertMessage(Runnable call, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
  }
}

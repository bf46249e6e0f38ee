package dev.wstal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.backend.cuda.CudaRuntime;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class CudaTestsTest {
  @Test
  void relativeErrorIsTheMaxNormRatio() {
    assertEquals(0.5 / 4, CudaTests.relativeError(new double[] {1, -4, 2}, new float[] {1.5f, -4, 2}), 1e-15);
    assertEquals(0, CudaTests.relativeError(new double[] {0, -0.0}, new float[] {-0.0f, 0}));
    assertEquals(0, CudaTests.relativeError(new double[] {}, new float[] {}));
    assertTrue(CudaTests.relativeError(new double[] {0}, new float[] {1e-30f}) > 1e200, "zero reference: tiny floor");
  }

  @Test
  void anUnwrittenOrNonFiniteElementIsAnInfiniteError() {
    assertEquals(Double.POSITIVE_INFINITY, CudaTests.relativeError(new double[] {1, 2}, new float[] {1, Float.NaN}));
    assertEquals(Double.POSITIVE_INFINITY,
        CudaTests.relativeError(new double[] {1}, new float[] {Float.POSITIVE_INFINITY}));
    assertEquals(0, CudaTests.relativeError(new double[] {Double.NaN, Double.NEGATIVE_INFINITY},
        new float[] {Float.NaN, Float.NEGATIVE_INFINITY}));
  }

  @Test
  void relativeErrorRejectsDifferentLengths() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CudaTests.relativeError(new double[2], new float[3]));
    assertEquals("expected has 2 elements, actual 3", e.getMessage());
  }

  @Test
  void poisonIsAllNaN() {
    float[] p = CudaTests.poison(5);
    assertEquals(5, p.length);
    for (float v : p) {
      assertTrue(Float.isNaN(v));
    }
  }

  @Test
  void assumeCudaSkipsFailsOrReturnsTheRuntime() {
    String reason = CudaRuntime.unavailableReason();
    if (reason == null) {
      assertNotNull(CudaTests.assumeCuda());
    } else if ("1".equals(System.getenv(CudaTests.REQUIRE_CUDA))) {
      AssertionFailedError e = assertThrows(AssertionFailedError.class, CudaTests::assumeCuda);
      assertTrue(e.getMessage().contains(reason), e.getMessage());
    } else {
      TestAbortedException e = assertThrows(TestAbortedException.class, CudaTests::assumeCuda);
      assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
    assertEquals("true", System.getProperty(CudaRuntime.SYNC_EACH_LAUNCH));
  }
}

package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wstal.backend.Buffer;
import dev.wstal.backend.MatmulSpec;
import dev.wstal.backend.cpu.CpuBackend;
import dev.wstal.tensor.DType;
import dev.wstal.testing.CudaTests;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-written SGEMM ({@link CudaGemm}, kernels/sgemm.cu) against the float64 CPU backend's matmul on the same
 * float32 inputs, element by element with the forward-error bound of an fp32 dot product:
 * |Δ_ij| ≤ c·(K_eff + s)·2⁻²⁴·(|α|·Σ_p |a_ip||b_pj| + |C⁰_ij|), where K_eff counts every product summed into the
 * element (K, times the batch when summing) and s covers the split-K additions. The bound itself comes from the CPU
 * matmul of |A| and |B|. Outputs are NaN-poisoned (gaps between strided outputs must stay NaN), inputs fresh random
 * each run (the seed is in every message). Every shape runs on both tile kernels and, where it has one output
 * matrix, split along K as well.
 */
class SgemmCudaTest {
  private static final double UNIT = Math.scalb(1.0, -24);
  private static final double SAFETY = 2.0;

  private CudaRuntime rt;
  private final long seed = System.nanoTime();
  private final SplittableRandom rng = new SplittableRandom(seed);

  @BeforeEach
  void setUp() {
    rt = CudaTests.assumeCuda();
  }

  private static final int[] EDGE_SIZES = {0, 1, 2, 3, 5, 7, 13, 31, 33, 63, 64, 65, 127, 128, 129, 131, 257};

  @Test
  void everyTransposeOnEdgeSizesMatchesTheCpu() {
    boolean[] flags = {false, true};
    for (int i = 0; i < 14; i++) {
      int m = EDGE_SIZES[rng.nextInt(EDGE_SIZES.length)];
      int k = EDGE_SIZES[rng.nextInt(EDGE_SIZES.length)];
      int n = EDGE_SIZES[rng.nextInt(EDGE_SIZES.length)];
      for (boolean ta : flags) {
        for (boolean tb : flags) {
          MatmulSpec spec = MatmulSpec.of(1, m, k, n, ta, tb);
          for (CudaGemm.Plan plan : plans(spec)) {
            check(spec, 1.0f, plan);
          }
        }
      }
    }
  }

  @Test
  void primesAndTileBoundariesMatchTheCpu() {
    int[][] shapes = {{1, 1, 1}, {0, 5, 3}, {4, 0, 6}, {3, 5, 0}, {1, 300, 1}, {129, 1, 131}, {97, 89, 83},
        {128, 8, 128}, {64, 16, 64}, {130, 17, 66}, {257, 250, 129}, {7, 1000, 5}};
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        MatmulSpec spec = MatmulSpec.of(1, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0);
        for (CudaGemm.Plan plan : plans(spec)) {
          check(spec, 1.0f, plan);
        }
      }
    }
  }

  @Test
  void denseBatchesBroadcastsAndSumsMatchTheCpu() {
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      int batch = 2 + rng.nextInt(4);
      int m = 1 + rng.nextInt(150);
      int k = 1 + rng.nextInt(150);
      int n = 1 + rng.nextInt(150);
      long sa = (long) m * k;
      long sb = (long) k * n;
      long so = (long) m * n;
      List<MatmulSpec> specs = List.of(
          new MatmulSpec(batch, m, k, n, ta, tb, sa, sb, so, false),
          new MatmulSpec(batch, m, k, n, ta, tb, 0, sb, so, false),       // A broadcast
          new MatmulSpec(batch, m, k, n, ta, tb, sa, 0, so, false),       // B broadcast
          new MatmulSpec(batch, m, k, n, ta, tb, 0, 0, so, false),        // both broadcast
          new MatmulSpec(batch, m, k, n, ta, tb, sa, sb, 0, false),       // sum over the batch
          new MatmulSpec(batch, m, k, n, ta, tb, sa, 0, 0, false),        // sum with B broadcast
          new MatmulSpec(batch, m, k, n, ta, tb, sa, sb, so, true),       // accumulate
          new MatmulSpec(batch, m, k, n, ta, tb, sa, sb, 0, true));       // sum and accumulate
      for (MatmulSpec spec : specs) {
        for (CudaGemm.Plan plan : plans(spec)) {
          check(spec, 1.0f, plan);
        }
      }
    }
  }

  @Test
  void paddedAndMisalignedStridesUseTheScalarPathsAndLeaveGapsUnwritten() {
    for (int t = 0; t < 4; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      int batch = 3;
      int m = 4 * (1 + rng.nextInt(40));
      int k = 4 * (1 + rng.nextInt(40));
      int n = 4 * (1 + rng.nextInt(40));
      // Odd strides put every other problem at an address that is not 16-byte aligned even though the leading
      // dimensions are multiples of 4; gaps in the output must stay poisoned.
      MatmulSpec spec = new MatmulSpec(
          batch, m, k, n, ta, tb, (long) m * k + 1, (long) k * n + 3, (long) m * n + 5, false);
      for (CudaGemm.Plan plan : plans(spec)) {
        check(spec, 1.0f, plan);
      }
      check(new MatmulSpec(batch, m, k, n, ta, tb, (long) m * k + 2, (long) k * n + 1, (long) m * n + 7, true),
          1.0f, CudaGemm.plan(spec));
    }
  }

  @Test
  void alphaScalesTheProductInTheEpilogue() {
    float alpha = (float) (0.25 + rng.nextDouble());
    for (int t = 0; t < 4; t++) {
      MatmulSpec spec = new MatmulSpec(2, 70, 90, 50, (t & 1) != 0, (t & 2) != 0, 70 * 90, 90 * 50, 70 * 50, true);
      for (CudaGemm.Plan plan : plans(spec)) {
        check(spec, alpha, plan);
        check(new MatmulSpec(2, 70, 90, 50, (t & 1) != 0, (t & 2) != 0, 70 * 90, 90 * 50, 0, false), -alpha, plan);
      }
    }
  }

  @Test
  void longKProductsSplitAlongKMatchTheCpu() {
    // A Gram matrix of a long sequence and a weight gradient: few output tiles, long K, so the plan splits K.
    MatmulSpec gram = new MatmulSpec(1, 96, 3000, 96, true, false, 0, 0, 0, false);
    assertTrue(CudaGemm.plan(gram).splits() > 1, "the plan splits a 96×96 product with K = 3000: " + CudaGemm.plan(gram));
    check(gram, 1.0f, CudaGemm.plan(gram));
    MatmulSpec summed = new MatmulSpec(5, 40, 700, 33, true, false, 40 * 700, 700 * 33, 0, true);
    for (int splits : new int[] {2, 3, 7, 32}) {
      check(summed, 1.0f, new CudaGemm.Plan(CudaGemm.Tile.SMALL, splits));
      check(summed, 1.0f, new CudaGemm.Plan(CudaGemm.Tile.LARGE, splits));
    }
  }

  @Test
  void largeSquareProductUsesTheLargeTileAndMatchesTheCpu() {
    MatmulSpec spec = MatmulSpec.of(1, 1536, 384, 1536, false, false);
    assertEquals(CudaGemm.Tile.LARGE, CudaGemm.plan(spec).tile());
    check(spec, 1.0f, CudaGemm.plan(spec));
    check(MatmulSpec.of(1, 1536, 384, 1536, true, true), 1.0f, CudaGemm.plan(spec));
  }

  @Test
  void emptyBatchLeavesTheOutputUntouchedAndZeroKWritesZeros() {
    for (CudaGemm.Tile tile : CudaGemm.Tile.values()) {
      check(new MatmulSpec(0, 5, 4, 3, false, false, 20, 12, 15, false), 1.0f, new CudaGemm.Plan(tile, 1));
      check(new MatmulSpec(0, 5, 4, 3, false, false, 20, 12, 0, false), 1.0f, new CudaGemm.Plan(tile, 1));
      check(new MatmulSpec(3, 5, 0, 3, false, true, 0, 0, 15, false), 1.0f, new CudaGemm.Plan(tile, 1));
      check(new MatmulSpec(3, 5, 0, 3, true, false, 0, 0, 0, true), 1.0f, new CudaGemm.Plan(tile, 1));
    }
  }

  @Test
  void resultsAreBitwiseReproducible() {
    MatmulSpec spec = new MatmulSpec(1, 77, 2500, 45, true, false, 0, 0, 0, false);
    float[] a = CudaTests.normal(rng, 77 * 2500);
    float[] b = CudaTests.normal(rng, 2500 * 45);
    float[] first = CudaArrays.matmul(rt, a, b, spec);
    float[] second = CudaArrays.matmul(rt, a, b, spec);
    assertArrayEquals(first, second, "two runs of the same product (seed " + seed + ")");
  }

  @Test
  void badArgumentsAreRejectedWithTheirNames() {
    MatmulSpec spec = MatmulSpec.of(2, 3, 4, 5, false, false);
    try (DeviceBuffer a = rt.allocate(4L * 24);
        DeviceBuffer b = rt.allocate(4L * 40);
        DeviceBuffer smallA = rt.allocate(4L * 23);
        DeviceBuffer smallOut = rt.allocate(4L * 29);
        DeviceBuffer out = rt.allocate(4L * 30)) {
      CudaTests.assertMessage(() -> CudaGemm.matmul(rt, a, b, smallOut, spec), "out holds 29 floats, needs 30");
      CudaTests.assertMessage(() -> CudaGemm.matmul(rt, smallA, b, out, spec), "a holds 23 floats, needs 24");
      CudaTests.assertMessage(() -> CudaGemm.matmul(rt, a, a, out, spec), "b holds 24 floats, needs 40");
      CudaTests.assertMessage(() -> CudaGemm.matmul(rt, a, b, a, spec), "out must be a different buffer from a");
      CudaTests.assertMessage(() -> CudaGemm.matmul(rt, a, b, out,
          new MatmulSpec(2, 3, 4, 5, false, false, 12, 20, 14, false)), "outBatchStride must be 0");
      CudaTests.assertMessage(() -> CudaGemm.matmul(rt, a, b, out,
          new MatmulSpec(2, 3, 4, 5, false, false, -12, 20, 15, false)), "batch strides must be >= 0");
      CudaTests.assertMessage(() -> CudaGemm.matmul(rt, a, null, out, spec), "b is null");
    }
    assertEquals("wstal-sgemm", CudaGemm.implementation());
  }

  /** Both tiles without a split, the automatic plan, and a 3-way K split where the product has one output. */
  private static List<CudaGemm.Plan> plans(MatmulSpec spec) {
    List<CudaGemm.Plan> plans = new ArrayList<>();
    plans.add(new CudaGemm.Plan(CudaGemm.Tile.SMALL, 1));
    plans.add(new CudaGemm.Plan(CudaGemm.Tile.LARGE, 1));
    plans.add(CudaGemm.plan(spec));
    boolean oneOutput = spec.batch() == 1 || spec.outBatchStride() == 0;
    if (oneOutput && spec.k() > 32) {
      plans.add(new CudaGemm.Plan(CudaGemm.Tile.SMALL, 3));
    }
    return plans;
  }

  private static long extent(int batch, long stride, long size) {
    return batch == 0 || size == 0 ? 0 : (batch - 1L) * stride + size;
  }

  /** Runs one product on the GPU with the given plan and checks every element against the CPU. */
  private void check(MatmulSpec spec, float alpha, CudaGemm.Plan plan) {
    String what = spec + " alpha=" + alpha + " " + plan + " (seed " + seed + ")";
    int m = spec.m();
    int n = spec.n();
    long mn = (long) m * n;
    float[] a = CudaTests.normal(rng, (int) extent(spec.batch(), spec.aBatchStride(), (long) m * spec.k()));
    float[] b = CudaTests.normal(rng, (int) extent(spec.batch(), spec.bBatchStride(), (long) spec.k() * n));
    int outLength = (int) (spec.outBatchStride() == 0 ? mn : extent(spec.batch(), spec.outBatchStride(), mn));
    float[] initial = spec.accumulate() ? CudaTests.normal(rng, outLength) : CudaTests.poison(outLength);

    float[] actual = initial.clone();
    try (DeviceBuffer da = CudaTests.upload(rt, a);
        DeviceBuffer db = CudaTests.upload(rt, b);
        DeviceBuffer dout = CudaTests.upload(rt, initial)) {
      CudaGemm.matmul(rt, da, db, dout, spec, alpha, plan);
      rt.download(dout, actual);
    }

    // The reference product without accumulation (summed over the batch when outBatchStride is 0), and the same
    // product of absolute values, which bounds the rounding error.
    MatmulSpec plain = new MatmulSpec(spec.batch(), m, spec.k(), n, spec.transA(), spec.transB(),
        spec.aBatchStride(), spec.bBatchStride(), spec.outBatchStride(), false);
    double[] product = cpuProduct(a, b, outLength, plain, false);
    double[] magnitude = cpuProduct(a, b, outLength, plain, true);
    boolean[] covered = covered(spec, outLength);
    long summed = (long) spec.k() * (spec.outBatchStride() == 0 ? Math.max(1, spec.batch()) : 1);
    double gamma = SAFETY * (summed + 40) * UNIT;
    boolean emptyBatch = spec.batch() == 0;
    for (int i = 0; i < outLength; i++) {
      if (!covered[i] || emptyBatch) {
        // An element outside every output matrix (or any element of an empty batch) is never written.
        if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(initial[i])) {
          fail(what + ": element " + i + " is outside every output but changed from " + initial[i] + " to "
              + actual[i]);
        }
        continue;
      }
      double c0 = spec.accumulate() ? initial[i] : 0.0;
      double expected = alpha * product[i] + c0;
      double bound = gamma * (Math.abs(alpha) * magnitude[i] + Math.abs(c0)) + Double.MIN_VALUE;
      double diff = Math.abs(actual[i] - expected);
      if (!(diff <= bound)) {
        fail(what + ": element " + i + " (row " + (i % Math.max(1, mn)) / Math.max(1, n) + ", col "
            + (i % Math.max(1, mn)) % Math.max(1, n) + ") is " + actual[i] + ", expected " + expected + " ± " + bound);
      }
    }
  }

  /** Which elements of the output extent belong to an output matrix. */
  private static boolean[] covered(MatmulSpec spec, int outLength) {
    boolean[] c = new boolean[outLength];
    long mn = (long) spec.m() * spec.n();
    int matrices = spec.outBatchStride() == 0 ? Math.min(1, spec.batch()) : spec.batch();
    for (int p = 0; p < matrices; p++) {
      for (long i = 0; i < mn; i++) {
        c[(int) (p * spec.outBatchStride() + i)] = true;
      }
    }
    return c;
  }

  private static double[] cpuProduct(float[] a, float[] b, int outLength, MatmulSpec spec, boolean absolute) {
    CpuBackend cpu = CpuBackend.get();
    Buffer ca = cpu.upload(doubles(a, absolute), DType.F64);
    Buffer cb = cpu.upload(doubles(b, absolute), DType.F64);
    Buffer co = cpu.allocate(DType.F64, outLength);
    cpu.matmul(ca, cb, co, spec);
    return cpu.download(co);
  }

  private static double[] doubles(float[] v, boolean absolute) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = absolute ? Math.abs(v[i]) : v[i];
    }
    return d;
  }
}

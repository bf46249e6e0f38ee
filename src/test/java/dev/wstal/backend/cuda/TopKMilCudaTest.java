package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wstal.backend.Buffer;
import dev.wstal.backend.TopKMeanSpec;
import dev.wstal.backend.cpu.CpuBackend;
import dev.wstal.ops.MilPooling;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;
import dev.wstal.tensor.Tensor;
import dev.wstal.testing.CudaTests;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Top-k MIL pooling ({@link CudaPooling#topKMeanForward}, kernels/topk_mil.cu) against the float64 CPU backend on
 * the same float32 inputs: the selected positions must be identical (larger first, ties lower index first, −0.0 equal
 * to +0.0, NaN above every number, written in increasing t), and each mean within the fp32 summation bound
 * 2·(k + 4)·2⁻²⁴·Σ|selected values| / k. Every path that holds the row length (warp kernels of 8, 16 and 32 keys per
 * lane, and the block kernel) runs on the same inputs. Outputs are poisoned before each launch; inputs are fresh
 * random each run (the seed is in every message).
 */
class TopKMilCudaTest {
  private static final double UNIT = Math.scalb(1.0, -24);
  private static final int POISON_INT = -777_777_777;

  private CudaRuntime rt;
  private final long seed = System.nanoTime();
  private final SplittableRandom rng = new SplittableRandom(seed);

  @BeforeEach
  void setUp() {
    rt = CudaTests.assumeCuda();
  }

  /** {B, T, C, k}: T = 1, k = 1, k = T, the THUMOS and ActivityNet sizes, every path boundary and T > 1024. */
  private static final int[][] SHAPES = {
      {2, 1, 3, 1}, {3, 5, 4, 1}, {3, 5, 4, 5}, {2, 32, 1, 7}, {2, 33, 2, 33}, {2, 75, 21, 37}, {2, 75, 21, 7},
      {4, 256, 5, 32}, {2, 257, 3, 100}, {3, 512, 7, 64}, {2, 513, 3, 513}, {2, 750, 21, 93}, {1, 750, 21, 250},
      {1, 1024, 3, 1024}, {2, 1024, 2, 1}, {2, 1025, 3, 128}, {2, 2000, 4, 250}, {1, 3001, 2, 3001}, {0, 10, 3, 2},
      {2, 10, 0, 2}};

  @Test
  void randomRankingsMatchTheCpuOnEveryPath() {
    for (int[] s : SHAPES) {
      TopKMeanSpec spec = new TopKMeanSpec(s[0], s[1], s[2], s[3]);
      float[] values = CudaTests.normal(rng, (int) spec.inputSize());
      float[] ranking = CudaTests.normal(rng, (int) spec.inputSize());
      checkEveryPath(spec, values, ranking, "independent ranking");
      checkEveryPath(spec, values, values, "ranked by the values themselves");
    }
  }

  @Test
  void tiesSignedZerosAndInfinitiesSelectLowerIndicesFirst() {
    float[] pool = {-1.0f, -0.0f, 0.0f, 1.0f, 2.0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
    for (int[] s : SHAPES) {
      TopKMeanSpec spec = new TopKMeanSpec(s[0], s[1], s[2], s[3]);
      float[] ranking = pick((int) spec.inputSize(), pool);
      checkEveryPath(spec, CudaTests.normal(rng, (int) spec.inputSize()), ranking, "ties");
      // All equal: the first k positions, in order.
      float[] flat = new float[(int) spec.inputSize()];
      Arrays.fill(flat, rng.nextBoolean() ? 0.0f : -0.0f);
      for (int i = 0; i < flat.length; i += 3) {
        flat[i] = -flat[i];
      }
      checkEveryPath(spec, CudaTests.normal(rng, flat.length), flat, "all ranking values ±0");
    }
  }

  @Test
  void nanRanksAboveEveryNumber() {
    for (int[] s : SHAPES) {
      TopKMeanSpec spec = new TopKMeanSpec(s[0], s[1], s[2], s[3]);
      float[] ranking = CudaTests.normal(rng, (int) spec.inputSize());
      for (int i = 0; i < ranking.length; i++) {
        int r = rng.nextInt(10);
        if (r == 0) {
          ranking[i] = Float.NaN;
        } else if (r == 1) {
          // A NaN with other payload bits and the sign set ranks like any NaN.
          ranking[i] = Float.intBitsToFloat(0xffc01234);
        } else if (r == 2) {
          ranking[i] = Float.POSITIVE_INFINITY;
        }
      }
      checkEveryPath(spec, CudaTests.normal(rng, ranking.length), ranking, "NaN rankings");
    }
  }

  @Test
  void backwardScattersGradOverKToTheSelectedPositions() {
    for (int[] s : SHAPES) {
      TopKMeanSpec spec = new TopKMeanSpec(s[0], s[1], s[2], s[3]);
      float[] ranking = pick((int) spec.inputSize(), new float[] {-2, -1, 0, 1, 2, 3});
      int[] index = forward(spec, ranking, ranking, CudaPooling.topKPath(spec.length())).index;
      float[] gradOut = CudaTests.normal(rng, spec.batch() * spec.channels());
      float[] actual = CudaTests.poison((int) spec.inputSize());
      try (DeviceBuffer g = CudaTests.upload(rt, gradOut);
          DeviceBuffer idx = rt.allocate(4L * index.length);
          DeviceBuffer dx = CudaTests.upload(rt, actual)) {
        rt.upload(index, idx);
        CudaPooling.topKMeanBackward(rt, spec, g, idx, dx);
        rt.download(dx, actual);
      }
      CpuBackend cpu = CpuBackend.get();
      Buffer out = cpu.allocate(DType.F64, spec.inputSize());
      cpu.topKMeanBackward(spec, cpu.upload(CudaTests.doubles(gradOut), DType.F64), cpu.upload(CudaTests.doubles(index), DType.I32), out);
      double[] expected = cpu.download(out);
      String what = spec + " backward (seed " + seed + ")";
      for (int i = 0; i < expected.length; i++) {
        if (!(Math.abs(actual[i] - expected[i]) <= Math.abs(expected[i]) * 2 * UNIT)) {
          fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
      }
    }
  }

  @Test
  void resultsAreBitwiseReproducible() {
    TopKMeanSpec spec = new TopKMeanSpec(16, 750, 21, 93);
    float[] values = CudaTests.normal(rng, (int) spec.inputSize());
    CudaArrays.TopKMean first = CudaArrays.topKMean(rt, spec, values, values);
    CudaArrays.TopKMean second = CudaArrays.topKMean(rt, spec, values, values);
    assertArrayEquals(first.means(), second.means(), "seed " + seed);
    assertArrayEquals(first.index(), second.index(), "seed " + seed);
  }

  @Test
  void theOpOnCudaTensorsMatchesTheOpOnTheCpu() {
    // MilPooling through the CUDA backend (forward and backward) against the same op on the CPU.
    double[] data = new double[2 * 750 * 21];
    float[] f = CudaTests.normal(rng, data.length);
    for (int i = 0; i < data.length; i++) {
      data[i] = f[i];
    }
    Tensor cpuX = Tensor.of(data, 2, 750, 21).requiresGrad(true);
    Tensor gpuX = cpuX.detach().to(Device.cuda()).requiresGrad(true);
    Tensor cpuY = MilPooling.topKMean(cpuX, 8.0);
    Tensor gpuY = MilPooling.topKMean(gpuX, 8.0);
    assertTrue(CudaTests.relativeError(cpuY.toArray(), CudaTests.floats(gpuY.toArray())) < 1e-4, "forward, seed " + seed);
    double[] seedGrad = new double[2 * 21];
    float[] g = CudaTests.normal(rng, seedGrad.length);
    for (int i = 0; i < g.length; i++) {
      seedGrad[i] = g[i];
    }
    cpuY.backward(Tensor.of(seedGrad, 2, 21));
    gpuY.backward(Tensor.of(seedGrad, 2, 21).to(Device.cuda()));
    assertTrue(CudaTests.relativeError(cpuX.grad().toArray(), CudaTests.floats(gpuX.grad().toArray())) < 1e-6,
        "backward, seed " + seed);
  }

  @Test
  void badArgumentsAreRejectedWithTheirNames() {
    TopKMeanSpec spec = new TopKMeanSpec(2, 10, 3, 4);
    try (DeviceBuffer values = rt.allocate(4L * 60);
        DeviceBuffer small = rt.allocate(4L * 59);
        DeviceBuffer out = rt.allocate(4L * 6);
        DeviceBuffer index = rt.allocate(4L * 24)) {
      CudaTests.assertMessage(() -> CudaPooling.topKMeanForward(rt, spec, small, values, out, index),
          "values holds 59 elements, needs 60");
      CudaTests.assertMessage(() -> CudaPooling.topKMeanForward(rt, spec, values, values, out, out),
          "outIndex holds 6 elements, needs 24");
      CudaTests.assertMessage(() -> CudaPooling.topKMeanForward(rt, spec, values, values, values, index),
          "out must be a different buffer from values");
      CudaTests.assertMessage(() -> CudaPooling.topKMeanForward(rt, new TopKMeanSpec(1, 1025, 1, 1), small, small, out,
          index, CudaPooling.TopKPath.WARP32), "values holds 59 elements, needs 1025");
      CudaTests.assertMessage(() -> CudaPooling.topKMeanBackward(rt, spec, out, index, small),
          "gradValues holds 59 elements, needs 60");
      CudaTests.assertMessage(() -> CudaPooling.topKMeanBackward(rt, spec, null, index, values), "gradOut is null");
    }
    try (DeviceBuffer big = rt.allocate(4L * 2050);
        DeviceBuffer out = rt.allocate(4L * 2);
        DeviceBuffer index = rt.allocate(4L * 2)) {
      CudaTests.assertMessage(() -> CudaPooling.topKMeanForward(rt, new TopKMeanSpec(1, 1025, 2, 1), big, big, out, index,
          CudaPooling.TopKPath.WARP32), "path WARP32 takes T <= 1024, got T = 1025");
    }
  }

  private record Result(float[] means, int[] index) {}

  private void checkEveryPath(TopKMeanSpec spec, float[] values, float[] ranking, String what) {
    for (CudaPooling.TopKPath path : CudaPooling.TopKPath.values()) {
      if (spec.length() <= path.maxLength) {
        check(spec, values, ranking, path, what);
      }
    }
  }

  private void check(TopKMeanSpec spec, float[] values, float[] ranking, CudaPooling.TopKPath path, String what) {
    String context = spec + " " + path + ", " + what + " (seed " + seed + ")";
    Result actual = forward(spec, values, ranking, path);

    CpuBackend cpu = CpuBackend.get();
    Buffer cv = cpu.upload(CudaTests.doubles(values), DType.F64);
    Buffer cr = ranking == values ? cv : cpu.upload(CudaTests.doubles(ranking), DType.F64);
    Buffer co = cpu.allocate(DType.F64, (long) spec.batch() * spec.channels());
    Buffer ci = cpu.allocate(DType.I32, spec.indexSize());
    cpu.topKMeanForward(spec, cv, cr, co, ci);
    double[] expectedMeans = cpu.download(co);
    double[] expectedIndex = cpu.download(ci);

    for (int i = 0; i < expectedIndex.length; i++) {
      if (actual.index[i] != (int) expectedIndex[i]) {
        int c = i % spec.channels();
        int j = (i / spec.channels()) % spec.k();
        int b = i / (spec.channels() * spec.k());
        fail(context + ": index[b=" + b + ", j=" + j + ", c=" + c + "] is " + actual.index[i] + ", expected "
            + (int) expectedIndex[i]);
      }
    }
    int t = spec.length();
    int channels = spec.channels();
    for (int row = 0; row < expectedMeans.length; row++) {
      int b = row / channels;
      int c = row % channels;
      double magnitude = 0;
      for (int j = 0; j < spec.k(); j++) {
        int pos = (int) expectedIndex[(b * spec.k() + j) * channels + c];
        magnitude += Math.abs(values[(b * t + pos) * channels + c]);
      }
      double bound = 2.0 * (spec.k() + 4) * UNIT * magnitude / spec.k() + Double.MIN_VALUE;
      boolean same = Double.compare(expectedMeans[row], actual.means[row]) == 0;
      if (!same && !(Math.abs(actual.means[row] - expectedMeans[row]) <= bound)) {
        fail(context + ": mean[b=" + b + ", c=" + c + "] is " + actual.means[row] + ", expected "
            + expectedMeans[row] + " ± " + bound);
      }
    }
  }

  private Result forward(TopKMeanSpec spec, float[] values, float[] ranking, CudaPooling.TopKPath path) {
    float[] means = CudaTests.poison(spec.batch() * spec.channels());
    int[] index = new int[(int) spec.indexSize()];
    Arrays.fill(index, POISON_INT);
    try (DeviceBuffer dv = CudaTests.upload(rt, values);
        DeviceBuffer dr = ranking == values ? null : CudaTests.upload(rt, ranking);
        DeviceBuffer dm = CudaTests.upload(rt, means);
        DeviceBuffer di = rt.allocate(4L * index.length)) {
      rt.upload(index, di);
      CudaPooling.topKMeanForward(rt, spec, dv, dr == null ? dv : dr, dm, di, path);
      rt.download(dm, means);
      rt.download(di, index);
    }
    return new Result(means, index);
  }

  private float[] pick(int n, float[] pool) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = pool[rng.nextInt(pool.length)];
    }
    return v;
  }
}

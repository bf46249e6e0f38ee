package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.Buffer;
import dev.wstal.backend.Conv1dGeometry;
import dev.wstal.backend.MatmulSpec;
import dev.wstal.backend.RandomKind;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.SignedSqrtL2Spec;
import dev.wstal.backend.TopKMeanSpec;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;
import dev.wstal.tensor.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link CudaBackend} primitive against the float64 CPU backend on fresh random inputs (the seed is in each
 * failure message), with outputs poisoned before the launch so that an unwritten element fails. Shapes cover
 * broadcasting, empty and size-1 axes, ties, NaN and signed zeros, and spaces of more than eight axes (the host
 * loop of StridedSpace and CudaReduce's dense fallback). Skips without CUDA; fails with WSTAL_REQUIRE_CUDA=1.
 */
class CudaBackendCudaTest {
  private CudaBackendFixture f;

  @BeforeEach
  void setUp() {
    f = new CudaBackendFixture();
  }

  @Test
  void identifiesItself() {
    assertEquals("cuda-f32", f.gpu.name());
    assertEquals(Device.cuda(), f.gpu.device());
    assertEquals(DType.F32, f.gpu.floatType());
    assertEquals(DType.F32, f.gpu.allocate(DType.F64, 3).dtype(), "floating buffers are float32");
  }

  // ---- storage ------------------------------------------------------------------------------------------------

  @Test
  void allocateZeroFillsAndUploadDownloadRoundTrip() {
    int n = 1 + f.rng.nextInt(100_000);
    Buffer z = f.gpu.allocate(DType.F32, n);
    assertArrayEquals(new double[n], f.gpu.download(z), f.context("allocate F32"));
    assertArrayEquals(new double[n], f.gpu.download(f.gpu.allocate(DType.I32, n)), f.context("allocate I32"));
    assertEquals(0, f.gpu.download(f.gpu.allocate(DType.F32, 0)).length);
    double[] v = f.normal(n, 10);
    v[0] = -0.0;
    v[n > 1 ? 1 : 0] = Double.NaN;
    assertArrayEquals(v, f.gpu.download(f.gpuF(v)), f.context("F32 round trip"));
    double[] ints = f.ints(n, Integer.MIN_VALUE / 2, Integer.MAX_VALUE / 2);
    assertArrayEquals(ints, f.gpu.download(f.gpuI(ints)), f.context("I32 round trip"));
    assertThrows(IllegalArgumentException.class, () -> f.gpu.upload(new double[] {1.5}, DType.I32));
    double[] rounded = {0.1, 1e-50, 3e40};
    assertArrayEquals(new double[] {(float) 0.1, 0.0, Double.POSITIVE_INFINITY},
        f.gpu.download(f.gpu.upload(rounded, DType.F64)), "doubles round to float32");
  }

  @Test
  void fillWritesEveryElement() {
    int n = 1 + f.rng.nextInt(50_000);
    double value = f.normal(1, 5)[0];
    Buffer out = f.poisoned(n);
    f.gpu.fill(out, value);
    double[] expected = new double[n];
    Arrays.fill(expected, value);
    f.assertExact("fill F32", expected, out);
    Buffer ints = f.poisonedInt(n);
    f.gpu.fill(ints, -3);
    Arrays.fill(expected, -3);
    f.assertExact("fill I32", expected, ints);
  }

  @Test
  void uniformRandomIsTheCpuStreamInFloat32() {
    int n = 1 + f.rng.nextInt(200_000);
    long seed = f.rng.nextLong();
    Buffer out = f.poisoned(n);
    f.gpu.random(RandomKind.UNIFORM, seed, out);
    Buffer expected = f.cpu.allocate(DType.F64, n);
    f.cpu.random(RandomKind.UNIFORM, seed, expected);
    double[] e = f.cpu.download(expected);
    double[] a = f.gpu.download(out);
    for (int i = 0; i < n; i++) {
      assertTrue(a[i] >= 0 && a[i] < 1, f.context("uniform element " + i + " = " + a[i]));
      assertEquals((float) e[i], a[i], Math.ulp(1.0f), f.context("uniform element " + i));
    }
  }

  @Test
  void normalRandomIsDeterministicAndStandardNormal() {
    int n = 1_000_000;
    long seed = f.rng.nextLong();
    Buffer a = f.poisoned(n);
    Buffer b = f.poisoned(n);
    f.gpu.random(RandomKind.NORMAL, seed, a);
    f.gpu.random(RandomKind.NORMAL, seed, b);
    double[] x = f.gpu.download(a);
    assertArrayEquals(x, f.gpu.download(b), f.context("same seed, same values"));
    Buffer c = f.poisoned(n);
    f.gpu.random(RandomKind.NORMAL, seed + 1, c);
    assertTrue(!Arrays.equals(x, f.gpu.download(c)), f.context("another seed, other values"));
    double sum = 0;
    double squares = 0;
    int withinOne = 0;
    for (double v : x) {
      assertTrue(Double.isFinite(v), f.context("normal value " + v));
      sum += v;
      squares += v * v;
      withinOne += Math.abs(v) < 1 ? 1 : 0;
    }
    double mean = sum / n;
    double variance = squares / n - mean * mean;
    // Bounds of about seven standard errors: the check fails for a wrong distribution, not by chance.
    assertEquals(0, mean, 0.007, f.context("mean"));
    assertEquals(1, variance, 0.01, f.context("variance"));
    assertEquals(0.682689, withinOne / (double) n, 0.004, f.context("P(|z| < 1)"));
  }

  // ---- elementwise --------------------------------------------------------------------------------------------

  @Test
  void unaryMatchesCpu() {
    for (UnaryOp op : UnaryOp.values()) {
      int n = 2 + f.rng.nextInt(5000);
      double[] x = op == UnaryOp.LOG || op == UnaryOp.SQRT ? f.uniform(n, 1e-3, 20) : f.normal(n, 3);
      x[0] = 0.0;
      x[1] = -0.0;
      Buffer out = f.poisoned(n);
      f.gpu.unary(op, f.gpuF(x), out);
      Buffer e = f.cpu.allocate(DType.F64, n);
      f.cpu.unary(op, f.cpuF(x), e);
      f.assertEachClose("unary " + op, f.cpu.download(e), out);
    }
  }

  @Test
  void unaryPropagatesNaNLikeTheCpu() {
    double[] x = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1};
    for (UnaryOp op : UnaryOp.values()) {
      Buffer out = f.gpu.allocate(DType.F32, x.length);
      f.gpu.unary(op, f.gpuF(x), out);
      Buffer e = f.cpu.allocate(DType.F64, x.length);
      f.cpu.unary(op, f.cpuF(x), e);
      double[] expected = f.cpu.download(e);
      double[] actual = f.gpu.download(out);
      for (int i = 0; i < x.length; i++) {
        boolean bothNaN = Double.isNaN(expected[i]) && Double.isNaN(actual[i]);
        assertTrue(bothNaN || Math.abs(expected[i] - actual[i]) <= 1e-6 || expected[i] == actual[i],
            f.context("unary " + op + " of " + x[i] + ": expected " + expected[i] + ", got " + actual[i]));
      }
    }
  }

  @Test
  void scalarMatchesCpu() {
    for (ScalarOp op : ScalarOp.values()) {
      int n = 8 + f.rng.nextInt(5000);
      double s = op == ScalarOp.POW ? f.uniform(1, -2, 3)[0] : f.uniform(1, -2, 2)[0];
      double[] x = op == ScalarOp.POW ? f.uniform(n, 0.1, 4) : f.normal(n, 2);
      x[0] = s;
      x[1] = (float) 0.1;
      Buffer out = f.poisoned(n);
      f.gpu.scalar(op, f.gpuF(x), s, out);
      Buffer e = f.cpu.allocate(DType.F64, n);
      f.cpu.scalar(op, f.cpuF(x), s, e);
      f.assertEachClose("scalar " + op + " " + s, f.cpu.download(e), out);
      if (op.ordinal() >= ScalarOp.GT.ordinal()) {
        // A scalar float32 cannot hold: the comparison is exact in double, as on the CPU.
        Buffer out2 = f.poisoned(n);
        f.gpu.scalar(op, f.gpuF(x), 0.1, out2);
        f.cpu.scalar(op, f.cpuF(x), 0.1, e);
        f.assertExact("scalar " + op + " 0.1", f.cpu.download(e), out2);
      }
    }
  }

  @Test
  void scalarOnIndicesKeepsIntegers() {
    int n = 1 + f.rng.nextInt(1000);
    double[] x = f.ints(n, -50, 50);
    for (ScalarOp op : new ScalarOp[] {ScalarOp.ADD, ScalarOp.MUL, ScalarOp.MAXIMUM, ScalarOp.GE, ScalarOp.EQ}) {
      Buffer out = f.poisonedInt(n);
      f.gpu.scalar(op, f.gpuI(x), 3, out);
      Buffer e = f.cpu.allocate(DType.I32, n);
      f.cpu.scalar(op, f.cpuI(x), 3, e);
      f.assertExact("I32 scalar " + op, f.cpu.download(e), out);
    }
  }

  @Test
  void binaryMatchesCpuWithBroadcasting() {
    for (BinaryOp op : BinaryOp.values()) {
      for (int trial = 0; trial < 6; trial++) {
        Shape out = Shape.of(f.dims(f.rng.nextInt(5), 1, 6));
        Shape a = broadcastable(out);
        Shape b = broadcastable(out);
        checkBinary(op, a, b, Shape.broadcast("test", a, b));
      }
      // Ten axes that cannot merge: more than a kernel's eight, so the host loops over launches.
      int[] ad = new int[10];
      int[] bd = new int[10];
      for (int i = 0; i < 10; i++) {
        ad[i] = i % 2 == 0 ? 2 : 1;
        bd[i] = i % 2 == 0 ? 1 : 3;
      }
      checkBinary(op, Shape.of(ad), Shape.of(bd), Shape.broadcast("test", Shape.of(ad), Shape.of(bd)));
    }
  }

  private Shape broadcastable(Shape out) {
    int drop = f.rng.nextInt(out.rank() + 1);
    int[] d = Arrays.copyOfRange(out.dims(), drop, out.rank());
    for (int i = 0; i < d.length; i++) {
      if (f.rng.nextInt(3) == 0) {
        d[i] = 1;
      }
    }
    return Shape.of(d);
  }

  private void checkBinary(BinaryOp op, Shape as, Shape bs, Shape os) {
    int na = (int) as.numel();
    int nb = (int) bs.numel();
    double[] a = op == BinaryOp.POW ? f.uniform(na, 0.1, 3) : f.pick(na, -1, 0, 0.5, 2).clone();
    if (op != BinaryOp.POW) {
      double[] noise = f.normal(na, 2);
      for (int i = 0; i < na; i++) {
        a[i] = f.rng.nextBoolean() ? a[i] : noise[i];
      }
    }
    double[] b = op == BinaryOp.DIV ? f.uniform(nb, 0.5, 3) : op == BinaryOp.POW ? f.uniform(nb, -2, 2)
        : f.pick(nb, -1, 0, 0.5, 2, 1.25);
    Buffer out = f.poisoned(os.numel());
    f.gpu.binary(op, f.gpuF(a), as, f.gpuF(b), bs, out, os);
    Buffer e = f.cpu.allocate(DType.F64, os.numel());
    f.cpu.binary(op, f.cpuF(a), as, f.cpuF(b), bs, e, os);
    f.assertEachClose("binary " + op + " " + as + " " + bs, f.cpu.download(e), out);
  }

  @Test
  void binaryMixesIndicesAndFloats() {
    Shape s = Shape.of(f.dims(2, 1, 40));
    int n = (int) s.numel();
    double[] i1 = f.ints(n, -4, 4);
    double[] i2 = f.ints(n, -4, 4);
    double[] x = f.pick(n, -2, 0.5, 1, 3.25);
    for (BinaryOp op : new BinaryOp[] {BinaryOp.EQ, BinaryOp.LT, BinaryOp.ADD, BinaryOp.MAXIMUM, BinaryOp.MUL}) {
      Buffer out = f.poisonedInt(n);
      f.gpu.binary(op, f.gpuI(i1), s, f.gpuI(i2), s, out, s);
      Buffer e = f.cpu.allocate(DType.I32, n);
      f.cpu.binary(op, f.cpuI(i1), s, f.cpuI(i2), s, e, s);
      f.assertExact("I32 " + op + " I32", f.cpu.download(e), out);
      Buffer mixed = f.poisoned(n);
      f.gpu.binary(op, f.gpuF(x), s, f.gpuI(i1), s, mixed, s);
      Buffer em = f.cpu.allocate(DType.F64, n);
      f.cpu.binary(op, f.cpuF(x), s, f.cpuI(i1), s, em, s);
      f.assertExact("F32 " + op + " I32", f.cpu.download(em), mixed);
    }
  }

  @Test
  void whereMatchesCpu() {
    for (int trial = 0; trial < 12; trial++) {
      Shape os = Shape.of(f.dims(f.rng.nextInt(5), 1, 6));
      Shape cs = broadcastable(os);
      Shape as = broadcastable(os);
      Shape bs = broadcastable(os);
      Shape out = Shape.broadcast("t", Shape.broadcast("t", cs, as), bs);
      boolean intCond = trial % 2 == 1;
      double[] c = intCond ? f.ints((int) cs.numel(), 0, 3) : f.pick((int) cs.numel(), 0, -0.0, 1, Double.NaN, -2);
      double[] a = f.normal((int) as.numel(), 1);
      double[] b = f.normal((int) bs.numel(), 1);
      Buffer got = f.poisoned(out.numel());
      f.gpu.where(intCond ? f.gpuI(c) : f.gpuF(c), cs, f.gpuF(a), as, f.gpuF(b), bs, got, out);
      Buffer e = f.cpu.allocate(DType.F64, out.numel());
      f.cpu.where(intCond ? f.cpuI(c) : f.cpuF(c), cs, f.cpuF(a), as, f.cpuF(b), bs, e, out);
      f.assertExact("where " + cs + " " + as + " " + bs, f.cpu.download(e), got);
    }
    // int32 values: selected bit for bit, or converted from an integral float32.
    Shape s = Shape.of(3, 5);
    double[] c = f.ints(15, 0, 2);
    double[] a = f.ints(15, -1_000_000_000, 1_000_000_000);
    double[] b = f.pick(15, -7, 0, 12);
    Buffer got = f.poisonedInt(15);
    f.gpu.where(f.gpuI(c), s, f.gpuI(a), s, f.gpuF(b), s, got, s);
    Buffer e = f.cpu.allocate(DType.I32, 15);
    f.cpu.where(f.cpuI(c), s, f.cpuI(a), s, f.cpuF(b), s, e, s);
    f.assertExact("where on I32", f.cpu.download(e), got);
  }

  // ---- reduce -------------------------------------------------------------------------------------------------

  @Test
  void reduceMatchesCpuOverRandomAxes() {
    for (int trial = 0; trial < 40; trial++) {
      int rank = f.rng.nextInt(6);
      int[] d = f.dims(rank, trial % 10 == 0 ? 0 : 1, 7);
      boolean[] axes = new boolean[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = f.rng.nextBoolean();
      }
      checkReduce(Shape.of(d), axes);
    }
  }

  @Test
  void reduceHandlesLongAndManyReductions() {
    checkReduce(Shape.of(3_000_001), new boolean[] {true});
    checkReduce(Shape.of(4, 700_001), new boolean[] {false, true});
    checkReduce(Shape.of(50_000, 3), new boolean[] {true, false});
    checkReduce(Shape.of(20_000, 21), new boolean[] {false, true});
    checkReduce(Shape.of(7, 0, 5), new boolean[] {false, true, false});
    checkReduce(Shape.of(7, 0, 5), new boolean[] {true, false, true});
    // Eighteen alternating axes: nine kept axes that cannot merge, so CudaReduce reduces a dense copy.
    int[] d = new int[18];
    boolean[] axes = new boolean[18];
    for (int i = 0; i < 18; i++) {
      d[i] = 2;
      axes[i] = i % 2 == 1;
    }
    checkReduce(Shape.of(d), axes);
  }

  private void checkReduce(Shape in, boolean[] axes) {
    int[] kept = in.dims();
    for (int i = 0; i < kept.length; i++) {
      kept[i] = axes[i] ? 1 : kept[i];
    }
    long nOut = Shape.of(kept).numel();
    double[] x = f.normal((int) in.numel(), 1);
    if (x.length > 2) {
      x[0] = -0.0;
      x[1] = 0.0;
    }
    for (ReduceOp op : ReduceOp.values()) {
      Buffer out = f.poisoned(nOut);
      f.gpu.reduce(op, f.gpuF(x), in, axes, out);
      Buffer e = f.cpu.allocate(DType.F64, nOut);
      f.cpu.reduce(op, f.cpuF(x), in, axes, e);
      String what = "reduce " + op + " " + in + " " + Arrays.toString(axes);
      if (op == ReduceOp.SUM) {
        f.assertClose(what, f.cpu.download(e), out);
      } else {
        f.assertExact(what, f.cpu.download(e), out);
      }
    }
    if (x.length > 3) {
      x[2] = Double.NaN;
      Buffer out = f.poisoned(nOut);
      f.gpu.reduce(ReduceOp.MAX, f.gpuF(x), in, axes, out);
      Buffer e = f.cpu.allocate(DType.F64, nOut);
      f.cpu.reduce(ReduceOp.MAX, f.cpuF(x), in, axes, e);
      f.assertExact("reduce MAX with a NaN " + in, f.cpu.download(e), out);
    }
  }

  @Test
  void reduceSumIsBitwiseRepeatable() {
    double[] x = f.normal(2_000_000, 1);
    Buffer in = f.gpuF(x);
    Buffer a = f.poisoned(1);
    Buffer b = f.poisoned(1);
    f.gpu.reduce(ReduceOp.SUM, in, Shape.of(x.length), new boolean[] {true}, a);
    f.gpu.reduce(ReduceOp.SUM, in, Shape.of(x.length), new boolean[] {true}, b);
    assertArrayEquals(f.gpu.download(a), f.gpu.download(b), f.context("two runs"));
  }

  // ---- matmul and copies --------------------------------------------------------------------------------------

  @Test
  void matmulMatchesCpu() {
    for (int trial = 0; trial < 12; trial++) {
      int batch = 1 + f.rng.nextInt(3);
      int m = 1 + f.rng.nextInt(40);
      int k = 1 + f.rng.nextInt(40);
      int n = 1 + f.rng.nextInt(40);
      boolean ta = f.rng.nextBoolean();
      boolean tb = f.rng.nextBoolean();
      long as = trial % 4 == 1 ? 0 : (long) m * k;
      long bs = trial % 4 == 2 ? 0 : (long) k * n;
      long os = trial % 4 == 3 ? 0 : (long) m * n;
      boolean accumulate = trial % 3 == 0;
      MatmulSpec spec = new MatmulSpec(batch, m, k, n, ta, tb, as, bs, os, accumulate);
      double[] a = f.normal((int) (as == 0 ? m * k : batch * as), 1);
      double[] b = f.normal((int) (bs == 0 ? k * n : batch * bs), 1);
      double[] init = f.normal((int) (os == 0 ? m * n : batch * os), 1);
      Buffer out = accumulate ? f.gpuF(init) : f.poisoned(init.length);
      f.gpu.matmul(f.gpuF(a), f.gpuF(b), out, spec);
      Buffer e = f.cpuF(init);
      f.cpu.matmul(f.cpuF(a), f.cpuF(b), e, spec);
      f.assertClose("matmul " + spec, f.cpu.download(e), out);
    }
  }

  @Test
  void copyStridedMatchesCpu() {
    // Permutation of a [3, 4, 5] tensor to [5, 3, 4].
    checkCopy(60, 0, new long[] {1, 20, 5}, new int[] {5, 3, 4}, 60, 0, new long[] {12, 4, 1}, false);
    // Rows 1..4 and every second column of a [6, 9] matrix.
    checkCopy(54, 10, new long[] {9, 2}, new int[] {4, 4}, 16, 0, new long[] {4, 1}, false);
    // Reversed: a negative stride from the last element.
    checkCopy(30, 29, new long[] {-1}, new int[] {30}, 30, 0, new long[] {1}, false);
    // Expand: a [4] row read with stride 0 into [3, 4].
    checkCopy(4, 0, new long[] {0, 1}, new int[] {3, 4}, 12, 0, new long[] {4, 1}, false);
    // Concatenation: a [2, 3] block written into columns 2..4 of a [2, 7] output that keeps its other values.
    checkCopy(6, 0, new long[] {3, 1}, new int[] {2, 3}, 14, 2, new long[] {7, 1}, true);
    // Nine axes reversed: nothing merges, so the host loops over launches.
    int[] dims = new int[9];
    long[] in = new long[9];
    long[] out = new long[9];
    for (int i = 0; i < 9; i++) {
      dims[i] = 2;
      in[i] = 1L << i;
      out[i] = 1L << (8 - i);
    }
    checkCopy(512, 0, in, dims, 512, 0, out, false);
    // Empty.
    checkCopy(5, 0, new long[] {1, 1}, new int[] {0, 5}, 5, 0, new long[] {5, 1}, true);
  }

  private void checkCopy(
      int inSize, long inOffset, long[] inStrides, int[] dims, int outSize, long outOffset, long[] outStrides,
      boolean keepOutput) {
    for (DType dtype : new DType[] {DType.F32, DType.I32}) {
      double[] x = dtype == DType.I32 ? f.ints(inSize, -1000, 1000) : f.normal(inSize, 1);
      double[] init = dtype == DType.I32 ? f.ints(outSize, -1000, 1000) : f.normal(outSize, 1);
      Buffer out = keepOutput ? f.gpu.upload(init, dtype) : dtype == DType.I32 ? f.poisonedInt(outSize)
          : f.poisoned(outSize);
      f.gpu.copyStrided(f.gpu.upload(x, dtype), inOffset, inStrides, dims, out, outOffset, outStrides);
      Buffer e = f.cpu.upload(init, dtype);
      f.cpu.copyStrided(f.cpu.upload(x, dtype), inOffset, inStrides, dims, e, outOffset, outStrides);
      f.assertExact("copyStrided " + dtype + " " + Arrays.toString(dims), f.cpu.download(e), out);
    }
  }

  @Test
  void copyStridedRejectsAReachOutsideTheBuffer() {
    assertThrows(IllegalArgumentException.class, () -> f.gpu.copyStrided(f.gpuF(new double[4]), 1,
        new long[] {1}, new int[] {4}, f.poisoned(4), 0, new long[] {1}));
  }

  // ---- indexing -----------------------------------------------------------------------------------------------

  @Test
  void gatherMatchesCpu() {
    for (int trial = 0; trial < 20; trial++) {
      int rank = 1 + f.rng.nextInt(4);
      Shape in = Shape.of(f.dims(rank, 1, 6));
      int axis = f.rng.nextInt(rank);
      int[] id = in.dims();
      for (int d = 0; d < rank; d++) {
        id[d] = d == axis ? f.rng.nextInt(8) : 1 + f.rng.nextInt(in.dim(d));
      }
      Shape is = Shape.of(id);
      double[] x = f.normal((int) in.numel(), 1);
      double[] index = f.ints((int) is.numel(), 0, in.dim(axis));
      Buffer out = f.poisoned(is.numel());
      f.gpu.gather(f.gpuF(x), in, axis, f.gpuI(index), is, out);
      Buffer e = f.cpu.allocate(DType.F64, is.numel());
      f.cpu.gather(f.cpuF(x), in, axis, f.cpuI(index), is, e);
      f.assertExact("gather " + in + " axis " + axis + " index " + is, f.cpu.download(e), out);
    }
  }

  @Test
  void indexingRejectsOutOfRangeIndices() {
    Shape in = Shape.of(3, 4);
    Buffer x = f.gpuF(f.normal(12, 1));
    Shape is = Shape.of(3, 2);
    Buffer bad = f.gpuI(new double[] {0, 1, 2, 4, 1, 0});
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> f.gpu.gather(x, in, 1, bad, is, f.poisoned(6)));
    assertTrue(e.getMessage().contains("index 4") && e.getMessage().contains("size 4"), e.getMessage());
    double[] init = f.normal(12, 1);
    Buffer out = f.gpuF(init);
    assertThrows(IndexOutOfBoundsException.class,
        () -> f.gpu.scatterAdd(f.gpuF(f.normal(6, 1)), bad, is, 1, out, in));
    assertArrayEquals(init, f.gpu.download(out), "a rejected scatterAdd adds nothing");
    assertThrows(IndexOutOfBoundsException.class,
        () -> f.gpu.indexSelect(x, in, 0, f.gpuI(new double[] {0, -1}), f.poisoned(8)));
    assertThrows(IndexOutOfBoundsException.class,
        () -> f.gpu.indexAdd(f.gpuF(f.normal(8, 1)), Shape.of(2, 4), 0, f.gpuI(new double[] {3, 0}), out, in));
  }

  @Test
  void scatterAddMatchesCpuAndRepeatsBitwise() {
    for (int trial = 0; trial < 20; trial++) {
      int rank = 1 + f.rng.nextInt(4);
      Shape outShape = Shape.of(f.dims(rank, 1, 6));
      int axis = f.rng.nextInt(rank);
      int[] id = outShape.dims();
      for (int d = 0; d < rank; d++) {
        id[d] = d == axis ? f.rng.nextInt(40) : 1 + f.rng.nextInt(outShape.dim(d));
      }
      checkScatterAdd(outShape, Shape.of(id), axis);
    }
    // Max-pool's backward shape, and one long line whose entries all hit the same slot.
    checkScatterAdd(Shape.of(4, 64, 300), Shape.of(4, 64, 150), 2);
    checkScatterAdd(Shape.of(3), Shape.of(5000), 0);
  }

  private void checkScatterAdd(Shape outShape, Shape is, int axis) {
    double[] src = f.normal((int) is.numel(), 1);
    int size = outShape.dim(axis);
    double[] index = f.ints((int) is.numel(), 0, Math.min(size, 1 + f.rng.nextInt(size)));
    double[] init = f.normal((int) outShape.numel(), 1);
    Buffer out = f.gpuF(init);
    Buffer gsrc = f.gpuF(src);
    Buffer gindex = f.gpuI(index);
    f.gpu.scatterAdd(gsrc, gindex, is, axis, out, outShape);
    Buffer e = f.cpuF(init);
    f.cpu.scatterAdd(f.cpuF(src), f.cpuI(index), is, axis, e, outShape);
    String what = "scatterAdd " + outShape + " axis " + axis + " index " + is;
    f.assertClose(what, f.cpu.download(e), out);
    Buffer again = f.gpuF(init);
    f.gpu.scatterAdd(gsrc, gindex, is, axis, again, outShape);
    assertArrayEquals(f.gpu.download(out), f.gpu.download(again), f.context(what + " run twice"));
  }

  @Test
  void indexSelectAndIndexAddMatchCpu() {
    for (int trial = 0; trial < 20; trial++) {
      int rank = 1 + f.rng.nextInt(4);
      Shape in = Shape.of(f.dims(rank, 1, 6));
      int axis = f.rng.nextInt(rank);
      int n = f.rng.nextInt(12);
      double[] index = f.ints(n, 0, in.dim(axis));
      Shape selected = in.with(axis, n);
      double[] x = f.normal((int) in.numel(), 1);
      Buffer out = f.poisoned(selected.numel());
      f.gpu.indexSelect(f.gpuF(x), in, axis, f.gpuI(index), out);
      Buffer e = f.cpu.allocate(DType.F64, selected.numel());
      f.cpu.indexSelect(f.cpuF(x), in, axis, f.cpuI(index), e);
      f.assertExact("indexSelect " + in + " axis " + axis + " n " + n, f.cpu.download(e), out);

      double[] src = f.normal((int) selected.numel(), 1);
      double[] init = f.normal((int) in.numel(), 1);
      Buffer acc = f.gpuF(init);
      f.gpu.indexAdd(f.gpuF(src), selected, axis, f.gpuI(index), acc, in);
      Buffer ea = f.cpuF(init);
      f.cpu.indexAdd(f.cpuF(src), selected, axis, f.cpuI(index), ea, in);
      f.assertClose("indexAdd " + in + " axis " + axis + " n " + n, f.cpu.download(ea), acc);
    }
  }

  @Test
  void topKIndicesFollowTheCpuTieRule() {
    for (int trial = 0; trial < 30; trial++) {
      // Short rows in random layouts, then rows longer than one 256-thread tile.
      int rank = trial < 25 ? 1 + f.rng.nextInt(3) : 2;
      Shape in = trial < 25 ? Shape.of(f.dims(rank, 1, 9)) : Shape.of(1 + f.rng.nextInt(3), 257 + f.rng.nextInt(700));
      int axis = trial < 25 ? f.rng.nextInt(rank) : 1;
      int size = in.dim(axis);
      int k = f.rng.nextInt(size + 1);
      boolean largest = f.rng.nextBoolean();
      double[] x = trial % 3 == 0 ? f.normal((int) in.numel(), 1)
          : f.pick((int) in.numel(), -2, -1, -0.0, 0.0, 1, 2, Double.NaN, Double.NEGATIVE_INFINITY);
      Shape os = in.with(axis, k);
      Buffer out = f.poisonedInt(os.numel());
      f.gpu.topKIndices(f.gpuF(x), in, axis, k, largest, out);
      Buffer e = f.cpu.allocate(DType.I32, os.numel());
      f.cpu.topKIndices(f.cpuF(x), in, axis, k, largest, e);
      f.assertExact("topKIndices " + in + " axis " + axis + " k " + k + " largest " + largest,
          f.cpu.download(e), out);
    }
  }

  // ---- convolution --------------------------------------------------------------------------------------------

  @Test
  void im2colCol2imAndMaxPoolMatchCpu() {
    int checked = 0;
    while (checked < 30) {
      Conv1dGeometry g = new Conv1dGeometry(1 + f.rng.nextInt(3), 1 + f.rng.nextInt(4), 1 + f.rng.nextInt(40),
          1 + f.rng.nextInt(5), 1 + f.rng.nextInt(3), f.rng.nextInt(3), 1 + f.rng.nextInt(3));
      if (g.outLength() == 0) {
        continue;
      }
      checked++;
      int signal = g.batch() * g.channels() * g.length();
      int columns = g.batch() * g.channels() * g.kernel() * g.outLength();
      double[] x = f.normal(signal, 1);
      Buffer cols = f.poisoned(columns);
      f.gpu.im2col(f.gpuF(x), g, cols);
      Buffer ec = f.cpu.allocate(DType.F64, columns);
      f.cpu.im2col(f.cpuF(x), g, ec);
      f.assertExact("im2col " + g, f.cpu.download(ec), cols);

      double[] c = f.normal(columns, 1);
      double[] init = f.normal(signal, 1);
      Buffer folded = f.gpuF(init);
      f.gpu.col2im(f.gpuF(c), g, folded);
      Buffer ef = f.cpuF(init);
      f.cpu.col2im(f.cpuF(c), g, ef);
      f.assertClose("col2im " + g, f.cpu.download(ef), folded);

      double[] ties = f.pick(signal, -1, 0, 2, 2.5, trial(checked) ? Double.NaN : 1);
      int pooled = g.batch() * g.channels() * g.outLength();
      Buffer e = f.cpu.allocate(DType.I32, pooled);
      boolean empty = false;
      try {
        f.cpu.maxPool1dIndices(f.cpuF(ties), g, e);
      } catch (IllegalArgumentException padded) {
        empty = true;
      }
      Buffer idx = f.poisonedInt(pooled);
      if (empty) {
        assertThrows(IllegalArgumentException.class, () -> f.gpu.maxPool1dIndices(f.gpuF(ties), g, idx),
            f.context("maxPool1d with a window in the padding " + g));
      } else {
        f.gpu.maxPool1dIndices(f.gpuF(ties), g, idx);
        f.assertExact("maxPool1dIndices " + g, f.cpu.download(e), idx);
      }
    }
  }

  private static boolean trial(int i) {
    return i % 4 == 0;
  }

  // ---- alignment and pooling ----------------------------------------------------------------------------------

  @Test
  void alignmentMatchesCpu() {
    for (AlignKind kind : AlignKind.values()) {
      for (boolean withLengths : new boolean[] {false, true}) {
        int batch = 1 + f.rng.nextInt(4);
        int rows = 1 + f.rng.nextInt(12);
        int cols = 1 + f.rng.nextInt(12);
        AlignSpec spec = new AlignSpec(kind, batch, rows, cols, 0.5, 0.25, 0.3);
        int cells = (int) spec.cells();
        double[][] in = new double[kind.inputCount()][];
        for (int k = 0; k < in.length; k++) {
          // Dyadic values keep the hard LCS's sums exact in float32, so its branches and ties match the CPU's.
          in[k] = kind == AlignKind.LCS_HARD ? f.pick(cells, -1, 0.25, 0.5, 1, 2) : f.normal(cells, 1);
        }
        double[] nm = new double[2 * batch];
        for (int b = 0; b < batch; b++) {
          nm[2 * b] = 1 + f.rng.nextInt(rows);
          nm[2 * b + 1] = 1 + f.rng.nextInt(cols);
        }
        Buffer[] gin = new Buffer[in.length];
        Buffer[] cin = new Buffer[in.length];
        for (int k = 0; k < in.length; k++) {
          gin[k] = f.gpuF(in[k]);
          cin[k] = f.cpuF(in[k]);
        }
        Buffer gl = withLengths ? f.gpuI(nm) : null;
        Buffer cl = withLengths ? f.cpuI(nm) : null;
        Buffer scores = f.poisoned(batch);
        Buffer state = f.gpu.allocate(DType.F32, spec.stateSize());
        f.gpu.alignForward(spec, gin, gl, scores, state);
        Buffer es = f.cpu.allocate(DType.F64, batch);
        Buffer cstate = f.cpu.allocate(DType.F64, spec.stateSize());
        f.cpu.alignForward(spec, cin, cl, es, cstate);
        String what = "align " + spec + (withLengths ? " lengths " + Arrays.toString(nm) : "");
        f.assertClose(what + " scores", f.cpu.download(es), scores);

        double[] gs = f.normal(batch, 1);
        Buffer[] grads = new Buffer[in.length];
        Buffer[] cgrads = new Buffer[in.length];
        for (int k = 0; k < in.length; k++) {
          grads[k] = f.poisoned(cells);
          cgrads[k] = f.cpu.allocate(DType.F64, cells);
        }
        f.gpu.alignBackward(spec, gl, state, f.gpuF(gs), grads);
        f.cpu.alignBackward(spec, cl, cstate, f.cpuF(gs), cgrads);
        for (int k = 0; k < in.length; k++) {
          f.assertClose(what + " gradient " + k, f.cpu.download(cgrads[k]), grads[k]);
        }
      }
    }
  }

  @Test
  void alignmentRejectsLengthsOutsideTheGrid() {
    AlignSpec spec = new AlignSpec(AlignKind.SOFT_DTW, 2, 3, 4, 1, 0, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.gpu.alignForward(spec,
        new Buffer[] {f.gpuF(f.normal(24, 1))}, f.gpuI(new double[] {3, 4, 4, 1}), f.poisoned(2),
        f.gpu.allocate(DType.F32, spec.stateSize())));
    assertTrue(e.getMessage().contains("lengths[1]"), e.getMessage());
  }

  @Test
  void topKMeanMatchesCpu() {
    for (int trial = 0; trial < 6; trial++) {
      TopKMeanSpec spec = new TopKMeanSpec(1 + f.rng.nextInt(3), 1 + f.rng.nextInt(trial < 3 ? 40 : 800),
          1 + f.rng.nextInt(20), 1);
      spec = new TopKMeanSpec(spec.batch(), spec.length(), spec.channels(), 1 + f.rng.nextInt(spec.length()));
      double[] v = f.normal((int) spec.inputSize(), 1);
      double[] r = trial % 2 == 0 ? v : f.normal((int) spec.inputSize(), 1);
      Buffer gv = f.gpuF(v);
      Buffer out = f.poisoned((long) spec.batch() * spec.channels());
      Buffer index = f.poisonedInt(spec.indexSize());
      f.gpu.topKMeanForward(spec, gv, trial % 2 == 0 ? gv : f.gpuF(r), out, index);
      Buffer eo = f.cpu.allocate(DType.F64, (long) spec.batch() * spec.channels());
      Buffer ei = f.cpu.allocate(DType.I32, spec.indexSize());
      Buffer cv = f.cpuF(v);
      f.cpu.topKMeanForward(spec, cv, trial % 2 == 0 ? cv : f.cpuF(r), eo, ei);
      f.assertClose("topKMeanForward " + spec, f.cpu.download(eo), out);
      f.assertExact("topKMeanForward index " + spec, f.cpu.download(ei), index);

      double[] g = f.normal((int) ((long) spec.batch() * spec.channels()), 1);
      Buffer grad = f.poisoned(spec.inputSize());
      f.gpu.topKMeanBackward(spec, f.gpuF(g), index, grad);
      Buffer eg = f.cpu.allocate(DType.F64, spec.inputSize());
      f.cpu.topKMeanBackward(spec, f.cpuF(g), ei, eg);
      f.assertClose("topKMeanBackward " + spec, f.cpu.download(eg), grad);
    }
  }

  @Test
  void signedSqrtL2MatchesCpu() {
    for (int trial = 0; trial < 4; trial++) {
      SignedSqrtL2Spec spec = new SignedSqrtL2Spec(1 + f.rng.nextInt(4), 1 + f.rng.nextInt(trial < 2 ? 50 : 70_000),
          trial != 1, 1e-5, trial != 2, 1e-12);
      double[] x = f.normal((int) spec.size(), 1);
      for (int i = 0; i < x.length; i += 7) {
        x[i] = 0;
      }
      Buffer out = f.poisoned(spec.size());
      Buffer norms = f.poisoned(spec.rows());
      f.gpu.signedSqrtL2Forward(spec, f.gpuF(x), out, norms);
      Buffer eo = f.cpu.allocate(DType.F64, spec.size());
      Buffer en = f.cpu.allocate(DType.F64, spec.rows());
      f.cpu.signedSqrtL2Forward(spec, f.cpuF(x), eo, en);
      f.assertClose("signedSqrtL2Forward " + spec, f.cpu.download(eo), out);
      if (spec.l2()) {
        f.assertClose("signedSqrtL2Forward norms " + spec, f.cpu.download(en), norms);
      }
      double[] g = f.normal((int) spec.size(), 1);
      Buffer grad = f.poisoned(spec.size());
      f.gpu.signedSqrtL2Backward(spec, out, norms, f.gpuF(g), grad);
      Buffer eg = f.cpu.allocate(DType.F64, spec.size());
      f.cpu.signedSqrtL2Backward(spec, eo, en, f.cpuF(g), eg);
      f.assertClose("signedSqrtL2Backward " + spec, f.cpu.download(eg), grad);
    }
  }

  @Test
  void rejectsCpuBuffersAndWrongSizes() {
    Buffer cpuBuffer = f.cpuF(new double[] {1, 2});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.gpu.unary(UnaryOp.NEG, cpuBuffer, f.poisoned(2)));
    assertTrue(e.getMessage().contains("in") && e.getMessage().contains("CUDA"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> f.gpu.unary(UnaryOp.NEG, f.gpuF(new double[3]),
        f.poisoned(2)));
    assertThrows(IllegalArgumentException.class, () -> f.gpu.reduce(ReduceOp.SUM, f.gpuF(new double[6]),
        Shape.of(2, 3), new boolean[] {true, false}, f.poisoned(2)));
  }
}

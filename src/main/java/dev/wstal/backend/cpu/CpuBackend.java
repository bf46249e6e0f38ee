package dev.wstal.backend.cpu;

import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.Backend;
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
import java.util.SplittableRandom;

/**
 * The float64 reference backend: the living definition of every primitive, and the oracle every other backend is
 * tested against. All dtypes are held as {@code double[]}; an I32 buffer holds only int32 values (results stored into
 * one are converted as a GPU's int32 store converts them, see {@link Int32Stores}).
 */
public final class CpuBackend implements Backend {
  private static final CpuBackend INSTANCE = new CpuBackend();

  private CpuBackend() {}

  public static CpuBackend get() {
    return INSTANCE;
  }

  /** The class name of the BLAS that {@code matmul} uses (native through JNI, or the Java fallback). */
  public static String blasImplementation() {
    return CpuGemm.implementation();
  }

  @Override
  public String name() {
    return "cpu-f64";
  }

  @Override
  public Device device() {
    return Device.cpu();
  }

  @Override
  public DType floatType() {
    return DType.F64;
  }

  private static double[] d(Buffer b) {
    if (!(b instanceof CpuBuffer c)) {
      throw new IllegalArgumentException(
          "cpu backend: buffer on " + (b == null ? "null" : b.device()) + " passed to the CPU backend");
    }
    return c.data;
  }

  private static int checkedSize(long size) {
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "cpu backend: a buffer holds at most " + (Integer.MAX_VALUE - 8) + " elements, asked for " + size);
    }
    return (int) size;
  }

  @Override
  public Buffer allocate(DType dtype, long size) {
    return new CpuBuffer(new double[checkedSize(size)], dtype);
  }

  @Override
  public Buffer upload(double[] data, DType dtype) {
    double[] copy = data.clone();
    if (dtype == DType.I32) {
      for (int i = 0; i < copy.length; i++) {
        copy[i] = Int32Stores.hostValue("upload", "element " + i, copy[i]);
      }
    }
    return new CpuBuffer(copy, dtype);
  }

  @Override
  public double[] download(Buffer buffer) {
    return d(buffer).clone();
  }

  @Override
  public void fill(Buffer out, double value) {
    Arrays.fill(d(out), out.dtype() == DType.I32 ? Int32Stores.hostValue("fill", "value", value) : value);
  }

  @Override
  public void random(RandomKind kind, long seed, Buffer out) {
    double[] o = d(out);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < o.length; i++) {
      o[i] = kind == RandomKind.NORMAL ? rng.nextGaussian() : rng.nextDouble();
    }
    storedAs(out);
  }

  @Override
  public void unary(UnaryOp op, Buffer in, Buffer out) {
    double[] x = d(in);
    double[] o = d(out);
    for (int i = 0; i < o.length; i++) {
      o[i] = CpuElementwise.unary(op, x[i]);
    }
    storedAs(out);
  }

  @Override
  public void scalar(ScalarOp op, Buffer in, double s, Buffer out) {
    double[] x = d(in);
    double[] o = d(out);
    if (op == ScalarOp.MUL) {
      for (int i = 0; i < o.length; i++) {
        o[i] = x[i] * s;
      }
    } else {
      for (int i = 0; i < o.length; i++) {
        o[i] = CpuElementwise.scalar(op, x[i], s);
      }
    }
    storedAs(out);
  }

  @Override
  public void binary(BinaryOp op, Buffer a, Shape aShape, Buffer b, Shape bShape, Buffer out, Shape outShape) {
    double[] x = d(a);
    double[] y = d(b);
    double[] o = d(out);
    if (aShape.equals(outShape) && bShape.equals(outShape)) {
      CpuElementwise.binarySameShape(op, x, y, o);
    } else if (aShape.equals(outShape) && bShape.numel() == 1) {
      // x op scalar: the common case of Tensor.mul(double) and friends, without the strided walk.
      double s = y[0];
      for (int i = 0; i < o.length; i++) {
        o[i] = CpuElementwise.binary(op, x[i], s);
      }
    } else {
      long[] sa = aShape.broadcastStrides(outShape);
      long[] sb = bShape.broadcastStrides(outShape);
      long[] so = outShape.strides();
      int ia = StridedLoop.inner(sa);
      int ib = StridedLoop.inner(sb);
      StridedLoop.forEachRun(outShape.dims(), so, sa, sb, (oo, oa, ob, len) -> {
        for (int i = 0; i < len; i++) {
          o[oo + i] = CpuElementwise.binary(op, x[oa + i * ia], y[ob + i * ib]);
        }
      });
    }
    storedAs(out);
  }

  @Override
  public void where(
      Buffer cond, Shape condShape, Buffer a, Shape aShape, Buffer b, Shape bShape, Buffer out, Shape outShape) {
    double[] c = d(cond);
    double[] x = d(a);
    double[] y = d(b);
    double[] o = d(out);
    long[] sc = condShape.broadcastStrides(outShape);
    long[] sa = aShape.broadcastStrides(outShape);
    long[] sb = bShape.broadcastStrides(outShape);
    int ic = StridedLoop.inner(sc);
    int ia = StridedLoop.inner(sa);
    int ib = StridedLoop.inner(sb);
    // Two passes over the same index space: the loop helper carries three operands, where needs four.
    StridedLoop.forEachRun(outShape.dims(), outShape.strides(), sa, sb, (oo, oa, ob, len) -> {
      for (int i = 0; i < len; i++) {
        o[oo + i] = x[oa + i * ia];
      }
    });
    StridedLoop.forEachRun(outShape.dims(), outShape.strides(), sc, sb, (oo, oc, ob, len) -> {
      for (int i = 0; i < len; i++) {
        if (c[oc + i * ic] == 0.0) {
          o[oo + i] = y[ob + i * ib];
        }
      }
    });
    storedAs(out);
  }

  @Override
  public void reduce(ReduceOp op, Buffer in, Shape inShape, boolean[] axes, Buffer out) {
    double[] x = d(in);
    double[] o = d(out);
    int[] outDims = inShape.dims();
    for (int i = 0; i < outDims.length; i++) {
      if (axes[i]) {
        outDims[i] = 1;
      }
    }
    long[] so = Shape.of(outDims).broadcastStrides(inShape);
    double init = op == ReduceOp.SUM ? 0.0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    Arrays.fill(o, init);
    int io = StridedLoop.inner(so);
    StridedLoop.forEachRun(inShape.dims(), inShape.strides(), so, null, (ox, oo, unused, len) -> {
      switch (op) {
        case SUM:
          if (io == 0) {
            double acc = 0.0;
            for (int i = 0; i < len; i++) {
              acc += x[ox + i];
            }
            o[oo] += acc;
          } else {
            for (int i = 0; i < len; i++) {
              o[oo + i] += x[ox + i];
            }
          }
          break;
        case MAX:
          for (int i = 0; i < len; i++) {
            o[oo + i * io] = Math.max(o[oo + i * io], x[ox + i]);
          }
          break;
        default:
          for (int i = 0; i < len; i++) {
            o[oo + i * io] = Math.min(o[oo + i * io], x[ox + i]);
          }
      }
    });
    storedAs(out);
  }

  @Override
  public void matmul(Buffer a, Buffer b, Buffer out, MatmulSpec spec) {
    CpuGemm.matmul(d(a), d(b), d(out), spec);
  }

  @Override
  public void copyStrided(
      Buffer in, long inOffset, long[] inStrides, int[] dims, Buffer out, long outOffset, long[] outStrides) {
    double[] x = d(in);
    double[] o = d(out);
    int ii = StridedLoop.inner(inStrides);
    int oi = StridedLoop.inner(outStrides);
    int ib = (int) inOffset;
    int ob = (int) outOffset;
    StridedLoop.forEachRun(dims, inStrides, outStrides, null, (ox, oo, unused, len) -> {
      if (ii == 1 && oi == 1) {
        System.arraycopy(x, ib + ox, o, ob + oo, len);
      } else {
        for (int i = 0; i < len; i++) {
          o[ob + oo + i * oi] = x[ib + ox + i * ii];
        }
      }
    });
    storedAs(out);
  }

  @Override
  public void gather(Buffer in, Shape inShape, int axis, Buffer index, Shape indexShape, Buffer out) {
    CpuIndexing.gather(d(in), inShape, axis, d(index), indexShape, d(out));
    storedAs(out);
  }

  @Override
  public void scatterAdd(Buffer src, Buffer index, Shape indexShape, int axis, Buffer out, Shape outShape) {
    CpuIndexing.scatterAdd(d(src), d(index), indexShape, axis, d(out), outShape);
    storedAs(out);
  }

  @Override
  public void indexSelect(Buffer in, Shape inShape, int axis, Buffer index, Buffer out) {
    CpuIndexing.indexSelect(d(in), inShape, axis, d(index), d(out));
    storedAs(out);
  }

  @Override
  public void indexAdd(Buffer src, Shape srcShape, int axis, Buffer index, Buffer out, Shape outShape) {
    CpuIndexing.indexAdd(d(src), srcShape, axis, d(index), d(out), outShape);
    storedAs(out);
  }

  @Override
  public void topKIndices(Buffer in, Shape inShape, int axis, int k, boolean largest, Buffer outIndex) {
    CpuIndexing.topKIndices(d(in), inShape, axis, k, largest, d(outIndex));
  }

  @Override
  public void im2col(Buffer x, Conv1dGeometry g, Buffer cols) {
    CpuConv.im2col(d(x), g, d(cols));
  }

  @Override
  public void col2im(Buffer cols, Conv1dGeometry g, Buffer x) {
    CpuConv.col2im(d(cols), g, d(x));
  }

  @Override
  public void maxPool1dIndices(Buffer x, Conv1dGeometry g, Buffer outIndex) {
    CpuConv.maxPoolIndices(d(x), g, d(outIndex));
  }

  @Override
  public void alignForward(AlignSpec spec, Buffer[] inputs, Buffer lengths, Buffer scores, Buffer state) {
    requireCount("alignForward", spec, inputs);
    double[][] in = new double[inputs.length][];
    for (int k = 0; k < in.length; k++) {
      in[k] = d(inputs[k]);
    }
    CpuAlignment.forwardBatch(spec, in, lengths == null ? null : d(lengths), d(scores), d(state));
  }

  @Override
  public void alignBackward(AlignSpec spec, Buffer lengths, Buffer state, Buffer gradScores, Buffer[] gradInputs) {
    requireCount("alignBackward", spec, gradInputs);
    double[][] g = new double[gradInputs.length][];
    for (int k = 0; k < g.length; k++) {
      g[k] = gradInputs[k] == null ? null : d(gradInputs[k]);
    }
    CpuAlignment.backwardBatch(spec, lengths == null ? null : d(lengths), d(state), d(gradScores), g);
  }

  @Override
  public void topKMeanForward(TopKMeanSpec spec, Buffer values, Buffer ranking, Buffer out, Buffer outIndex) {
    CpuPooling.topKMeanForward(spec, d(values), d(ranking), d(out), d(outIndex));
  }

  @Override
  public void topKMeanBackward(TopKMeanSpec spec, Buffer gradOut, Buffer index, Buffer gradValues) {
    CpuPooling.topKMeanBackward(spec, d(gradOut), d(index), d(gradValues));
  }

  @Override
  public void signedSqrtL2Forward(SignedSqrtL2Spec spec, Buffer in, Buffer out, Buffer norms) {
    CpuPooling.signedSqrtL2Forward(spec, d(in), d(out), norms == null ? null : d(norms));
  }

  @Override
  public void signedSqrtL2Backward(SignedSqrtL2Spec spec, Buffer out, Buffer norms, Buffer gradOut, Buffer gradIn) {
    CpuPooling.signedSqrtL2Backward(spec, d(out), norms == null ? null : d(norms), d(gradOut), d(gradIn));
  }

  /** An I32 output holds what a store into int32 gives (Int32Stores); other dtypes are left as computed. */
  private static void storedAs(Buffer out) {
    if (out.dtype() == DType.I32) {
      Int32Stores.normalise(d(out));
    }
  }

  private static void requireCount(String what, AlignSpec spec, Buffer[] buffers) {
    if (buffers.length != spec.kind().inputCount()) {
      throw new IllegalArgumentException(
          what + ": " + spec.kind() + " takes " + spec.kind().inputCount() + " grids, got " + buffers.length);
    }
  }
}

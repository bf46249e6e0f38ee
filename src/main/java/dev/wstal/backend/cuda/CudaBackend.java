package dev.wstal.backend.cuda;

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
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * The float32 CUDA backend ({@code cuda-f32}): every {@link Backend} primitive on device 0, with the CPU float64
 * backend as its reference. Floating buffers are float32 whatever floating dtype is asked for; index buffers are
 * int32. A buffer holds at most 2³¹ − 9 elements, as on the CPU, so every kernel indexes with 32-bit linear indices.
 *
 * <p>Every method validates its arguments (IllegalArgumentException naming the argument, expected and actual),
 * queues its kernels on the runtime's one stream and returns without waiting, except where a result must be checked
 * on the host: {@link #download}, and the indexing primitives, which synchronise once to report an out-of-range
 * index as the CPU does (IndexOutOfBoundsException). The generic kernels live in {@code kernels/elementwise.cu},
 * {@code indexing.cu}, {@code reduce.cu} and {@code conv.cu}; alignment, GEMM and pooling call {@link CudaSoftDp},
 * {@link CudaGemm} and {@link CudaPooling}.
 *
 * <p>Results are deterministic: no float atomics anywhere. They differ from the CPU's by float32 rounding, and
 * {@link #random} with {@link RandomKind#NORMAL} draws a different (equally distributed) stream than the CPU; tests
 * build their inputs on the CPU and move them with {@code Tensor.to}.
 */
public final class CudaBackend implements Backend {
  /** The largest buffer, in elements (the CPU backend's limit too). */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private final CudaRuntime rt;

  public CudaBackend(CudaRuntime runtime) {
    if (runtime == null) {
      throw new IllegalArgumentException("cuda backend: runtime is null");
    }
    this.rt = runtime;
  }

  public CudaRuntime runtime() {
    return rt;
  }

  @Override
  public String name() {
    return "cuda-f32";
  }

  @Override
  public Device device() {
    return Device.cuda();
  }

  @Override
  public DType floatType() {
    return DType.F32;
  }

  // ---- storage ------------------------------------------------------------------------------------------------

  @Override
  public Buffer allocate(DType dtype, long size) {
    CudaBuffer b = uninitialised(dtype, size, "allocate");
    if (size > 0) {
      rt.fillFloat(b.memory(), size, 0.0f);
    }
    return b;
  }

  @Override
  public Buffer upload(double[] data, DType dtype) {
    if (data == null) {
      throw new IllegalArgumentException("upload: data is null");
    }
    CudaBuffer b = uninitialised(dtype, data.length, "upload");
    if (data.length == 0) {
      return b;
    }
    if (b.isInt()) {
      int[] ints = new int[data.length];
      for (int i = 0; i < data.length; i++) {
        double v = data[i];
        if (v != (int) v) {
          throw new IllegalArgumentException(
              "upload: element " + i + " is " + v + ", not an int32 value, for an I32 buffer");
        }
        ints[i] = (int) v;
      }
      rt.upload(ints, b.memory());
    } else {
      float[] floats = new float[data.length];
      for (int i = 0; i < data.length; i++) {
        floats[i] = (float) data[i];
      }
      rt.upload(floats, b.memory());
    }
    return b;
  }

  @Override
  public double[] download(Buffer buffer) {
    CudaBuffer b = cuda(buffer, "download", "buffer");
    int n = (int) b.size();
    double[] out = new double[n];
    if (n == 0) {
      return out;
    }
    if (b.isInt()) {
      int[] ints = new int[n];
      rt.download(b.memory(), ints);
      for (int i = 0; i < n; i++) {
        out[i] = ints[i];
      }
    } else {
      float[] floats = new float[n];
      rt.download(b.memory(), floats);
      for (int i = 0; i < n; i++) {
        out[i] = floats[i];
      }
    }
    Reference.reachabilityFence(b);
    return out;
  }

  @Override
  public void fill(Buffer out, double value) {
    CudaBuffer o = cuda(out, "fill", "out");
    int bits;
    if (o.isInt()) {
      if (value != (int) value) {
        throw new IllegalArgumentException("fill: value " + value + " is not an int32 value, for an I32 buffer");
      }
      bits = (int) value;
    } else {
      bits = Float.floatToRawIntBits((float) value);
    }
    CudaElementwise.fill(rt, o, bits);
    Reference.reachabilityFence(o);
  }

  /**
   * UNIFORM equals the CPU's SplittableRandom(seed) stream rounded to float32; NORMAL is a counter-based Box–Muller
   * stream of the same distribution but different values than the CPU's.
   */
  @Override
  public void random(RandomKind kind, long seed, Buffer out) {
    requireNonNull("random", "kind", kind);
    CudaBuffer o = cuda(out, "random", "out");
    CudaElementwise.random(rt, kind, seed, o);
    Reference.reachabilityFence(o);
  }

  // ---- elementwise --------------------------------------------------------------------------------------------

  @Override
  public void unary(UnaryOp op, Buffer in, Buffer out) {
    requireNonNull("unary", "op", op);
    CudaBuffer x = cuda(in, "unary", "in");
    CudaBuffer o = cuda(out, "unary", "out");
    requireSize("unary", "out", o, x.size());
    CudaElementwise.unary(rt, op, x, o);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(o);
  }

  @Override
  public void scalar(ScalarOp op, Buffer in, double s, Buffer out) {
    requireNonNull("scalar", "op", op);
    CudaBuffer x = cuda(in, "scalar", "in");
    CudaBuffer o = cuda(out, "scalar", "out");
    requireSize("scalar", "out", o, x.size());
    CudaElementwise.scalar(rt, op, x, s, o);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(o);
  }

  @Override
  public void binary(BinaryOp op, Buffer a, Shape aShape, Buffer b, Shape bShape, Buffer out, Shape outShape) {
    requireNonNull("binary", "op", op);
    CudaBuffer x = cuda(a, "binary", "a");
    CudaBuffer y = cuda(b, "binary", "b");
    CudaBuffer o = cuda(out, "binary", "out");
    requireShape("binary", "a", x, aShape);
    requireShape("binary", "b", y, bShape);
    requireShape("binary", "out", o, outShape);
    long[] sa = broadcastStrides("binary", "a", aShape, outShape);
    long[] sb = broadcastStrides("binary", "b", bShape, outShape);
    CudaElementwise.binary(rt, op, x, sa, y, sb, o, outShape.dims());
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(y);
    Reference.reachabilityFence(o);
  }

  @Override
  public void where(
      Buffer cond, Shape condShape, Buffer a, Shape aShape, Buffer b, Shape bShape, Buffer out, Shape outShape) {
    CudaBuffer c = cuda(cond, "where", "cond");
    CudaBuffer x = cuda(a, "where", "a");
    CudaBuffer y = cuda(b, "where", "b");
    CudaBuffer o = cuda(out, "where", "out");
    requireShape("where", "cond", c, condShape);
    requireShape("where", "a", x, aShape);
    requireShape("where", "b", y, bShape);
    requireShape("where", "out", o, outShape);
    long[] sc = broadcastStrides("where", "cond", condShape, outShape);
    long[] sa = broadcastStrides("where", "a", aShape, outShape);
    long[] sb = broadcastStrides("where", "b", bShape, outShape);
    CudaElementwise.where(rt, c, sc, x, sa, y, sb, o, outShape.dims());
    Reference.reachabilityFence(c);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(y);
    Reference.reachabilityFence(o);
  }

  @Override
  public void reduce(ReduceOp op, Buffer in, Shape inShape, boolean[] axes, Buffer out) {
    requireNonNull("reduce", "op", op);
    CudaBuffer x = cuda(in, "reduce", "in");
    CudaBuffer o = cuda(out, "reduce", "out");
    requireShape("reduce", "in", x, inShape);
    if (axes == null || axes.length != inShape.rank()) {
      throw new IllegalArgumentException("reduce: axes must flag each of the " + inShape.rank() + " axes of "
          + inShape + ", got " + (axes == null ? "null" : Arrays.toString(axes)));
    }
    long kept = 1;
    for (int d = 0; d < axes.length; d++) {
      kept *= axes[d] ? 1 : inShape.dim(d);
    }
    requireSize("reduce", "out", o, kept);
    CudaReduce.reduce(rt, op, x, inShape.dims(), inShape.strides(), axes, o);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(o);
  }

  // ---- matmul, movement -----------------------------------------------------------------------------------------

  @Override
  public void matmul(Buffer a, Buffer b, Buffer out, MatmulSpec spec) {
    requireNonNull("matmul", "spec", spec);
    CudaBuffer x = floats(a, "matmul", "a");
    CudaBuffer y = floats(b, "matmul", "b");
    CudaBuffer o = floats(out, "matmul", "out");
    int batch = spec.batch();
    requireAtLeast("matmul", "a", x, extent(batch, spec.aBatchStride(), (long) spec.m() * spec.k()));
    requireAtLeast("matmul", "b", y, extent(batch, spec.bBatchStride(), (long) spec.k() * spec.n()));
    long outMatrix = (long) spec.m() * spec.n();
    requireAtLeast("matmul", "out", o,
        spec.outBatchStride() == 0 ? outMatrix : extent(batch, spec.outBatchStride(), outMatrix));
    CudaGemm.matmul(rt, x.memory(), y.memory(), o.memory(), spec);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(y);
    Reference.reachabilityFence(o);
  }

  @Override
  public void copyStrided(
      Buffer in, long inOffset, long[] inStrides, int[] dims, Buffer out, long outOffset, long[] outStrides) {
    CudaBuffer x = cuda(in, "copyStrided", "in");
    CudaBuffer o = cuda(out, "copyStrided", "out");
    if (dims == null || inStrides == null || outStrides == null || inStrides.length != dims.length
        || outStrides.length != dims.length) {
      throw new IllegalArgumentException("copyStrided: dims, inStrides and outStrides must have one entry per axis, "
          + "got dims " + Arrays.toString(dims) + ", inStrides " + Arrays.toString(inStrides) + ", outStrides "
          + Arrays.toString(outStrides));
    }
    requireReach("copyStrided", "in", x, inOffset, inStrides, dims);
    requireReach("copyStrided", "out", o, outOffset, outStrides, dims);
    CudaIndexing.copyStrided(rt, x, inOffset, inStrides, dims, o, outOffset, outStrides);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(o);
  }

  // ---- indexing -----------------------------------------------------------------------------------------------

  @Override
  public void gather(Buffer in, Shape inShape, int axis, Buffer index, Shape indexShape, Buffer out) {
    CudaBuffer x = cuda(in, "gather", "in");
    CudaBuffer i = indices(index, "gather", "index");
    CudaBuffer o = cuda(out, "gather", "out");
    requireShape("gather", "in", x, inShape);
    requireShape("gather", "index", i, indexShape);
    requireShape("gather", "out", o, indexShape);
    int a = requireIndexShape("gather", inShape, axis, indexShape);
    long[] read = inShape.strides();
    long axisStride = read[a];
    read[a] = 0;
    CudaIndexing.gather(rt, x, read, a, inShape.dim(a), axisStride, i, indexShape.dims(), indexShape.strides(), o);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(i);
    Reference.reachabilityFence(o);
  }

  @Override
  public void scatterAdd(Buffer src, Buffer index, Shape indexShape, int axis, Buffer out, Shape outShape) {
    CudaBuffer s = cuda(src, "scatterAdd", "src");
    CudaBuffer i = indices(index, "scatterAdd", "index");
    CudaBuffer o = cuda(out, "scatterAdd", "out");
    requireShape("scatterAdd", "src", s, indexShape);
    requireShape("scatterAdd", "index", i, indexShape);
    requireShape("scatterAdd", "out", o, outShape);
    int a = requireIndexShape("scatterAdd", outShape, axis, indexShape);
    int n = indexShape.dim(a);
    if (n > 0) {
      long[] indexStrides = indexShape.strides();
      long[] outStrides = outShape.strides();
      int[] lines = indexShape.dims();
      lines[a] = 1;
      CudaIndexing.scatterAdd(rt, s, i, lines, indexStrides, n, indexStrides[a], o, outStrides, a, outShape.dim(a),
          outStrides[a]);
    }
    Reference.reachabilityFence(s);
    Reference.reachabilityFence(i);
    Reference.reachabilityFence(o);
  }

  @Override
  public void indexSelect(Buffer in, Shape inShape, int axis, Buffer index, Buffer out) {
    CudaBuffer x = cuda(in, "indexSelect", "in");
    CudaBuffer i = indices(index, "indexSelect", "index");
    CudaBuffer o = cuda(out, "indexSelect", "out");
    requireShape("indexSelect", "in", x, inShape);
    int a = requireAxis("indexSelect", inShape, axis);
    int n = (int) i.size();
    Shape outShape = inShape.with(a, n);
    requireShape("indexSelect", "out", o, outShape);
    CudaIndexing.indexSelect(rt, x, prefix(inShape, a), a, inShape.dim(a), suffix(inShape, a), i, n, o);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(i);
    Reference.reachabilityFence(o);
  }

  @Override
  public void indexAdd(Buffer src, Shape srcShape, int axis, Buffer index, Buffer out, Shape outShape) {
    CudaBuffer s = cuda(src, "indexAdd", "src");
    CudaBuffer i = indices(index, "indexAdd", "index");
    CudaBuffer o = cuda(out, "indexAdd", "out");
    requireShape("indexAdd", "src", s, srcShape);
    requireShape("indexAdd", "out", o, outShape);
    int a = requireAxis("indexAdd", outShape, axis);
    if (srcShape.rank() != outShape.rank() || !srcShape.with(a, 1).equals(outShape.with(a, 1))) {
      throw new IllegalArgumentException("indexAdd: src shape " + srcShape + " must equal out shape " + outShape
          + " except along axis " + a);
    }
    int n = srcShape.dim(a);
    if (i.size() < n) {
      throw new IllegalArgumentException(
          "indexAdd: index has " + i.size() + " entries, src has " + n + " along axis " + a);
    }
    if (n > 0) {
      CudaIndexing.indexAdd(rt, s, prefix(outShape, a), n, suffix(outShape, a), i, o, a, outShape.dim(a));
    }
    Reference.reachabilityFence(s);
    Reference.reachabilityFence(i);
    Reference.reachabilityFence(o);
  }

  @Override
  public void topKIndices(Buffer in, Shape inShape, int axis, int k, boolean largest, Buffer outIndex) {
    CudaBuffer x = cuda(in, "topKIndices", "in");
    CudaBuffer o = indices(outIndex, "topKIndices", "outIndex");
    requireShape("topKIndices", "in", x, inShape);
    int a = requireAxis("topKIndices", inShape, axis);
    int size = inShape.dim(a);
    if (k < 0 || k > size) {
      throw new IllegalArgumentException(
          "topKIndices: k must be in [0, " + size + "] (axis " + a + " of " + inShape + "), got " + k);
    }
    requireShape("topKIndices", "outIndex", o, inShape.with(a, k));
    CudaIndexing.topKIndices(rt, x, prefix(inShape, a), size, suffix(inShape, a), k, largest, o);
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(o);
  }

  // ---- convolution --------------------------------------------------------------------------------------------

  @Override
  public void im2col(Buffer x, Conv1dGeometry g, Buffer cols) {
    requireNonNull("im2col", "geometry", g);
    CudaBuffer in = floats(x, "im2col", "x");
    CudaBuffer c = floats(cols, "im2col", "cols");
    requireSize("im2col", "x", in, signalSize(g));
    requireSize("im2col", "cols", c, columnsSize(g));
    CudaConv.im2col(rt, in, g, c);
    Reference.reachabilityFence(in);
    Reference.reachabilityFence(c);
  }

  @Override
  public void col2im(Buffer cols, Conv1dGeometry g, Buffer x) {
    requireNonNull("col2im", "geometry", g);
    CudaBuffer c = floats(cols, "col2im", "cols");
    CudaBuffer o = floats(x, "col2im", "x");
    requireSize("col2im", "cols", c, columnsSize(g));
    requireSize("col2im", "x", o, signalSize(g));
    CudaConv.col2im(rt, c, g, o);
    Reference.reachabilityFence(c);
    Reference.reachabilityFence(o);
  }

  @Override
  public void maxPool1dIndices(Buffer x, Conv1dGeometry g, Buffer outIndex) {
    requireNonNull("maxPool1d", "geometry", g);
    CudaBuffer in = floats(x, "maxPool1d", "x");
    CudaBuffer o = indices(outIndex, "maxPool1d", "outIndex");
    requireSize("maxPool1d", "x", in, signalSize(g));
    requireSize("maxPool1d", "outIndex", o, (long) g.batch() * g.channels() * g.outLength());
    int empty = CudaConv.firstEmptyWindow(g);
    if (empty >= 0 && o.size() > 0) {
      throw new IllegalArgumentException(
          "maxPool1d: window " + empty + " lies entirely in the padding (" + g + ")");
    }
    CudaConv.maxPool1dIndices(rt, in, g, o);
    Reference.reachabilityFence(in);
    Reference.reachabilityFence(o);
  }

  // ---- alignment and pooling ----------------------------------------------------------------------------------

  @Override
  public void alignForward(AlignSpec spec, Buffer[] inputs, Buffer lengths, Buffer scores, Buffer state) {
    requireNonNull("alignForward", "spec", spec);
    CudaBuffer[] in = grids("alignForward", spec, inputs, false);
    CudaBuffer len = lengths(spec, lengths, "alignForward");
    CudaBuffer s = floats(scores, "alignForward", "scores");
    CudaBuffer st = floats(state, "alignForward", "state");
    requireSize("alignForward", "scores", s, spec.batch());
    requireAtLeast("alignForward", "state", st, CudaSoftDp.stateFloats(spec));
    CudaSoftDp.forward(rt, spec, memories(in), len == null ? null : len.memory(), s.memory(), st.memory());
    Reference.reachabilityFence(in);
    Reference.reachabilityFence(len);
    Reference.reachabilityFence(s);
    Reference.reachabilityFence(st);
  }

  @Override
  public void alignBackward(AlignSpec spec, Buffer lengths, Buffer state, Buffer gradScores, Buffer[] gradInputs) {
    requireNonNull("alignBackward", "spec", spec);
    CudaBuffer len = lengths(spec, lengths, "alignBackward");
    CudaBuffer st = floats(state, "alignBackward", "state");
    CudaBuffer g = floats(gradScores, "alignBackward", "gradScores");
    CudaBuffer[] out = grids("alignBackward", spec, gradInputs, true);
    requireAtLeast("alignBackward", "state", st, CudaSoftDp.stateFloats(spec));
    requireSize("alignBackward", "gradScores", g, spec.batch());
    CudaSoftDp.backward(rt, spec, len == null ? null : len.memory(), st.memory(), g.memory(), memories(out));
    Reference.reachabilityFence(len);
    Reference.reachabilityFence(st);
    Reference.reachabilityFence(g);
    Reference.reachabilityFence(out);
  }

  @Override
  public void topKMeanForward(TopKMeanSpec spec, Buffer values, Buffer ranking, Buffer out, Buffer outIndex) {
    requireNonNull("topKMeanForward", "spec", spec);
    CudaBuffer v = floats(values, "topKMeanForward", "values");
    CudaBuffer r = floats(ranking, "topKMeanForward", "ranking");
    CudaBuffer o = floats(out, "topKMeanForward", "out");
    CudaBuffer idx = indices(outIndex, "topKMeanForward", "outIndex");
    requireSize("topKMeanForward", "values", v, spec.inputSize());
    requireSize("topKMeanForward", "ranking", r, spec.inputSize());
    requireSize("topKMeanForward", "out", o, (long) spec.batch() * spec.channels());
    requireSize("topKMeanForward", "outIndex", idx, spec.indexSize());
    CudaPooling.topKMeanForward(rt, spec, v.memory(), r.memory(), o.memory(), idx.memory());
    Reference.reachabilityFence(v);
    Reference.reachabilityFence(r);
    Reference.reachabilityFence(o);
    Reference.reachabilityFence(idx);
  }

  @Override
  public void topKMeanBackward(TopKMeanSpec spec, Buffer gradOut, Buffer index, Buffer gradValues) {
    requireNonNull("topKMeanBackward", "spec", spec);
    CudaBuffer g = floats(gradOut, "topKMeanBackward", "gradOut");
    CudaBuffer idx = indices(index, "topKMeanBackward", "index");
    CudaBuffer o = floats(gradValues, "topKMeanBackward", "gradValues");
    requireSize("topKMeanBackward", "gradOut", g, (long) spec.batch() * spec.channels());
    requireSize("topKMeanBackward", "index", idx, spec.indexSize());
    requireSize("topKMeanBackward", "gradValues", o, spec.inputSize());
    CudaPooling.topKMeanBackward(rt, spec, g.memory(), idx.memory(), o.memory());
    Reference.reachabilityFence(g);
    Reference.reachabilityFence(idx);
    Reference.reachabilityFence(o);
  }

  @Override
  public void signedSqrtL2Forward(SignedSqrtL2Spec spec, Buffer in, Buffer out, Buffer norms) {
    requireNonNull("signedSqrtL2Forward", "spec", spec);
    CudaBuffer x = floats(in, "signedSqrtL2Forward", "in");
    CudaBuffer o = floats(out, "signedSqrtL2Forward", "out");
    CudaBuffer nrm = norms == null ? null : floats(norms, "signedSqrtL2Forward", "norms");
    requireSize("signedSqrtL2Forward", "in", x, spec.size());
    requireSize("signedSqrtL2Forward", "out", o, spec.size());
    if (nrm != null) {
      requireSize("signedSqrtL2Forward", "norms", nrm, spec.rows());
    }
    CudaPooling.signedSqrtL2Forward(rt, spec, x.memory(), o.memory(), nrm == null ? null : nrm.memory());
    Reference.reachabilityFence(x);
    Reference.reachabilityFence(o);
    Reference.reachabilityFence(nrm);
  }

  @Override
  public void signedSqrtL2Backward(SignedSqrtL2Spec spec, Buffer out, Buffer norms, Buffer gradOut, Buffer gradIn) {
    requireNonNull("signedSqrtL2Backward", "spec", spec);
    CudaBuffer y = floats(out, "signedSqrtL2Backward", "out");
    CudaBuffer nrm = norms == null ? null : floats(norms, "signedSqrtL2Backward", "norms");
    CudaBuffer g = floats(gradOut, "signedSqrtL2Backward", "gradOut");
    CudaBuffer o = floats(gradIn, "signedSqrtL2Backward", "gradIn");
    requireSize("signedSqrtL2Backward", "out", y, spec.size());
    if (nrm != null) {
      requireSize("signedSqrtL2Backward", "norms", nrm, spec.rows());
    }
    requireSize("signedSqrtL2Backward", "gradOut", g, spec.size());
    requireSize("signedSqrtL2Backward", "gradIn", o, spec.size());
    CudaPooling.signedSqrtL2Backward(rt, spec, y.memory(), nrm == null ? null : nrm.memory(), g.memory(),
        o.memory());
    Reference.reachabilityFence(y);
    Reference.reachabilityFence(nrm);
    Reference.reachabilityFence(g);
    Reference.reachabilityFence(o);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  /**
   * A buffer whose contents are undefined. When the device is out of memory even after the allocator has trimmed
   * its cache, buffers that are unreachable but not yet cleaned may be holding the memory: run the GC, give their
   * cleaners a moment, and try once more.
   */
  private CudaBuffer uninitialised(DType dtype, long size, String op) {
    requireNonNull(op, "dtype", dtype);
    if (size < 0 || size > MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          op + ": a CUDA buffer holds 0 to " + MAX_ELEMENTS + " elements, asked for " + size);
    }
    DType stored = dtype.isFloating() ? DType.F32 : DType.I32;
    long bytes = 4 * Math.max(1, size);
    DeviceBuffer memory;
    try {
      memory = rt.allocate(bytes);
    } catch (CudaCallException e) {
      if (!"CUDA_ERROR_OUT_OF_MEMORY".equals(e.errorName())) {
        throw e;
      }
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw e;
      }
      memory = rt.allocate(bytes);
    }
    return new CudaBuffer(memory, stored, size);
  }

  private static CudaBuffer cuda(Buffer b, String op, String what) {
    if (b instanceof CudaBuffer c) {
      return c;
    }
    throw new IllegalArgumentException(op + ": " + what + " must be a CUDA buffer, got "
        + (b == null ? "null" : b.getClass().getSimpleName() + " on " + b.device()));
  }

  private static CudaBuffer floats(Buffer b, String op, String what) {
    CudaBuffer c = cuda(b, op, what);
    if (c.isInt()) {
      throw new IllegalArgumentException(op + ": " + what + " must be a float32 buffer, got " + c.dtype());
    }
    return c;
  }

  private static CudaBuffer indices(Buffer b, String op, String what) {
    CudaBuffer c = cuda(b, op, what);
    if (!c.isInt()) {
      throw new IllegalArgumentException(op + ": " + what + " must be an I32 buffer, got " + c.dtype());
    }
    return c;
  }

  private static void requireNonNull(String op, String what, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(op + ": " + what + " is null");
    }
  }

  private static void requireSize(String op, String what, CudaBuffer b, long expected) {
    if (b.size() != expected) {
      throw new IllegalArgumentException(
          op + ": " + what + " must have " + expected + " elements, got " + b.size());
    }
  }

  private static void requireAtLeast(String op, String what, CudaBuffer b, long expected) {
    if (b.size() < expected) {
      throw new IllegalArgumentException(
          op + ": " + what + " must have at least " + expected + " elements, got " + b.size());
    }
  }

  private static void requireShape(String op, String what, CudaBuffer b, Shape shape) {
    requireNonNull(op, what + " shape", shape);
    if (b.size() != shape.numel()) {
      throw new IllegalArgumentException(op + ": " + what + " has " + b.size() + " elements but its shape " + shape
          + " needs " + shape.numel());
    }
  }

  private static long[] broadcastStrides(String op, String what, Shape shape, Shape target) {
    if (!shape.broadcastsTo(target)) {
      throw new IllegalArgumentException(op + ": " + what + " shape " + shape + " cannot be broadcast to " + target);
    }
    return shape.broadcastStrides(target);
  }

  private static int requireAxis(String op, Shape shape, int axis) {
    if (axis < 0 || axis >= shape.rank()) {
      throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + shape);
    }
    return axis;
  }

  /** CpuIndexing's rule: same rank, and the index no larger than the data off the axis. */
  private static int requireIndexShape(String op, Shape data, int axis, Shape index) {
    int a = requireAxis(op, data, axis);
    if (index.rank() != data.rank()) {
      throw new IllegalArgumentException(
          op + ": index shape " + index + " must have the rank of the data shape " + data);
    }
    for (int d = 0; d < data.rank(); d++) {
      if (d != a && index.dim(d) > data.dim(d)) {
        throw new IllegalArgumentException(
            op + ": index shape " + index + " exceeds data shape " + data + " in dimension " + d);
      }
    }
    return a;
  }

  /** Every element the strided walk touches must lie inside the buffer. */
  private static void requireReach(String op, String what, CudaBuffer b, long offset, long[] strides, int[] dims) {
    long low = offset;
    long high = offset;
    for (int d = 0; d < dims.length; d++) {
      if (dims[d] < 0) {
        throw new IllegalArgumentException(op + ": dims must be >= 0, got " + Arrays.toString(dims));
      }
      if (dims[d] == 0) {
        return;
      }
      long span = strides[d] * (dims[d] - 1L);
      if (span < 0) {
        low += span;
      } else {
        high += span;
      }
    }
    if (low < 0 || high >= b.size()) {
      throw new IllegalArgumentException(op + ": " + what + " offset " + offset + " with strides "
          + Arrays.toString(strides) + " over dims " + Arrays.toString(dims) + " reaches elements " + low + " to "
          + high + ", outside its " + b.size() + " elements");
    }
  }

  /** The elements a strided-batched operand spans: (batch − 1)·stride + matrix, 0 for an empty batch. */
  private static long extent(int batch, long batchStride, long matrix) {
    return batch == 0 || matrix == 0 ? 0 : (batch - 1L) * batchStride + matrix;
  }

  private static long signalSize(Conv1dGeometry g) {
    return (long) g.batch() * g.channels() * g.length();
  }

  private static long columnsSize(Conv1dGeometry g) {
    return (long) g.batch() * g.channels() * g.kernel() * g.outLength();
  }

  private static int prefix(Shape s, int axis) {
    long p = 1;
    for (int d = 0; d < axis; d++) {
      p *= s.dim(d);
    }
    return (int) p;
  }

  private static int suffix(Shape s, int axis) {
    long p = 1;
    for (int d = axis + 1; d < s.rank(); d++) {
      p *= s.dim(d);
    }
    return (int) p;
  }

  /** The kind's grids, each float32 [batch, rows, cols]; null entries allowed only for gradients. */
  private static CudaBuffer[] grids(String op, AlignSpec spec, Buffer[] buffers, boolean nullable) {
    if (buffers == null || buffers.length != spec.kind().inputCount()) {
      throw new IllegalArgumentException(op + ": " + spec.kind() + " takes " + spec.kind().inputCount()
          + " grids, got " + (buffers == null ? "null" : buffers.length));
    }
    CudaBuffer[] out = new CudaBuffer[buffers.length];
    for (int k = 0; k < buffers.length; k++) {
      if (buffers[k] == null && nullable) {
        continue;
      }
      out[k] = floats(buffers[k], op, "grid " + k);
      requireSize(op, "grid " + k, out[k], spec.cells());
    }
    return out;
  }

  private static DeviceBuffer[] memories(CudaBuffer[] buffers) {
    DeviceBuffer[] m = new DeviceBuffer[buffers.length];
    for (int k = 0; k < buffers.length; k++) {
      m[k] = buffers[k] == null ? null : buffers[k].memory();
    }
    return m;
  }

  /**
   * The I32 [batch, 2] lengths, or null. CudaSoftDp downloads them and rejects a pair outside the grid with the CPU
   * backend's check and message before any kernel reads them.
   */
  private static CudaBuffer lengths(AlignSpec spec, Buffer lengths, String op) {
    if (lengths == null) {
      return null;
    }
    CudaBuffer len = indices(lengths, op, "lengths");
    requireSize(op, "lengths", len, 2L * spec.batch());
    return len;
  }
}

package dev.wstal.backend.cuda;

import dev.wstal.backend.MatmulSpec;
import dev.wstal.backend.SignedSqrtL2Spec;
import dev.wstal.backend.TopKMeanSpec;
import dev.wstal.ops.SecondOrderPooling;

/**
 * The GEMM and pooling kernels on plain Java arrays, for embedding callers that have no tensors: each method uploads
 * its inputs, runs the kernels, downloads the results and returns every device buffer to the cache before it
 * returns (so it synchronises; for chains of kernels without round trips use {@link CudaGemm} and
 * {@link CudaPooling} on {@link DeviceBuffer}s). float32 throughout; the semantics are those of the launchers.
 */
public final class CudaArrays {
  private CudaArrays() {}

  /** The top-k means [B, C] and the selected positions [B, k, C] (increasing t along k). */
  public record TopKMean(float[] means, int[] index) {}

  /** The normalised rows [rows, width] and the norms [rows] (an empty array when L2 is off). */
  public record Normalised(float[] out, float[] norms) {}

  /**
   * op(A)·op(B) per {@code spec} into a new array of the output's extent (elements between strided outputs are 0).
   *
   * @throws IllegalArgumentException when {@code spec.accumulate()} (use {@link #matmulInto}) or an array is too
   *     small for the spec
   */
  public static float[] matmul(CudaRuntime rt, float[] a, float[] b, MatmulSpec spec) {
    requireNonNull("matmul", spec, "spec");
    if (spec.accumulate()) {
      throw new IllegalArgumentException(
          "CudaArrays.matmul: spec accumulates into an output it is not given; use matmulInto");
    }
    float[] out = new float[outputExtent(spec)];
    run(rt, a, b, out, spec, false);
    return out;
  }

  /** op(A)·op(B) per {@code spec} into {@code out} (added to it when {@code spec.accumulate()}); returns out. */
  public static float[] matmulInto(CudaRuntime rt, float[] a, float[] b, float[] out, MatmulSpec spec) {
    requireNonNull("matmulInto", spec, "spec");
    requireNonNull("matmulInto", out, "out");
    run(rt, a, b, out, spec, true);
    return out;
  }

  private static void run(CudaRuntime rt, float[] a, float[] b, float[] out, MatmulSpec spec, boolean uploadOut) {
    requireNonNull("matmul", rt, "rt");
    requireNonNull("matmul", a, "a");
    requireNonNull("matmul", b, "b");
    try (DeviceBuffer da = upload(rt, a);
        DeviceBuffer db = upload(rt, b);
        DeviceBuffer dout = rt.allocate(4L * out.length)) {
      if (uploadOut) {
        rt.upload(out, dout);
      } else {
        rt.fillFloat(dout, out.length, 0.0f);
      }
      CudaGemm.matmul(rt, da, db, dout, spec);
      rt.download(dout, out);
    }
  }

  /** Top-k mean pooling of {@code values} ranked by {@code ranking} (pass {@code values} twice to rank by itself). */
  public static TopKMean topKMean(CudaRuntime rt, TopKMeanSpec spec, float[] values, float[] ranking) {
    requireNonNull("topKMean", rt, "rt");
    requireNonNull("topKMean", spec, "spec");
    requireLength("topKMean", "values", values, spec.inputSize());
    requireLength("topKMean", "ranking", ranking, spec.inputSize());
    float[] means = new float[spec.batch() * spec.channels()];
    int[] index = new int[Math.toIntExact(spec.indexSize())];
    try (DeviceBuffer dv = upload(rt, values);
        DeviceBuffer dr = ranking == values ? null : upload(rt, ranking);
        DeviceBuffer dm = rt.allocate(4L * means.length);
        DeviceBuffer di = rt.allocate(4L * index.length)) {
      CudaPooling.topKMeanForward(rt, spec, dv, dr == null ? dv : dr, dm, di);
      rt.download(dm, means);
      rt.download(di, index);
    }
    return new TopKMean(means, index);
  }

  /** The gradient [B, T, C] of the top-k means given their gradient [B, C] and the forward's positions. */
  public static float[] topKMeanBackward(CudaRuntime rt, TopKMeanSpec spec, float[] gradOut, int[] index) {
    requireNonNull("topKMeanBackward", rt, "rt");
    requireNonNull("topKMeanBackward", spec, "spec");
    requireLength("topKMeanBackward", "gradOut", gradOut, (long) spec.batch() * spec.channels());
    if (index == null || index.length != spec.indexSize()) {
      throw new IllegalArgumentException("CudaArrays.topKMeanBackward: index must have " + spec.indexSize()
          + " elements for " + spec + ", got " + (index == null ? "null" : index.length));
    }
    float[] grad = new float[Math.toIntExact(spec.inputSize())];
    try (DeviceBuffer dg = upload(rt, gradOut);
        DeviceBuffer di = rt.allocate(4L * index.length);
        DeviceBuffer dx = rt.allocate(4L * grad.length)) {
      rt.upload(index, di);
      CudaPooling.topKMeanBackward(rt, spec, dg, di, dx);
      rt.download(dx, grad);
    }
    return grad;
  }

  /** Row-wise signed square root and L2 normalisation of {@code in} ({@link SignedSqrtL2Spec}). */
  public static Normalised signedSqrtL2(CudaRuntime rt, SignedSqrtL2Spec spec, float[] in) {
    requireNonNull("signedSqrtL2", rt, "rt");
    requireNonNull("signedSqrtL2", spec, "spec");
    requireLength("signedSqrtL2", "in", in, spec.size());
    float[] out = new float[in.length];
    float[] norms = new float[spec.l2() ? spec.rows() : 0];
    try (DeviceBuffer di = upload(rt, in);
        DeviceBuffer dout = rt.allocate(4L * out.length);
        DeviceBuffer dn = rt.allocate(4L * norms.length)) {
      CudaPooling.signedSqrtL2Forward(rt, spec, di, dout, spec.l2() ? dn : null);
      rt.download(dout, out);
      rt.download(dn, norms);
    }
    return new Normalised(out, norms);
  }

  /** The gradient of {@link #signedSqrtL2} from its output, its norms (ignored when L2 is off) and gradOut. */
  public static float[] signedSqrtL2Backward(
      CudaRuntime rt, SignedSqrtL2Spec spec, float[] out, float[] norms, float[] gradOut) {
    requireNonNull("signedSqrtL2Backward", rt, "rt");
    requireNonNull("signedSqrtL2Backward", spec, "spec");
    requireLength("signedSqrtL2Backward", "out", out, spec.size());
    requireLength("signedSqrtL2Backward", "gradOut", gradOut, spec.size());
    if (spec.l2()) {
      requireLength("signedSqrtL2Backward", "norms", norms, spec.rows());
    }
    float[] grad = new float[out.length];
    try (DeviceBuffer dout = upload(rt, out);
        DeviceBuffer dn = spec.l2() ? upload(rt, norms) : null;
        DeviceBuffer dg = upload(rt, gradOut);
        DeviceBuffer dx = rt.allocate(4L * grad.length)) {
      CudaPooling.signedSqrtL2Backward(rt, spec, dout, dn, dg, dx);
      rt.download(dx, grad);
    }
    return grad;
  }

  /**
   * SAL's second-order pooling forward ({@link SecondOrderPooling.Options#sal()}): for each sample the Gram matrix
   * XᵀX / T² of x [B, T, D], then the signed square root (ε = {@value SecondOrderPooling#SIGNED_SQRT_EPSILON}) and
   * L2 normalisation of its D² values; returns [B, D·D] row-major. Two kernels: one batched GEMM with the 1/T²
   * scale in its epilogue, then the normalisation.
   */
  public static float[] salPooling(CudaRuntime rt, float[] x, int batch, int length, int width) {
    requireNonNull("salPooling", rt, "rt");
    if (batch < 0 || length < 1 || width < 1) {
      throw new IllegalArgumentException("CudaArrays.salPooling: need batch >= 0, length >= 1, width >= 1, got batch="
          + batch + " length=" + length + " width=" + width);
    }
    long gram = (long) width * width;
    if (gram > Integer.MAX_VALUE || batch * gram > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "CudaArrays.salPooling: the output [" + batch + ", " + gram + "] does not fit a Java array");
    }
    requireLength("salPooling", "x", x, (long) batch * length * width);
    // G_b = X_bᵀ·X_b: A and B are both x (A read transposed), one [T, D] matrix per sample.
    long sample = (long) length * width;
    MatmulSpec product = new MatmulSpec(batch, width, length, width, true, false, sample, sample, gram, false);
    SignedSqrtL2Spec normalise = new SignedSqrtL2Spec(
        batch, (int) gram, true, SecondOrderPooling.SIGNED_SQRT_EPSILON, true, SecondOrderPooling.L2_EPSILON);
    float[] out = new float[(int) (batch * gram)];
    try (DeviceBuffer dx = upload(rt, x);
        DeviceBuffer g = rt.allocate(4L * out.length);
        DeviceBuffer dout = rt.allocate(4L * out.length);
        DeviceBuffer norms = rt.allocate(4L * batch)) {
      float scale = (float) (1.0 / ((double) length * length));
      CudaGemm.matmul(rt, dx, dx, g, product, scale);
      CudaPooling.signedSqrtL2Forward(rt, normalise, g, dout, norms);
      rt.download(dout, out);
    }
    return out;
  }

  /** The elements an output of {@code spec} spans, as a Java array length. */
  private static int outputExtent(MatmulSpec s) {
    long mn = (long) s.m() * s.n();
    long extent = s.batch() == 0 || mn == 0 ? 0
        : s.outBatchStride() == 0 ? mn : (s.batch() - 1L) * s.outBatchStride() + mn;
    if (extent > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("CudaArrays.matmul: the output spans " + extent
          + " elements, more than a Java array holds");
    }
    return (int) extent;
  }

  private static DeviceBuffer upload(CudaRuntime rt, float[] data) {
    DeviceBuffer d = rt.allocate(4L * data.length);
    try {
      rt.upload(data, d);
      return d;
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
  }

  private static void requireLength(String op, String name, float[] a, long needed) {
    if (a == null || a.length < needed) {
      throw new IllegalArgumentException("CudaArrays." + op + ": " + name + " must have at least " + needed
          + " elements, got " + (a == null ? "null" : a.length));
    }
  }

  private static void requireNonNull(String op, Object o, String name) {
    if (o == null) {
      throw new IllegalArgumentException("CudaArrays." + op + ": " + name + " is null");
    }
  }
}

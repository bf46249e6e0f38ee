package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.SignedSqrtL2Spec;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Second-order (bilinear or covariance) pooling of snippet features ({@code sal.md} §4): x is [B, T, D] and the
 * result [B, D·D] holds each sample's D×D matrix row-major (index i·D + j, the full matrix, so a following linear
 * layer stays layout-compatible with SAL's released weights). The stages, each set by {@link Options}:
 *
 * <ol>
 *   <li>M = X, or X with each channel's mean over T subtracted ({@code centred});
 *   <li>G = MᵀM / T² ({@code divideByLengthSquared}, SAL's code) or / T (a covariance);
 *   <li>optionally the iSQRT-COV square root: τ = tr(G) + 1e-12, A = G/τ, Y₀ = A, Z₀ = I, P_k = ½(3I − Z_{k−1}Y_{k−1}),
 *       Y_k = Y_{k−1}P_k, Z_k = P_kZ_{k−1}, result sqrt(τ)·Y_K;
 *   <li>optionally the signed square root sign(g)·sqrt(|g| + 1e-5) elementwise (sign(0) = 0, so exact zeros of
 *       post-ReLU features stay 0 with gradient 0);
 *   <li>optionally L2 normalisation of each sample's D² vector with denominator max(‖h‖₂, 1e-12).
 * </ol>
 *
 * <p>One fused op with an analytic backward: M̄ = M(Ḡ + Ḡᵀ)/T² (or /T), which needs no
 * projection back through the centring (its columns already sum to zero); the
 * Newton–Schulz chain is reversed over its saved iterates; the normalisation's backward reads only its output.
 * Memory kept for the backward: M (B·T·D) and the output (B·D²), plus 3K matrices per sample (3K·B·D²) when the
 * matrix square root is on; linear in B·D² throughout.
 */
public final class SecondOrderPooling extends Op {
  /** The ε inside the signed square root (SAL's released code). */
  public static final double SIGNED_SQRT_EPSILON = 1e-5;

  /** The floor of the L2 norm's denominator (PyTorch's {@code F.normalize} default). */
  public static final double L2_EPSILON = 1e-12;

  /** Added to the trace before the Newton–Schulz pre-normalisation, so that G = 0 maps to 0. */
  public static final double TRACE_EPSILON = NewtonSchulzSquareRoot.TRACE_EPSILON;

  /**
   * The pooling's settings.
   *
   * @param centred subtract each channel's mean over T first
   * @param divideByLengthSquared divide the Gram matrix by T² (SAL's code) instead of T
   * @param newtonSchulzIterations K ≥ 1 for the iSQRT-COV matrix square root, 0 for none
   * @param signedSqrt apply sign(g)·sqrt(|g| + 1e-5) elementwise
   * @param l2Normalise divide each sample's D² vector by max(‖h‖₂, 1e-12)
   */
  public record Options(
      boolean centred,
      boolean divideByLengthSquared,
      int newtonSchulzIterations,
      boolean signedSqrt,
      boolean l2Normalise) {

    public Options {
      if (newtonSchulzIterations < 0) {
        throw new IllegalArgumentException(
            "SecondOrderPooling.Options: newtonSchulzIterations must be >= 0 (0 = no matrix square root), got "
                + newtonSchulzIterations);
      }
    }

    /**
     * SAL's released form ({@code sal.md} §4.1, preset PARITY): uncentred G = XᵀX/T², signed square root, L2.
     */
    public static Options sal() {
      return new Options(false, true, 0, true, true);
    }

    /**
     * The centred covariance Σ = X̄ᵀX̄/T followed by the iSQRT-COV square root with the given number of iterations;
     * the output is sqrt(tr Σ + 1e-12)·Y_K with no further normalisation (add it with {@link #withL2Normalise}).
     */
    public static Options covariance(int iterations) {
      if (iterations < 1) {
        throw new IllegalArgumentException(
            "SecondOrderPooling.Options.covariance: iterations must be >= 1, got " + iterations);
      }
      return new Options(true, false, iterations, false, false);
    }

    /** {@code sal.md} preset COV: centred, /T, signed square root, L2. */
    public static Options centredSignedSqrt() {
      return new Options(true, false, 0, true, true);
    }

    /** {@code sal.md} preset ISQRT: centred, /T, Newton–Schulz with K = 5, L2. */
    public static Options isqrt() {
      return covariance(5).withL2Normalise(true);
    }

    public Options withCentred(boolean value) {
      return new Options(value, divideByLengthSquared, newtonSchulzIterations, signedSqrt, l2Normalise);
    }

    public Options withDivideByLengthSquared(boolean value) {
      return new Options(centred, value, newtonSchulzIterations, signedSqrt, l2Normalise);
    }

    public Options withNewtonSchulzIterations(int value) {
      return new Options(centred, divideByLengthSquared, value, signedSqrt, l2Normalise);
    }

    public Options withSignedSqrt(boolean value) {
      return new Options(centred, divideByLengthSquared, newtonSchulzIterations, value, l2Normalise);
    }

    public Options withL2Normalise(boolean value) {
      return new Options(centred, divideByLengthSquared, newtonSchulzIterations, signedSqrt, value);
    }

    boolean normalises() {
      return signedSqrt || l2Normalise;
    }
  }

  private final Options options;

  private SecondOrderPooling(Options options) {
    this.options = options;
  }

  /** Pools x [B, T, D] into [B, D·D]. */
  public static Tensor apply(Tensor x, Options options) {
    if (options == null) {
      throw new IllegalArgumentException("SecondOrderPooling: options is null (use Options.sal())");
    }
    return new SecondOrderPooling(options).apply(x);
  }

  @Override
  public String name() {
    return "SecondOrderPooling";
  }

  private double scale(int length) {
    return options.divideByLengthSquared() ? 1.0 / ((double) length * length) : 1.0 / length;
  }

  private static SignedSqrtL2Spec normalisation(Options o, int batch, int d) {
    return new SignedSqrtL2Spec(batch, d * d, o.signedSqrt(), SIGNED_SQRT_EPSILON, o.l2Normalise(), L2_EPSILON);
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    Tensor x = in[0];
    Shape s = x.shapeObject();
    Primitives.requireFloating(name(), x, "x");
    if (s.rank() != 3 || s.dim(1) < 1 || s.dim(2) < 1) {
      throw new IllegalArgumentException(
          name() + ": x must be [B, T, D] with T >= 1 and D >= 1, got shape " + s);
    }
    int batch = s.dim(0);
    int length = s.dim(1);
    int d = s.dim(2);
    if ((long) d * d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name() + ": D·D must fit an int index, got D = " + d);
    }
    Tensor m = options.centred() ? centre(x) : x;
    Tensor h = Primitives.scalar(ScalarOp.MUL, BatchedMatrices.product(m, true, m, false), scale(length));
    int iterations = options.newtonSchulzIterations();
    Tensor[] saved = new Tensor[3 + (iterations > 0 ? NewtonSchulzSquareRoot.Saved.size(iterations) : 0)];
    if (iterations > 0) {
      NewtonSchulzSquareRoot.Result r = NewtonSchulzSquareRoot.forward(h, iterations);
      h = r.output();
      Tensor[] chain = r.saved().flatten();
      System.arraycopy(chain, 0, saved, 3, chain.length);
    }
    Tensor out = h;
    Tensor norms = null;
    if (options.normalises()) {
      out = Primitives.alloc(h, h.shapeObject());
      norms = Primitives.alloc(h, Shape.of(batch));
      h.backend().signedSqrtL2Forward(normalisation(options, batch, d), h.buffer(), out.buffer(), norms.buffer());
    }
    saved[0] = m;
    saved[1] = out;
    saved[2] = norms;
    ctx.save(saved);
    return Primitives.view(out, Shape.of(batch, d * d));
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Shape s = ctx.inputShape(0);
    int batch = s.dim(0);
    int d = s.dim(2);
    Tensor m = ctx.saved(0);
    Tensor gh = Primitives.view(g, Shape.of(batch, d, d));
    if (options.normalises()) {
      Tensor raw = gh;
      gh = Primitives.alloc(g, raw.shapeObject());
      g.backend()
          .signedSqrtL2Backward(
              normalisation(options, batch, d), ctx.saved(1).buffer(),
              ctx.saved(2) == null ? null : ctx.saved(2).buffer(), raw.buffer(), gh.buffer());
    }
    int iterations = options.newtonSchulzIterations();
    if (iterations > 0) {
      Tensor[] all = new Tensor[NewtonSchulzSquareRoot.Saved.size(iterations)];
      for (int i = 0; i < all.length; i++) {
        all[i] = ctx.saved(3 + i);
      }
      gh = NewtonSchulzSquareRoot.backward(NewtonSchulzSquareRoot.Saved.unflatten(all, 0, iterations), gh);
    }
    Tensor symmetric = Primitives.scalar(ScalarOp.MUL, BatchedMatrices.symmetricPart(gh), scale(s.dim(1)));
    // When centred, M̄ = M·S already has zero mean over T (the columns of M do), so the centring's adjoint, which
    // subtracts that mean, is the identity here and is skipped.
    return new Tensor[] {BatchedMatrices.product(m, false, symmetric, false)};
  }

  /** Subtracts each (b, channel)'s mean over T. */
  private static Tensor centre(Tensor x) {
    Tensor mean =
        Primitives.scalar(
            ScalarOp.MUL, Primitives.reduce(ReduceOp.SUM, x, new boolean[] {false, true, false}), 1.0 / x.dim(1));
    return Primitives.binary("SecondOrderPooling", BinaryOp.SUB, x, mean);
  }
}

package dev.wstal.ops;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.Buffer;
import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;

/**
 * Differentiable sequence-alignment scores ({@code ftcl.md} §6–§7) over a batch of pairs: grids are [B, N, M]
 * (one score per pair, shape [B]) or a single [N, M] pair (a scalar). Optional {@code lengths}, an I32 [B, 2]
 * tensor of per-pair (n, m) with 1 ≤ n ≤ N and 1 ≤ m ≤ M, run pair b on the top-left n×m corner of its grid;
 * the rest is padding that is never read and gets gradient 0.
 *
 * <ul>
 *   <li>{@link #fsd}: C(i,0) = C(0,j) = 0, C(i,j) = match + smax_γ(C(i−1,j−1), gapInsert + C(i−1,j), gapDelete +
 *       C(i,j−1)), score C(n,m). VJP: E = ∂score/∂C by the adjoint sweep; d match = E, d gapInsert = E·w_up,
 *       d gapDelete = E·w_left. Passing one tensor as both gaps (FTCL's code) sums the two.
 *   <li>{@link #softDtw}: R(0,0) = 0, other borders +∞, R(i,j) = cost − smax_γ(−R(i−1,j−1), −R(i−1,j),
 *       −R(i,j−1)). VJP: d cost = E (the expected alignment matrix).
 *   <li>{@link #lcs}: gate β = σ((sim − τ)/t), R = β(R(i−1,j−1) + sim) + (1−β)·smax_γ(R(i−1,j), R(i,j−1)),
 *       borders 0. VJP: d sim = E·(β + β(1−β)(A − S)/t) with A, S the match and skip branches.
 *   <li>{@link #lcsHard}: FTCL's released LCS, R = R(i−1,j−1) + sim if sim &gt; τ (strict) else max(R(i−1,j),
 *       R(i,j−1)) with ties to the upper cell. VJP: 1 at the matched cells of the backtracked path, 0 elsewhere
 *       (the exact derivative of the program away from sim = τ and from ties between sums).
 * </ul>
 *
 * <p>One fused op each: the forward stores every cell's normalised propagation coefficients, and the backward is
 * one linear sweep over them ({@link dev.wstal.backend.Backend#alignBackward}), never autograd through per-cell
 * ops. smax is evaluated around its maximum, so γ from 1e-3 to 10 neither overflows nor produces NaN. Memory:
 * 3 (LCS soft: 4) floats of the backend's type per cell are kept until the backward.
 */
public final class SoftAlign extends Op {
  private final AlignKind kind;
  private final double gamma;
  private final double tau;
  private final double temperature;
  private final boolean hasLengths;

  private SoftAlign(AlignKind kind, double gamma, double tau, double temperature, boolean hasLengths) {
    this.kind = kind;
    this.gamma = gamma;
    this.tau = tau;
    this.temperature = temperature;
    this.hasLengths = hasLengths;
  }

  public static Tensor fsd(Tensor match, Tensor gapInsert, Tensor gapDelete, double gamma) {
    return fsd(match, gapInsert, gapDelete, null, gamma);
  }

  public static Tensor fsd(Tensor match, Tensor gapInsert, Tensor gapDelete, Tensor lengths, double gamma) {
    return run(new SoftAlign(AlignKind.FSD, gamma, 0, 1, lengths != null), lengths, match, gapInsert, gapDelete);
  }

  public static Tensor softDtw(Tensor cost, double gamma) {
    return softDtw(cost, null, gamma);
  }

  public static Tensor softDtw(Tensor cost, Tensor lengths, double gamma) {
    return run(new SoftAlign(AlignKind.SOFT_DTW, gamma, 0, 1, lengths != null), lengths, cost);
  }

  public static Tensor lcs(Tensor sim, double tau, double gamma, double gateTemperature) {
    return lcs(sim, null, tau, gamma, gateTemperature);
  }

  public static Tensor lcs(Tensor sim, Tensor lengths, double tau, double gamma, double gateTemperature) {
    return run(new SoftAlign(AlignKind.LCS_SOFT, gamma, tau, gateTemperature, lengths != null), lengths, sim);
  }

  public static Tensor lcsHard(Tensor sim, double tau) {
    return lcsHard(sim, null, tau);
  }

  public static Tensor lcsHard(Tensor sim, Tensor lengths, double tau) {
    return run(new SoftAlign(AlignKind.LCS_HARD, 1, tau, 1, lengths != null), lengths, sim);
  }

  private static Tensor run(SoftAlign op, Tensor lengths, Tensor... grids) {
    if (lengths == null) {
      return op.apply(grids);
    }
    Tensor[] all = java.util.Arrays.copyOf(grids, grids.length + 1);
    all[grids.length] = lengths;
    return op.apply(all);
  }

  @Override
  public String name() {
    return "SoftAlign." + switch (kind) {
      case FSD -> "fsd";
      case SOFT_DTW -> "softDtw";
      case LCS_SOFT -> "lcs";
      case LCS_HARD -> "lcsHard";
    };
  }

  private AlignSpec spec(Shape grid) {
    boolean batched = grid.rank() == 3;
    int rows = grid.dim(batched ? 1 : 0);
    int cols = grid.dim(batched ? 2 : 1);
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(name() + ": grids must have at least one row and column, got " + grid);
    }
    try {
      return new AlignSpec(kind, batched ? grid.dim(0) : 1, rows, cols, gamma, tau, temperature);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected Tensor forward(Ctx ctx, Tensor... in) {
    int grids = kind.inputCount();
    Shape shape = in[0].shapeObject();
    if (shape.rank() != 2 && shape.rank() != 3) {
      throw new IllegalArgumentException(
          name() + ": grids must be [B, N, M] or [N, M], got shape " + shape);
    }
    String[] names = kind == AlignKind.FSD ? new String[] {"match", "gapInsert", "gapDelete"} : new String[] {"grid"};
    for (int k = 0; k < grids; k++) {
      Primitives.requireFloating(name(), in[k], names[k]);
      if (!in[k].shapeObject().equals(shape)) {
        throw new IllegalArgumentException(
            name() + ": " + names[k] + " has shape " + in[k].shapeObject() + ", expected " + shape + " (as "
                + names[0] + ")");
      }
    }
    AlignSpec spec = spec(shape);
    Tensor lengths = hasLengths ? in[grids] : null;
    if (lengths != null) {
      Primitives.requireIndex(name(), lengths, "lengths");
      Shape expected = Shape.of(spec.batch(), 2);
      if (shape.rank() != 3 || !lengths.shapeObject().equals(expected)) {
        throw new IllegalArgumentException(
            name() + ": lengths must be I32 " + expected + " for grids " + shape + " (batched [B, N, M] only), got "
                + lengths.shapeObject());
      }
    }
    Buffer[] buffers = new Buffer[grids];
    for (int k = 0; k < grids; k++) {
      buffers[k] = in[k].buffer();
    }
    Tensor scores = Primitives.alloc(in[0], shape.rank() == 3 ? Shape.of(spec.batch()) : Shape.scalar());
    Tensor state = Primitives.alloc(in[0], in[0].dtype(), Shape.of(spec.batch(), spec.rows(), spec.cols(), kind.stateWidth()));
    try {
      in[0].backend().alignForward(spec, buffers, lengths == null ? null : lengths.buffer(), scores.buffer(), state.buffer());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name() + ": " + e.getMessage(), e);
    }
    ctx.save(state, lengths);
    return scores;
  }

  @Override
  protected Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor state = ctx.saved(0);
    Tensor lengths = ctx.saved(1);
    Shape shape = ctx.inputShape(0);
    AlignSpec spec = spec(shape);
    Tensor[] out = new Tensor[ctx.inputCount()];
    Buffer[] buffers = new Buffer[kind.inputCount()];
    for (int k = 0; k < buffers.length; k++) {
      if (ctx.needsInputGrad(k)) {
        out[k] = Primitives.alloc(g, shape);
        buffers[k] = out[k].buffer();
      }
    }
    g.backend().alignBackward(spec, lengths == null ? null : lengths.buffer(), state.buffer(), g.buffer(), buffers);
    return out;
  }
}

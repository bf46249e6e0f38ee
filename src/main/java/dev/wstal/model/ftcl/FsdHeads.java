package dev.wstal.model.ftcl;

import dev.wstal.nn.Init;
import dev.wstal.nn.Linear;
import dev.wstal.nn.Module;
import dev.wstal.tensor.Tensor;

/**
 * The paper form's three FSD residual heads f_μ, f_g, f_h ({@code ftcl.md} §6.2): separate 3-layer MLPs E → E/2 →
 * E/2 → E/4 with ReLU between the layers (2048 → 1024 → 1024 → 512 for I3D, the library's reading of the paper),
 * applied to rows of the embedding E directly (not to the code form's projection).
 */
public final class FsdHeads extends Module {
  private final Mlp match;
  private final Mlp insert;
  private final Mlp delete;

  public FsdHeads(int embedDim, long seed) {
    if (embedDim < 4) {
      throw new IllegalArgumentException("FsdHeads: embedDim must be >= 4 (the last layer has E/4 outputs), got "
          + embedDim);
    }
    this.match = registerModule("match", new Mlp(embedDim, Init.stream(seed, 0)));
    this.insert = registerModule("insert", new Mlp(embedDim, Init.stream(seed, 1)));
    this.delete = registerModule("delete", new Mlp(embedDim, Init.stream(seed, 2)));
  }

  /** f_μ of rows [..., E]. */
  public Tensor match(Tensor rows) {
    return match.forward(rows);
  }

  /** f_g of rows [..., E]. */
  public Tensor insert(Tensor rows) {
    return insert.forward(rows);
  }

  /** f_h of rows [..., E]. */
  public Tensor delete(Tensor rows) {
    return delete.forward(rows);
  }

  /** f_μ (the heads are used by name; forward is the match head). */
  @Override
  public Tensor forward(Tensor x) {
    return match(x);
  }

  /** Linear, ReLU, Linear, ReLU, Linear. */
  private static final class Mlp extends Module {
    private final Linear first;
    private final Linear second;
    private final Linear third;

    Mlp(int e, long seed) {
      this.first = registerModule("0", new Linear(e, e / 2, true, Init.stream(seed, 0)));
      this.second = registerModule("1", new Linear(e / 2, e / 2, true, Init.stream(seed, 1)));
      this.third = registerModule("2", new Linear(e / 2, e / 4, true, Init.stream(seed, 2)));
    }

    @Override
    public Tensor forward(Tensor x) {
      return third.forward(second.forward(first.forward(x).relu()).relu());
    }
  }
}

package dev.wstal.backend;

/**
 * The alignment dynamic programs of {@code ftcl.md} §6–§7. Each is a recurrence over an n×m grid whose cell
 * depends on its diagonal, upper and left neighbours; the forward stores, per cell, the local Jacobian of the cell
 * with respect to those three predecessors (the <em>propagation coefficients</em>), so every backward is the same
 * linear adjoint sweep E(i,j) = Σ<sub>successors</sub> coefficient·E(successor) with no transcendental work.
 */
public enum AlignKind {
  /**
   * Fine-grained sequence distance (a similarity, maximised). Inputs match, gapInsert, gapDelete. C(i,0) = C(0,j)
   * = 0; C(i,j) = match + smax_γ(C(i−1,j−1), gapInsert + C(i−1,j), gapDelete + C(i,j−1)). Coefficients: the three
   * soft-argmax weights.
   */
  FSD(3, 3),
  /**
   * Soft-DTW (Cuturi and Blondel 2017). Input cost. R(0,0) = 0, R(i,0) = R(0,j) = +∞; R(i,j) = cost −
   * smax_γ(−R(i−1,j−1), −R(i−1,j), −R(i,j−1)). Coefficients: the three soft-argmin weights.
   */
  SOFT_DTW(1, 3),
  /**
   * Soft LCS (this library's differentiable LCS). Input sim. β = σ((sim − τ)/t); R = β·(R(i−1,j−1) + sim) +
   * (1−β)·smax_γ(R(i−1,j), R(i,j−1)), borders 0. Coefficients: β, (1−β)·u, (1−β)·l; a fourth slot holds the
   * local derivative ∂R/∂sim.
   */
  LCS_SOFT(1, 4),
  /**
   * FTCL's hard LCS: R = R(i−1,j−1) + sim if sim &gt; τ, else max(R(i−1,j), R(i,j−1)) taking the upper cell on
   * ties. Coefficients are 0/1 flags of the branch taken, so the adjoint marks the backtracked path; the gradient is
   * 1 at its matched cells.
   */
  LCS_HARD(1, 3);

  private final int inputs;
  private final int stateWidth;

  AlignKind(int inputs, int stateWidth) {
    this.inputs = inputs;
    this.stateWidth = stateWidth;
  }

  /** How many n×m input arrays the recurrence reads. */
  public int inputCount() {
    return inputs;
  }

  /** Doubles (or floats) stored per cell by the forward for the backward. */
  public int stateWidth() {
    return stateWidth;
  }
}

package dev.wstal.eval.proposals;

import java.util.List;

/**
 * How one class's pooled proposals are suppressed ({@code evaluation.md} §5.4–§5.5, {@code sal.md} §9.7).
 *
 * @param kind the routine
 * @param threshold IoU threshold, inclusive (≥ suppresses): 0.6 UM/CoLA, 0.5 FuSTAL, 0.55 FTCL, 0.7 BaS-Net, 0.4
 *     SAL; unused by {@link Kind#GAUSSIAN_SOFT}
 * @param plusOne the "+1" IoU [P]; false gives the true IoU [O]
 * @param decay α of {@link Kind#DECAY_ONCE} (SAL 0.3) or σ of {@link Kind#GAUSSIAN_SOFT} (CO2-Net 0.3); unused by
 *     {@link Kind#HARD}
 */
public record Suppression(Kind kind, double threshold, boolean plusOne, double decay) {
  /** The suppression routine. */
  public enum Kind {
    /** Greedy hard NMS ({@link HardNms}). */
    HARD,
    /** Hard NMS whose dropped proposals are decayed once and appended ({@link DecayOnceNms}; SAL). */
    DECAY_ONCE,
    /** Gaussian soft-NMS with CO2-Net's swap ({@link GaussianSoftNms}). */
    GAUSSIAN_SOFT
  }

  /** Validates the settings. */
  public Suppression {
    if (kind == null) {
      throw new IllegalArgumentException("suppression kind: expected HARD, DECAY_ONCE or GAUSSIAN_SOFT, got null");
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("suppression threshold: expected a finite IoU, got " + threshold);
    }
    if (kind != Kind.HARD && !(decay > 0 && Double.isFinite(decay))) {
      throw new IllegalArgumentException("suppression decay: expected a finite number > 0 for " + kind + ", got "
          + decay);
    }
  }

  /** Greedy hard NMS at {@code threshold} with the "+1" IoU. */
  public static Suppression hard(double threshold) {
    return new Suppression(Kind.HARD, threshold, true, 0);
  }

  /** This suppression with the "+1" IoU switched on or off. */
  public Suppression withPlusOne(boolean on) {
    return new Suppression(kind, threshold, on, decay);
  }

  /** The survivors of {@code pool} (one class, generation order), in output order. Not modified: {@code pool}. */
  public List<Proposal> apply(List<Proposal> pool) {
    return switch (kind) {
      case HARD -> HardNms.apply(pool, threshold, plusOne);
      case DECAY_ONCE -> DecayOnceNms.apply(pool, threshold, plusOne, decay);
      case GAUSSIAN_SOFT -> GaussianSoftNms.apply(pool, plusOne, decay);
    };
  }
}

package dev.wstal.eval.proposals;

/**
 * One scored candidate segment of a class, before or after suppression: the references' row
 * {@code [class, score, t_start, t_end]}.
 *
 * @param classIndex index into the model's class axis
 * @param score OIC score (after soft-NMS: the decayed score)
 * @param start start, in seconds (or snippets for {@link TimeAxis.Unit#SNIPPETS})
 * @param end end, same unit
 */
public record Proposal(int classIndex, double score, double start, double end) {
  /** This proposal with another score. */
  public Proposal withScore(double newScore) {
    return new Proposal(classIndex, newScore, start, end);
  }

  /** The scores of a pool, in pool order. */
  static double[] scores(java.util.List<Proposal> pool) {
    double[] s = new double[pool.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = pool.get(i).score();
    }
    return s;
  }
}

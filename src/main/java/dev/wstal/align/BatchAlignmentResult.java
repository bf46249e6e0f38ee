package dev.wstal.align;

/**
 * Scores and gradients of a packed batch of pairs: {@code scores[p]} for pair p, and {@code gradients[k]} the
 * d score_p / d (input k) of every pair, packed exactly like input k (pair p's n_p×m_p row-major block after
 * those of pairs 0..p−1). Scores are computed and returned in float64; gradients are rounded to float32.
 */
public record BatchAlignmentResult(double[] scores, float[][] gradients) {}

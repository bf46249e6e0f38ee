package dev.wstal.train;

/**
 * One video's evaluation-mode outputs in host arrays, the input of post-processing and of the report's plots
 * ({@code ftcl.md} §10).
 *
 * @param videoId the video
 * @param originalSnippets T_v before test-time sampling
 * @param snippetIndex which original snippet each of the T network positions shows
 * @param cas P^ins_{t,c}, [T][C] (softmax over C + 1, background column dropped)
 * @param attention a^ins_t, [T]
 * @param videoScores p^ins_c, [C] (softmax over C + 1, background dropped)
 */
public record SnippetPrediction(
    String videoId, int originalSnippets, int[] snippetIndex, double[][] cas, double[] attention,
    double[] videoScores) {}

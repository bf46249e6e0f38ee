package dev.wstal.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The packed float32 batch API of {@link Alignments} against the float64 single-pair API and the table
 * recurrences of {@link AlignmentsOracleTest}, and the argument validation of both APIs.
 */
class AlignmentsBatchTest {

  /** Ragged pairs packed back to back, float32, with double copies of each pair's block. */
  private static final class Packed {
    final int[] rows;
    final int[] cols;
    final int[] offsets;
    final float[][] data;

    Packed(Random r, int pairs, int maxDim, int inputs, double lo, double hi) {
      rows = new int[pairs];
      cols = new int[pairs];
      offsets = new int[pairs + 1];
      for (int p = 0; p < pairs; p++) {
        rows[p] = 1 + r.nextInt(maxDim);
        cols[p] = 1 + r.nextInt(maxDim);
        offsets[p + 1] = offsets[p] + rows[p] * cols[p];
      }
      data = new float[inputs][offsets[pairs]];
      for (float[] d : data) {
        for (int c = 0; c < d.length; c++) {
          d[c] = (float) (lo + (hi - lo) * r.nextDouble());
        }
      }
    }

    double[] block(int k, int p) {
      double[] b = new double[rows[p] * cols[p]];
      for (int c = 0; c < b.length; c++) {
        b[c] = data[k][offsets[p] + c];
      }
      return b;
    }
  }

  /** Batch gradients of pair p equal the double ones rounded to float (up to one float rounding). */
  private static void assertPairGradients(Packed pk, BatchAlignmentResult got, AlignmentResult want, int p,
      String what) {
    for (int k = 0; k < want.gradients().length; k++) {
      double[] w = want.gradients()[k];
      for (int c = 0; c < w.length; c++) {
        float g = got.gradients()[k][pk.offsets[p] + c];
        double tol = 1e-6 * Math.max(1e-3, Math.abs(w[c]));
        if (!(Math.abs(g - w[c]) <= tol)) {
          fail(what + " pair " + p + " (" + pk.rows[p] + "x" + pk.cols[p] + ") input " + k + " cell " + c
              + ": batch " + g + ", single " + w[c]);
        }
      }
    }
  }

  private static void assertScore(double want, double got, String what) {
    assertEquals(want, got, 1e-12 * Math.max(1, Math.abs(want)), what);
  }

  @Test
  void fsdBatchEqualsPerPair() {
    Random r = new Random(1);
    Packed pk = new Packed(r, 25, 7, 3, -1, 1);
    double gamma = 0.2;
    BatchAlignmentResult got = Alignments.fsdBatch(pk.data[0], pk.data[1], pk.data[2], pk.rows, pk.cols, gamma);
    assertEquals(25, got.scores().length);
    assertEquals(3, got.gradients().length);
    for (int p = 0; p < 25; p++) {
      double[] a = pk.block(0, p);
      double[] b = pk.block(1, p);
      double[] c = pk.block(2, p);
      AlignmentResult want = Alignments.fsd(a, b, c, pk.rows[p], pk.cols[p], gamma);
      assertScore(want.score(), got.scores()[p], "fsdBatch score " + p);
      assertScore(AlignmentsOracleTest.dpFsd(a, b, c, pk.rows[p], pk.cols[p], gamma), got.scores()[p],
          "fsdBatch score vs recurrence " + p);
      assertPairGradients(pk, got, want, p, "fsdBatch");
    }
  }

  @Test
  void softDtwBatchEqualsPerPair() {
    Random r = new Random(2);
    Packed pk = new Packed(r, 25, 7, 1, 0, 2);
    double gamma = 0.5;
    BatchAlignmentResult got = Alignments.softDtwBatch(pk.data[0], pk.rows, pk.cols, gamma);
    for (int p = 0; p < 25; p++) {
      double[] c = pk.block(0, p);
      AlignmentResult want = Alignments.softDtw(c, pk.rows[p], pk.cols[p], gamma);
      assertScore(want.score(), got.scores()[p], "softDtwBatch score " + p);
      assertScore(AlignmentsOracleTest.dpDtw(c, pk.rows[p], pk.cols[p], gamma), got.scores()[p],
          "softDtwBatch score vs recurrence " + p);
      assertPairGradients(pk, got, want, p, "softDtwBatch");
    }
  }

  @Test
  void lcsBatchEqualsPerPair() {
    Random r = new Random(3);
    Packed pk = new Packed(r, 25, 7, 1, 0, 1);
    double tau = 0.6;
    double gamma = 0.1;
    double t = 0.2;
    BatchAlignmentResult got = Alignments.lcsBatch(pk.data[0], pk.rows, pk.cols, tau, gamma, t);
    for (int p = 0; p < 25; p++) {
      double[] s = pk.block(0, p);
      AlignmentResult want = Alignments.lcs(s, pk.rows[p], pk.cols[p], tau, gamma, t);
      assertScore(want.score(), got.scores()[p], "lcsBatch score " + p);
      assertScore(AlignmentsOracleTest.dpLcs(s, pk.rows[p], pk.cols[p], tau, gamma, t, false), got.scores()[p],
          "lcsBatch score vs recurrence " + p);
      assertPairGradients(pk, got, want, p, "lcsBatch");
    }
  }

  @Test
  void lcsHardBatchEqualsPerPair() {
    Random r = new Random(4);
    Packed pk = new Packed(r, 25, 7, 1, 0, 1);
    double tau = 0.5;
    BatchAlignmentResult got = Alignments.lcsHardBatch(pk.data[0], pk.rows, pk.cols, tau);
    for (int p = 0; p < 25; p++) {
      double[] s = pk.block(0, p);
      int n = pk.rows[p];
      int m = pk.cols[p];
      assertScore(AlignmentsOracleTest.dpHardLcs(s, n, m, tau)[n][m], got.scores()[p], "lcsHardBatch score " + p);
      double[] mask = AlignmentsOracleTest.hardLcsMask(s, n, m, tau);
      for (int c = 0; c < mask.length; c++) {
        assertEquals((float) mask[c], got.gradients()[0][pk.offsets[p] + c], 0, "lcsHardBatch mask pair " + p);
      }
    }
  }

  @Test
  void largeBatchesTakeTheParallelPathAndAgree() {
    // 100 pairs of up to 40×40 (about 4·10^4 cells) exceed the 2^15-cell threshold above which pairs run on
    // the fork-join pool.
    Random r = new Random(5);
    Packed pk = new Packed(r, 100, 40, 3, -1, 1);
    assertTrue(pk.offsets[100] >= 1 << 15, "the batch must be large: " + pk.offsets[100]);
    double gamma = 0.1;
    BatchAlignmentResult f = Alignments.fsdBatch(pk.data[0], pk.data[1], pk.data[2], pk.rows, pk.cols, gamma);
    BatchAlignmentResult d = Alignments.softDtwBatch(pk.data[0], pk.rows, pk.cols, gamma);
    for (int p = 0; p < 100; p++) {
      double[] a = pk.block(0, p);
      AlignmentResult wf = Alignments.fsd(a, pk.block(1, p), pk.block(2, p), pk.rows[p], pk.cols[p], gamma);
      assertScore(wf.score(), f.scores()[p], "parallel fsdBatch score " + p);
      assertPairGradients(pk, f, wf, p, "parallel fsdBatch");
      AlignmentResult wd = Alignments.softDtw(a, pk.rows[p], pk.cols[p], gamma);
      assertScore(wd.score(), d.scores()[p], "parallel softDtwBatch score " + p);
    }
  }

  @Test
  void emptyAndOneByOneBatches() {
    BatchAlignmentResult empty = Alignments.softDtwBatch(new float[0], new int[0], new int[0], 1);
    assertEquals(0, empty.scores().length);
    assertEquals(0, empty.gradients()[0].length);

    // Three 1×1 pairs: soft-DTW is the cost itself with gradient 1.
    BatchAlignmentResult ones = Alignments.softDtwBatch(new float[] {1.5f, -2f, 7f}, new int[] {1, 1, 1},
        new int[] {1, 1, 1}, 0.3);
    assertArrayEquals(new double[] {1.5, -2, 7}, ones.scores(), 0);
    assertArrayEquals(new float[] {1, 1, 1}, ones.gradients()[0], 0);
  }

  @Test
  void batchInputsAreNotModified() {
    Random r = new Random(6);
    Packed pk = new Packed(r, 5, 4, 3, -1, 1);
    float[][] copy = {pk.data[0].clone(), pk.data[1].clone(), pk.data[2].clone()};
    Alignments.fsdBatch(pk.data[0], pk.data[1], pk.data[2], pk.rows, pk.cols, 0.1);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(copy[k], pk.data[k], 0);
    }
  }

  // ==== validation ================================================================================================

  private static void assertIae(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage() != null && ex.getMessage().contains(f),
          "message should mention '" + f + "': " + ex.getMessage());
    }
  }

  @Test
  void batchRejectsBadArguments() {
    float[] six = new float[6];
    int[] r23 = {2};
    int[] c23 = {3};
    // Wrong packed lengths name the input.
    assertIae(() -> Alignments.fsdBatch(new float[5], six, six, r23, c23, 1), "match", "6", "5");
    assertIae(() -> Alignments.fsdBatch(six, new float[7], six, r23, c23, 1), "gapInsert", "7");
    assertIae(() -> Alignments.fsdBatch(six, six, new float[2], r23, c23, 1), "gapDelete");
    assertIae(() -> Alignments.fsdBatch(six, six, null, r23, c23, 1), "gapDelete", "null");
    assertIae(() -> Alignments.softDtwBatch(new float[5], r23, c23, 1), "cost");
    assertIae(() -> Alignments.lcsBatch(new float[5], r23, c23, 0.5, 1, 1), "sim");
    assertIae(() -> Alignments.lcsHardBatch(new float[8], r23, c23, 0.5), "sim");
    // Non-positive dimensions name the pair.
    assertIae(() -> Alignments.softDtwBatch(new float[0], new int[] {0}, new int[] {3}, 1), "pair 0", "rows");
    assertIae(() -> Alignments.softDtwBatch(six, new int[] {2, 3}, new int[] {3, -1}, 1), "pair 1", "cols");
    // Sizes whose cell or state count overflows a Java array are argument errors, not ArithmeticExceptions.
    assertIae(() -> Alignments.softDtwBatch(new float[0], new int[] {65536}, new int[] {65536}, 1), "pair 0",
        "65536x65536");
    assertIae(() -> Alignments.softDtwBatch(new float[0], new int[] {20000, 20000, 20000, 20000, 20000, 20000},
        new int[] {20000, 20000, 20000, 20000, 20000, 20000}, 1), "pairs 0..5", "split the batch");
    // rows/cols disagree or are missing.
    assertIae(() -> Alignments.softDtwBatch(six, new int[] {2, 1}, new int[] {3}, 1), "rows", "cols");
    assertIae(() -> Alignments.softDtwBatch(six, null, c23, 1), "rows", "null");
    assertIae(() -> Alignments.softDtwBatch(six, r23, null, 1), "cols");
    // Settings.
    for (double g : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertIae(() -> Alignments.fsdBatch(six, six, six, r23, c23, g), "gamma");
      assertIae(() -> Alignments.softDtwBatch(six, r23, c23, g), "gamma");
      assertIae(() -> Alignments.lcsBatch(six, r23, c23, 0.5, g, 1), "gamma");
    }
    for (double t : new double[] {0, -0.5, Double.NaN}) {
      assertIae(() -> Alignments.lcsBatch(six, r23, c23, 0.5, 1, t), "temperature");
    }
    assertIae(() -> Alignments.lcsHardBatch(six, r23, c23, Double.NaN), "tau");
    assertIae(() -> Alignments.lcsBatch(six, r23, c23, Double.POSITIVE_INFINITY, 1, 1), "tau");
  }

  @Test
  void singleRejectsBadArguments() {
    double[] six = new double[6];
    assertIae(() -> Alignments.fsd(new double[5], six, six, 2, 3, 1), "match", "6", "5");
    assertIae(() -> Alignments.fsd(six, new double[5], six, 2, 3, 1), "gapInsert");
    assertIae(() -> Alignments.fsd(six, six, new double[7], 2, 3, 1), "gapDelete");
    assertIae(() -> Alignments.fsd(null, six, six, 2, 3, 1), "match", "null");
    assertIae(() -> Alignments.softDtw(new double[5], 2, 3, 1), "cost");
    assertIae(() -> Alignments.lcs(new double[5], 2, 3, 0.5, 1, 1), "sim");
    assertIae(() -> Alignments.lcsHard(new double[5], 2, 3, 0.5), "sim");
    assertIae(() -> Alignments.softDtw(new double[0], 0, 3, 1), "n", "0");
    assertIae(() -> Alignments.softDtw(new double[0], 3, 0, 1), "m", "0");
    assertIae(() -> Alignments.lcsHard(new double[0], -1, 3, 0.5), "n", "-1");
    for (double g : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertIae(() -> Alignments.fsd(six, six, six, 2, 3, g), "gamma");
      assertIae(() -> Alignments.softDtw(six, 2, 3, g), "gamma");
      assertIae(() -> Alignments.lcs(six, 2, 3, 0.5, g, 1), "gamma");
    }
    for (double t : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertIae(() -> Alignments.lcs(six, 2, 3, 0.5, 1, t), "temperature");
    }
    assertIae(() -> Alignments.lcsHard(six, 2, 3, Double.NaN), "tau");
    assertIae(() -> Alignments.lcs(six, 2, 3, Double.NEGATIVE_INFINITY, 1, 1), "tau");
  }
}

package dev.wstal.model.ftcl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.model.acmnet.AcmNet;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.nn.Parameter;
import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ContrastSequences} against an oracle that ranks a^ins on the host and projects with plain loops
 * (ftcl.md §5).
 */
class ContrastSequencesTest {
  private static final double TOL = 1e-12;
  private static final AcmNet.Options OPTIONS = new AcmNet.Options(2, 3, 3, 0, 0, 0.7);

  @Test
  void sequencesAreTheRankedRowsInTimeOrder() {
    for (long seed = 0; seed < 5; seed++) {
      int b = 2;
      int t = 12;
      int lf = 2 + (int) (seed % 3);
      int ll = 3 + (int) seed;
      AcmNet net = new AcmNet(3, 2, 4, 4, OPTIONS, seed);
      net.eval();
      AcmOutputs out = net.outputs(Tensor.randn(seed + 50, b, t, 3), 0);
      ContrastSequences s = ContrastSequences.of(net, out, lf, ll);

      double[] e = out.embedding().toArray();
      double[] att = out.attention().toArray();
      double[] w = net.stateDict().get("projection.weight").toArray();
      double[] bias = net.stateDict().get("projection.bias").toArray();
      String what = "seed " + seed + ", L_f " + lf + ", L_l " + ll;
      assertArrayEquals(new int[] {b, ll, 4}, s.lcsRows().shape(), what);
      assertArrayEquals(new int[] {b, lf, 4}, s.action().shape(), what);
      assertArrayEquals(new int[] {b, lf, 4}, s.background().shape(), what);
      assertArrayEquals(rows(e, att, b, t, 4, 0, ll), s.lcsRows().toArray(), TOL, "X, " + what);
      assertArrayEquals(project(rows(e, att, b, t, 4, 0, lf), w, bias, 4), s.action().toArray(), TOL,
          "U, " + what);
      assertArrayEquals(project(rows(e, att, b, t, 4, lf, 2 * lf), w, bias, 4), s.background().toArray(), TOL,
          "V′, " + what);
    }
  }

  /**
   * a^ins = (0.2, 0.5, 0.5, 0.1, 0.9, 0.3): ranks ρ = 4, 1, 2 (the tie to the lower index), 5, 0, 3. With L_f = 2,
   * U takes {4, 1} → time order (1, 4), V′ takes {2, 5}; with L_l = 3, X takes {4, 1, 2} → (1, 2, 4). Row t of E is
   * (t, 10 + t), and the projection used is the identity (weight I, bias 0).
   */
  @Test
  void handWorkedSelection() {
    AcmNet net = new AcmNet(2, 1, 2, 2, OPTIONS, 0);
    net.loadStateDict(Map.of("embed.weight", Tensor.zeros(2, 2, 3), "embed.bias", Tensor.zeros(2),
        "attention.weight", Tensor.zeros(3, 2), "attention.bias", Tensor.zeros(3),
        "classifier.weight", Tensor.zeros(2, 2), "classifier.bias", Tensor.zeros(2),
        "projection.weight", Tensor.of(new double[] {1, 0, 0, 1}, 2, 2), "projection.bias", Tensor.zeros(2)));
    double[] ins = {0.2, 0.5, 0.5, 0.1, 0.9, 0.3};
    double[] att = new double[18];
    double[] e = new double[12];
    for (int t = 0; t < 6; t++) {
      att[3 * t] = ins[t];
      att[3 * t + 1] = (1 - ins[t]) / 2;
      att[3 * t + 2] = (1 - ins[t]) / 2;
      e[2 * t] = t;
      e[2 * t + 1] = 10 + t;
    }
    Tensor z = Tensor.zeros(1, 2);
    AcmOutputs out = new AcmOutputs(Tensor.of(e, 1, 6, 2), Tensor.of(att, 1, 6, 3), Tensor.zeros(1, 6, 2), z, z, z,
        Tensor.zeros(1, 6, 2), z, z, z);
    ContrastSequences s = ContrastSequences.of(net, out, 2, 3);
    assertArrayEquals(new double[] {1, 11, 2, 12, 4, 14}, s.lcsRows().toArray(), 0.0, "X");
    assertArrayEquals(new double[] {1, 11, 4, 14}, s.action().toArray(), 0.0, "U");
    assertArrayEquals(new double[] {2, 12, 5, 15}, s.background().toArray(), 0.0, "V′");
  }

  /** The selection is index-based: gradients reach the embedding and the projection, never the heads (§5). */
  @Test
  void gradientsReachOnlyTheEmbeddingAndTheProjection() {
    AcmNet net = new AcmNet(3, 2, 4, 4, OPTIONS, 9);
    net.eval();
    ContrastSequences s = ContrastSequences.of(net, net.outputs(Tensor.randn(3, 2, 10, 3), 0), 2, 4);
    s.lcsRows().sum().add(s.action().sum()).add(s.background().mul(s.background()).sum()).backward();
    Map<String, Parameter> p = net.namedParameters();
    for (String name : new String[] {"embed.weight", "projection.weight", "projection.bias"}) {
      assertNotNull(p.get(name).grad(), name + " gets a gradient");
    }
    for (String name : new String[] {"attention.weight", "attention.bias", "classifier.weight", "classifier.bias"}) {
      Tensor g = p.get(name).grad();
      assertTrue(g == null || Arrays.stream(g.toArray()).allMatch(v -> v == 0), name + " gets no gradient");
    }
  }

  @Test
  void tooFewSnippetsAreRejected() {
    AcmNet net = new AcmNet(3, 2, 4, 4, OPTIONS, 1);
    net.eval();
    AcmOutputs out = net.outputs(Tensor.randn(4, 1, 7, 3), 0);
    for (int[] bad : new int[][] {{2, 8}, {4, 3}, {0, 3}, {2, 0}}) {
      String m = assertThrows(IllegalArgumentException.class, () -> ContrastSequences.of(net, out, bad[0], bad[1]))
          .getMessage();
      assertTrue(m.contains("fsdLength " + bad[0]) && m.contains("lcsLength " + bad[1]) && m.contains("T 7"), m);
    }
    ContrastSequences edge = ContrastSequences.of(net, out, 3, 7); // T = L_l = 7 >= 2·L_f = 6 is enough
    assertArrayEquals(new int[] {1, 7, 4}, edge.lcsRows().shape());
  }

  // ---- oracle ------------------------------------------------------------------------------------------------------

  /** E rows [B, to − from, E] at a^ins ranks [from, to), each video's set in ascending time. */
  static double[] rows(double[] e, double[] att, int b, int t, int width, int from, int to) {
    double[] out = new double[b * (to - from) * width];
    int k = 0;
    for (int v = 0; v < b; v++) {
      Integer[] order = new Integer[t];
      for (int i = 0; i < t; i++) {
        order[i] = i;
      }
      int base = v * t;
      // descending a^ins; equal values keep ascending index (a stable sort of an ascending list)
      Arrays.sort(order, (i, j) -> Double.compare(att[3 * (base + j)], att[3 * (base + i)]));
      int[] chosen = new int[to - from];
      for (int r = from; r < to; r++) {
        chosen[r - from] = order[r];
      }
      Arrays.sort(chosen);
      for (int snippet : chosen) {
        for (int c = 0; c < width; c++) {
          out[k++] = e[(base + snippet) * width + c];
        }
      }
    }
    return out;
  }

  /** W·row + b for every row of width {@code in}; W is [P, in] row-major. */
  static double[] project(double[] rows, double[] w, double[] bias, int in) {
    int p = bias.length;
    int n = rows.length / in;
    double[] out = new double[n * p];
    for (int r = 0; r < n; r++) {
      for (int o = 0; o < p; o++) {
        double acc = bias[o];
        for (int i = 0; i < in; i++) {
          acc += w[o * in + i] * rows[r * in + i];
        }
        out[r * p + o] = acc;
      }
    }
    return out;
  }
}

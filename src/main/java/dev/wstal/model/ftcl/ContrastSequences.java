package dev.wstal.model.ftcl;

import dev.wstal.model.acmnet.AcmNet;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.model.acmnet.SnippetRanking;
import dev.wstal.tensor.Tensor;

/**
 * The per-video sequences FTCL contrasts ({@code ftcl.md} §5). Snippets are ranked by a^ins (descending, ties to the
 * lower index: ρ₁, ρ₂, …); each selected set is re-sorted into ascending time order. The selection is index-based,
 * so gradients reach only the embedding E and the projection.
 *
 * @param lcsRows X: E at ρ₁..ρ_{L_l}, [B, L_l, E] (raw post-ReLU features, so all cosines are ≥ 0)
 * @param action U: the projection of E at ρ₁..ρ_{L_f}, [B, L_f, P]
 * @param background V′: the projection of E at ρ_{L_f+1}..ρ_{2L_f}, [B, L_f, P] (the next-highest attention
 *     snippets, not low-attention ones: the released code's choice)
 */
public record ContrastSequences(Tensor lcsRows, Tensor action, Tensor background) {

  /**
   * Selects the sequences of every video of a forward pass.
   *
   * @param fsdLength L_f (5)
   * @param lcsLength L_l (30)
   * @throws IllegalArgumentException when T &lt; max(L_l, 2·L_f)
   */
  public static ContrastSequences of(AcmNet net, AcmOutputs out, int fsdLength, int lcsLength) {
    int t = out.length();
    if (fsdLength < 1 || lcsLength < 1 || t < Math.max(lcsLength, 2 * fsdLength)) {
      throw new IllegalArgumentException("ContrastSequences: need 1 <= fsdLength, 1 <= lcsLength and T >= "
          + "max(lcsLength, 2·fsdLength); got fsdLength " + fsdLength + ", lcsLength " + lcsLength + ", T " + t);
    }
    double[] ins = insAttention(out);
    Tensor x = rows(out, ins, 0, lcsLength);
    Tensor u = net.project(rows(out, ins, 0, fsdLength));
    Tensor v = net.project(rows(out, ins, fsdLength, 2 * fsdLength));
    return new ContrastSequences(x, u, v);
  }

  /** a^ins of every snippet as [B·T] host values. */
  static double[] insAttention(AcmOutputs out) {
    return branchAttention(out, AcmOutputs.INS);
  }

  /** One branch's attention as [B·T] host values. */
  static double[] branchAttention(AcmOutputs out, int branch) {
    return out.branchAttention(branch).toArray();
  }

  /** E at ranks [from, to) of {@code scores}, time-sorted: [B, to − from, E]. */
  static Tensor rows(AcmOutputs out, double[] scores, int from, int to) {
    return SnippetRanking.gatherRanked(out.embedding(), scores, from, to);
  }
}

package dev.wstal.check;

import dev.wstal.loss.FsdCosts;
import dev.wstal.loss.FtclLoss;
import dev.wstal.loss.FtclOptions;
import dev.wstal.model.acmnet.AcmLoss;
import dev.wstal.model.acmnet.AcmNet;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.model.ftcl.ContrastSequences;
import dev.wstal.model.ftcl.FtclObjective;
import dev.wstal.model.ftcl.VideoPair;
import dev.wstal.tensor.Tensor;
import java.util.List;

/**
 * Gradient checks of FTCL's losses and of the ACM-Net objective as whole functions of their inputs: the code-form
 * contrast (§8.1), its stage-1 variant on c′ (§8.2), the paper form (§8.4), the ACM losses through a tiny ACM-Net
 * (§3–§4) and the stage-1 in-batch contrast through the same network (§5, §8.2). The networks are deterministic
 * (no dropout) and seeded, so each case is a fixed function of the input tensors. Listed by {@code wstal gradcheck}
 * after the ops of {@link OpCatalog}.
 */
public final class LossCatalog {
  private LossCatalog() {}

  static List<OpCase> all() {
    return List.of(
        new OpCase("ftclCodeLoss", new String[] {"FtclLoss", "FsdCosts", "CosineCost"},
            t -> FtclLoss.code(t[0], t[1], t[2], t[3], new boolean[] {true, false}, FtclOptions.defaults()).total(),
            LossCatalog::contrastInputs),
        new OpCase("ftclStage1Loss", new String[] {"FtclLoss"},
            t -> FtclLoss.code(t[0], t[1], t[2].abs(), t[3].abs(), new boolean[] {true, false},
                FtclOptions.builder().stage1Rescale(true).build()).total(),
            LossCatalog::contrastInputs),
        new OpCase("ftclPaperLoss", new String[] {"FtclLoss", "FsdCosts"},
            t -> {
              FtclOptions o = FtclOptions.paper();
              Tensor sUV = FsdCosts.paper(t[0], t[1], t[0], t[1], t[0], t[1], o.cosEps()).score(o.fsdGamma());
              Tensor sUVp = FsdCosts.paper(t[0], t[4], t[0], t[4], t[0], t[4], o.cosEps()).score(o.fsdGamma());
              Tensor sUpV = FsdCosts.paper(t[5], t[1], t[5], t[1], t[5], t[1], o.cosEps()).score(o.fsdGamma());
              return FtclLoss.paper(sUV, sUVp, sUpV, t[2], t[3], new boolean[] {true, false}, o).total();
            },
            s -> {
              Tensor[] c = contrastInputs(s);
              return new Tensor[] {c[0], c[1], c[2], c[3], OpCatalog.normal(s + 4, 2, 3, 4),
                  OpCatalog.normal(s + 5, 2, 3, 4)};
            }),
        new OpCase("acmLoss", new String[] {"AcmNet", "AcmLoss"},
            t -> {
              AcmOutputs out = tinyNet().outputs(t[0], 0);
              // λ₁ = 0: the guide loss holds sg(a^ins), so its true derivative differs from the analytic one by
              // design; AcmLossTest checks the guide's gradient against the stop-gradient formula instead.
              AcmLoss.Weights w = new AcmLoss.Weights(0, 5e-5, 2e-4, 50, 1);
              return AcmLoss.compute(out, Tensor.of(new double[] {1, 0, 1, 1}, 2, 2), w, AcmLoss.STAGE2_CE_EPS)
                  .total();
            },
            s -> new Tensor[] {OpCatalog.spread(s, 2, 2, 6, 4)}),
        new OpCase("ftclInBatch", new String[] {"FtclObjective", "ContrastSequences"},
            t -> {
              AcmNet net = tinyNet();
              AcmOutputs out = net.outputs(t[0], 0);
              List<VideoPair> pairs = List.of(new VideoPair(0, 1, true), new VideoPair(0, 2, false));
              return FtclObjective.inBatch(ContrastSequences.of(net, out, 2, 4), pairs, FtclOptions.defaults())
                  .total();
            },
            s -> new Tensor[] {OpCatalog.spread(s, 2, 3, 8, 4)}));
  }

  /** u, q [2, 3, 4] (even D for the match/gap halves) and xa [2, 4, 3], xb [2, 5, 3]. */
  private static Tensor[] contrastInputs(long s) {
    return new Tensor[] {OpCatalog.normal(s, 2, 3, 4), OpCatalog.normal(s + 1, 2, 3, 4),
        OpCatalog.normal(s + 2, 2, 4, 3), OpCatalog.normal(s + 3, 2, 5, 3)};
  }

  /** D = 4, C = 2, E = 4, P = 2, top-k ratios 2, no dropout; a fixed seed so that every call is the same map. */
  private static AcmNet tinyNet() {
    return new AcmNet(4, 2, 4, 2, new AcmNet.Options(2, 2, 3, 0, 0, 0), 11);
  }
}

package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.autograd.Grad;
import dev.wstal.loss.FtclLoss;
import dev.wstal.loss.FtclOptions;
import dev.wstal.model.acmnet.AcmLoss;
import dev.wstal.model.acmnet.AcmOutputs;
import dev.wstal.model.ftcl.ContrastSequences;
import dev.wstal.model.ftcl.FtclNet;
import dev.wstal.model.ftcl.FtclObjective;
import dev.wstal.model.ftcl.InBatchPairs;
import dev.wstal.model.ftcl.VideoPair;
import dev.wstal.nn.Parameter;
import dev.wstal.optim.Adam;
import dev.wstal.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * One optimiser step of the {@link TrainingObjective} on a fixed tiny batch lowers the loss, and the gradients it
 * back-propagates match central finite differences of the loss itself.
 */
class TrainingStepTest {
  private static final int D = 4;
  private static final int T = 12;
  private static final int C = 3;
  private static final long NOISE = 5;
  private static final long PAIR_SEED = 7;

  /** Tiny widths, no dropout (a deterministic loss), T = 12 with L_f = 2 and L_l = 4. */
  private static TrainConfig config(String method, String mode) {
    return TrainConfig.defaults().withOverrides(Map.of(
        "method", method, "model.casDropout", "0", "model.embedDim", "6", "model.projectionDim", "4",
        "data.sampleLength", "12", "contrast.fsdLength", "2", "contrast.lcsLength", "4",
        "contrast.mode", mode, "contrast.lcs", mode.equals("PAPER") ? "SOFT" : "HARD"));
  }

  /**
   * Four videos: stage 1 finds the positive pair (0, 1) (both {0}) and negatives among the disjoint ones; as a
   * stage-2 batch rows 0, 1 are the a videos and rows 2, 3 the b videos, so pair 0 = ({0}, {0}) is positive and
   * pair 1 = ({0}, {1, 2}) negative.
   */
  private static VideoBatch batch(long seed) {
    Random rng = new Random(seed);
    double[] x = new double[4 * T * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    double[] labels = {1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1};
    int[][] snippets = new int[4][T];
    for (int[] row : snippets) {
      for (int k = 0; k < T; k++) {
        row[k] = k;
      }
    }
    return new VideoBatch(x, 4, T, D, labels, new int[] {0, 1, 2, 3}, snippets);
  }

  private static final boolean[] PAIRS = {true, false};

  // ---- one step lowers the loss --------------------------------------------------------------------------------

  @Test
  void oneStageOneStepDecreasesTheLossOnAFixedBatch() {
    for (String method : new String[] {"acmnet", "ftcl"}) {
      TrainConfig config = config(method, "CODE");
      TrainingObjective objective = new TrainingObjective(config);
      FtclNet net = ModelFactory.build(config, D, C);
      VideoBatch batch = batch(1);
      StepLoss first = stageOne(objective, net, batch);
      if (method.equals("ftcl")) {
        assertNotNull(first.contrast(), "the batch has a positive pair, so the in-batch contrast runs");
      } else {
        assertNull(first.contrast(), "ACM-Net has no contrast");
      }
      assertDecreases(net, first, () -> stageOne(objective, net, batch), method);
    }
  }

  @Test
  void oneStageTwoStepDecreasesTheLossOnAFixedPairedBatch() {
    for (String mode : new String[] {"CODE", "PAPER"}) {
      TrainConfig config = config("ftcl", mode);
      TrainingObjective objective = new TrainingObjective(config);
      FtclNet net = ModelFactory.build(config, D, C);
      assertEquals(mode.equals("PAPER"), net.heads() != null, "heads only in the paper form");
      VideoBatch batch = batch(2);
      StepLoss first = objective.stageTwo(net, batch, PAIRS, NOISE);
      assertNotNull(first.contrast());
      assertDecreases(net, first, () -> objective.stageTwo(net, batch, PAIRS, NOISE), mode);
    }
  }

  private static StepLoss stageOne(TrainingObjective objective, FtclNet net, VideoBatch batch) {
    return objective.stageOne(net, batch, NOISE, new SplittableRandom(PAIR_SEED));
  }

  private static void assertDecreases(FtclNet net, StepLoss first, Supplier<StepLoss> again,
      String what) {
    double before = first.total().item();
    assertTrue(Double.isFinite(before), what + ": finite loss " + before);
    net.zeroGrad();
    first.total().backward();
    new Adam(net.parameters(), 1e-3).step();
    double after = again.get().total().item();
    assertTrue(after < before, what + ": loss after one Adam step " + after + " must be below " + before);
  }

  // ---- what the step losses are made of ----------------------------------------------------------------------

  /**
   * Each stage's loss is L_acm with that stage's ε and the configured weights plus the configured weighting of the
   * contrast terms (ftcl.md §9); ε values large enough to show in the value tell the two criteria apart.
   */
  @Test
  void stepLossesAreTheConfiguredSumsOfTheirTerms() {
    TrainConfig config = config("ftcl", "CODE").withOverrides(Map.of("stage1.ceEps", "0.05", "stage2.ceEps", "0.2",
        "acm.sparsityWeight", "0.3", "acm.insWeight", "2", "contrast.fsdWeight", "0.7", "contrast.lcsWeight", "0.4"));
    TrainingObjective objective = new TrainingObjective(config);
    FtclNet net = ModelFactory.build(config, D, C);
    VideoBatch batch = batch(6);
    AcmOutputs out = net.acm().outputs(Tensor.of(batch.x(), 4, T, D), NOISE);
    Tensor labels = Tensor.of(batch.labels(), 4, C);
    AcmLoss.Weights w = new AcmLoss.Weights(2e-3, 5e-5, 0.3, 50, 2);
    ContrastSequences s = ContrastSequences.of(net.acm(), out, 2, 4);

    StepLoss one = stageOne(objective, net, batch);
    double acm1 = AcmLoss.compute(out, labels, w, 0.05).total().item();
    List<VideoPair> pairs = InBatchPairs.select(batch.labels(), 4, C, new SplittableRandom(PAIR_SEED));
    FtclLoss.Terms f1 = FtclObjective.inBatch(s, pairs, FtclOptions.defaults());
    assertEquals(acm1, one.acm().total().item(), 1e-12, "stage-1 L_acm with stage1.ceEps");
    assertEquals(f1.fsd().item(), one.contrast().fsd().item(), 1e-12, "stage-1 L_FSD");
    assertEquals(f1.lcs().item(), one.contrast().lcs().item(), 1e-12, "stage-1 L_LCS");
    assertEquals(acm1 + 0.7 * f1.fsd().item() + 0.4 * f1.lcs().item(), one.total().item(), 1e-12, "stage-1 total");

    StepLoss two = objective.stageTwo(net, batch, PAIRS, NOISE);
    double acm2 = AcmLoss.compute(out, labels, w, 0.2).total().item();
    FtclLoss.Terms f2 = FtclObjective.pairedCode(s, PAIRS, FtclOptions.defaults());
    assertEquals(acm2, two.acm().total().item(), 1e-12, "stage-2 L_acm with stage2.ceEps");
    assertEquals(acm2 + 0.7 * f2.fsd().item() + 0.4 * f2.lcs().item(), two.total().item(), 1e-12, "stage-2 total");

    TrainConfig pure = config.withOverrides(Map.of("stage1.pureAcm", "true"));
    StepLoss acmOnly = stageOne(new TrainingObjective(pure), net, batch);
    assertNull(acmOnly.contrast(), "stage1.pureAcm drops the contrast");
    assertEquals(acm1, acmOnly.total().item(), 1e-12);
  }

  // ---- gradients against finite differences ----------------------------------------------------------------------

  /**
   * Central differences (h = 1e-6) of the stage-1 total against its back-propagated gradient, for a few entries of
   * every parameter. The guide weight is 0 here: the guide is Σ|1 − P^ins_bg − sg(a^ins)|, whose analytic gradient
   * treats a^ins as a constant by definition, while a finite difference of the computed loss sees a^ins move with
   * the parameters, so the two legitimately disagree on that term (AcmLossTest checks the stop-gradient itself).
   */
  @Test
  void stageOneGradientsMatchFiniteDifferences() {
    for (String method : new String[] {"acmnet", "ftcl"}) {
      TrainConfig config = config(method, "CODE").withOverrides(Map.of("acm.guideWeight", "0"));
      TrainingObjective objective = new TrainingObjective(config);
      FtclNet net = ModelFactory.build(config, D, C);
      VideoBatch batch = batch(3);
      assertGradients(net, n -> stageOne(objective, n, batch).total(), method);
    }
  }

  /** The same for stage 2 in the code form (guide weight 0 for the same reason). */
  @Test
  void stageTwoGradientsMatchFiniteDifferences() {
    TrainConfig config = config("ftcl", "CODE").withOverrides(Map.of("acm.guideWeight", "0"));
    TrainingObjective objective = new TrainingObjective(config);
    FtclNet net = ModelFactory.build(config, D, C);
    VideoBatch batch = batch(4);
    assertGradients(net, n -> objective.stageTwo(n, batch, PAIRS, NOISE).total(), "stage 2");
  }

  private static void assertGradients(FtclNet net, Function<FtclNet, Tensor> loss, String what) {
    net.zeroGrad();
    loss.apply(net).backward();
    ToDoubleFunction<FtclNet> value = n -> {
      try (Grad off = Grad.disabled()) {
        return loss.apply(n).item();
      }
    };
    double h = 1e-6;
    int checked = 0;
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      Parameter p = e.getValue();
      Tensor base = p.value().detach();
      double[] analytic = p.grad() == null ? new double[(int) base.numel()] : p.grad().toArray();
      double[] v = base.toArray();
      // first, last and a middle entry of every parameter
      for (int i : new int[] {0, v.length / 2, v.length - 1}) {
        double[] plus = v.clone();
        double[] minus = v.clone();
        plus[i] += h;
        minus[i] -= h;
        p.set(Tensor.of(plus, p.shape()));
        double fPlus = value.applyAsDouble(net);
        p.set(Tensor.of(minus, p.shape()));
        double fMinus = value.applyAsDouble(net);
        p.set(base);
        double numeric = (fPlus - fMinus) / (2 * h);
        assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric),
            what + ": ∂loss/∂" + e.getKey() + "[" + i + "]");
        checked++;
      }
    }
    assertTrue(checked >= 24, what + ": every parameter was checked");
  }
}

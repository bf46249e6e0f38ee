package dev.wstal.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.wstal.io.AtomicFiles;
import dev.wstal.model.ftcl.FtclNet;
import dev.wstal.model.ftcl.PairDataset;
import dev.wstal.model.ftcl.VideoPair;
import dev.wstal.nn.Init;
import dev.wstal.optim.Adam;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains ACM-Net or FTCL on a dataset directory into a run directory ({@code ftcl.md} §9):
 *
 * <ol>
 *   <li>stage 1, {@code stage1.epochs} epochs of batches of {@code stage1.batchSize} videos: the ACM losses, plus for
 *       FTCL the in-batch FSD/LCS contrast ({@link TrainingObjective#stageOne});
 *   <li>FTCL only: stage 2 starts from the best stage-1 weights with a fresh Adam and runs {@code stage2.epochs}
 *       epochs over the pair dataset ({@link PairDataset}, {@link TrainingObjective#stageTwo}).
 * </ol>
 *
 * <p>Adam on all parameters (coupled L2 decay), no schedule, no clipping; a step whose loss is not finite is skipped
 * ({@code optim.skipNonFinite}). Every {@code eval.everyEpochs} epochs and at the end of each stage the test split
 * is localised and scored; the best weights of a stage are kept ({@code stage1-best} and {@code best} for FTCL,
 * {@code best} for ACM-Net) and {@code last} at the end. The training state ({@code latest}: weights, Adam, where
 * the run stands) is saved every {@code eval.checkpointEveryEpochs} epochs and at stage ends, so {@code resume}
 * continues from the last saved epoch with the same batches and dropout masks it would have seen: every random
 * draw is seeded by (seed, epoch, step).
 */
public final class Trainer {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final long NOISE = 0x6E6F6973L;
  private static final long PAIRS = 0x70616972L;
  private static final String STAGE1_BEST = "stage1-best";

  /**
   * @param resume continue the run in the directory instead of starting one
   * @param progress where the progress bar goes
   * @param log where stage and evaluation lines go (may be null)
   */
  public record Options(boolean resume, TrainingProgress.Output progress, PrintStream log) {}

  /**
   * What a finished run reports (also written to {@code RUN/result.json}).
   *
   * @param best the best test score of the final stage (the parity headline), or null without evaluations
   * @param bestEpoch its epoch within the final stage
   * @param last the score after the last epoch
   * @param stageOneBest FTCL: the best stage-1 score (NaN average for ACM-Net)
   * @param videosPerSecond training throughput of this invocation (forward, backward and update; evaluation excluded)
   * @param steps optimiser steps taken in the whole run
   */
  public record Result(
      Path run, String method, long seed, TestEvaluation.Score best, int bestEpoch, TestEvaluation.Score last,
      double stageOneBest, double videosPerSecond, long steps) {}

  private final TrainConfig config;
  private final DatasetDir data;
  private final RunDirectory run;
  private final Options options;
  private final TrainingObjective objective;
  private final FtclNet net;
  private final Map<String, String> description;
  private Adam adam;
  private TrainState state = new TrainState();
  private MetricsLog metrics;
  private TrainingProgress progress;
  private TestEvaluation.Score lastScore;
  private TestEvaluation.Score bestScore;

  private Trainer(TrainConfig config, DatasetDir data, RunDirectory run, Options options) {
    this.config = config;
    this.data = data;
    this.run = run;
    this.options = options;
    this.objective = new TrainingObjective(config);
    this.net = ModelFactory.build(config, data.featureDim(), data.classes().size());
    this.description = ModelFactory.describe(data.classes(), data.featureDim());
    this.adam = newAdam();
  }

  /**
   * Trains (or resumes) a run.
   *
   * @param config the configuration of a new run; ignored when resuming (the run's own config.json is used)
   */
  public static Result train(TrainConfig config, Path dataDir, Path runDir, Options options) throws IOException {
    DatasetDir data = DatasetDir.open(dataDir);
    RunDirectory run;
    if (options.resume()) {
      run = RunDirectory.open(runDir);
      config = TrainConfig.load(run.configFile());
    } else {
      run = RunDirectory.create(runDir);
      config.save(run.configFile());
    }
    return new Trainer(config, data, run, options).run();
  }

  private Result run() throws IOException {
    if (options.resume() && run.hasCheckpoint(RunDirectory.LATEST)) {
      state = TrainState.fromMetadata(run.checkpoint(RunDirectory.LATEST).toString(),
          run.loadTrainingState(net, adam));
      metrics = MetricsLog.openTruncatedAfter(run.metricsFile(), state.step);
      restoreScores();
      log("resuming at stage " + state.stage + ", epoch " + state.epoch + ", step " + state.step);
    } else {
      metrics = MetricsLog.open(run.metricsFile());
    }
    BatchSampler sampler = new BatchSampler(data.train(), config.stage1().batchSize(), config.data().sampleLength(),
        config.seed());
    PairDataset pairs = stageTwoEpochs() > 0 ? pairDataset() : null;
    long total = (long) config.stage1().epochs() * sampler.stepsPerEpoch()
        + (pairs == null ? 0 : (long) stageTwoEpochs() * pairs.stepsPerEpoch());
    progress = TrainingProgress.start("train " + config.method() + " seed " + config.seed(), total, state.step,
        options.progress());
    try {
      if (state.stage == 1) {
        stageOne(sampler);
        if (pairs != null) {
          beginStageTwo();
        }
      }
      if (state.stage == 2 && pairs != null) {
        stageTwo(pairs);
      }
    } finally {
      progress.close();
      metrics.close();
    }
    run.saveWeights("last", net, withState());
    if (stageTwoEpochs() == 0 && config.method().equals("ftcl") && run.hasCheckpoint(STAGE1_BEST)) {
      run.copyCheckpoint(STAGE1_BEST, "best");
    }
    Result r = new Result(run.dir(), config.method(), config.seed(), bestScore, state.bestEpoch, lastScore,
        state.stageOneBestAverage, progress.videosPerSecond(), state.step);
    writeResult(r);
    return r;
  }

  private int stageTwoEpochs() {
    return config.method().equals("ftcl") ? config.stage2().epochs() : 0;
  }

  private PairDataset pairDataset() {
    VideoSplit train = data.train();
    boolean[][] labels = new boolean[train.size()][];
    int[] lengths = new int[train.size()];
    for (int i = 0; i < train.size(); i++) {
      labels[i] = train.labels(i);
      lengths[i] = train.length(i);
    }
    TrainConfig.Stage2 s = config.stage2();
    return new PairDataset(labels, lengths, config.data().sampleLength(), s.pairBatchSize(), s.resampleEachEpoch(),
        config.seed());
  }

  private void stageOne(BatchSampler sampler) throws IOException {
    int epochs = config.stage1().epochs();
    for (int epoch = state.epoch + 1; epoch <= epochs; epoch++) {
      List<int[]> batches = sampler.epoch(epoch);
      for (int k = 0; k < batches.size(); k++) {
        net.train();
        VideoBatch batch = sampler.batch(batches.get(k), epoch, k);
        SplittableRandom pairRng = new SplittableRandom(Init.stream(config.seed() ^ PAIRS, state.step));
        StepLoss loss = objective.stageOne(net, batch, noiseSeed(), pairRng);
        optimise(loss, batch.b(), epoch);
      }
      endOfEpoch(epoch, epochs, config.method().equals("ftcl") ? STAGE1_BEST : "best");
    }
  }

  private void beginStageTwo() throws IOException {
    state.stageOneBestAverage = state.bestAverage;
    if (run.hasCheckpoint(STAGE1_BEST)) {
      run.loadWeights(STAGE1_BEST, net);
      log("stage 2 starts from stage1-best (test avg mAP " + percent(state.bestAverage) + ")");
    }
    adam = newAdam();
    state.stage = 2;
    state.epoch = 0;
    state.bestAverage = Double.NEGATIVE_INFINITY;
    state.bestEpoch = 0;
    bestScore = null;
    run.saveTrainingState(net, adam, withState());
  }

  private void stageTwo(PairDataset pairs) throws IOException {
    int epochs = stageTwoEpochs();
    for (int epoch = state.epoch + 1; epoch <= epochs; epoch++) {
      List<List<VideoPair>> batches = pairs.epoch(epoch);
      for (List<VideoPair> pairBatch : batches) {
        net.train();
        int n = pairBatch.size();
        int[] videos = new int[2 * n];
        int[][] snippets = new int[2 * n][];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
          VideoPair p = pairBatch.get(i);
          videos[i] = p.a();
          videos[n + i] = p.b();
          snippets[i] = pairs.indices(p.a(), epoch);
          snippets[n + i] = pairs.indices(p.b(), epoch);
          positive[i] = p.positive();
        }
        VideoBatch batch = VideoBatch.of(data.train(), videos, snippets);
        optimise(objective.stageTwo(net, batch, positive, noiseSeed()), batch.b(), epoch);
      }
      endOfEpoch(epoch, epochs, "best");
    }
  }

  /** The current stage's last and best test scores from the evaluations already in metrics.jsonl. */
  private void restoreScores() throws IOException {
    for (Map<String, Object> r : MetricsLog.read(run.metricsFile())) {
      if (!"eval".equals(r.get("kind")) || MetricsLog.number(r.get("stage")) != state.stage) {
        continue;
      }
      TestEvaluation.Score s = new TestEvaluation.Score(numbers(r.get("thresholds")), numbers(r.get("map")),
          MetricsLog.number(r.get("average")), (int) MetricsLog.number(r.get("detections")));
      lastScore = s;
      if (bestScore == null || s.average() > bestScore.average()) {
        bestScore = s;
      }
    }
  }

  private static double[] numbers(Object list) {
    List<?> l = (List<?>) list;
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = MetricsLog.number(l.get(i));
    }
    return out;
  }

  private long noiseSeed() {
    return Init.stream(config.seed() ^ NOISE, state.step);
  }

  /** Back-propagates and steps, or skips a non-finite loss; logs the step. */
  private void optimise(StepLoss loss, int videos, int epoch) throws IOException {
    Map<String, Double> values = loss.values();
    boolean skip = config.optim().skipNonFinite() && !Double.isFinite(values.get("loss"));
    adam.zeroGrad();
    if (!skip) {
      loss.total().backward();
      adam.step();
    }
    state.step++;
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("kind", "train");
    record.put("stage", state.stage);
    record.put("epoch", epoch);
    record.put("step", state.step);
    record.putAll(values);
    record.put("videos", videos);
    record.put("skipped", skip);
    metrics.append(record);
    progress.step(videos, values);
  }

  private void endOfEpoch(int epoch, int epochs, String bestName) throws IOException {
    state.epoch = epoch;
    boolean last = epoch == epochs;
    if (epoch % config.eval().everyEpochs() == 0 || last) {
      TestEvaluation.Score s = TestEvaluation.run(localizer(), data);
      lastScore = s;
      boolean better = s.average() > state.bestAverage;
      if (better) {
        state.bestAverage = s.average();
        state.bestEpoch = epoch;
        bestScore = s;
        run.saveWeights(bestName, net, withState());
      }
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("kind", "eval");
      record.put("stage", state.stage);
      record.put("epoch", epoch);
      record.put("step", state.step);
      record.put("average", s.average());
      record.put("map", s.map());
      record.put("thresholds", s.thresholds());
      record.put("detections", s.detections());
      record.put("best", better);
      metrics.append(record);
      log(String.format("stage %d epoch %d/%d: test avg mAP@0.1:0.7 %s (best %s at epoch %d)", state.stage, epoch,
          epochs, percent(s.average()), percent(state.bestAverage), state.bestEpoch));
    }
    if (epoch % config.eval().checkpointEveryEpochs() == 0 || last) {
      run.saveTrainingState(net, adam, withState());
    }
  }

  private Localizer localizer() {
    return Localizer.of(net.acm(), data.classes(), config);
  }

  private Adam newAdam() {
    TrainConfig.Optim o = config.optim();
    return new Adam(net.parameters(), o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay());
  }

  private Map<String, String> withState() {
    Map<String, String> m = new LinkedHashMap<>(description);
    m.putAll(state.toMetadata());
    m.put("method", config.method());
    return m;
  }

  private void writeResult(Result r) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("method", r.method());
    out.put("seed", r.seed());
    out.put("best", r.best());
    out.put("bestEpoch", r.bestEpoch());
    out.put("last", r.last());
    out.put("stageOneBest", Double.isFinite(r.stageOneBest()) ? r.stageOneBest() : null);
    out.put("videosPerSecond", r.videosPerSecond());
    out.put("steps", r.steps());
    byte[] bytes = JSON.writeValueAsBytes(out);
    AtomicFiles.write(run.dir().resolve("result.json"), o -> o.write(bytes));
  }

  private void log(String line) {
    if (options.log() != null) {
      options.log().println(line);
    }
  }

  static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(java.util.Locale.ROOT, "%.2f", 100 * fraction) : "-";
  }
}

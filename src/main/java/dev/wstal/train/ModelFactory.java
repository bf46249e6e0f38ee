package dev.wstal.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.io.Safetensors;
import dev.wstal.loss.FtclOptions;
import dev.wstal.model.acmnet.AcmNet;
import dev.wstal.model.ftcl.FtclNet;
import dev.wstal.nn.Init;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the network a config describes for a dataset, and records in checkpoint metadata what is needed to build
 * it again without the dataset (class names and feature dimension), so that {@code wstal infer} can load a run.
 */
public final class ModelFactory {
  /** Metadata key of the class names (a JSON array, in the classifier's order). */
  public static final String CLASSES = "classes";
  /** Metadata key of the input feature dimension D. */
  public static final String FEATURE_DIM = "featureDim";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFactory() {}

  /** The network for {@code featureDim}-d features and {@code classes}, initialised from the config's seed. */
  public static FtclNet build(TrainConfig config, int featureDim, int classes) {
    TrainConfig.Model m = config.model();
    TrainConfig.Mil r = config.mil();
    AcmNet.Options o = new AcmNet.Options(r.insRatio(), r.ctxRatio(), r.bgRatio(), m.inputDropout(),
        m.attentionDropout(), m.casDropout());
    long seed = Init.stream(config.seed(), 0x5EED);
    AcmNet acm = new AcmNet(featureDim, classes, config.embedDim(featureDim), config.projectionDim(featureDim), o,
        seed);
    boolean heads = config.method().equals("ftcl")
        && config.contrast().toOptions(false).mode() == FtclOptions.Mode.PAPER;
    return new FtclNet(acm, heads, seed);
  }

  /** Metadata describing the model's classes and input width. */
  public static Map<String, String> describe(List<String> classes, int featureDim) {
    Map<String, String> m = new HashMap<>();
    try {
      m.put(CLASSES, JSON.writeValueAsString(classes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    m.put(FEATURE_DIM, Integer.toString(featureDim));
    return m;
  }

  /** The class names stored in a checkpoint's metadata. */
  public static List<String> classes(Path checkpoint, Map<String, String> metadata) {
    String v = metadata.get(CLASSES);
    if (v == null) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + ": metadata has no '" + CLASSES
          + "' entry (was it written by wstal train?)");
    }
    try {
      return Arrays.asList(JSON.readValue(v, String[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + ": metadata '" + CLASSES
          + "' is not a JSON array of strings: " + v, e);
    }
  }

  /** The feature dimension stored in a checkpoint's metadata. */
  public static int featureDim(Path checkpoint, Map<String, String> metadata) {
    String v = metadata.get(FEATURE_DIM);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + ": metadata '" + FEATURE_DIM
          + "' must be an integer, got " + v, e);
    }
  }

  /** Builds the network of a finished run's checkpoint {@code name} and loads its weights. */
  public static Loaded load(RunDirectory run, String name) throws IOException {
    TrainConfig config = TrainConfig.load(run.configFile());
    Path file = run.checkpoint(name);
    Map<String, String> meta = new HashMap<>(Safetensors.read(file).metadata());
    List<String> classes = classes(file, meta);
    FtclNet net = build(config, featureDim(file, meta), classes.size());
    run.loadWeights(name, net);
    return new Loaded(config, net, classes);
  }

  /** A network loaded from a run, with its config and class names. */
  public record Loaded(TrainConfig config, FtclNet net, List<String> classes) {}
}

package dev.wstal.train;

import dev.wstal.io.AtomicFiles;
import dev.wstal.io.Checkpoints;
import dev.wstal.io.Safetensors;
import dev.wstal.nn.Module;
import dev.wstal.nn.Parameter;
import dev.wstal.optim.Adam;
import dev.wstal.optim.AdamState;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Tensor;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk layout of one training run:
 *
 * <pre>
 *   RUN/config.json                     written by the caller ({@link #configFile()})
 *   RUN/metrics.jsonl                   {@link MetricsLog}
 *   RUN/checkpoints/latest.safetensors  training state: model and optimiser in one file
 *   RUN/checkpoints/NAME.safetensors    plain model weights in {@link Checkpoints}' format ("best", "stage1-best")
 * </pre>
 *
 * <p>The training state holds the model parameters under {@code model.<name>} and Adam's moments under
 * {@code adam.m.<name>} / {@code adam.v.<name>} (names from {@link Module#namedParameters()}), float64. Step counts
 * and the caller's metadata go into the safetensors metadata; keys starting with {@value #RESERVED_PREFIX} are the
 * library's own. Model and optimiser share one file so that they can never come from different steps. Every file is
 * written to a temporary file and moved into place, so a crash leaves the previous version intact.
 */
public final class RunDirectory {
  /** Metadata keys with this prefix belong to the training-state format, not to the caller. */
  public static final String RESERVED_PREFIX = "wstal.";

  /** The checkpoint name of the training state. */
  public static final String LATEST = "latest";

  private static final String FORMAT_KEY = RESERVED_PREFIX + "format";
  private static final String FORMAT = "training-state/1";
  private static final String STEPS_PREFIX = RESERVED_PREFIX + "adam.steps.";
  private static final String MODEL_PREFIX = "model.";
  private static final String M_PREFIX = "adam.m.";
  private static final String V_PREFIX = "adam.v.";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private final Path dir;

  private RunDirectory(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts a new run in {@code dir}, creating it (and {@code checkpoints/}) if needed.
   *
   * @throws FileAlreadyExistsException when {@code dir} is a file or a non-empty directory
   */
  public static RunDirectory create(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new FileAlreadyExistsException(dir.toString(), null,
              "run directory is not empty: pass --resume to continue that run, or choose a new directory");
        }
      }
    }
    RunDirectory run = new RunDirectory(dir);
    Files.createDirectories(run.checkpointsDir());
    return run;
  }

  /**
   * Opens an existing run, to resume it or to run inference with its checkpoints.
   *
   * @throws NoSuchFileException naming the directory when it does not exist, or its config.json when that is missing
   */
  public static RunDirectory open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "run directory does not exist");
    }
    RunDirectory run = new RunDirectory(dir);
    if (!Files.isRegularFile(run.configFile())) {
      throw new NoSuchFileException(run.configFile().toString(), null,
          "not a run directory: config.json is missing (start a new run without --resume)");
    }
    return run;
  }

  public Path dir() {
    return dir;
  }

  public Path configFile() {
    return dir.resolve("config.json");
  }

  public Path metricsFile() {
    return dir.resolve("metrics.jsonl");
  }

  /**
   * The file of checkpoint {@code name} ({@link #LATEST} is the training state).
   *
   * @throws IllegalArgumentException when {@code name} is not made of letters, digits, '_' and '-'
   */
  public Path checkpoint(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "checkpoint name must match [A-Za-z0-9_-]+, got " + (name == null ? "null" : "'" + name + "'"));
    }
    return checkpointsDir().resolve(name + ".safetensors");
  }

  public boolean hasCheckpoint(String name) {
    return Files.isRegularFile(checkpoint(name));
  }

  private Path checkpointsDir() {
    return dir.resolve("checkpoints");
  }

  // ---- training state -----------------------------------------------------------------------------------------

  /**
   * Writes {@code model}'s parameters, {@code adam}'s state and {@code metadata} (may be null) to
   * {@code checkpoints/latest.safetensors}, atomically.
   *
   * @throws IllegalArgumentException when {@code adam} updates a parameter that is not in {@code model}, or a
   *     metadata key starts with {@value #RESERVED_PREFIX} (checked before anything is written)
   */
  public void saveTrainingState(Module model, Adam adam, Map<String, String> metadata) throws IOException {
    LinkedHashMap<String, String> meta = new LinkedHashMap<>();
    if (metadata != null) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() != null && e.getKey().startsWith(RESERVED_PREFIX)) {
          throw new IllegalArgumentException("saveTrainingState: metadata key '" + e.getKey()
              + "' uses the reserved prefix '" + RESERVED_PREFIX + "'");
        }
        meta.put(e.getKey(), e.getValue());
      }
    }
    meta.put(FORMAT_KEY, FORMAT);
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
      tensors.put(MODEL_PREFIX + e.getKey(), e.getValue());
    }
    String[] names = adamParameterNames(model, adam);
    AdamState state = adam.state();
    for (int i = 0; i < names.length; i++) {
      meta.put(STEPS_PREFIX + names[i], Integer.toString(state.steps(i)));
      if (state.steps(i) > 0) {
        tensors.put(M_PREFIX + names[i], state.firstMoment(i));
        tensors.put(V_PREFIX + names[i], state.secondMoment(i));
      }
    }
    Files.createDirectories(checkpointsDir());
    Safetensors.save(checkpoint(LATEST), tensors, meta, DType.F64);
  }

  /**
   * Restores {@code model} and {@code adam} from {@code checkpoints/latest.safetensors}, strictly: the file must
   * hold exactly the model's parameters, the moments of exactly the parameters Adam has updated, and a step count
   * for each of Adam's parameters, with matching shapes. Everything is checked before anything changes.
   *
   * @return the caller's metadata (without the reserved keys)
   * @throws IllegalArgumentException naming the file and every missing, unexpected or mismatched key
   */
  public Map<String, String> loadTrainingState(Module model, Adam adam) throws IOException {
    Path file = checkpoint(LATEST);
    Safetensors.Contents contents = Safetensors.read(file);
    LinkedHashMap<String, Tensor> tensors = contents.tensors();
    LinkedHashMap<String, String> meta = contents.metadata();
    List<String> problems = new ArrayList<>();
    if (!FORMAT.equals(meta.get(FORMAT_KEY))) {
      problems.add("metadata '" + FORMAT_KEY + "': expected '" + FORMAT + "', got "
          + (meta.containsKey(FORMAT_KEY) ? "'" + meta.get(FORMAT_KEY) + "'" : "none (not a training-state file)"));
    }
    LinkedHashMap<String, Parameter> named = model.namedParameters();
    LinkedHashMap<String, Tensor> modelState = new LinkedHashMap<>();
    Set<String> expectedTensors = new LinkedHashSet<>();
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      String key = MODEL_PREFIX + e.getKey();
      expectedTensors.add(key);
      Tensor t = expectTensor(tensors, key, e.getValue(), problems);
      if (t != null) {
        modelState.put(e.getKey(), t);
      }
    }
    String[] names = adamParameterNames(model, adam);
    List<Tensor> ms = new ArrayList<>();
    List<Tensor> vs = new ArrayList<>();
    int[] steps = new int[names.length];
    Set<String> expectedMeta = new LinkedHashSet<>(List.of(FORMAT_KEY));
    for (int i = 0; i < names.length; i++) {
      String stepsKey = STEPS_PREFIX + names[i];
      expectedMeta.add(stepsKey);
      steps[i] = parseSteps(meta.get(stepsKey), stepsKey, problems);
      Tensor m = null;
      Tensor v = null;
      if (steps[i] > 0) {
        Parameter p = named.get(names[i]);
        expectedTensors.add(M_PREFIX + names[i]);
        expectedTensors.add(V_PREFIX + names[i]);
        m = expectTensor(tensors, M_PREFIX + names[i], p, problems);
        v = expectTensor(tensors, V_PREFIX + names[i], p, problems);
      }
      ms.add(m);
      vs.add(v);
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!expectedTensors.contains(e.getKey())) {
        problems.add("unexpected key '" + e.getKey() + "' (shape " + e.getValue().shapeObject() + ")");
      }
    }
    for (String key : meta.keySet()) {
      if (key.startsWith(RESERVED_PREFIX) && !expectedMeta.contains(key)) {
        problems.add("unexpected metadata key '" + key + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("training state " + file + " does not match the model and optimiser: "
          + String.join("; ", problems));
    }
    AdamState previous = adam.state();
    try {
      adam.loadState(new AdamState(ms, vs, steps));
      model.loadStateDict(modelState);
    } catch (IllegalArgumentException ex) {
      adam.loadState(previous);
      throw new IllegalArgumentException("training state " + file + ": " + ex.getMessage(), ex);
    }
    LinkedHashMap<String, String> callerMeta = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : meta.entrySet()) {
      if (!e.getKey().startsWith(RESERVED_PREFIX)) {
        callerMeta.put(e.getKey(), e.getValue());
      }
    }
    return callerMeta;
  }

  /** The tensor under {@code key} on {@code p}'s device, or null after recording why it does not fit. */
  private static Tensor expectTensor(Map<String, Tensor> tensors, String key, Parameter p, List<String> problems) {
    Tensor t = tensors.get(key);
    if (t == null) {
      problems.add("missing key '" + key + "' (expected shape " + p.shapeObject() + ")");
      return null;
    }
    if (!t.shapeObject().equals(p.shapeObject())) {
      problems.add("key '" + key + "': expected shape " + p.shapeObject() + ", got " + t.shapeObject());
      return null;
    }
    return t.device().equals(p.value().device()) ? t : t.to(p.value().device());
  }

  private static int parseSteps(String value, String key, List<String> problems) {
    if (value == null) {
      problems.add("missing metadata key '" + key + "'");
      return 0;
    }
    try {
      int steps = Integer.parseInt(value);
      if (steps >= 0) {
        return steps;
      }
    } catch (NumberFormatException ex) {
      // reported below
    }
    problems.add("metadata '" + key + "': expected a step count >= 0, got '" + value + "'");
    return 0;
  }

  /** The dotted name in {@code model} of each of {@code adam}'s parameters, by Adam's index. */
  private static String[] adamParameterNames(Module model, Adam adam) {
    IdentityHashMap<Parameter, String> names = new IdentityHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      names.put(e.getValue(), e.getKey());
    }
    List<Parameter> params = adam.parameters();
    String[] out = new String[params.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = names.get(params.get(i));
      if (out[i] == null) {
        throw new IllegalArgumentException("the optimiser's parameter " + i + " (" + params.get(i)
            + ") is not a parameter of the " + model.getClass().getSimpleName() + " being checkpointed");
      }
    }
    return out;
  }

  // ---- plain weights ------------------------------------------------------------------------------------------

  /**
   * Writes {@code model}'s parameters and {@code metadata} (may be null) as checkpoint {@code name}, in
   * {@link Checkpoints}' format, atomically.
   *
   * @throws IllegalArgumentException for an invalid name, or {@link #LATEST}, which is the training state
   */
  public void saveWeights(String name, Module model, Map<String, String> metadata) throws IOException {
    Path file = weightsFile(name);
    Files.createDirectories(checkpointsDir());
    Checkpoints.save(file, model, metadata);
  }

  /**
   * Loads checkpoint {@code name} into {@code model} strictly (see {@link Checkpoints#load}) and returns its
   * metadata.
   */
  public Map<String, String> loadWeights(String name, Module model) throws IOException {
    return Checkpoints.load(weightsFile(name), model);
  }

  /**
   * Copies checkpoint {@code from} to {@code to} atomically (for example "best" to "stage1-best"); a checkpoint
   * already called {@code to} is replaced. The training state may be copied but not overwritten.
   *
   * @throws NoSuchFileException when checkpoint {@code from} does not exist
   */
  public void copyCheckpoint(String from, String to) throws IOException {
    Path source = checkpoint(from);
    Path target = weightsFile(to);
    if (!Files.isRegularFile(source)) {
      throw new NoSuchFileException(source.toString(), null, "checkpoint '" + from + "' does not exist");
    }
    AtomicFiles.write(target, out -> Files.copy(source, out));
  }

  private Path weightsFile(String name) {
    Path file = checkpoint(name);
    if (LATEST.equals(name)) {
      throw new IllegalArgumentException("checkpoint name '" + LATEST
          + "' is reserved for the training state (saveTrainingState / loadTrainingState)");
    }
    return file;
  }
}

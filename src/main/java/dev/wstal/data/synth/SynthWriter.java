package dev.wstal.data.synth;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wstal.data.FeatureLayout;
import dev.wstal.data.GroundTruthWriter;
import dev.wstal.data.NpyWriter;
import dev.wstal.data.SplitFile;
import dev.wstal.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a {@link SyntheticDataset} into a directory in the UM/CoLA layout ({@code evaluation.md} §3.1, §3.3):
 *
 * <pre>
 * DIR/features/{train,test}/{rgb,flow}/&lt;video&gt;.npy   float32 [T, D/2] each
 * DIR/split_train.txt, DIR/split_test.txt          sorted ids, one per line
 * DIR/synth.json                                  preset, seed, dim, and per video subset, duration and snippets
 * DIR/gt.json                                     UM/CoLA ground truth, written last
 * </pre>
 *
 * Every file is written atomically ({@link AtomicFiles}, through {@link NpyWriter}, {@link SplitFile} and
 * {@link GroundTruthWriter}). gt.json comes last, so a directory with a gt.json holds a complete dataset; an
 * interrupted run leaves none (with {@code force}, an old gt.json is deleted before anything else is written).
 *
 * <p>The directory must be absent or empty unless {@code force}. With {@code force}, files at the dataset's paths are
 * replaced, and {@code .npy} files in the four feature folders that are not videos of the new dataset are deleted, so
 * that the folders match gt.json; nothing else is touched.
 */
public final class SynthWriter {
  /** Told after each video's two feature files are written. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param done videos written so far
     * @param total videos in the dataset
     * @param video the video just written
     * @param bytes feature bytes written so far (data only, without .npy headers)
     */
    void written(int done, int total, PlannedVideo video, long bytes);
  }

  private static final List<String> STREAMS = List.of("rgb", "flow");

  private SynthWriter() {}

  /**
   * Writes {@code dataset} into {@code dir}.
   *
   * @throws FileAlreadyExistsException when {@code dir} is a non-empty directory and {@code force} is false
   * @throws NotDirectoryException when {@code dir} exists and is not a directory
   */
  public static void write(SyntheticDataset dataset, Path dir, boolean force, Progress progress) throws IOException {
    prepare(dir, force);
    DatasetPlan plan = dataset.plan();
    if (force) {
      Files.deleteIfExists(dir.resolve("gt.json"));
      deleteStaleFeatures(dir, plan);
    }
    for (String split : FeatureLayout.SPLITS) {
      for (String stream : STREAMS) {
        Files.createDirectories(dir.resolve("features").resolve(split).resolve(stream));
      }
    }
    int total = plan.videos().size();
    int done = 0;
    long bytes = 0;
    for (PlannedVideo v : plan.videos()) {
      VideoFeatures f = dataset.features(v);
      List<Path> files = FeatureLayout.RGB_FLOW.files(dir, v.subset(), v.id());
      NpyWriter.writeF32(files.get(0), f.rgb(), f.snippets(), f.streamDim());
      NpyWriter.writeF32(files.get(1), f.flow(), f.snippets(), f.streamDim());
      bytes += 4L * (f.rgb().length + f.flow().length);
      done++;
      if (progress != null) {
        progress.written(done, total, v, bytes);
      }
    }
    SplitFile.write(dir.resolve("split_train.txt"), plan.split("train"));
    SplitFile.write(dir.resolve("split_test.txt"), plan.split("test"));
    byte[] manifest = manifest(dataset);
    AtomicFiles.write(dir.resolve("synth.json"), out -> out.write(manifest));
    GroundTruthWriter.write(dir.resolve("gt.json"), dataset.groundTruth());
  }

  private static void prepare(Path dir, boolean force) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir + " (synth --out: expected a directory to write the dataset into)");
    }
    if (Files.isDirectory(dir) && !force) {
      List<String> entries = new ArrayList<>();
      try (Stream<Path> s = Files.list(dir)) {
        s.limit(4).forEach(p -> entries.add(p.getFileName().toString()));
      }
      if (!entries.isEmpty()) {
        throw new FileAlreadyExistsException(dir.toString(), null, "synth --out: expected an empty or absent"
            + " directory, got one containing " + String.join(", ", entries.subList(0, Math.min(3, entries.size())))
            + (entries.size() > 3 ? ", ..." : "") + "; pass --force (force = true) to write into it");
      }
    }
    Files.createDirectories(dir);
  }

  private static void deleteStaleFeatures(Path dir, DatasetPlan plan) throws IOException {
    Set<String> keep = new HashSet<>();
    for (PlannedVideo v : plan.videos()) {
      keep.add(v.subset() + "/" + v.id() + ".npy");
    }
    for (String split : FeatureLayout.SPLITS) {
      for (String stream : STREAMS) {
        Path folder = dir.resolve("features").resolve(split).resolve(stream);
        if (!Files.isDirectory(folder)) {
          continue;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.npy")) {
          for (Path p : s) {
            if (!keep.contains(split + "/" + p.getFileName()) && Files.isRegularFile(p)) {
              Files.delete(p);
            }
          }
        }
      }
    }
  }

  /** synth.json: what generated the dataset, and the durations that gt.json's format has no room for. */
  static byte[] manifest(SyntheticDataset dataset) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    SynthConfig c = dataset.config();
    ObjectNode root = mapper.createObjectNode();
    root.put("generator", "wstal synth");
    root.put("format", 1);
    root.put("preset", c.preset());
    root.put("seed", c.seed());
    root.put("dim", c.dim());
    root.put("streamDim", c.dim() / 2);
    root.put("snippetSeconds", PlannedVideo.SNIPPET_SECONDS);
    root.put("layout", c.layout().toString());
    root.set("features", mapper.valueToTree(c.features()));
    ObjectNode videos = root.putObject("videos");
    for (PlannedVideo v : dataset.plan().videos()) {
      ObjectNode n = videos.putObject(v.id());
      n.put("subset", v.subset());
      n.put("duration", v.duration());
      n.put("snippets", v.snippets());
    }
    // An explicit "\n" indenter: Jackson's default uses the platform's line separator.
    DefaultIndenter nl = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(nl).withArrayIndenter(nl);
    return (mapper.writer(pretty).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}

package dev.wstal.demo;

import dev.wstal.data.synth.SynthConfig;
import dev.wstal.data.synth.SynthWriter;
import dev.wstal.data.synth.SyntheticDataset;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's benchmark: the {@code small} synthetic preset (seed 0, D = 64), generated once into a cache directory
 * and reused. It is written into a sibling temporary directory and renamed into place, so the cache holds either a
 * complete dataset or nothing.
 */
public final class DemoDataset {
  /** The preset's seed. */
  public static final long SEED = 0;

  private DemoDataset() {}

  /** The dataset directory under {@code cacheRoot}, generating it first when it is absent. */
  public static Path ensure(Path cacheRoot, PrintStream log) throws IOException {
    SynthConfig config = SynthConfig.small(SEED, SynthConfig.SMALL_DIM);
    Path dir = cacheRoot.resolve("synth-small-seed" + SEED + "-dim" + config.dim());
    if (Files.isRegularFile(dir.resolve("gt.json"))) {
      log.println("demo: using the cached small benchmark in " + dir);
      return dir;
    }
    Files.createDirectories(cacheRoot);
    Path tmp = Files.createTempDirectory(cacheRoot, ".synth-small-");
    try {
      log.println("demo: generating the small synthetic benchmark into " + dir);
      SynthWriter.write(new SyntheticDataset(config), tmp, true, null);
      if (Files.exists(dir)) {
        deleteTree(dir); // an incomplete earlier attempt: it has no gt.json
      }
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
    return dir;
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

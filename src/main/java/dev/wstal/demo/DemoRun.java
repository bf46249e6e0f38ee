package dev.wstal.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One finished training run of the demo, read back from its {@code result.json}, so that runs trained now and runs
 * reused from an earlier demo are summarised the same way.
 *
 * @param method acmnet or ftcl
 * @param seed the run's seed
 * @param dir the run directory
 * @param thresholds tIoU thresholds of the maps
 * @param bestMap mAP per threshold of the best test evaluation of the final stage (the parity headline, ftcl.md §9)
 * @param lastMap mAP per threshold after the last epoch
 * @param videosPerSecond training throughput
 * @param steps optimiser steps
 */
public record DemoRun(String method, long seed, Path dir, double[] thresholds, double[] bestMap, double[] lastMap,
    double videosPerSecond, long steps) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code dir/result.json} as {@link dev.wstal.train.Trainer} writes it. */
  public static DemoRun read(Path dir) throws IOException {
    Path file = dir.resolve("result.json");
    JsonNode r = JSON.readTree(file.toFile());
    JsonNode best = r.get("best");
    JsonNode last = r.get("last");
    if (best == null || best.isNull() || last == null || last.isNull()) {
      throw new IOException(file + ": the run has no test evaluation (best/last are null)");
    }
    return new DemoRun(r.get("method").asText(), r.get("seed").asLong(), dir, doubles(best.get("thresholds")),
        doubles(best.get("map")), doubles(last.get("map")), r.get("videosPerSecond").asDouble(),
        r.get("steps").asLong());
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}

package dev.wstal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wstal.data.DataFormatException;
import dev.wstal.data.Detection;
import dev.wstal.data.GroundTruth;
import dev.wstal.data.GroundTruthReader;
import dev.wstal.data.PredictionReader;
import dev.wstal.data.Video;
import dev.wstal.eval.DetectionMap;
import dev.wstal.eval.Thresholds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code wstal eval --gt GT.json --pred PRED.json}: ActivityNet detection mAP ({@link DetectionMap},
 * {@code evaluation.md} §1) of a prediction file against a ground-truth file, as a table in percent or, with
 * {@code --json}, as one JSON object of fractions and nothing else on stdout. Exit code 0 on success, 1 for a data
 * error (unreadable or malformed file, unknown label, subset without videos; the message names the file and field),
 * 2 for a usage error (missing option, bad {@code --tiou}).
 */
@Command(
    name = "eval",
    description = {
      "Detection mAP of a prediction file (ActivityNet result JSON) against a ground-truth file (ActivityNet,"
          + " UM/CoLA gt.json or ActionFormer JSON), bit-identical to ActivityNet's eval_detection.py on tie-free"
          + " input. Predictions are not filtered by subset; those on videos without ground truth of their class"
          + " are false positives."
    })
final class EvalCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--gt", required = true, paramLabel = "GT.json", description = "Ground-truth JSON file.")
  Path gtFile;

  @Option(names = "--pred", required = true, paramLabel = "PRED.json", description = "Prediction JSON file.")
  Path predFile;

  @Option(names = "--subset", defaultValue = "test", paramLabel = "NAME",
      description = "Ground-truth subset to evaluate, matched exactly (default: ${DEFAULT-VALUE}; ActivityNet:"
          + " validation).")
  String subset;

  @Option(names = "--subset-ignore-case",
      description = "Match --subset ignoring case (ActionFormer's thumos14.json says \"Test\").")
  boolean subsetIgnoreCase;

  @Option(names = "--tiou", defaultValue = "0.1:0.7:0.1", paramLabel = "START:STOP:STEP",
      description = "tIoU thresholds, generated as numpy.linspace(START, STOP, round((STOP-START)/STEP)+1)"
          + " (default: ${DEFAULT-VALUE}, the THUMOS list; ActivityNet: 0.5:0.95:0.05).")
  String tiou;

  @Option(names = "--ignore-unknown-labels",
      description = "Skip and count predictions whose label is not a class of the subset, instead of failing.")
  boolean ignoreUnknownLabels;

  @Option(names = "--per-class", description = "Also print AP per class and threshold (table output only).")
  boolean perClass;

  @Option(names = "--json",
      description = "Print only {\"tiou\", \"mAP\", \"average\", \"per_class\"} as JSON, values as fractions.")
  boolean json;

  @Override
  public Integer call() {
    double[] thresholds;
    try {
      thresholds = Thresholds.parse(tiou);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--tiou: " + e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    try {
      GroundTruth gt = GroundTruthReader.read(gtFile);
      List<Video> videos = gt.subset(subset, subsetIgnoreCase);
      if (videos.isEmpty()) {
        return fail(err, gtFile + ": subset: no video has subset \"" + subset + "\""
            + (subsetIgnoreCase ? " (ignoring case)" : "") + "; subsets in the file: " + subsetCounts(gt)
            + caseHint(gt));
      }
      List<Detection> predictions = PredictionReader.read(predFile);
      if (!ignoreUnknownLabels) {
        String unknown = unknownLabels(predictions, GroundTruth.labelsInOrder(videos));
        if (unknown != null) {
          return fail(err, unknown);
        }
      }
      DetectionMap.Result r = DetectionMap.evaluate(gt, predictions,
          new DetectionMap.Options(subset, subsetIgnoreCase, thresholds, ignoreUnknownLabels));
      PrintWriter out = spec.commandLine().getOut();
      if (r.ignoredPredictions() > 0) {
        err.printf("wstal eval: ignored %d of %d prediction(s) whose label is not a class of subset \"%s\"%n",
            r.ignoredPredictions(), predictions.size(), subset);
        err.flush();
      }
      if (json) {
        out.println(toJson(r));
      } else {
        printTable(out, gt, videos, predictions.size(), r);
      }
      out.flush();
      return 0;
    } catch (NoSuchFileException e) {
      return fail(err, e.getFile() + ": no such file");
    } catch (DataFormatException e) {
      return fail(err, e.getMessage());
    } catch (IOException e) {
      return fail(err, "cannot read the input: " + e);
    } catch (IllegalArgumentException e) {
      // DetectionMap's own checks (e.g. a subset whose videos have no annotations); name both inputs.
      return fail(err, e.getMessage() + " (ground truth " + gtFile + ", predictions " + predFile + ")");
    }
  }

  private static int fail(PrintWriter err, String message) {
    err.println("wstal eval: " + message);
    err.flush();
    return 1;
  }

  /**
   * The error for predictions whose label is not a class of the selected subset, naming the first one by its JSON
   * path, or null when every label is known.
   */
  private String unknownLabels(List<Detection> predictions, List<String> classes) {
    Set<String> known = new HashSet<>(classes);
    Map<String, Integer> position = new HashMap<>();
    String first = null;
    int count = 0;
    LinkedHashSet<String> labels = new LinkedHashSet<>();
    for (Detection d : predictions) {
      // PredictionReader keeps each video's entries together and in list order, so this is the entry's index.
      int k = position.merge(d.video(), 1, Integer::sum) - 1;
      if (!known.contains(d.label())) {
        if (first == null) {
          first = "results." + d.video() + "[" + k + "].label: \"" + d.label() + "\"";
        }
        count++;
        labels.add(d.label());
      }
    }
    if (first == null) {
      return null;
    }
    List<String> shown = new ArrayList<>(labels);
    String more = shown.size() > 10 ? ", ..." : "";
    return predFile + ": " + first + " is not one of the " + classes.size() + " classes of subset \"" + subset
        + "\" in " + gtFile + "; " + count + " prediction(s) have unknown labels ("
        + String.join(", ", shown.subList(0, Math.min(10, shown.size()))) + more + "). Pass"
        + " --ignore-unknown-labels to skip and count them (the reference evaluator raises KeyError)";
  }

  private static String subsetCounts(GroundTruth gt) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Video v : gt.videos()) {
      counts.merge(v.subset(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((s, n) -> parts.add("\"" + s + "\" (" + n + " videos)"));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private String caseHint(GroundTruth gt) {
    if (subsetIgnoreCase || gt.subset(subset, true).isEmpty()) {
      return "";
    }
    return "; pass --subset-ignore-case to match \"" + gt.subset(subset, true).get(0).subset() + "\"";
  }

  private static String toJson(DetectionMap.Result r) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode t = root.putArray("tiou");
    for (double x : r.thresholds()) {
      t.add(x);
    }
    ArrayNode m = root.putArray("mAP");
    for (double x : r.map()) {
      m.add(x);
    }
    root.put("average", r.average());
    ObjectNode pc = root.putObject("per_class");
    r.apPerClass().forEach((label, ap) -> {
      ArrayNode a = pc.putArray(label);
      for (double x : ap) {
        a.add(x);
      }
    });
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("eval: could not encode the result", e);
    }
  }

  private void printTable(PrintWriter out, GroundTruth gt, List<Video> videos, int predictions,
      DetectionMap.Result r) {
    int instances = videos.stream().mapToInt(v -> v.annotations().size()).sum();
    out.printf("ground truth  %s: subset \"%s\"%s, %d videos, %d instances, %d classes%n", gtFile, subset,
        subsetIgnoreCase ? " (ignoring case)" : "", videos.size(), instances, r.apPerClass().size());
    out.printf("predictions   %s: %d detections%s%n", predFile, predictions,
        r.ignoredPredictions() > 0 ? " (" + r.ignoredPredictions() + " ignored: unknown label)" : "");
    out.println();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"tIoU", "mAP (%)"});
    for (int i = 0; i < r.thresholds().length; i++) {
      rows.add(new String[] {Double.toString(r.thresholds()[i]), percent(r.map()[i])});
    }
    rows.add(new String[] {"average", percent(r.average())});
    TextTable.print(out, rows, true);
    if (perClass) {
      out.println();
      List<String[]> cls = new ArrayList<>();
      String[] head = new String[r.thresholds().length + 1];
      head[0] = "AP (%) by class";
      for (int i = 0; i < r.thresholds().length; i++) {
        head[i + 1] = "@" + r.thresholds()[i];
      }
      cls.add(head);
      r.apPerClass().forEach((label, ap) -> {
        String[] row = new String[ap.length + 1];
        row[0] = label;
        for (int i = 0; i < ap.length; i++) {
          row[i + 1] = percent(ap[i]);
        }
        cls.add(row);
      });
      TextTable.print(out, cls, true);
    }
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f", 100 * fraction);
  }
}

package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.data.Annotation;
import dev.wstal.data.Detection;
import dev.wstal.data.GroundTruthWriter;
import dev.wstal.data.ResultWriter;
import dev.wstal.data.Thumos14;
import dev.wstal.data.Video;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tiny case, worked by hand (and confirmed with a numpy re-implementation of eval_detection.py), thresholds
 * 0.5 and 0.7:
 * <pre>
 * GT (test)  v1: A [0,10], A [20,30], B [5,15]     v2: A [0,10]     (train: v3: C [0,1])
 * pred       v1 A .9 [0,10]  tIoU 1 with A1           TP@.5 TP@.7
 *            v1 A .8 [22,30] tIoU .8 with A2          TP    TP
 *            v2 A .7 [5,10]  tIoU .5 with v2's A      TP    FP
 *            v1 A .6 [0,10]  A1 locked, A2 tIoU 0     FP    FP
 *            v1 B .5 [5,10]  tIoU .5                  TP    FP
 *            v2 B .4 [0,5]   no B in v2               FP    FP
 * A (npos 3): @.5 recall 1/3, 2/3, 1, 1, precision 1, 1, 1, .75 → AP 1; @.7 recall 1/3, 2/3, 2/3, 2/3 → AP 2/3.
 * B (npos 1): @.5 AP 1; @.7 AP 0.   mAP = [1, 1/3], average 2/3.
 * </pre>
 */
class EvalCommandTest extends Cli {
  private static final String TINY_GT = "{\"database\": {"
      + "\"v1\": {\"subset\": \"test\", \"annotations\": [{\"segment\": [\"0\", \"10\"], \"label\": \"A\"},"
      + " {\"segment\": [\"20\", \"30\"], \"label\": \"A\"}, {\"segment\": [\"5\", \"15\"], \"label\": \"B\"}]},"
      + "\"v3\": {\"subset\": \"train\", \"annotations\": [{\"segment\": [\"0\", \"1\"], \"label\": \"C\"}]},"
      + "\"v2\": {\"subset\": \"test\", \"annotations\": [{\"segment\": [\"0\", \"10\"], \"label\": \"A\"}]}}}";
  private static final String TINY_PRED = "{\"version\": \"VERSION 1.3\", \"results\": {"
      + "\"v1\": [{\"label\": \"A\", \"score\": 0.9, \"segment\": [0, 10]},"
      + " {\"label\": \"A\", \"score\": 0.8, \"segment\": [22, 30]},"
      + " {\"label\": \"A\", \"score\": 0.6, \"segment\": [0, 10]},"
      + " {\"label\": \"B\", \"score\": 0.5, \"segment\": [5, 10]}%s],"
      + "\"v2\": [{\"label\": \"A\", \"score\": 0.7, \"segment\": [5, 10]},"
      + " {\"label\": \"B\", \"score\": 0.4, \"segment\": [0, 5]}]}}";
  private static final String TINY_JSON = "{\"tiou\":[0.5,0.7],\"mAP\":[1.0,0.3333333333333333],"
      + "\"average\":0.6666666666666666,\"per_class\":{\"A\":[1.0,0.6666666666666666],\"B\":[1.0,0.0]}}\n";

  @TempDir Path dir;
  Path gt;
  Path pred;

  @BeforeEach
  void tinyFiles() throws IOException {
    gt = Files.writeString(dir.resolve("gt.json"), TINY_GT);
    pred = Files.writeString(dir.resolve("pred.json"), String.format(TINY_PRED, ""));
  }

  private static Run eval(String... args) {
    return run(new CommandLine(new EvalCommand()), args);
  }

  @Test
  void tinyCaseAsATableInPercent() {
    Run r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--tiou", "0.5:0.7:0.2");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    assertEquals(String.join("\n",
        "ground truth  " + gt + ": subset \"test\", 2 videos, 4 instances, 2 classes",
        "predictions   " + pred + ": 6 detections",
        "",
        "tIoU     mAP (%)",
        "0.5       100.00",
        "0.7        33.33",
        "average    66.67",
        ""), r.out());
  }

  @Test
  void tinyCaseAsJsonIsOneObjectOfFractions() {
    Run r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--tiou", "0.5:0.7:0.2", "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(TINY_JSON, r.out());
    assertEquals("", r.err());
  }

  @Test
  void perClassTable() {
    Run r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--tiou", "0.5:0.7:0.2", "--per-class");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().endsWith(String.join("\n",
        "AP (%) by class    @0.5   @0.7",
        "A                100.00  66.67",
        "B                100.00   0.00",
        "")), r.out());
  }

  @Test
  void defaultThresholdsAreTheThumosList() throws IOException {
    Run r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertEquals("[0.1,0.2,0.3,0.4,0.5,0.6,0.7]", root.get("tiou").toString());
  }

  @Test
  void anUnknownLabelIsADataErrorNamingFileFieldLabelAndTheFlag() throws IOException {
    Files.writeString(pred,
        String.format(TINY_PRED, ", {\"label\": \"C\", \"score\": 0.95, \"segment\": [0, 1]}"));
    Run r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--tiou", "0.5:0.7:0.2");
    assertEquals(1, r.exit(), r.out());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("wstal eval: " + pred + ": results.v1[4].label: \"C\" is not one of the 2 classes"
        + " of subset \"test\" in " + gt + "; 1 prediction(s) have unknown labels (C)."), r.err());
    assertTrue(r.err().contains("--ignore-unknown-labels"), r.err());

    r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--tiou", "0.5:0.7:0.2", "--json",
        "--ignore-unknown-labels");
    assertEquals(0, r.exit(), r.err());
    assertEquals(TINY_JSON, r.out());
    assertEquals("wstal eval: ignored 1 of 7 prediction(s) whose label is not a class of subset \"test\"\n",
        r.err());
  }

  @Test
  void aSubsetWithoutVideosNamesTheSubsetsPresentAndTheCaseFlag() {
    Run r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--subset", "Test");
    assertEquals(1, r.exit(), r.out());
    assertEquals("wstal eval: " + gt + ": subset: no video has subset \"Test\"; subsets in the file: \"test\""
        + " (2 videos), \"train\" (1 videos); pass --subset-ignore-case to match \"test\"\n", r.err());
    r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--subset", "Test", "--subset-ignore-case",
        "--tiou", "0.5:0.7:0.2", "--json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(TINY_JSON, r.out());
  }

  @Test
  void malformedAndMissingFilesAreDataErrors() throws IOException {
    Files.writeString(pred, "{\"results\": {\"v1\": [{\"label\": \"A\", \"score\": \"0.9\", \"segment\": [0, 1]}]}}");
    Run r = eval("--gt", gt.toString(), "--pred", pred.toString());
    assertEquals(1, r.exit());
    assertEquals("wstal eval: " + pred + ": results.v1[0].score: expected a number, got string \"0.9\"\n", r.err());
    r = eval("--gt", dir.resolve("nope.json").toString(), "--pred", pred.toString());
    assertEquals(1, r.exit());
    assertEquals("wstal eval: " + dir.resolve("nope.json") + ": no such file\n", r.err());
    assertEquals("", r.out());
  }

  @Test
  void usageErrorsExitTwo() {
    Run r = eval("--gt", gt.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("Missing required option: '--pred=PRED.json'"), r.err());
    r = eval("--gt", gt.toString(), "--pred", pred.toString(), "--tiou", "0.1:0.7");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("--tiou: thresholds: expected \"start:stop:step\""), r.err());
    assertEquals("", r.out());
  }

  /** Ground truth as predictions: every prediction is a TP, so every AP, mAP and the average are exactly 1. */
  @Test
  void thumosGroundTruthAsPredictionsScoresExactlyOne() throws IOException {
    Path thumos = dir.resolve("thumos14.json");
    GroundTruthWriter.write(thumos, Thumos14.groundTruth());
    List<Detection> perfect = new ArrayList<>();
    for (Video v : Thumos14.groundTruth().subset("test", false)) {
      for (Annotation a : v.annotations()) {
        perfect.add(new Detection(v.id(), a.label(), 1.0, a.start(), a.end()));
      }
    }
    assertEquals(3311, perfect.size());
    Path perfectFile = dir.resolve("perfect.json");
    ResultWriter.write(perfectFile, perfect);
    Run r = eval("--gt", thumos.toString(), "--pred", perfectFile.toString(), "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertEquals("[1.0,1.0,1.0,1.0,1.0,1.0,1.0]", root.get("mAP").toString());
    assertEquals(1.0, root.get("average").doubleValue());
    assertEquals(20, root.get("per_class").size());
    root.get("per_class").forEach(ap -> assertEquals("[1.0,1.0,1.0,1.0,1.0,1.0,1.0]", ap.toString()));

    r = eval("--gt", thumos.toString(), "--pred", perfectFile.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("ground truth  " + thumos + ": subset \"test\", 210 videos, 3311 instances,"
        + " 20 classes\npredictions   " + perfectFile + ": 3311 detections\n"), r.out());
    assertTrue(r.out().endsWith("0.7       100.00\naverage   100.00\n"), r.out());
  }
}

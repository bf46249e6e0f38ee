package dev.wstal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wstal.eval.proposals.PostProcessing;
import dev.wstal.loss.FtclOptions;
import dev.wstal.testing.Props;
import dev.wstal.train.TrainConfig.Acm;
import dev.wstal.train.TrainConfig.Contrast;
import dev.wstal.train.TrainConfig.Data;
import dev.wstal.train.TrainConfig.Eval;
import dev.wstal.train.TrainConfig.Mil;
import dev.wstal.train.TrainConfig.Model;
import dev.wstal.train.TrainConfig.Optim;
import dev.wstal.train.TrainConfig.Stage1;
import dev.wstal.train.TrainConfig.Stage2;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainConfigTest {
  @TempDir Path dir;

  /** The spec's THUMOS14 parity numbers, written out here independently of {@link TrainConfig#defaults()}. */
  private static final TrainConfig SPEC_THUMOS = new TrainConfig("ftcl", 0,
      new Data(750, 750), // §2 random_sample L_s, uniform_sample cap
      new Model(null, null, 0.0, 0.0, 0.7), // §3: embed D→D, projection 2048→1024, no ANet dropouts, CAS 0.7
      new Mil(8, 3, 3), // §3 THUMOS r
      new Acm(0.002, 0.00005, 0.0002, 50, 1), // §4 λ₁, λ₂, λ₃, margin, CE_ins ×1
      new Contrast("CODE", 0.8, 0.1, 0.1, "HARD", 0.92, 0.01, 0.02, 1e-8, 0.2, 5, 30), // §5–§8, §14 ε fix
      new Stage1(500, 16, false, 1e-45), // §9, §4
      new Stage2(25, 16, false, 1e-10), // §9, §8.3, §4
      new Optim(0.0001, 0.9, 0.999, 1e-8, 0.00005, true), // §9
      new Eval(1, "FTCL", "BEST", 1)); // §9, §10, §14

  private static IllegalArgumentException rejects(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run);
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "expected \"" + p + "\" in: " + message);
    }
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void defaultsAreTheSpecsThumosParityNumbers() {
    TrainConfig d = TrainConfig.defaults();
    assertEquals("ftcl", d.method());
    assertEquals(0, d.seed());
    assertEquals(750, d.data().sampleLength());
    assertEquals(750, d.data().maxTestSnippets());
    assertNull(d.model().embedDim());
    assertNull(d.model().projectionDim());
    assertEquals(0.0, d.model().inputDropout());
    assertEquals(0.0, d.model().attentionDropout());
    assertEquals(0.7, d.model().casDropout());
    assertEquals(8.0, d.mil().insRatio());
    assertEquals(3.0, d.mil().ctxRatio());
    assertEquals(3.0, d.mil().bgRatio());
    assertEquals(2e-3, d.acm().guideWeight());
    assertEquals(5e-5, d.acm().featureNormWeight());
    assertEquals(2e-4, d.acm().sparsityWeight());
    assertEquals(50.0, d.acm().featureNormMargin());
    assertEquals(1.0, d.acm().insWeight());
    assertEquals("CODE", d.contrast().mode());
    assertEquals(0.8, d.contrast().fsdWeight());
    assertEquals(0.1, d.contrast().lcsWeight());
    assertEquals(0.1, d.contrast().fsdGamma());
    assertEquals("HARD", d.contrast().lcs());
    assertEquals(0.92, d.contrast().lcsTau());
    assertEquals(0.01, d.contrast().lcsGamma());
    assertEquals(0.02, d.contrast().gateTemperature());
    assertEquals(1e-8, d.contrast().cosEps());
    assertEquals(0.2, d.contrast().eta());
    assertEquals(5, d.contrast().fsdLength());
    assertEquals(30, d.contrast().lcsLength());
    assertEquals(500, d.stage1().epochs());
    assertEquals(16, d.stage1().batchSize());
    assertFalse(d.stage1().pureAcm());
    assertEquals(1e-45, d.stage1().ceEps());
    assertEquals(25, d.stage2().epochs());
    assertEquals(16, d.stage2().pairBatchSize());
    assertFalse(d.stage2().resampleEachEpoch());
    assertEquals(1e-10, d.stage2().ceEps());
    assertEquals(1e-4, d.optim().lr());
    assertEquals(0.9, d.optim().beta1());
    assertEquals(0.999, d.optim().beta2());
    assertEquals(1e-8, d.optim().eps());
    assertEquals(5e-5, d.optim().weightDecay());
    assertTrue(d.optim().skipNonFinite());
    assertEquals(1, d.eval().everyEpochs());
    assertEquals("FTCL", d.eval().preset());
    assertEquals("BEST", d.eval().select());
    assertEquals(1, d.eval().checkpointEveryEpochs());
    assertEquals(SPEC_THUMOS, d);
    assertEquals(PostProcessing.Preset.FTCL, d.eval().postProcessing());
  }

  @Test
  void thumosPresetIsTheDefaultsAndAnetChangesExactlyTheSpecsActivityNetSettings() {
    assertEquals(TrainConfig.defaults(), TrainConfig.preset("thumos"));
    TrainConfig anet = TrainConfig.preset("ANet"); // names ignore case
    TrainConfig expected = SPEC_THUMOS
        .withData(new Data(75, 750)) // §2 L_s = 75
        .withModel(new Model(null, null, 0.7, 0.7, 0.7)) // §3 ANet dropouts
        .withMil(new Mil(2, 10, 10)) // §3 ANet r
        .withAcm(new Acm(5e-3, 5e-5, 0, 50, 1)) // §4 ANet λ, CE_ins ×1 kept
        .withOptim(new Optim(1e-4, 0.9, 0.999, 1e-8, 1e-3, true)); // §9 ANet weight decay
    assertEquals(expected, anet);
  }

  @Test
  void smallPresetIsTheShortDemoSchedule() {
    TrainConfig expected = SPEC_THUMOS
        .withData(new Data(128, 750))
        .withStage1(new Stage1(100, 16, false, 1e-45))
        .withStage2(new Stage2(20, 16, false, 1e-10))
        .withOptim(new Optim(1e-3, 0.9, 0.999, 1e-8, 5e-5, true))
        .withEval(new Eval(10, "FTCL", "BEST", 10));
    assertEquals(expected, TrainConfig.preset("small"));
  }

  @Test
  void everyPresetResourceIsAnObjectOfKnownKeysAndBuilds() throws IOException {
    assertEquals(List.of("thumos", "anet", "small"), TrainConfig.presetNames());
    ObjectMapper json = new ObjectMapper();
    JsonNode defaults = json.readTree(TrainConfig.defaults().toJson());
    for (String name : TrainConfig.presetNames()) {
      try (InputStream in = TrainConfig.class.getResourceAsStream("presets/" + name + ".json")) {
        assertTrue(in != null, "resource presets/" + name + ".json");
        JsonNode tree = json.readTree(in);
        assertTrue(tree.isObject(), name);
        assertKeysWithin(defaults, tree, name);
      }
      TrainConfig.preset(name); // validates
    }
  }

  /** Every key of {@code overlay} also exists, at the same place, in the full tree. */
  private static void assertKeysWithin(JsonNode full, JsonNode overlay, String where) {
    for (Iterator<String> it = overlay.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      assertTrue(full.has(k), where + "." + k);
      if (overlay.get(k).isObject()) {
        assertKeysWithin(full.get(k), overlay.get(k), where + "." + k);
      }
    }
  }

  @Test
  void unknownPresetListsTheKnownOnes() {
    String m = rejects(() -> TrainConfig.preset("kinetics")).getMessage();
    assertMentions(m, "preset", "[thumos, anet, small]", "\"kinetics\"");
  }

  @Test
  void jsonAndYamlOverlaysGiveTheSameConfig() throws IOException {
    Path j = write("c.json", """
        {"method": "acmnet", "seed": 7,
         "model": {"embedDim": 512, "casDropout": 0.5},
         "contrast": {"lcs": "SOFT", "lcsTau": 0.9},
         "stage1": {"epochs": 12, "pureAcm": true},
         "optim": {"lr": 3e-4}}
        """);
    Path y = write("c.yaml", """
        method: acmnet
        seed: 7
        model:
          embedDim: 512
          casDropout: 0.5
        contrast:
          lcs: SOFT
          lcsTau: 0.9
        stage1:
          epochs: 12
          pureAcm: true
        optim:
          lr: 3e-4
        """);
    TrainConfig expected = SPEC_THUMOS.withMethod("acmnet").withSeed(7)
        .withModel(new Model(512, null, 0, 0, 0.5))
        .withContrast(new Contrast("CODE", 0.8, 0.1, 0.1, "SOFT", 0.9, 0.01, 0.02, 1e-8, 0.2, 5, 30))
        .withStage1(new Stage1(12, 16, true, 1e-45))
        .withOptim(new Optim(3e-4, 0.9, 0.999, 1e-8, 5e-5, true));
    assertEquals(expected, TrainConfig.load(j));
    assertEquals(expected, TrainConfig.load(y));
    assertEquals(expected, TrainConfig.load(Files.copy(y, dir.resolve("c.YML"))));
  }

  @Test
  void deepMergeKeepsSiblingsAndAPresetKeyChangesTheBase() throws IOException {
    TrainConfig c = TrainConfig.fromJson("{\"stage1\": {\"epochs\": 3}}");
    assertEquals(SPEC_THUMOS.withStage1(new Stage1(3, 16, false, 1e-45)), c);

    Path f = write("a.yml", "preset: anet\nmil:\n  insRatio: 4\n");
    TrainConfig a = TrainConfig.load(f);
    TrainConfig anet = TrainConfig.preset("anet");
    assertEquals(anet.withMil(new Mil(4, 10, 10)), a); // ctx/bg ratios stay the preset's, not the defaults'

    assertEquals(SPEC_THUMOS, TrainConfig.load(write("empty.yaml", "")));
    assertEquals(SPEC_THUMOS, TrainConfig.fromJson("{}"));
  }

  @Test
  void toJsonWritesEveryFieldInDeclarationOrderWithNulls() throws IOException {
    String text = TrainConfig.defaults().toJson();
    assertTrue(text.endsWith("\n"));
    JsonNode tree = new ObjectMapper().readTree(text);
    assertEquals(List.of("method", "seed", "data", "model", "mil", "acm", "contrast", "stage1", "stage2", "optim",
        "eval"), names(tree));
    assertEquals(List.of("embedDim", "projectionDim", "inputDropout", "attentionDropout", "casDropout"),
        names(tree.get("model")));
    assertTrue(tree.get("model").get("embedDim").isNull());
    assertEquals(1e-45, tree.get("stage1").get("ceEps").doubleValue());
    assertEquals(text, TrainConfig.fromJson(text).toJson(), "stable output");
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void saveThenLoadGivesTheSameConfigInBothFormats() {
    Props.theory().forAll(longs().all(), integers().between(0, 100_000), doubles().between(1e-9, 0.999),
            booleans().all())
        .checkAssert((seed, n, x, flag) -> {
          TrainConfig c = SPEC_THUMOS.withSeed(seed)
              .withModel(new Model(flag ? null : n + 1, flag ? 2 * (n + 1) : null, x, 0, x / 2))
              .withContrast(new Contrast(flag ? "PAPER" : "CODE", x, 1 - x, x, flag ? "SOFT" : "HARD", x * 1e10,
                  x * 1e-30, 0.02, flag ? 0 : x, 0.2, 5, 30))
              .withStage1(new Stage1(n, 2 + n % 50, flag, Double.MIN_VALUE))
              .withOptim(new Optim(x, x, 0, 1e-300, 0, flag));
          try {
            for (String ext : List.of("json", "yaml")) {
              Path f = dir.resolve("rt." + ext);
              c.save(f);
              assertEquals(c, TrainConfig.load(f), ext);
            }
          } catch (IOException ex) {
            throw new AssertionError(ex);
          }
        });
  }

  @Test
  void saveReplacesTheFileAndLeavesNoTemporaries() throws IOException {
    Path f = write("out.json", "old");
    TrainConfig c = TrainConfig.preset("anet").withSeed(5);
    c.save(f);
    assertEquals(c.toJson(), Files.readString(f));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
    assertMentions(rejects(() -> {
      try {
        c.save(dir.resolve("out.txt"));
      } catch (IOException ex) {
        throw new AssertionError(ex);
      }
    }).getMessage(), "out.txt", ".json, .yaml or .yml");
  }

  /** Each setting out of range: the message names the key, what it should be and the given value. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "method | svm | one of [acmnet, ftcl] | \"svm\"",
      "data.sampleLength | 0 | >= 1 | 0",
      "data.maxTestSnippets | 0 | >= 1 | 0",
      "data.sampleLength | 29 | >= max(contrast.lcsLength, 2 * contrast.fsdLength) = 30 | 29",
      "model.embedDim | 0 | >= 1 | 0",
      "model.projectionDim | 7 | even | 7",
      "model.projectionDim | 0 | even | 0",
      "model.inputDropout | 1 | [0, 1) | 1.0",
      "model.attentionDropout | -0.1 | [0, 1) | -0.1",
      "model.casDropout | 1.5 | [0, 1) | 1.5",
      "mil.insRatio | 0.5 | >= 1 | 0.5",
      "mil.ctxRatio | 0 | >= 1 | 0.0",
      "mil.bgRatio | Infinity | >= 1 | Infinity",
      "acm.guideWeight | -1 | >= 0 | -1.0",
      "acm.featureNormWeight | NaN | >= 0 | NaN",
      "acm.sparsityWeight | -2e-4 | >= 0 | -2.0E-4",
      "acm.featureNormMargin | -50 | >= 0 | -50.0",
      "acm.insWeight | Infinity | finite | Infinity",
      "contrast.mode | both | one of [CODE, PAPER] | \"both\"",
      "contrast.lcs | fuzzy | one of [HARD, SOFT] | \"fuzzy\"",
      "contrast.fsdWeight | -0.8 | >= 0 | -0.8",
      "contrast.lcsWeight | NaN | >= 0 | NaN",
      "contrast.fsdGamma | 0 | > 0 | 0.0",
      "contrast.lcsTau | Infinity | finite | Infinity",
      "contrast.lcsGamma | -0.01 | > 0 | -0.01",
      "contrast.gateTemperature | 0 | > 0 | 0.0",
      "contrast.cosEps | -1e-8 | >= 0 | -1.0E-8",
      "contrast.eta | 0 | > 0 | 0.0",
      "contrast.fsdLength | 0 | >= 1 | 0",
      "contrast.lcsLength | 0 | >= 1 | 0",
      "stage1.epochs | -1 | >= 0 | -1",
      "stage1.batchSize | 1 | >= 2 | 1",
      "stage1.ceEps | 0 | > 0 | 0.0",
      "stage2.epochs | -1 | >= 0 | -1",
      "stage2.pairBatchSize | 0 | >= 1 | 0",
      "stage2.ceEps | -1e-10 | > 0 | -1.0E-10",
      "optim.lr | 0 | > 0 | 0.0",
      "optim.beta1 | 1 | [0, 1) | 1.0",
      "optim.beta2 | -0.5 | [0, 1) | -0.5",
      "optim.eps | 0 | > 0 | 0.0",
      "optim.weightDecay | -1e-5 | >= 0 | -1.0E-5",
      "eval.everyEpochs | 0 | >= 1 | 0",
      "eval.checkpointEveryEpochs | 0 | >= 1 | 0",
      "eval.preset | FTCL2 | one of [UM, COLA, COLA_ANET12, FUSTAL, BASNET, FTCL, SAL, CO2NET] | \"FTCL2\"",
      "eval.select | MIDDLE | one of [BEST, LAST] | \"MIDDLE\"",
  })
  void rejectsEachBadValueNamingKeyExpectationAndValue(String key, String value, String expected, String actual) {
    String m = rejects(() -> TrainConfig.defaults().withOverrides(Map.of(key, value))).getMessage();
    assertTrue(m.startsWith(key + ": expected "), m);
    assertMentions(m, expected, "got " + actual);
  }

  @Test
  void boundaryValuesAreAccepted() {
    Map<String, String> edge = new LinkedHashMap<>();
    edge.put("stage1.epochs", "0");
    edge.put("stage2.epochs", "0");
    edge.put("stage1.batchSize", "2");
    edge.put("stage2.pairBatchSize", "1");
    edge.put("mil.insRatio", "1");
    edge.put("model.inputDropout", "0");
    edge.put("model.projectionDim", "2");
    edge.put("model.embedDim", "1");
    edge.put("optim.weightDecay", "0");
    edge.put("optim.beta1", "0");
    edge.put("acm.sparsityWeight", "0");
    edge.put("contrast.cosEps", "0");
    edge.put("data.sampleLength", "30"); // = lcsLength 30 > 2 · fsdLength 10
    TrainConfig c = TrainConfig.defaults().withOverrides(edge);
    assertEquals(30, c.data().sampleLength());
    assertEquals(0, c.stage2().epochs());
    assertEquals(2, c.model().projectionDim());
  }

  @Test
  void sampleLengthMustCoverTwiceTheFsdLengthToo() {
    int fsd = 16; // 2 · 16 = 32 > lcsLength 30
    Map<String, String> o = Map.of("contrast.fsdLength", "" + fsd, "data.sampleLength", "" + (2 * fsd - 1));
    assertMentions(rejects(() -> TrainConfig.defaults().withOverrides(o)).getMessage(),
        "data.sampleLength", "= " + (2 * fsd), "got " + (2 * fsd - 1));
    assertEquals(2 * fsd,
        TrainConfig.defaults().withOverrides(Map.of("contrast.fsdLength", "16", "data.sampleLength", "32"))
            .data().sampleLength());
  }

  @Test
  void aBadValueInAFileNamesTheFileAndTheKey() throws IOException {
    Path f = write("bad.yaml", "stage1:\n  epochs: -4\n");
    assertMentions(rejects(() -> load(f)).getMessage(), f.toString(), "stage1.epochs", ">= 0", "got -4");
    Path g = write("bad.json", "{\"preset\": \"anet\", \"data\": {\"sampleLength\": 20}}");
    assertMentions(rejects(() -> load(g)).getMessage(), g.toString(), "data.sampleLength", "= 30", "got 20");
  }

  @Test
  void unknownKeysNameThePathAndTheKnownKeysAtThatLevel() throws IOException {
    Path f = write("typo.json", "{\"stage1\": {\"epoch\": 3}}");
    assertMentions(rejects(() -> load(f)).getMessage(), f.toString(),
        "stage1.epoch: unknown key; known keys at stage1: [epochs, batchSize, pureAcm, ceEps]");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"lr\": 1}")).getMessage(),
        "lr: unknown key; known keys at the top level: "
            + "[method, seed, data, model, mil, acm, contrast, stage1, stage2, optim, eval]");
    assertMentions(rejects(() -> TrainConfig.defaults().withOverrides(Map.of("optim.learningRate", "1")))
        .getMessage(), "optim.learningRate: unknown key; known keys at optim: [lr, beta1, beta2, eps, ");
    assertMentions(rejects(() -> TrainConfig.defaults().withOverrides(Map.of("stage1.epochs.max", "1")))
        .getMessage(), "stage1.epochs.max: unknown key", "stage1.epochs is a single setting");
    assertMentions(rejects(() -> TrainConfig.defaults().withJson("{\"preset\": \"anet\"}")).getMessage(),
        "preset: unknown key");
  }

  @Test
  void wrongTypesNameThePathTheTypeAndTheValue() throws IOException {
    Path f = write("t.json", "{\"stage1\": {\"epochs\": \"x\"}}");
    assertMentions(rejects(() -> load(f)).getMessage(), f.toString(), "stage1.epochs: expected an integer",
        "got \"x\"");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"stage1\": {\"epochs\": 2.5}}")).getMessage(),
        "stage1.epochs: expected an integer", "got 2.5");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"stage1\": {\"epochs\": 3000000000}}")).getMessage(),
        "stage1.epochs: expected an integer in [-2147483648, 2147483647]", "got 3000000000");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"stage1\": {\"pureAcm\": 1}}")).getMessage(),
        "stage1.pureAcm: expected true or false, got 1");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"optim\": {\"lr\": \"1e-4\"}}")).getMessage(),
        "optim.lr: expected a number, got \"1e-4\"");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"method\": 1}")).getMessage(),
        "method: expected a string, got 1");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"contrast\": 5}")).getMessage(),
        "contrast: expected an object with keys [mode, fsdWeight, ", "got 5");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"optim\": {\"eps\": null}}")).getMessage(),
        "optim.eps: expected a number, got null");
    assertMentions(rejects(() -> TrainConfig.fromJson("{\"preset\": 3}")).getMessage(),
        "preset: expected a preset name, one of [thumos, anet, small], got 3");
    assertMentions(rejects(() -> TrainConfig.fromJson("[1, 2]")).getMessage(), "expected an object");
    // An integral number written as a float is still an integer, and integers are numbers.
    TrainConfig c = TrainConfig.fromJson("{\"stage1\": {\"epochs\": 4.0}, \"mil\": {\"insRatio\": 5}}");
    assertEquals(4, c.stage1().epochs());
    assertEquals(5.0, c.mil().insRatio());
  }

  @Test
  void malformedFilesAndUnknownExtensionsAreNamed() throws IOException {
    Path j = write("broken.json", "{\"seed\": 1,");
    assertMentions(rejects(() -> load(j)).getMessage(), j.toString(), "not valid JSON at line 1");
    Path d = write("dup.json", "{\"seed\": 1, \"seed\": 2}");
    assertMentions(rejects(() -> load(d)).getMessage(), d.toString(), "seed");
    Path y = write("dup.yaml", "seed: 1\nseed: 2\n");
    assertMentions(rejects(() -> load(y)).getMessage(), y.toString(), "not valid YAML", "seed");
    Path t = write("c.toml", "seed = 1\n");
    assertMentions(rejects(() -> load(t)).getMessage(), t.toString(), ".json, .yaml or .yml", "\"c.toml\"");
  }

  private static TrainConfig load(Path f) {
    try {
      return TrainConfig.load(f);
    } catch (IOException ex) {
      throw new AssertionError(ex);
    }
  }

  @Test
  void overridesParseEachValueAsItsFieldsType() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("stage1.epochs", "3");
    o.put("contrast.lcs", "soft");
    o.put("optim.lr", "2.5e-4");
    o.put("stage1.pureAcm", "TRUE");
    o.put("model.embedDim", " 512 ");
    o.put("seed", "-7");
    o.put("eval.preset", "ftcl");
    o.put("method", "ACMNet");
    TrainConfig c = TrainConfig.defaults().withOverrides(o);
    TrainConfig expected = SPEC_THUMOS.withSeed(-7).withMethod("acmnet")
        .withModel(new Model(512, null, 0, 0, 0.7))
        .withContrast(new Contrast("CODE", 0.8, 0.1, 0.1, "SOFT", 0.92, 0.01, 0.02, 1e-8, 0.2, 5, 30))
        .withStage1(new Stage1(3, 16, true, 1e-45))
        .withOptim(new Optim(2.5e-4, 0.9, 0.999, 1e-8, 5e-5, true));
    assertEquals(expected, c);
    assertEquals("SOFT", c.contrast().lcs()); // names are stored in one spelling
    assertNull(c.withOverrides(Map.of("model.embedDim", "null")).model().embedDim());
    assertEquals(TrainConfig.defaults(), TrainConfig.defaults().withOverrides(Map.of()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "stage1.epochs | x | an integer",
      "stage1.epochs | 2.5 | an integer",
      "seed | 1e3 | an integer",
      "optim.lr | fast | a number",
      "optim.lr | 3d | a number",
      "stage1.pureAcm | yes | true or false",
      "data.sampleLength | null | an integer",
  })
  void overridesOfTheWrongTypeNameKeyTypeAndText(String key, String value, String type) {
    String m = rejects(() -> TrainConfig.defaults().withOverrides(Map.of(key, value))).getMessage();
    assertTrue(m.startsWith(key + ": expected " + type), m);
    assertMentions(m, "got \"" + value + "\"");
  }

  @Test
  void overridingAWholeGroupIsRejected() {
    assertMentions(rejects(() -> TrainConfig.defaults().withOverrides(Map.of("stage1", "3"))).getMessage(),
        "stage1: expected a single setting such as stage1.epochs", "[epochs, batchSize, pureAcm, ceEps]");
  }

  @Test
  void withersValidateAndStoreOneSpelling() {
    assertEquals(42, TrainConfig.defaults().withSeed(42).seed());
    assertEquals("acmnet", TrainConfig.defaults().withMethod(" AcmNet ").method());
    assertMentions(rejects(() -> TrainConfig.defaults().withMethod("sal")).getMessage(),
        "method: expected one of [acmnet, ftcl], got \"sal\"");
    assertMentions(rejects(() -> TrainConfig.defaults().withData(new Data(8, 750))).getMessage(),
        "data.sampleLength", "= 30", "got 8");
  }

  @Test
  void contrastSettingsBecomeTheLossOptions() {
    assertEquals(FtclOptions.defaults(), TrainConfig.defaults().contrast().toOptions(false));
    Contrast c = new Contrast("paper", 0.3, 0.4, 0.05, "soft", 0.85, 0.03, 0.07, 0, 0.5, 5, 30);
    FtclOptions o = c.toOptions(false);
    assertEquals(FtclOptions.Mode.PAPER, o.mode());
    assertEquals(0.3, o.fsdWeight());
    assertEquals(0.4, o.lcsWeight());
    assertEquals(0.05, o.fsdGamma());
    assertEquals(FtclOptions.LcsMode.SOFT, o.lcs());
    assertEquals(0.85, o.lcsTau());
    assertEquals(0.03, o.lcsGamma());
    assertEquals(0.07, o.gateTemperature());
    assertEquals(0.0, o.cosEps());
    assertEquals(0.5, o.eta());
    assertFalse(o.stage1Rescale());
    assertTrue(TrainConfig.defaults().contrast().toOptions(true).stage1Rescale());
    // The stage-1 rescale belongs to the code form; FtclOptions says so.
    assertMentions(rejects(() -> c.toOptions(true)).getMessage(), "stage1Rescale", "PAPER");
  }

  @Test
  void nullWidthsResolveFromTheFeatureDimension() {
    TrainConfig d = TrainConfig.defaults();
    assertEquals(2048, d.embedDim(2048));
    assertEquals(1024, d.projectionDim(2048));
    assertEquals(64, d.embedDim(64));
    assertEquals(32, d.projectionDim(64));
    TrainConfig set = d.withModel(new Model(300, 40, 0, 0, 0.7));
    assertEquals(300, set.embedDim(2048));
    assertEquals(40, set.projectionDim(2048));
    assertEquals(150, d.withModel(new Model(null, 150, 0, 0, 0.7)).projectionDim(7));
    // 6 / 2 = 3 is odd, and FSD splits the projection in two halves.
    assertMentions(rejects(() -> d.projectionDim(6)).getMessage(), "model.projectionDim", "embedDim 6 gives 3");
    assertMentions(rejects(() -> d.embedDim(0)).getMessage(), "featureDim", "got 0");
  }
}

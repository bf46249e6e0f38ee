package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU engine that runs the CUDA kernels in CI (kernels/emulator) checked on its own kernels
 * (kernels/emulator/selftest/selftest.cu): the collectives, barriers, shared memory and atomics give the results
 * worked out by hand from CUDA's rules under every schedule, and each planted defect is reported with its kernel,
 * block, thread, intrinsic and the source line its {@code defect:} comment marks: an error always, or, for the
 * undefined behaviour the engine tolerates, a warning outside strict mode and an error in it.
 */
class CpuEngineSelfTest {
  private static final Path SOURCE = Path.of("kernels/emulator/selftest/selftest.cu");
  private static Path runner;

  @BeforeAll
  static void findRunner() {
    String dir = System.getProperty("wstal.emulator.dir");
    Assumptions.assumeFalse(dir == null || Boolean.getBoolean("wstal.emulator.skip"),
        "the CPU engine was not built (-Dwstal.emulator.skip=true, or not run by Maven)");
    runner = Path.of(dir, "wstal-emu-selftest");
    assertTrue(Files.isExecutable(runner), runner + " is missing: kernels/emulator/build.sh did not run");
  }

  record Run(int exit, String out, String err) {}

  static Run run(String testCase, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(runner.toString(), testCase);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("selftest", ".out");
    Path err = Files.createTempFile("selftest", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(testCase + " did not finish in 120 s");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Stream<Arguments> correctKernels() {
    List<Arguments> all = new ArrayList<>();
    for (String c : List.of("shuffles", "votes", "reverse", "shared_memory", "atomics", "indices")) {
      for (String schedule : List.of("inorder", "reverse", "random")) {
        all.add(Arguments.of(c, schedule));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("correctKernels")
  void correctKernelsGiveTheHandWorkedResultsUnderEverySchedule(String testCase, String schedule) throws Exception {
    Run r = run(testCase, Map.of("WSTAL_EMU_STRICT", "1", "WSTAL_EMU_SCHEDULE", schedule, "WSTAL_EMU_SEED", "7"));
    assertEquals(0, r.exit(), testCase + ": " + r.out() + r.err());
    assertEquals("", r.err(), "a correct kernel gets no diagnostic");
  }

  @Test
  void theDriverRefusesAnImageBuiltFromOtherKernelSourcesKernelByKernel() throws Exception {
    Run r = run("stale_image", Map.of());
    assertEquals(0, r.exit(), r.out() + r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(List.of(
        "wstal-emu: error: cuModuleGetFunction: no kernel st_votes in the loaded image (3 kernels)",
        "wstal-emu: error: cuModuleGetFunction: kernel st_reverse has parameter sizes (8, 8, 8) in the image but "
            + "(8, 8, 4) in the engine: the jar and the engine were built from different kernel sources",
        "wstal-emu: error: cuModuleGetFunction: kernel st_gone is in the image but not in the engine's kernels "
            + "(the program itself): the jar and the engine were built from different kernel sources; rebuild "
            + "the engine (kernels/emulator/build.sh)",
        "wstal-emu: error: cuModuleLoadData: the image is neither an nvcc fatbin (magic 0x20746f6e, expected "
            + "0xba55ed50) nor an engine image"),
        lines);
  }

  /** {case, intrinsic named, thread named ("" when the block is), undefined behaviour the engine tolerates}. */
  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of("mask_excludes_lane", "__shfl_sync", "thread (5,0,0) (warp 0, lane 5)", false),
        Arguments.of("exited_lanes", "__shfl_xor_sync", "thread (0,0,0) (warp 0, lane 0)", true),
        Arguments.of("different_collectives", "__ballot_sync", "thread 0 (warp 0, lane 0)", false),
        Arguments.of("divergent_sites", "__shfl_xor_sync", "thread (16,0,0) (warp 0, lane 16)", true),
        Arguments.of("barrier_deadlock", "__syncthreads", "lane 0", false),
        Arguments.of("barrier_sites", "__syncthreads", "(warp 1, lane 0)", true),
        Arguments.of("barrier_exited", "__syncthreads", "", true),
        Arguments.of("inactive_source", "__shfl_sync", "thread (0,0,0) (warp 0, lane 0)", true),
        Arguments.of("bad_width", "__shfl_xor_sync", "thread (0,0,0) (warp 0, lane 0)", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void eachPlantedDefectIsReportedWithItsKernelThreadIntrinsicAndLine(String testCase, String intrinsic,
      String thread, boolean tolerated) throws Exception {
    String line = "selftest.cu:" + markedLine(testCase);
    String kernel = "kernel st_" + testCase + ", block (0,0,0)";

    Run strict = run(testCase, Map.of("WSTAL_EMU_STRICT", "1", "WSTAL_EMU_SCHEDULE", "inorder"));
    assertEquals(3, strict.exit(), "strict mode fails the launch: " + strict.out() + strict.err());
    String error = onlyLine(strict.err(), "wstal-emu: error: ");
    assertTrue(error.startsWith("wstal-emu: error: " + kernel), error);
    assertTrue(error.contains(thread), "names " + thread + ": " + error);
    assertTrue(error.contains(intrinsic + " at " + line), "names " + intrinsic + " at " + line + ": " + error);

    Run lenient = run(testCase, Map.of("WSTAL_EMU_STRICT", "0", "WSTAL_EMU_SCHEDULE", "inorder"));
    if (tolerated) {
      assertEquals(0, lenient.exit(), "tolerated: the launch runs, with CUDA's results: " + lenient.out());
      String warning = onlyLine(lenient.err(), "wstal-emu: warning: ");
      assertTrue(warning.contains(line) && warning.contains(kernel), warning);
      assertTrue(warning.endsWith("(undefined behaviour; WSTAL_EMU_STRICT=1 makes it an error)"), warning);
    } else {
      assertEquals(3, lenient.exit(), "an error in every mode: " + lenient.out() + lenient.err());
      assertEquals(error, onlyLine(lenient.err(), "wstal-emu: error: "));
    }
  }

  /** The one line of {@code text} (stderr), which must start with {@code prefix}. */
  private static String onlyLine(String text, String prefix) {
    List<String> lines = text.lines().toList();
    assertEquals(1, lines.size(), "one diagnostic line: " + text);
    assertTrue(lines.get(0).startsWith(prefix), lines.get(0));
    return lines.get(0);
  }

  /** The 1-based line of selftest.cu whose comment says {@code defect: <testCase>}. */
  private static int markedLine(String testCase) throws IOException {
    List<String> lines = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith("// defect: " + testCase)) {
        return i + 1;
      }
    }
    throw new AssertionError("no '// defect: " + testCase + "' in " + SOURCE);
  }
}

package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What kernels/build.sh put into the jar. With nvcc on the PATH (and no -Dwstal.kernels.skip=true) the build must
 * have made the fatbin; without it, loading says the kernels were not built.
 */
class KernelImageTest {
  private static final int FATBIN_MAGIC = 0xBA55ED50;

  @Test
  void theBuildMadeTheFatbinWhereverNvccWasFound() {
    if (onPath("nvcc") && !Boolean.getBoolean("wstal.kernels.skip")) {
      assertTrue(KernelImage.isBuilt(), "nvcc is on the PATH but the build left no " + KernelImage.FATBIN_RESOURCE);
    }
    if (!KernelImage.isBuilt()) {
      CudaUnavailableException e = assertThrows(CudaUnavailableException.class, KernelImage::load);
      assertEquals("kernels were not built (nvcc was not found, or -Dwstal.kernels.skip=true was set, when this jar "
          + "was built; see docs/cuda.md)", e.getMessage());
    }
  }

  @Test
  void thePropertiesNameTheNvccTheDriverItNeedsTheTargetsAndTheSources() throws IOException {
    Assumptions.assumeTrue(KernelImage.isBuilt(), "the jar was built without nvcc");
    KernelImage image = KernelImage.load();
    assertTrue(image.nvccVersion().matches("\\d+\\.\\d+"), image.nvccVersion());
    String[] parts = image.nvccVersion().split("\\.");
    assertEquals(Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]) * 10, image.minDriverVersion());
    assertEquals("sm_80,sm_90,compute_90", image.gencode());
    Path kernels = Path.of("kernels");
    if (Files.isRegularFile(kernels.resolve("wstal.cu"))) {
      assertEquals(sourcesSha256(kernels), image.sourcesSha256(), "the fatbin is stale: kernels/ changed since");
    }
  }

  @Test
  void theFatbinHoldsSm80AndSm90CodeAndCompute90Ptx() throws IOException {
    Assumptions.assumeTrue(KernelImage.isBuilt(), "the jar was built without nvcc");
    byte[] fatbin = KernelImage.load().fatbin();
    assertEquals(Set.of("ELF sm_80", "ELF sm_90", "PTX sm_90"), entries(fatbin));
  }

  @Test
  void cuobjdumpListsTheSameTargets() throws IOException, InterruptedException {
    Assumptions.assumeTrue(KernelImage.isBuilt(), "the jar was built without nvcc");
    Assumptions.assumeTrue(onPath("cuobjdump"), "cuobjdump is not on the PATH");
    Path file = Files.createTempFile("wstal", ".fatbin");
    try {
      Files.write(file, KernelImage.load().fatbin());
      String elf = run("cuobjdump", "--list-elf", file.toString());
      String ptx = run("cuobjdump", "--list-ptx", file.toString());
      assertTrue(elf.contains("sm_80") && elf.contains("sm_90"), elf);
      assertTrue(ptx.contains("sm_90") && !ptx.contains("sm_80"), ptx);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * The entries of a fatbin as "ELF sm_NN" (SASS) or "PTX sm_NN". Layout as cuobjdump reads it: a 16-byte header
   * (magic 0xBA55ED50, u16 version, u16 header size, u64 size of the entries), then entries, each with u16 kind
   * (1 PTX, 2 ELF) at 0, u32 header size at 4, u64 padded payload size at 8 and u32 SM version at 28.
   */
  static Set<String> entries(byte[] fatbin) {
    ByteBuffer b = ByteBuffer.wrap(fatbin).order(ByteOrder.LITTLE_ENDIAN);
    Set<String> found = new TreeSet<>();
    int at = 0;
    while (at + 16 <= fatbin.length) {
      assertEquals(FATBIN_MAGIC, b.getInt(at), "fatbin magic at " + at);
      int headerSize = Short.toUnsignedInt(b.getShort(at + 6));
      long end = at + headerSize + b.getLong(at + 8);
      long entry = at + headerSize;
      while (entry < end) {
        int e = (int) entry;
        int kind = Short.toUnsignedInt(b.getShort(e));
        String name = kind == 1 ? "PTX" : kind == 2 ? "ELF" : "kind" + kind;
        found.add(name + " sm_" + b.getInt(e + 28));
        entry += b.getInt(e + 4) + b.getLong(e + 8);
      }
      at = (int) end;
    }
    return found;
  }

  /** The hash kernels/build.sh records: "== NAME\n" then the bytes of each *.cuh, then each *.cu, by name. */
  static String sourcesSha256(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String ext : List.of(".cuh", ".cu")) {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.getFileName().toString().endsWith(ext)).sorted().forEach(files::add);
      }
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        sha.update(("== " + f.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out.toString(StandardCharsets.UTF_8);
  }
}

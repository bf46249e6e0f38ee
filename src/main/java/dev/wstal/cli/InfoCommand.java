package dev.wstal.cli;

import dev.wstal.backend.cpu.CpuBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code wstal info}: versions and the compute backends this process would use. */
@Command(name = "info", description = "Print the wstal and Java versions, the CPU backend and its BLAS, and CUDA status.")
final class InfoCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    String blas = CpuBackend.blasImplementation();
    out.println("wstal        " + Main.VERSION);
    out.println("java         " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
        + System.getProperty("java.vendor") + ")");
    out.println("cpu backend  " + CpuBackend.get().name() + " (float64 reference)");
    out.println("blas         " + blas + " (" + describe(blas) + ")");
    out.println("cuda         not built yet: there is no CUDA backend in this build (planned, see docs/OPS.md)");
    out.flush();
  }

  /** Whether dev.ludovic.netlib loaded a native BLAS through JNI, and which shared library that is. */
  static String describe(String blasClass) {
    if (!blasClass.endsWith(".JNIBLAS")) {
      return "pure-Java fallback: no native BLAS loaded; apt-get install libopenblas0-pthread for fast GEMM";
    }
    String lib = nativeBlasLibrary();
    return "native BLAS via JNI" + (lib == null ? "" : ": " + lib);
  }

  /** The BLAS shared object mapped into this process (Linux only), or null when it cannot be told. */
  private static String nativeBlasLibrary() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return null;
    }
    try (Stream<String> lines = Files.lines(maps)) {
      return lines
          .map(l -> l.substring(l.indexOf('/') < 0 ? l.length() : l.indexOf('/')))
          .filter(p -> p.contains("blas") && !p.contains("netlibblasjni") && p.contains(".so"))
          .sorted((a, b) -> Boolean.compare(b.contains("openblas"), a.contains("openblas")))
          .findFirst()
          .orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

package dev.wstal.cli;

import dev.wstal.backend.cpu.CpuBackend;
import dev.wstal.backend.cuda.CudaRuntime;
import dev.wstal.backend.cuda.CudaUnavailableException;
import dev.wstal.backend.cuda.KernelImage;
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
    out.println("cuda         " + cudaStatus());
    out.println("cuda kernels " + kernelStatus());
    out.flush();
  }

  /** The device, driver and kernels when CUDA can run here, else why not (CudaRuntime's reason). */
  static String cudaStatus() {
    String reason = CudaRuntime.unavailableReason();
    if (reason != null) {
      return "unavailable: " + reason;
    }
    CudaRuntime rt = CudaRuntime.get();
    String engine = rt.isCpuEngine()
        ? " - the CPU engine that runs the kernels for testing (kernels/emulator): results are checked, timings "
            + "describe no GPU"
        : "";
    return "available: " + rt.deviceName() + " (compute capability " + rt.computeCapability() + "), driver "
        + rt.driverVersion() + ", kernels built by nvcc " + rt.fatbinNvccVersion() + engine;
  }

  /** What this jar carries, whether or not a GPU is present: the fatbin's nvcc and targets, or that it has none. */
  static String kernelStatus() {
    try {
      KernelImage image = KernelImage.load();
      return "built by nvcc " + image.nvccVersion() + " for " + image.gencode() + " (needs driver >= "
          + image.minDriverVersion() + ", " + image.fatbinBytes() + " bytes)";
    } catch (CudaUnavailableException e) {
      // "kernels were not built (...)" reads as "cuda kernels not built (...)" under this label.
      return e.getMessage().replaceFirst("^kernels were ", "");
    }
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

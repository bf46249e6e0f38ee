package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.backend.cuda.CudaRuntime;
import dev.wstal.backend.cuda.KernelImage;
import org.junit.jupiter.api.Test;

class InfoCommandTest extends Cli {
  @Test
  void reportsVersionsBackendBlasAndCuda() {
    Run r = run("info");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    String out = r.out();
    assertTrue(out.contains("wstal        " + Main.VERSION), out);
    assertTrue(out.contains("java         " + System.getProperty("java.version")), out);
    assertTrue(out.contains("cpu backend  cpu-f64"), out);
    assertTrue(out.contains("blas         dev.ludovic.netlib.blas."), out);
    assertTrue(out.contains("native BLAS via JNI") || out.contains("pure-Java fallback"), out);
    // The CUDA lines must carry the runtime's own verdict: the precise reason here (no driver), or the device.
    String reason = CudaRuntime.unavailableReason();
    assertTrue(out.contains(reason == null ? "cuda         available: " : "cuda         unavailable: " + reason), out);
    assertTrue(
        out.contains(KernelImage.isBuilt() ? "cuda kernels built by nvcc " : "cuda kernels not built (nvcc was not found"),
        out);
  }

  @Test
  void classifiesTheBlasImplementations() {
    assertTrue(InfoCommand.describe("dev.ludovic.netlib.blas.JNIBLAS").startsWith("native BLAS via JNI"));
    assertTrue(InfoCommand.describe("dev.ludovic.netlib.blas.Java11BLAS").startsWith("pure-Java fallback"));
    assertTrue(InfoCommand.describe("dev.ludovic.netlib.blas.VectorBLAS").startsWith("pure-Java fallback"));
  }
}

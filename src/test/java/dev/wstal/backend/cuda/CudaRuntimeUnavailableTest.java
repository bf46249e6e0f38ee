package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Availability is reported, never thrown, and the reason is the precise one. Where CUDA is unavailable (this
 * project's CPU hosts), the expected reason is worked out independently: no kernel resources means "kernels were
 * not built", and no libcuda.so.1 anywhere the dynamic linker looks means "no CUDA driver". Where CUDA is available
 * (a GPU host), the opposite is asserted: no reason, and a usable runtime.
 */
class CudaRuntimeUnavailableTest {
  @Test
  void availabilityAndReasonAgreeAndNeverThrow() {
    boolean available = CudaRuntime.isAvailable();
    String reason = CudaRuntime.unavailableReason();
    assertEquals(available, reason == null, "isAvailable() and unavailableReason() disagree: " + reason);
    assertEquals(available, CudaRuntime.isAvailable(), "the answer changed between calls");
    assertEquals(reason, CudaRuntime.unavailableReason());
  }

  @Test
  void unavailableMeansGetThrowsThatReasonAndAvailableMeansAUsableRuntime() {
    String reason = CudaRuntime.unavailableReason();
    if (reason == null) {
      CudaRuntime rt = CudaRuntime.get();
      assertSame(rt, CudaRuntime.get());
      assertTrue(!rt.deviceName().isBlank());
      KernelImage image = KernelImage.load();
      assertTrue(rt.driverVersion() >= image.minDriverVersion(),
          "driver " + rt.driverVersion() + " below the fatbin's minimum " + image.minDriverVersion());
      assertEquals(image.nvccVersion(), rt.fatbinNvccVersion());
      return;
    }
    assertTrue(!reason.isBlank());
    CudaUnavailableException e = assertThrows(CudaUnavailableException.class, CudaRuntime::get);
    assertEquals(reason, e.getMessage());
  }

  @Test
  void theReasonIsThePreciseOne() {
    String reason = CudaRuntime.unavailableReason();
    if (reason == null) {
      assertTrue(KernelImage.isBuilt(), "CUDA available without kernels in the jar");
      assertTrue(libcudaPresent(), "CUDA available but no libcuda.so.1 was found where the linker looks");
      return;
    }
    if (!KernelImage.isBuilt()) {
      assertEquals(KernelImage.NOT_BUILT, reason);
    } else if (!libcudaPresent()) {
      assertEquals(DriverProbe.NO_DRIVER, reason);
      assertTrue(reason.startsWith("no CUDA driver: libcuda.so.1 could not be loaded"), reason);
    } else {
      assertTrue(!reason.startsWith("no CUDA driver") && !reason.equals(KernelImage.NOT_BUILT),
          "libcuda.so.1 exists and the kernels are built, yet: " + reason);
    }
  }

  /** Whether the dynamic linker could find libcuda.so.1: its cache, LD_LIBRARY_PATH and the usual directories. */
  static boolean libcudaPresent() {
    List<Path> dirs = new ArrayList<>();
    String ld = System.getenv("LD_LIBRARY_PATH");
    if (ld != null) {
      for (String d : ld.split(":")) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    for (String d : List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib",
        "/lib", "/usr/lib/wsl/lib", "/usr/local/nvidia/lib64", "/usr/local/cuda/compat")) {
      dirs.add(Path.of(d));
    }
    for (Path d : dirs) {
      if (Files.exists(d.resolve("libcuda.so.1"))) {
        return true;
      }
    }
    return ldconfigLists("libcuda.so.1");
  }

  private static boolean ldconfigLists(String library) {
    for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
      if (!Files.isExecutable(Path.of(ldconfig))) {
        continue;
      }
      try {
        Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return out.contains(library);
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}

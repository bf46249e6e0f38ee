package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.backend.cuda.CudaRuntime;
import dev.wstal.testing.CudaTests;
import org.junit.jupiter.api.Test;

/** Where CUDA runs, {@code wstal info} names the device, and says plainly when it is the CPU engine, not a GPU. */
class InfoCommandCudaTest extends Cli {
  @Test
  void theCudaLineNamesTheDeviceAndSaysWhenItIsTheCpuEngine() {
    CudaRuntime rt = CudaTests.assumeCuda();
    Run r = run("info");
    assertEquals(0, r.exit(), r.err());
    String out = r.out();
    assertTrue(out.contains("cuda         available: " + rt.deviceName() + " (compute capability "), out);
    assertEquals(rt.isCpuEngine(), out.contains("not a GPU"), out);
    assertEquals(rt.isCpuEngine(), out.contains("the CPU engine that runs the kernels for testing"), out);
  }
}

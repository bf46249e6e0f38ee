package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.testing.CudaTests;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launch rules a GPU enforces, which the CPU engine must enforce the same way: a kernel's __launch_bounds__,
 * the 48 KiB of dynamic shared memory a kernel may use before it opts in, and kernel names the module does not hold.
 * And the device says plainly whether it is the CPU engine.
 */
class LaunchRulesCudaTest {
  private CudaRuntime rt;

  @BeforeEach
  void setUp() {
    rt = CudaTests.assumeCuda();
  }

  @Test
  void moreThreadsThanTheKernelsLaunchBoundsDoNotLaunch() {
    // idx_topk is compiled with __launch_bounds__(256).
    Kernel topk = rt.kernel("idx_topk");
    try (DeviceBuffer in = rt.allocate(4 * 8); DeviceBuffer out = rt.allocate(4 * 8)) {
      rt.fillFloat(in, 8, 1.0f);
      CudaCallException e = assertThrows(CudaCallException.class,
          () -> topk.launch(1, 1, 1, 512, 1, 1, 0, in, out, 0, 1, 8, 1, 1));
      assertEquals("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", e.errorName());
      assertEquals("idx_topk", e.kernel());
      topk.launch(1, 1, 1, 256, 1, 1, 0, in, out, 0, 1, 8, 1, 1);  // within the bounds: fine
      rt.synchronize();
    }
  }

  @Test
  void moreThan48KibOfDynamicSharedMemoryNeedsTheOptIn() {
    Kernel fill = rt.kernel("ew_fill");  // uses no shared memory and is never opted in elsewhere
    int shared = 64 * 1024;
    try (DeviceBuffer out = rt.allocate(4 * 32)) {
      rt.enter();
      CUfunction f = new CUfunction();
      JCudaDriver.cuModuleGetFunction(f, rt.module(), "ew_fill");
      Pointer params = Pointer.to(Pointer.to(new long[] {out.address()}), Pointer.to(new int[] {32}),
          Pointer.to(new int[] {7}));
      CudaException e = assertThrows(CudaException.class,
          () -> JCudaDriver.cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, shared, null, params, null));
      assertEquals(CUresult.stringFor(CUresult.CUDA_ERROR_INVALID_VALUE), DriverCalls.errorName(e));
      // Kernel.launch opts in first, and then the same launch runs.
      fill.launch(1, 1, 1, 32, 1, 1, shared, out, 32, 7);
      int[] host = new int[32];
      rt.download(out, host);
      for (int v : host) {
        assertEquals(7, v);
      }
    }
  }

  @Test
  void aKernelNameTheModuleLacksIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rt.kernel("ew_no_such_kernel"));
    assertTrue(e.getMessage().startsWith("no kernel named 'ew_no_such_kernel' in the module"), e.getMessage());
  }

  @Test
  void theCpuEngineSaysSoAndRefusesToBeTimed() {
    if (rt.isCpuEngine()) {
      assertTrue(rt.deviceName().contains("not a GPU"), rt.deviceName());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.requireGpuForTiming("a bench"));
      assertTrue(e.getMessage().startsWith("a bench refuses to time wstal CPU emulator"), e.getMessage());
    } else {
      assertFalse(rt.deviceName().startsWith(CudaRuntime.CPU_ENGINE_DEVICE_PREFIX));
      rt.requireGpuForTiming("a bench");
    }
  }
}

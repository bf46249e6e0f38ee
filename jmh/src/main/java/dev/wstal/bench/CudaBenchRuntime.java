package dev.wstal.bench;

import dev.wstal.backend.cuda.CudaGemm;
import dev.wstal.backend.cuda.CudaRuntime;

/** Opens the CUDA runtime for a GPU benchmark and prints the metadata every GPU result line needs (kernels.md §8). */
final class CudaBenchRuntime {
  private CudaBenchRuntime() {}

  /**
   * The runtime, or an IllegalStateException naming the benchmark and why CUDA is unavailable, or that the device is
   * the CPU engine (whose timings must never be reported as a GPU's).
   */
  static CudaRuntime open(String benchmark) {
    if (!CudaRuntime.isAvailable()) {
      throw new IllegalStateException(benchmark + " needs a CUDA GPU: " + CudaRuntime.unavailableReason());
    }
    CudaRuntime rt = CudaRuntime.get();
    rt.requireGpuForTiming(benchmark);
    System.out.println("# device: " + rt.deviceName() + " (compute " + rt.computeCapability() + "), driver "
        + rt.driverVersion() + ", JCuda " + jcuda.JCudaVersion.get() + ", GEMM " + CudaGemm.implementation()
        + ", kernels built by nvcc " + rt.fatbinNvccVersion()
        + "; timing: JMH average time, stream synchronised before each op returns");
    return rt;
  }
}

package dev.wstal.backend.cuda;

import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;

/** One kernel of the runtime's module, resolved once by {@link CudaRuntime#kernel(String)}. */
public final class Kernel {
  /** Dynamic shared memory a kernel may use without opting in (cuFuncSetAttribute). */
  static final int DEFAULT_SHARED_LIMIT = 48 * 1024;

  private final CudaRuntime runtime;
  private final String name;
  private final CUfunction function;
  private int sharedOptIn = DEFAULT_SHARED_LIMIT;

  Kernel(CudaRuntime runtime, String name, CUfunction function) {
    this.runtime = runtime;
    this.name = name;
    this.function = function;
  }

  public String name() {
    return name;
  }

  /**
   * Launches on the runtime's stream. {@code args} must match the kernel's parameter list, in order:
   * {@link DeviceBuffer} (passed as its device pointer), {@code null} (a null device pointer, for optional inputs),
   * {@link Integer} (int), {@link Long} (long long) or {@link Float} (float). A grid with a zero dimension launches
   * nothing (an empty problem). More than 48 KiB of dynamic shared memory is opted into automatically.
   *
   * <p>With {@code -Dwstal.cuda.syncEachLaunch=true} (the tests set it) it synchronises after the launch, so that a
   * fault becomes a {@link CudaCallException} naming this kernel instead of surfacing at a later call.
   */
  public void launch(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes,
      Object... args) {
    checkDims("grid", gridX, gridY, gridZ, 0);
    checkDims("block", blockX, blockY, blockZ, 1);
    if (sharedBytes < 0) {
      throw new IllegalArgumentException("sharedBytes must be >= 0 for kernel " + name + ", got " + sharedBytes);
    }
    Pointer params = parameters(args);
    if ((long) gridX * gridY * gridZ == 0) {
      return;
    }
    runtime.enter();
    if (sharedBytes > DEFAULT_SHARED_LIMIT) {
      optInSharedMemory(sharedBytes);
    }
    DriverCalls.check("cuLaunchKernel", name, () -> cuLaunchKernel(function, gridX, gridY, gridZ,
        blockX, blockY, blockZ, sharedBytes, runtime.stream(), params, null));
    runtime.launched(name);
    if (Boolean.getBoolean(CudaRuntime.SYNC_EACH_LAUNCH)) {
      runtime.synchronizeAfter(name);
    }
  }

  private synchronized void optInSharedMemory(int sharedBytes) {
    if (sharedBytes > sharedOptIn) {
      DriverCalls.check("cuFuncSetAttribute", name, () -> cuFuncSetAttribute(function,
          CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, sharedBytes));
      sharedOptIn = sharedBytes;
    }
  }

  private Pointer parameters(Object[] args) {
    Pointer[] values = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        values[i] = Pointer.to(new long[] {0L});
      } else if (a instanceof DeviceBuffer b) {
        if (b.isClosed()) {
          throw new IllegalArgumentException("argument " + i + " of kernel " + name + " is a closed DeviceBuffer");
        }
        values[i] = Pointer.to(new long[] {b.address()});
      } else if (a instanceof Integer v) {
        values[i] = Pointer.to(new int[] {v});
      } else if (a instanceof Long v) {
        values[i] = Pointer.to(new long[] {v});
      } else if (a instanceof Float v) {
        values[i] = Pointer.to(new float[] {v});
      } else {
        throw new IllegalArgumentException("argument " + i + " of kernel " + name
            + " must be a DeviceBuffer, null, Integer, Long or Float, got " + a.getClass().getName());
      }
    }
    return Pointer.to(values);
  }

  private void checkDims(String what, int x, int y, int z, int min) {
    if (x < min || y < min || z < min) {
      throw new IllegalArgumentException(what + " dimensions of kernel " + name + " must be >= " + min + ", got ("
          + x + ", " + y + ", " + z + ")");
    }
  }

  @Override
  public String toString() {
    return "Kernel[" + name + "]";
  }
}

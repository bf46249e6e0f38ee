package dev.wstal.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * The process-wide CUDA runtime for device 0: its primary context, one stream, the kernel module loaded from the
 * jar, and a caching allocator.
 *
 * <p>Contexts are per thread in CUDA and a device pointer used from a thread without one crashes the JVM, so every
 * public method makes the primary context current on the calling thread first.
 *
 * <p>Ordering: kernels, fills and device copies go on the runtime's stream. Uploads and downloads use the
 * synchronous cuMemcpy calls (Java arrays are pageable memory), which run on the legacy default stream; the
 * runtime's stream is a blocking one, so those copies wait for the work queued before them and the stream's later
 * work waits for them. A download therefore sees every earlier launch, and a block freed to the cache can be reused
 * at once.
 *
 * <p>{@link #close()} must not race with other calls; everything else is thread-safe.
 */
public final class CudaRuntime implements AutoCloseable {
  /**
   * How the CPU execution engine's stand-in driver names its device (kernels/emulator, docs/cuda.md): it runs the
   * kernels' logic on the CPU for the tests, so its results are checked but its timings describe no GPU.
   */
  public static final String CPU_ENGINE_DEVICE_PREFIX = "wstal CPU emulator";

  /** System property: synchronise after every launch so that a fault names its kernel (tests set it). */
  public static final String SYNC_EACH_LAUNCH = "wstal.cuda.syncEachLaunch";

  private static final Object LOCK = new Object();
  private static CudaRuntime instance;
  private static String unavailable;

  private final KernelImage image;
  private final DriverProbe.Device device;
  private final CUcontext context = new CUcontext();
  private final CUstream stream = new CUstream();
  private final CUmodule module = new CUmodule();
  private final DriverMemory memory = new DriverMemory();
  private final CachingAllocator allocator =
      new CachingAllocator(memory, !CachingAllocator.cachingDisabledByEnvironment());
  private final Map<String, Kernel> kernels = new ConcurrentHashMap<>();
  private volatile String lastKernel;
  private volatile boolean closed;

  private CudaRuntime(KernelImage image, DriverProbe.Device device) {
    this.image = image;
    this.device = device;
    DriverCalls.check("cuDevicePrimaryCtxRetain", () -> cuDevicePrimaryCtxRetain(context, device.handle()));
    try {
      DriverCalls.check("cuCtxSetCurrent", () -> cuCtxSetCurrent(context));
      DriverCalls.check("cuStreamCreate", () -> cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT));
      DriverCalls.check("cuModuleLoadData", () -> cuModuleLoadData(module, image.fatbin()));
    } catch (CudaCallException e) {
      try {
        cuDevicePrimaryCtxRelease(device.handle());
      } catch (CudaException ignored) {
        // The load failure is the reason worth reporting.
      }
      throw new CudaUnavailableException(
          "the kernels could not be loaded on " + device.name() + ": " + e.getMessage(), e);
    }
  }

  /** Whether CUDA can be used here; never throws. The first call initialises the runtime. */
  public static boolean isAvailable() {
    return unavailableReason() == null;
  }

  /** Why CUDA cannot be used here, or null when it can; never throws. */
  public static String unavailableReason() {
    try {
      get();
      return null;
    } catch (CudaUnavailableException e) {
      return e.getMessage();
    } catch (RuntimeException | LinkageError e) {
      return "CUDA initialisation failed: " + e;
    }
  }

  /**
   * The runtime, initialised on first use (and again after {@link #close()}). A failure to initialise is final for
   * the process and every later call reports the same reason.
   *
   * @throws CudaUnavailableException with the reason when CUDA cannot be used
   */
  public static CudaRuntime get() {
    synchronized (LOCK) {
      if (instance != null) {
        return instance;
      }
      if (unavailable != null) {
        throw new CudaUnavailableException(unavailable);
      }
      try {
        KernelImage image = KernelImage.load();
        instance = new CudaRuntime(image, DriverProbe.open(image));
        return instance;
      } catch (CudaUnavailableException e) {
        unavailable = e.getMessage();
        throw e;
      } catch (RuntimeException | LinkageError e) {
        unavailable = "CUDA initialisation failed: " + (e instanceof CudaCallException ? e.getMessage() : e);
        throw new CudaUnavailableException(unavailable, e);
      }
    }
  }

  public String deviceName() {
    return device.name();
  }

  /** Whether the device is the CPU execution engine (a test stand-in for a GPU), not a GPU. */
  public boolean isCpuEngine() {
    return device.name().startsWith(CPU_ENGINE_DEVICE_PREFIX);
  }

  /**
   * For code that reports GPU timings (the JMH GPU benchmarks): refuses the CPU engine, whose timings would be
   * reported as a GPU's.
   *
   * @throws IllegalStateException naming {@code what} and the device when this is the CPU engine
   */
  public void requireGpuForTiming(String what) {
    if (isCpuEngine()) {
      throw new IllegalStateException(what + " refuses to time " + device.name() + ": it is the CPU engine that "
          + "checks the kernels' logic (kernels/emulator), not a GPU; its timings describe no GPU (docs/cuda.md)");
    }
  }

  /** The driver's CUDA version as cuDriverGetVersion reports it, e.g. 13000. */
  public int driverVersion() {
    return device.driverVersion();
  }

  /** The compute capability of the device, e.g. {@code 9.0}. */
  public String computeCapability() {
    return device.computeMajor() + "." + device.computeMinor();
  }

  /** The nvcc release that built the loaded kernels, e.g. {@code 13.0}. */
  public String fatbinNvccVersion() {
    return image.nvccVersion();
  }

  /** Device memory of at least {@code bytes}, from the cache when possible; contents undefined. */
  public DeviceBuffer allocate(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
    enter();
    CachingAllocator.Block block = allocator.allocate(bytes);
    return new DeviceBuffer(allocator, block, memory.pointer(block), bytes);
  }

  /** Copies all of {@code src} to the start of {@code dst}. */
  public void upload(float[] src, DeviceBuffer dst) {
    long bytes = 4L * src.length;
    checkFits("upload", "dst", bytes, dst);
    enter();
    call("cuMemcpyHtoD", () -> cuMemcpyHtoD(dst.pointer(), Pointer.to(src), bytes), bytes);
  }

  /** Copies all of {@code src} to the start of {@code dst}. */
  public void upload(int[] src, DeviceBuffer dst) {
    long bytes = 4L * src.length;
    checkFits("upload", "dst", bytes, dst);
    enter();
    call("cuMemcpyHtoD", () -> cuMemcpyHtoD(dst.pointer(), Pointer.to(src), bytes), bytes);
  }

  /** Fills {@code dst} with the first {@code dst.length} floats of {@code src}, after all queued work. */
  public void download(DeviceBuffer src, float[] dst) {
    long bytes = 4L * dst.length;
    checkFits("download", "src", bytes, src);
    enter();
    call("cuMemcpyDtoH", () -> cuMemcpyDtoH(Pointer.to(dst), src.pointer(), bytes), bytes);
  }

  /** Fills {@code dst} with the first {@code dst.length} ints of {@code src}, after all queued work. */
  public void download(DeviceBuffer src, int[] dst) {
    long bytes = 4L * dst.length;
    checkFits("download", "src", bytes, src);
    enter();
    call("cuMemcpyDtoH", () -> cuMemcpyDtoH(Pointer.to(dst), src.pointer(), bytes), bytes);
  }

  /** Sets the first {@code count} floats of {@code dst} to {@code value} (its bit pattern, so -0.0 and NaN too). */
  public void fillFloat(DeviceBuffer dst, long count, float value) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    checkFits("fillFloat", "dst", 4 * count, dst);
    enter();
    int bits = Float.floatToRawIntBits(value);
    call("cuMemsetD32Async", () -> cuMemsetD32Async(dst.pointer(), bits, count, stream), count);
  }

  /** Copies {@code bytes} from {@code src} at {@code srcByteOffset} to {@code dst} at {@code dstByteOffset}. */
  public void copy(DeviceBuffer src, long srcByteOffset, DeviceBuffer dst, long dstByteOffset, long bytes) {
    if (srcByteOffset < 0 || dstByteOffset < 0 || bytes < 0) {
      throw new IllegalArgumentException("offsets and bytes must be >= 0, got srcByteOffset " + srcByteOffset
          + ", dstByteOffset " + dstByteOffset + ", bytes " + bytes);
    }
    checkFits("copy", "src", srcByteOffset + bytes, src);
    checkFits("copy", "dst", dstByteOffset + bytes, dst);
    enter();
    call("cuMemcpyDtoDAsync", () -> cuMemcpyDtoDAsync(dst.pointer().withByteOffset(dstByteOffset),
        src.pointer().withByteOffset(srcByteOffset), bytes, stream), bytes);
  }

  /**
   * The kernel of that name in the module, resolved once.
   *
   * @throws IllegalArgumentException naming it when the module has no such kernel
   */
  public Kernel kernel(String name) {
    Kernel k = kernels.get(name);
    if (k != null) {
      return k;
    }
    enter();
    return kernels.computeIfAbsent(name, n -> {
      CUfunction f = new CUfunction();
      try {
        cuModuleGetFunction(f, module, n);
      } catch (CudaException e) {
        if (DriverCalls.errorName(e).equals(CUresult.stringFor(CUresult.CUDA_ERROR_NOT_FOUND))) {
          throw new IllegalArgumentException("no kernel named '" + n + "' in the module (kernels/wstal.cu, built by "
              + "nvcc " + image.nvccVersion() + "); kernels are extern \"C\" and named with their family prefix");
        }
        throw DriverCalls.failure("cuModuleGetFunction", n, e);
      }
      return new Kernel(this, n, f);
    });
  }

  /** Waits for the stream; a fault in queued work is reported with the last kernel launched. */
  public void synchronize() {
    enter();
    synchronizeAfter(lastKernel);
  }

  public CachingAllocator.Stats allocatorStats() {
    return allocator.stats();
  }

  /** Gives every cached, unused segment back to the device (after the stream's queued work is done). */
  public void trim() {
    synchronize();
    allocator.trim();
  }

  /**
   * Waits for queued work, frees all device memory (buffers still open become unusable), unloads the module,
   * destroys the stream and releases the primary context. Idempotent; the next {@link #get()} starts afresh. Every
   * step is tried; the first failure is thrown afterwards.
   */
  @Override
  public void close() {
    synchronized (LOCK) {
      if (closed) {
        return;
      }
      RuntimeException failure = null;
      failure = attempt(failure, this::synchronize);
      closed = true;
      failure = attempt(failure, allocator::close);
      failure = attempt(failure, () -> DriverCalls.check("cuModuleUnload", () -> cuModuleUnload(module)));
      failure = attempt(failure, () -> DriverCalls.check("cuStreamDestroy", () -> cuStreamDestroy(stream)));
      failure = attempt(failure,
          () -> DriverCalls.check("cuDevicePrimaryCtxRelease", () -> cuDevicePrimaryCtxRelease(device.handle())));
      kernels.clear();
      if (instance == this) {
        instance = null;
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Makes the primary context current on this thread; every public entry point calls it first. */
  void enter() {
    if (closed) {
      throw new IllegalStateException("the CUDA runtime is closed");
    }
    DriverCalls.check("cuCtxSetCurrent", () -> cuCtxSetCurrent(context));
  }

  /** Waits for the stream, naming {@code kernel} (null: none) if queued work failed. */
  void synchronizeAfter(String kernel) {
    DriverCalls.check("cuStreamSynchronize", kernel, () -> cuStreamSynchronize(stream));
  }

  CUstream stream() {
    return stream;
  }

  CUmodule module() {
    return module;
  }

  void launched(String kernel) {
    lastKernel = kernel;
  }

  private void call(String name, DriverCalls.Call body, long size) {
    if (size > 0) {
      DriverCalls.check(name, lastKernel, body);
    }
  }

  private static void checkFits(String op, String argument, long bytes, DeviceBuffer buffer) {
    if (bytes > buffer.bytes()) {
      throw new IllegalArgumentException(op + ": " + argument + " holds " + buffer.bytes() + " bytes, needs "
          + bytes);
    }
  }

  private static RuntimeException attempt(RuntimeException failure, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
    }
    return failure;
  }
}

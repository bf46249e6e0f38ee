package dev.wstal.backend.cuda;

import dev.wstal.backend.Buffer;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;
import java.lang.ref.Cleaner;

/**
 * A CUDA buffer: {@code size} 32-bit elements in device memory, float32 ({@link DType#F32}) or int32
 * ({@link DType#I32}).
 *
 * <p>Lifetime: tensors are immutable values with no owner that could close them, so a buffer gives its memory back
 * to the runtime's caching allocator when it becomes unreachable, through a {@link Cleaner}. That is safe at any
 * moment because the runtime has one stream: work already queued on the block runs before any work of a later
 * allocation that reuses it. The cleaner only returns blocks to the cache, so memory held by buffers the GC has not
 * yet collected stays reserved; {@link CudaBackend#allocate} runs the GC and retries once when the device is out
 * of memory.
 */
public final class CudaBuffer implements Buffer {
  private final DeviceBuffer memory;
  private final DType dtype;
  private final long size;

  CudaBuffer(DeviceBuffer memory, DType dtype, long size) {
    if (dtype != DType.F32 && dtype != DType.I32) {
      throw new IllegalArgumentException("cuda buffer: dtype must be F32 or I32, got " + dtype);
    }
    if (memory.bytes() < 4 * size) {
      throw new IllegalArgumentException(
          "cuda buffer: " + size + " elements need " + 4 * size + " bytes, the device buffer has " + memory.bytes());
    }
    this.memory = memory;
    this.dtype = dtype;
    this.size = size;
    // The action must not reference this buffer, or it would never become unreachable.
    Release.CLEANER.register(this, memory::close);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public Device device() {
    return Device.cuda();
  }

  /** The device memory, for kernel arguments; keep this buffer reachable until the launch is queued. */
  DeviceBuffer memory() {
    return memory;
  }

  boolean isInt() {
    return dtype == DType.I32;
  }

  @Override
  public String toString() {
    return "CudaBuffer[" + dtype + " x " + size + "]";
  }

  /** Holds the cleaner, whose thread starts with the first CUDA buffer rather than when this class loads. */
  private static final class Release {
    static final Cleaner CLEANER = Cleaner.create();
  }
}

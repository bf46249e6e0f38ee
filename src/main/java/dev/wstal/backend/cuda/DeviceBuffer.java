package dev.wstal.backend.cuda;

import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory from the runtime's caching allocator. {@link #close()} returns it to the cache (not to the device);
 * use try-with-resources or an owner that closes it. The block behind it may be larger than {@link #bytes()}.
 */
public final class DeviceBuffer implements AutoCloseable {
  private final CachingAllocator allocator;
  private final CachingAllocator.Block block;
  private final CUdeviceptr pointer;
  private final long address;
  private final long bytes;
  private final AtomicBoolean closed = new AtomicBoolean();

  DeviceBuffer(CachingAllocator allocator, CachingAllocator.Block block, CUdeviceptr pointer, long bytes) {
    this.allocator = allocator;
    this.block = block;
    this.pointer = pointer;
    this.address = block.address();
    this.bytes = bytes;
  }

  /** The requested size in bytes. */
  public long bytes() {
    return bytes;
  }

  /**
   * The device pointer, for kernel arguments and driver calls.
   *
   * @throws IllegalStateException after {@link #close()}, so that a freed block is never written through
   */
  public CUdeviceptr pointer() {
    if (closed.get()) {
      throw new IllegalStateException("device buffer of " + bytes + " bytes is closed");
    }
    return pointer;
  }

  /** The device address, as a kernel's pointer parameter receives it. */
  long address() {
    pointer();
    return address;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Returns the memory to the cache; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      allocator.free(block);
    }
  }

  @Override
  public String toString() {
    return "DeviceBuffer[" + bytes + " bytes" + (closed.get() ? ", closed]" : "]");
  }
}

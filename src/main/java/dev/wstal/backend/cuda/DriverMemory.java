package dev.wstal.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

/**
 * Raw device memory through cuMemAlloc/cuMemFree. The caller makes the context current. It keeps the JCuda pointer
 * of each segment so that a block inside it becomes {@code segment.withByteOffset(offset)}, JCuda's way to point
 * into an allocation.
 */
final class DriverMemory implements RawDeviceMemory {
  private static final String OUT_OF_MEMORY = CUresult.stringFor(CUresult.CUDA_ERROR_OUT_OF_MEMORY);

  /** A device pointer that reveals its address, which JCuda keeps protected. */
  private static final class SegmentPointer extends CUdeviceptr {
    long address() {
      return getNativePointer();
    }
  }

  private final Map<Long, SegmentPointer> segments = new ConcurrentHashMap<>();

  @Override
  public OptionalLong tryAllocate(long bytes) {
    SegmentPointer p = new SegmentPointer();
    try {
      cuMemAlloc(p, bytes);
    } catch (CudaException e) {
      if (OUT_OF_MEMORY.equals(DriverCalls.errorName(e))) {
        return OptionalLong.empty();
      }
      throw DriverCalls.failure("cuMemAlloc", null, e);
    }
    segments.put(p.address(), p);
    return OptionalLong.of(p.address());
  }

  @Override
  public void free(long address) {
    SegmentPointer p = segments.remove(address);
    if (p == null) {
      throw new IllegalStateException("no device segment at address " + address);
    }
    DriverCalls.check("cuMemFree", () -> cuMemFree(p));
  }

  /** A block freed to the cache may still be read by a queued kernel; wait for the whole context. */
  @Override
  public void awaitIdle() {
    DriverCalls.check("cuCtxSynchronize", () -> cuCtxSynchronize());
  }

  /** The JCuda pointer to a block. */
  CUdeviceptr pointer(CachingAllocator.Block block) {
    SegmentPointer segment = segments.get(block.segment());
    if (segment == null) {
      throw new IllegalStateException("no device segment at address " + block.segment());
    }
    long offset = block.address() - block.segment();
    return offset == 0 ? segment : segment.withByteOffset(offset);
  }
}

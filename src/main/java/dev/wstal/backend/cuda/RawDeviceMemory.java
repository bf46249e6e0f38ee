package dev.wstal.backend.cuda;

import java.util.OptionalLong;

/**
 * Uncached device memory, as {@link CachingAllocator} sees it: addresses are plain longs so that the allocation
 * policy can be tested with a fake on a machine without a GPU. {@link DriverMemory} is the cuMemAlloc one.
 */
interface RawDeviceMemory {
  /**
   * Allocates {@code bytes} (positive: a multiple of 512 when caching, any size without) and returns the start
   * address, or empty when the device is out of memory. Any other failure throws.
   */
  OptionalLong tryAllocate(long bytes);

  /** Frees an address that {@link #tryAllocate} returned. */
  void free(long address);

  /** Waits until no queued device work can still touch cached memory; called before the cache is flushed. */
  default void awaitIdle() {}
}

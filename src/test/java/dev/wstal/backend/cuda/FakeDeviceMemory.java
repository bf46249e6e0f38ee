package dev.wstal.backend.cuda;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Raw device memory without a device: a capacity, addresses that count up, and a record of what is live. */
final class FakeDeviceMemory implements RawDeviceMemory {
  /** Gap between segments, so that a block running past its segment would overlap nothing valid. */
  private static final long GAP = 1 << 16;

  final long capacity;
  /** Whether sizes other than multiples of 512 are allowed (an uncached allocator asks for exact sizes). */
  final boolean anySize;
  final Map<Long, Long> live = new HashMap<>();
  long used;
  int allocations;
  int frees;
  int outOfMemory;
  int idleWaits;
  private long next = 1L << 32;

  FakeDeviceMemory(long capacity) {
    this(capacity, false);
  }

  FakeDeviceMemory(long capacity, boolean anySize) {
    this.capacity = capacity;
    this.anySize = anySize;
  }

  @Override
  public OptionalLong tryAllocate(long bytes) {
    if (bytes <= 0 || (!anySize && bytes % 512 != 0)) {
      throw new AssertionError("device allocation of " + bytes + " bytes is not a positive multiple of 512");
    }
    if (used + bytes > capacity) {
      outOfMemory++;
      return OptionalLong.empty();
    }
    long address = next;
    next += bytes + GAP;
    live.put(address, bytes);
    used += bytes;
    allocations++;
    return OptionalLong.of(address);
  }

  @Override
  public void free(long address) {
    Long bytes = live.remove(address);
    if (bytes == null) {
      throw new AssertionError("free of " + address + ", which is not a live segment");
    }
    used -= bytes;
    frees++;
  }

  @Override
  public void awaitIdle() {
    idleWaits++;
  }

  /** Whether [address, address + size) lies inside one live segment. */
  boolean inside(long address, long size) {
    for (Map.Entry<Long, Long> s : live.entrySet()) {
      if (address >= s.getKey() && address + size <= s.getKey() + s.getValue()) {
        return true;
      }
    }
    return false;
  }
}

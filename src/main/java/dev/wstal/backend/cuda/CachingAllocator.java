package dev.wstal.backend.cuda;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * A caching device allocator with PyTorch's CUDACachingAllocator policy, because cuMemAlloc and cuMemFree are slow
 * (cuMemFree also synchronises the device) and training allocates the same sizes every step.
 *
 * <ul>
 *   <li>Requests are rounded up to a multiple of 512 B.
 *   <li>Requests of at most 1 MiB are carved from 2 MiB segments (the small pool); requests up to 10 MiB from 20 MiB
 *       segments; larger ones get a segment of their size rounded up to 2 MiB (these two form the large pool). The
 *       pools never lend to each other, so small tensors do not fragment large segments.
 *   <li>A request takes the smallest free block that fits (best fit); the block is split when the rest is worth
 *       keeping: at least 512 B in the small pool, more than 1 MiB in the large pool. Freed blocks merge with free
 *       neighbours of the same segment.
 *   <li>Freed blocks stay cached; {@link #trim()} gives whole free segments back to the device.
 *   <li>When the device is out of memory, queued work is awaited, the cache is trimmed and the allocation retried
 *       once; then it fails with a {@link CudaCallException} stating the bytes in use and cached.
 * </ul>
 *
 * Reuse is safe without events because the runtime has one stream: work that used a freed block was enqueued before
 * any work that reuses it. Thread-safe (every method synchronises on the allocator).
 *
 * <p>Without caching ({@link #NO_CACHING}, like PyTorch's {@code PYTORCH_NO_CUDA_MEMORY_CACHING}) every request is a
 * device allocation of exactly its size, given back at once when freed: slow, but a memory checker (compute-sanitizer,
 * or the AddressSanitizer build of the CPU engine, docs/cuda.md) then sees each buffer's true bounds, so a kernel
 * that reads past its buffer is caught instead of reading the rest of a cached segment.
 */
public final class CachingAllocator {
  /** Environment variable: {@code 1} turns caching off (one exact-size device allocation per buffer). */
  public static final String NO_CACHING = "WSTAL_CUDA_NO_CACHING";

  static final long MIN_BLOCK = 512;
  static final long SMALL_REQUEST = 1L << 20;
  static final long SMALL_SEGMENT = 2L << 20;
  static final long MIN_LARGE_ALLOC = 10L << 20;
  static final long LARGE_SEGMENT = 20L << 20;
  static final long ROUND_LARGE = 2L << 20;

  /**
   * Allocator counters. {@code bytesInUse}: bytes of blocks handed out (rounded sizes); {@code bytesCached}: bytes
   * held from the device but free; {@code allocations}: requests served; {@code cacheHits}: requests served without
   * a device allocation; {@code deviceAllocations} and {@code deviceFrees}: segments taken from and given back to
   * the device.
   */
  public record Stats(
      long bytesInUse, long bytesCached, long allocations, long cacheHits, long deviceAllocations, long deviceFrees) {
    /** Everything held from the device: in use plus cached. */
    public long bytesReserved() {
      return bytesInUse + bytesCached;
    }
  }

  /** A piece of a segment; a segment is a linked list of blocks in address order. */
  static final class Block {
    final long segment;
    final boolean small;
    long address;
    long size;
    boolean free;
    Block prev;
    Block next;

    Block(long segment, boolean small, long address, long size) {
      this.segment = segment;
      this.small = small;
      this.address = address;
      this.size = size;
    }

    /** Where the segment (one device allocation) starts; the block is at {@code address - segment} within it. */
    long segment() {
      return segment;
    }

    long address() {
      return address;
    }

    long size() {
      return size;
    }
  }

  private static final Comparator<Block> BY_SIZE_THEN_ADDRESS =
      Comparator.<Block>comparingLong(b -> b.size).thenComparingLong(b -> b.address);

  private final RawDeviceMemory memory;
  private final boolean caching;
  private final TreeSet<Block> smallFree = new TreeSet<>(BY_SIZE_THEN_ADDRESS);
  private final TreeSet<Block> largeFree = new TreeSet<>(BY_SIZE_THEN_ADDRESS);
  private final Map<Long, Long> segmentSizes = new HashMap<>();
  private long reserved;
  private long inUse;
  private long allocations;
  private long cacheHits;
  private long deviceAllocations;
  private long deviceFrees;
  private boolean closed;

  CachingAllocator(RawDeviceMemory memory) {
    this(memory, true);
  }

  /** With {@code caching} false, every block is its own exact-size device allocation, freed when the block is. */
  CachingAllocator(RawDeviceMemory memory, boolean caching) {
    this.memory = memory;
    this.caching = caching;
  }

  /** Whether the environment turns caching off ({@value #NO_CACHING}=1). */
  static boolean cachingDisabledByEnvironment() {
    return "1".equals(System.getenv(NO_CACHING));
  }

  boolean caching() {
    return caching;
  }

  /** A request's size after rounding up to a multiple of 512 B (0 B takes one 512 B block). */
  static long roundSize(long bytes) {
    return bytes <= MIN_BLOCK ? MIN_BLOCK : (bytes + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
  }

  /** The device allocation made for a rounded request that no cached block can serve. */
  static long segmentSize(long rounded) {
    if (rounded <= SMALL_REQUEST) {
      return SMALL_SEGMENT;
    }
    if (rounded < MIN_LARGE_ALLOC) {
      return LARGE_SEGMENT;
    }
    return (rounded + ROUND_LARGE - 1) / ROUND_LARGE * ROUND_LARGE;
  }

  /** A block of at least {@code bytes}; contents undefined. */
  synchronized Block allocate(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
    if (closed) {
      throw new IllegalStateException("the CUDA allocator is closed");
    }
    if (!caching) {
      Block exact = newSegment(bytes, Math.max(bytes, 1), bytes <= SMALL_REQUEST);
      allocations++;
      exact.free = false;
      inUse += exact.size;
      return exact;
    }
    long size = roundSize(bytes);
    boolean small = size <= SMALL_REQUEST;
    TreeSet<Block> pool = small ? smallFree : largeFree;
    Block probe = new Block(0, small, Long.MIN_VALUE, size);
    Block block = pool.ceiling(probe);
    if (block != null) {
      pool.remove(block);
      cacheHits++;
    } else {
      block = newSegment(bytes, size, small);
    }
    allocations++;
    split(block, size, pool);
    block.free = false;
    inUse += block.size;
    return block;
  }

  /** Returns a block to the cache; a no-op after {@link #close()}. */
  synchronized void free(Block block) {
    if (closed) {
      return;
    }
    if (block.free) {
      throw new IllegalStateException("block at " + block.address + " freed twice");
    }
    inUse -= block.size;
    block.free = true;
    if (!caching) {
      releaseSegment(block.segment);
      return;
    }
    TreeSet<Block> pool = block.small ? smallFree : largeFree;
    Block merged = block;
    if (merged.prev != null && merged.prev.free) {
      Block p = merged.prev;
      pool.remove(p);
      p.size += merged.size;
      p.next = merged.next;
      if (merged.next != null) {
        merged.next.prev = p;
      }
      merged = p;
    }
    if (merged.next != null && merged.next.free) {
      Block n = merged.next;
      pool.remove(n);
      merged.size += n.size;
      merged.next = n.next;
      if (n.next != null) {
        n.next.prev = merged;
      }
    }
    pool.add(merged);
  }

  /** Gives every wholly free segment back to the device. The caller makes sure no queued work still uses them. */
  synchronized void trim() {
    for (TreeSet<Block> pool : List.of(smallFree, largeFree)) {
      List<Block> whole = new ArrayList<>();
      for (Block b : pool) {
        if (b.prev == null && b.next == null) {
          whole.add(b);
        }
      }
      for (Block b : whole) {
        pool.remove(b);
        releaseSegment(b.segment);
      }
    }
  }

  /** Frees every segment, in use or not; later frees are no-ops and allocations fail. */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (long segment : new ArrayList<>(segmentSizes.keySet())) {
      try {
        releaseSegment(segment);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    smallFree.clear();
    largeFree.clear();
    inUse = 0;
    if (first != null) {
      throw first;
    }
  }

  synchronized Stats stats() {
    return new Stats(inUse, reserved - inUse, allocations, cacheHits, deviceAllocations, deviceFrees);
  }

  private Block newSegment(long requested, long size, boolean small) {
    long segmentBytes = caching ? segmentSize(size) : size;
    OptionalLong address = memory.tryAllocate(segmentBytes);
    if (address.isEmpty()) {
      memory.awaitIdle();
      trim();
      address = memory.tryAllocate(segmentBytes);
    }
    if (address.isEmpty()) {
      throw new CudaCallException("cuMemAlloc", null, "CUDA_ERROR_OUT_OF_MEMORY",
          "out of device memory allocating " + requested + " bytes (a " + segmentBytes + "-byte segment), after "
              + "freeing the cache and retrying; " + inUse + " bytes in use, " + (reserved - inUse) + " bytes cached",
          null);
    }
    long start = address.getAsLong();
    segmentSizes.put(start, segmentBytes);
    reserved += segmentBytes;
    deviceAllocations++;
    return new Block(start, small, start, segmentBytes);
  }

  /** Splits off the tail beyond {@code size} into the pool when it is big enough to be worth a block of its own. */
  private static void split(Block block, long size, TreeSet<Block> pool) {
    long rest = block.size - size;
    boolean worthIt = block.small ? rest >= MIN_BLOCK : rest > SMALL_REQUEST;
    if (!worthIt) {
      return;
    }
    Block tail = new Block(block.segment, block.small, block.address + size, rest);
    tail.free = true;
    tail.prev = block;
    tail.next = block.next;
    if (block.next != null) {
      block.next.prev = tail;
    }
    block.next = tail;
    block.size = size;
    pool.add(tail);
  }

  private void releaseSegment(long segment) {
    Long bytes = segmentSizes.remove(segment);
    if (bytes == null) {
      return;
    }
    reserved -= bytes;
    deviceFrees++;
    memory.free(segment);
  }
}

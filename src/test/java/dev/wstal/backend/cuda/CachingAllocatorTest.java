package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.wstal.testing.Props;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocation policy against a fake device (kernels.md §6: PyTorch's CUDACachingAllocator constants). */
class CachingAllocatorTest {
  private static final long KIB = 1 << 10;
  private static final long MIB = 1 << 20;
  private static final long PLENTY = 1L << 40;

  @Test
  void roundsRequestsTo512BytesAndPicksTheSegmentSize() {
    assertEquals(512, CachingAllocator.roundSize(0));
    assertEquals(512, CachingAllocator.roundSize(1));
    assertEquals(512, CachingAllocator.roundSize(512));
    assertEquals(1024, CachingAllocator.roundSize(513));
    assertEquals(2 * MIB, CachingAllocator.segmentSize(512));
    assertEquals(2 * MIB, CachingAllocator.segmentSize(MIB));
    assertEquals(20 * MIB, CachingAllocator.segmentSize(MIB + 512));
    assertEquals(20 * MIB, CachingAllocator.segmentSize(10 * MIB - 512));
    assertEquals(10 * MIB, CachingAllocator.segmentSize(10 * MIB));
    assertEquals(12 * MIB, CachingAllocator.segmentSize(10 * MIB + 512));
  }

  @Test
  void carvesSmallRequestsFromOneTwoMebibyteSegment() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
    CachingAllocator a = new CachingAllocator(device);
    CachingAllocator.Block first = a.allocate(1000);
    CachingAllocator.Block second = a.allocate(3000);
    assertEquals(1, device.allocations);
    assertEquals(2 * MIB, device.used);
    assertEquals(1024, first.size());
    assertEquals(3072, second.size());
    assertEquals(first.segment(), second.segment());
    assertEquals(first.address() + 1024, second.address(), "best fit takes the split-off tail");
    assertEquals(new CachingAllocator.Stats(4096, 2 * MIB - 4096, 2, 1, 1, 0), a.stats());
  }

  @Test
  void reusesAFreedBlockWithoutTheDevice() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
    CachingAllocator a = new CachingAllocator(device);
    CachingAllocator.Block b = a.allocate(5 * MIB);
    long address = b.address();
    a.free(b);
    assertEquals(0, a.stats().bytesInUse());
    assertEquals(20 * MIB, a.stats().bytesCached());
    CachingAllocator.Block again = a.allocate(5 * MIB);
    assertEquals(address, again.address());
    assertEquals(1, device.allocations);
    assertEquals(1, a.stats().cacheHits());
  }

  @Test
  void mergesFreedNeighboursSoThatALargerRequestFitsWhereTheyWere() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
    CachingAllocator a = new CachingAllocator(device);
    CachingAllocator.Block x = a.allocate(100 * KIB);
    CachingAllocator.Block y = a.allocate(100 * KIB);
    CachingAllocator.Block z = a.allocate(100 * KIB);
    a.free(y);
    a.free(x);
    CachingAllocator.Block xy = a.allocate(200 * KIB);
    assertEquals(x.address(), xy.address(), "x and y merged into one free block");
    assertEquals(1, device.allocations);
    assertNotEquals(z.address(), xy.address());
  }

  @Test
  void keepsSmallAndLargePoolsApart() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
    CachingAllocator a = new CachingAllocator(device);
    a.free(a.allocate(512));
    CachingAllocator.Block large = a.allocate(MIB + 1);
    assertEquals(2, device.allocations, "the cached 2 MiB small segment does not serve a large request");
    assertEquals(20 * MIB, device.used - 2 * MIB);
    a.free(large);
    a.allocate(512);
    assertEquals(2, device.allocations);
    assertEquals(2, a.stats().deviceAllocations());
  }

  @Test
  void splitsLargeSegmentsOnlyWhenMoreThanOneMebibyteRemains() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
    CachingAllocator a = new CachingAllocator(device);
    CachingAllocator.Block three = a.allocate(3 * MIB);
    assertEquals(3 * MIB, three.size());
    CachingAllocator.Block threeMore = a.allocate(3 * MIB);
    assertEquals(1, device.allocations, "the 20 MiB segment's 17 MiB tail serves the second request");
    assertEquals(three.address() + 3 * MIB, threeMore.address());
    CachingAllocator.Block big = a.allocate(19 * MIB + 512 * KIB);
    assertEquals(20 * MIB, big.size(), "a 0.5 MiB rest is not split off a large block");
    assertEquals(2, device.allocations);
    CachingAllocator.Block odd = a.allocate(12 * MIB + 1);
    assertEquals(threeMore.address() + 3 * MIB, odd.address(), "best fit: the first segment's 14 MiB tail");
    assertEquals(12 * MIB + 512, odd.size(), "its rest of 2 MiB - 512 B is more than 1 MiB and is split off");
    assertEquals(2, device.allocations);
    assertEquals(3 * MIB + 3 * MIB + 20 * MIB + 12 * MIB + 512, a.stats().bytesInUse());
  }

  @Test
  void trimReturnsOnlyWhollyFreeSegments() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
    CachingAllocator a = new CachingAllocator(device);
    CachingAllocator.Block kept = a.allocate(1000);
    CachingAllocator.Block four = a.allocate(4 * MIB);
    CachingAllocator.Block big = a.allocate(25 * MIB);
    a.free(four);
    a.free(big);
    assertEquals(2 * MIB + 20 * MIB + 26 * MIB, device.used);
    a.trim();
    assertEquals(2 * MIB, device.used, "the small segment still holds a block in use");
    assertEquals(new CachingAllocator.Stats(1024, 2 * MIB - 1024, 3, 0, 3, 2), a.stats());
    a.free(kept);
    a.trim();
    assertEquals(0, device.used);
    assertEquals(0, a.stats().bytesReserved());
  }

  @Test
  void outOfMemoryFlushesTheCacheAndRetriesOnce() {
    FakeDeviceMemory device = new FakeDeviceMemory(21 * MIB);
    CachingAllocator a = new CachingAllocator(device);
    a.free(a.allocate(1000));
    CachingAllocator.Block b = a.allocate(3 * MIB);
    assertEquals(1, device.outOfMemory, "2 MiB cached + 20 MiB did not fit in 21 MiB");
    assertEquals(1, device.idleWaits, "queued work is awaited before the cache is flushed");
    assertEquals(1, device.frees, "the cached small segment was given back");
    assertEquals(20 * MIB, device.used);
    assertEquals(3 * MIB, b.size());
    assertEquals(1, a.stats().deviceFrees());
  }

  @Test
  void failsAfterTheRetryNamingTheBytesInUseAndCached() {
    FakeDeviceMemory device = new FakeDeviceMemory(21 * MIB);
    CachingAllocator a = new CachingAllocator(device);
    a.allocate(3 * MIB);
    CudaCallException e = assertThrows(CudaCallException.class, () -> a.allocate(18 * MIB));
    assertEquals("cuMemAlloc", e.call());
    assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.errorName());
    assertTrue(e.getMessage().contains("allocating " + 18 * MIB + " bytes"), e.getMessage());
    assertTrue(e.getMessage().contains(3 * MIB + " bytes in use, " + 17 * MIB + " bytes cached"), e.getMessage());
    assertEquals(2, device.outOfMemory, "tried, flushed, retried once");
    assertEquals(1, a.stats().allocations());
  }

  @Test
  void closeFreesEverySegmentAndLaterFreesAreNoOps() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
    CachingAllocator a = new CachingAllocator(device);
    CachingAllocator.Block small = a.allocate(1);
    a.allocate(30 * MIB);
    a.free(a.allocate(2 * MIB));
    a.close();
    assertEquals(0, device.used);
    assertEquals(0, a.stats().bytesReserved());
    a.free(small);
    a.close();
    assertThrows(IllegalStateException.class, () -> a.allocate(1));
  }

  @Test
  void rejectsNegativeSizesAndDoubleFrees() {
    CachingAllocator a = new CachingAllocator(new FakeDeviceMemory(PLENTY));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.allocate(-1));
    assertTrue(e.getMessage().contains("bytes must be >= 0, got -1"), e.getMessage());
    CachingAllocator.Block b = a.allocate(1);
    a.free(b);
    assertThrows(IllegalStateException.class, () -> a.free(b));
  }

  /**
   * Random allocate/free sequences: live blocks lie inside live segments and never overlap, each is at least the
   * rounded request, the counters match the fake device, and freeing everything then trimming returns all memory.
   */
  @Test
  void randomSequencesKeepBlocksDisjointAndAccountingExact() {
    long[] sizes = {0, 1, 511, 512, 4000, 100 * KIB, MIB, MIB + 1, 3 * MIB, 9 * MIB, 10 * MIB, 15 * MIB + 7};
    Props.theory()
        .forAll(lists().of(integers().between(0, 2 * sizes.length - 1)).ofSizeBetween(1, 60))
        .checkAssert(ops -> {
          FakeDeviceMemory device = new FakeDeviceMemory(PLENTY);
          CachingAllocator a = new CachingAllocator(device);
          List<CachingAllocator.Block> live = new ArrayList<>();
          int hits = 0;
          for (int op : ops) {
            if (op >= sizes.length && !live.isEmpty()) {
              a.free(live.remove(op % live.size()));
              continue;
            }
            long request = sizes[op % sizes.length];
            int before = device.allocations;
            CachingAllocator.Block b = a.allocate(request);
            hits += device.allocations == before ? 1 : 0;
            assertTrue(b.size() >= CachingAllocator.roundSize(request), "block smaller than the rounded request");
            assertTrue(b.size() % 512 == 0);
            live.add(b);
          }
          List<CachingAllocator.Block> sorted = new ArrayList<>(live);
          sorted.sort(Comparator.comparingLong(CachingAllocator.Block::address));
          for (int i = 0; i < sorted.size(); i++) {
            CachingAllocator.Block b = sorted.get(i);
            assertTrue(device.inside(b.address(), b.size()), "block outside every live segment");
            if (i > 0) {
              CachingAllocator.Block p = sorted.get(i - 1);
              assertTrue(p.address() + p.size() <= b.address(), "blocks overlap");
            }
          }
          CachingAllocator.Stats s = a.stats();
          assertEquals(live.stream().mapToLong(CachingAllocator.Block::size).sum(), s.bytesInUse());
          assertEquals(device.used, s.bytesReserved());
          assertEquals(device.allocations, s.deviceAllocations());
          assertEquals(hits, s.cacheHits());
          for (CachingAllocator.Block b : live) {
            a.free(b);
          }
          a.trim();
          assertEquals(0, device.used, "a segment stayed fragmented after every block was freed");
          assertEquals(device.frees, a.stats().deviceFrees());
        });
  }

  @Test
  void withoutCachingEveryBufferIsItsOwnExactAllocationFreedAtOnce() {
    FakeDeviceMemory device = new FakeDeviceMemory(PLENTY, true);
    CachingAllocator a = new CachingAllocator(device, false);
    CachingAllocator.Block b1 = a.allocate(100);
    CachingAllocator.Block b2 = a.allocate(100);
    CachingAllocator.Block empty = a.allocate(0);
    assertEquals(3, device.allocations);
    assertEquals(100, device.live.get(b1.segment()));
    assertEquals(b1.segment(), b1.address());
    assertEquals(1, device.live.get(empty.segment()));
    assertEquals(201, a.stats().bytesInUse());
    a.free(b1);
    assertEquals(1, device.frees, "freed at once, not cached");
    CachingAllocator.Block b3 = a.allocate(100);
    assertEquals(4, device.allocations, "no cache hit");
    assertEquals(0, a.stats().cacheHits());
    a.free(b2);
    a.free(b3);
    a.free(empty);
    assertEquals(0, device.used);
    assertEquals(new CachingAllocator.Stats(0, 0, 4, 0, 4, 4), a.stats());
  }
}

package dev.wstal.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prepares a row-major index space walked by several strided operands for the kernels of {@code kernels/strided.cuh}:
 * axes of size 1 are dropped and neighbouring axes merged wherever every operand is contiguous across them, so most
 * spaces end up with one or two axes. A kernel takes at most {@link #MAX_RANK} axes; the axes beyond that (rare:
 * a permutation of more than eight axes) become a host loop of launches, each with its own base offsets.
 *
 * <p>Merging two axes keeps the row-major linear order of the space, so a dense output indexed by the linear index
 * (plus {@link Launch#linearOffset()}) needs no operand of its own.
 */
final class StridedSpace {
  /** The most axes one kernel launch walks (kMaxRank in strided.cuh). */
  static final int MAX_RANK = 8;

  private StridedSpace() {}

  /**
   * One launch over {@code count} points: the live axes (outermost first), each operand's strides over them and base
   * offset, and the linear index of the launch's first point in the whole space.
   */
  record Launch(int[] dims, long[][] strides, long[] offsets, int count, long linearOffset) {
    /** rank, then d0..d7 with the live axes right-aligned and 1 in the unused slots. */
    List<Object> spaceArgs() {
      List<Object> args = new ArrayList<>(MAX_RANK + 1);
      args.add(dims.length);
      int pad = MAX_RANK - dims.length;
      for (int k = 0; k < MAX_RANK; k++) {
        args.add(k < pad ? 1 : dims[k - pad]);
      }
      return args;
    }

    /** Operand {@code op}'s s0..s7 (right-aligned, 0 in the unused slots), then its base offset. */
    List<Object> operandArgs(int op) {
      List<Object> args = new ArrayList<>(MAX_RANK + 1);
      int pad = MAX_RANK - dims.length;
      for (int k = 0; k < MAX_RANK; k++) {
        args.add(k < pad ? 0L : strides[op][k - pad]);
      }
      args.add(offsets[op]);
      return args;
    }
  }

  /**
   * The launches covering {@code dims} (none when a dimension is 0; one of a single point for rank 0).
   *
   * @param strides one stride array per operand, each of the space's rank
   * @param baseOffsets each operand's offset at the origin
   */
  static List<Launch> plan(int[] dims, long[][] strides, long[] baseOffsets) {
    int operands = strides.length;
    for (long[] s : strides) {
      if (s.length != dims.length) {
        throw new IllegalArgumentException(
            "strided space: strides " + Arrays.toString(s) + " do not match dims " + Arrays.toString(dims));
      }
    }
    long total = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("strided space: negative dimension in " + Arrays.toString(dims));
      }
      total *= d;
      if (d == 0) {
        return List.of();
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "strided space: " + Arrays.toString(dims) + " has " + total + " points, more than a CUDA launch indexes ("
              + Integer.MAX_VALUE + ")");
    }
    // Coalesce, outermost first: an axis merges into the previous kept one when, for every operand,
    // previous stride == this stride * this size.
    int[] cd = new int[dims.length];
    long[][] cs = new long[operands][dims.length];
    int rank = 0;
    for (int axis = 0; axis < dims.length; axis++) {
      if (dims[axis] == 1) {
        continue;
      }
      if (rank > 0 && mergeable(cs, rank - 1, strides, axis, dims[axis])) {
        cd[rank - 1] *= dims[axis];
        for (int op = 0; op < operands; op++) {
          cs[op][rank - 1] = strides[op][axis];
        }
      } else {
        cd[rank] = dims[axis];
        for (int op = 0; op < operands; op++) {
          cs[op][rank] = strides[op][axis];
        }
        rank++;
      }
    }
    int lead = Math.max(0, rank - MAX_RANK);
    int[] inner = Arrays.copyOfRange(cd, lead, rank);
    long[][] innerStrides = new long[operands][];
    for (int op = 0; op < operands; op++) {
      innerStrides[op] = Arrays.copyOfRange(cs[op], lead, rank);
    }
    int innerCount = 1;
    for (int d : inner) {
      innerCount *= d;
    }
    List<Launch> launches = new ArrayList<>();
    int[] leadIndex = new int[lead];
    long launchIndex = 0;
    while (true) {
      long[] offsets = baseOffsets.clone();
      for (int a = 0; a < lead; a++) {
        for (int op = 0; op < operands; op++) {
          offsets[op] += leadIndex[a] * cs[op][a];
        }
      }
      launches.add(new Launch(inner, innerStrides, offsets, innerCount, launchIndex * innerCount));
      launchIndex++;
      int a = lead - 1;
      while (a >= 0 && ++leadIndex[a] == cd[a]) {
        leadIndex[a] = 0;
        a--;
      }
      if (a < 0) {
        return launches;
      }
    }
  }

  private static boolean mergeable(long[][] kept, int last, long[][] strides, int axis, int size) {
    for (int op = 0; op < kept.length; op++) {
      if (kept[op][last] != strides[op][axis] * size) {
        return false;
      }
    }
    return true;
  }
}

package dev.wstal.backend.cpu;

/**
 * Row-major iteration over an index space with up to three operands, each with its own strides. The innermost
 * axis is handed to the caller as a run (start offsets and the operands' inner strides), so the hot loop stays a
 * plain counted loop.
 */
final class StridedLoop {
  private StridedLoop() {}

  interface Run {
    /** Visits {@code len} consecutive index positions along the innermost axis. */
    void run(int o0, int o1, int o2, int len);
  }

  /**
   * Calls {@code run} once per innermost row. A rank-0 space is one run of length 1; a space with a zero
   * dimension has no runs. Strides beyond the first operand may be null (treated as zero).
   */
  static void forEachRun(int[] dims, long[] s0, long[] s1, long[] s2, Run run) {
    int rank = dims.length;
    for (int d : dims) {
      if (d == 0) {
        return;
      }
    }
    if (rank == 0) {
      run.run(0, 0, 0, 1);
      return;
    }
    int inner = dims[rank - 1];
    int[] idx = new int[rank];
    int o0 = 0;
    int o1 = 0;
    int o2 = 0;
    while (true) {
      run.run(o0, o1, o2, inner);
      int d = rank - 2;
      while (d >= 0) {
        idx[d]++;
        o0 += (int) s0[d];
        o1 += s1 == null ? 0 : (int) s1[d];
        o2 += s2 == null ? 0 : (int) s2[d];
        if (idx[d] < dims[d]) {
          break;
        }
        o0 -= (int) (s0[d] * dims[d]);
        o1 -= s1 == null ? 0 : (int) (s1[d] * dims[d]);
        o2 -= s2 == null ? 0 : (int) (s2[d] * dims[d]);
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }

  static int inner(long[] strides) {
    return strides == null || strides.length == 0 ? 0 : (int) strides[strides.length - 1];
  }
}

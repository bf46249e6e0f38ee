package dev.wstal.align;

/**
 * Validation of the packed ragged pairs of the {@code …Batch} APIs ({@link Alignments}, {@link CudaAlignments}):
 * pair p's {@code rows[p]×cols[p]} row-major block follows those of pairs 0..p−1 in every input array.
 */
final class PackedPairs {
  private PackedPairs() {}

  /**
   * The first cell of every pair and, at index {@code rows.length}, the total: {@code offsets[p + 1] = offsets[p]
   * + rows[p]·cols[p]}.
   *
   * @param stateWidth values of per-cell state the caller keeps in one Java array per pair (the CPU), or 0 when
   *     its state lives elsewhere (the GPU)
   * @throws IllegalArgumentException when rows and cols are null or of different lengths, a dimension is below 1,
   *     a pair's state or the pairs' cells exceed one Java array, or an input is null or not exactly the packed
   *     size (named by {@code names[k]})
   */
  static int[] offsets(int[] rows, int[] cols, int stateWidth, String[] names, float[]... inputs) {
    if (rows == null || cols == null || rows.length != cols.length) {
      throw new IllegalArgumentException(
          "rows and cols must be non-null and of equal length (one entry per pair), got "
              + (rows == null ? "null" : rows.length) + " and " + (cols == null ? "null" : cols.length));
    }
    int pairs = rows.length;
    int[] offsets = new int[pairs + 1];
    for (int p = 0; p < pairs; p++) {
      if (rows[p] < 1 || cols[p] < 1) {
        throw new IllegalArgumentException(
            "pair " + p + ": rows and cols must be >= 1, got " + rows[p] + "x" + cols[p]);
      }
      if ((long) rows[p] * cols[p] * stateWidth > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "pair " + p + ": a " + rows[p] + "x" + cols[p] + " grid needs more state values than one Java array"
                + " can hold");
      }
      long end = offsets[p] + (long) rows[p] * cols[p];
      if (end > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "pairs 0.." + p + " hold " + end + " cells, more than one Java array can (" + (Integer.MAX_VALUE - 8)
                + "): split the batch");
      }
      offsets[p + 1] = (int) end;
    }
    for (int k = 0; k < inputs.length; k++) {
      if (inputs[k] == null || inputs[k].length != offsets[pairs]) {
        throw new IllegalArgumentException(
            names[k] + " must hold the packed pairs' " + offsets[pairs] + " values (sum of rows*cols), got "
                + (inputs[k] == null ? "null" : String.valueOf(inputs[k].length)));
      }
    }
    return offsets;
  }
}

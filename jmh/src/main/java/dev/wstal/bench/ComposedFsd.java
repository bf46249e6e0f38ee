package dev.wstal.bench;

import dev.wstal.autograd.Grad;
import dev.wstal.ops.SoftAlign;
import dev.wstal.tensor.Tensor;
import java.util.Locale;

/**
 * FSD ({@code ftcl.md} §6.1, FTCL code form: one gap tensor {@code g} for insert and delete) built from ordinary
 * autograd ops, the baselines of {@link SoftDpBench}; plus the correctness check that compares every composition
 * with the fused {@link SoftAlign#fsd} (scores and both gradients). Grids are [B, N, M] float64 leaves; every
 * {@code …FwdBwd} method runs forward and {@code scores.sum().backward()}, so the gradients land in
 * {@code match.grad()} and {@code gap.grad()}, and returns the detached [B] scores.
 *
 * <p>Recurrence: Φ(i,0) = Φ(0,j) = 0, Φ(i,j) = m_ij + smax_γ(Φ(i−1,j−1), g_ij + Φ(i−1,j), g_ij + Φ(i,j−1)),
 * score Φ(N,M). smax is composed as {@code γ·log(sum(exp((x − s)/γ))) + s} with the shift s = max(x) computed
 * with recording off, i.e. detached (what PyTorch's logsumexp does; the shift's gradient cancels analytically,
 * so the gradient is exactly the softmax weights).
 *
 * <p>Run {@code java -cp jmh/target/benchmarks.jar dev.wstal.bench.ComposedFsd} for the checks outside JMH (see
 * {@link #main}).
 */
public final class ComposedFsd {
  /**
   * The diagonal composition keeps every intermediate tensor of its graph until the backward (a wstal graph node
   * holds its inputs): about 400 bytes per cell, measured at 750×750 (27 GB for 120 pairs). Above this many cells
   * it runs the pairs in chunks, one graph and backward per chunk: 4.5M cells = 8 pairs at 750×750, ~1.8 GB of
   * graph at a time. Chunks of 5, 10 and 30 pairs ran at about the same speed; the smaller graph keeps the heap
   * (and GC copying) small. 5×5 and 30×30 run all 120 pairs in one graph.
   */
  public static final long DIAGONAL_CHUNK_CELLS = 4_500_000L;

  /** System property that overrides the pairs per diagonal graph (e.g. {@code -Dsoftdp.diagonalChunk=8}). */
  public static final String CHUNK_PROPERTY = "softdp.diagonalChunk";

  private ComposedFsd() {}

  // ---- the fused op -------------------------------------------------------------------------------------------

  public static Tensor fusedFwdBwd(Tensor match, Tensor gap, double gamma) {
    Tensor scores = SoftAlign.fsd(match, gap, gap, gamma);
    scores.sum().backward();
    return scores.detach();
  }

  // ---- shared piece -------------------------------------------------------------------------------------------

  /** smax_γ over axis 0 of {@code x}: γ·log(Σ exp((x − s)/γ)) + s, with s = max(x, axis 0) detached. */
  static Tensor smax(Tensor x, double gamma) {
    Tensor shift;
    try (Grad off = Grad.disabled()) {
      shift = x.max(0, false);
    }
    return x.sub(shift).div(gamma).exp().sum(0, false).log().mul(gamma).add(shift);
  }

  // ---- (b) per pair, per cell ---------------------------------------------------------------------------------

  /**
   * FTCL's loop structure: for each pair, for each cell, scalar ops. {@code m[i-1, j-1]} is two slices of the
   * pair's [1, N, M] grid (like PyTorch's select-select, whose backward also materialises the pair-sized
   * gradient); the table Φ is a Java array of scalar tensors (a Python list of 0-d tensors). The released FTCL
   * code is slower still: it re-reads g for the delete branch and rebuilds the whole (L+1)² table per cell with a
   * mask multiply ({@code assign2Tensor}), O(L²) extra work per cell; that is not reproduced here.
   */
  public static Tensor perPairPerCell(Tensor match, Tensor gap, double gamma) {
    int b = match.dim(0);
    int n = match.dim(1);
    int m = match.dim(2);
    Tensor zero = Tensor.zeros(1, 1, 1);
    Tensor[] scores = new Tensor[b];
    Tensor[][] phi = new Tensor[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      phi[i][0] = zero;
    }
    for (int j = 0; j <= m; j++) {
      phi[0][j] = zero;
    }
    for (int p = 0; p < b; p++) {
      Tensor mp = match.slice(0, p, p + 1); // [1, N, M]
      Tensor gp = gap.slice(0, p, p + 1);
      for (int i = 1; i <= n; i++) {
        for (int j = 1; j <= m; j++) {
          Tensor mij = mp.slice(1, i - 1, i).slice(2, j - 1, j); // [1, 1, 1]
          Tensor gij = gp.slice(1, i - 1, i).slice(2, j - 1, j);
          Tensor candidates = Tensor.stack(0, phi[i - 1][j - 1], gij.add(phi[i - 1][j]), gij.add(phi[i][j - 1]));
          phi[i][j] = mij.add(smax(candidates, gamma));
        }
      }
      scores[p] = phi[n][m];
    }
    return Tensor.concat(0, scores).reshape(b);
  }

  public static Tensor perPairPerCellFwdBwd(Tensor match, Tensor gap, double gamma) {
    Tensor scores = perPairPerCell(match, gap, gamma);
    scores.sum().backward();
    return scores.detach();
  }

  // ---- (c) per cell, batched over the pairs -------------------------------------------------------------------

  /**
   * One loop iteration per cell, each op on the [B, 1, 1] column of all pairs (N·M iterations instead of B·N·M).
   * Element reads are two-level (the N row slices [B, 1, M] are taken once, then one slice per cell), so a read's
   * backward costs O(B·M) rather than O(B·N·M).
   */
  public static Tensor perCellBatched(Tensor match, Tensor gap, double gamma) {
    int b = match.dim(0);
    int n = match.dim(1);
    int m = match.dim(2);
    Tensor zero = Tensor.zeros(b, 1, 1);
    Tensor[][] phi = new Tensor[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      phi[i][0] = zero;
    }
    for (int j = 0; j <= m; j++) {
      phi[0][j] = zero;
    }
    for (int i = 1; i <= n; i++) {
      Tensor mRow = match.slice(1, i - 1, i); // [B, 1, M]
      Tensor gRow = gap.slice(1, i - 1, i);
      for (int j = 1; j <= m; j++) {
        Tensor mij = mRow.slice(2, j - 1, j); // [B, 1, 1]
        Tensor gij = gRow.slice(2, j - 1, j);
        Tensor candidates = Tensor.stack(0, phi[i - 1][j - 1], gij.add(phi[i - 1][j]), gij.add(phi[i][j - 1]));
        phi[i][j] = mij.add(smax(candidates, gamma));
      }
    }
    return phi[n][m].reshape(b);
  }

  public static Tensor perCellBatchedFwdBwd(Tensor match, Tensor gap, double gamma) {
    Tensor scores = perCellBatched(match, gap, gamma);
    scores.sum().backward();
    return scores.detach();
  }

  // ---- (d) anti-diagonal wavefront over all pairs -------------------------------------------------------------

  /**
   * Anti-diagonal wavefront: the cells with i + j = d (d = 2..N+M, 1-based) depend only on diagonals d−1 and d−2,
   * so each diagonal is a handful of ops on [B, len_d] tensors (N+M−1 steps in all):
   *
   * <pre>
   *   x1 = D[d−2][lo−1 .. hi−1],  x2 = g_d + D[d−1][lo−1 .. hi−1],  x3 = g_d + D[d−1][lo .. hi]   (slices)
   *   X = stack(x1, x2, x3); s = max(X) detached;  Φ_d = m_d + log Σ exp(X − s) + s
   *   D[d] = concat(0-pad, Φ_d, 0-pad)      ([B, N+1], indexed by i; the pads are the borders Φ(0,·), Φ(·,0))
   * </pre>
   *
   * Two cheap changes against the per-cell forms: the inputs are divided by γ once, so Φ/γ is propagated and the
   * per-diagonal smax needs no division or multiplication by γ (score = γ·Φ'(N,M)); and the per-diagonal reads of
   * m and g go through a diagonal-major copy (one indexSelect with a fixed permutation) split by a binary tree of
   * slices. wstal has no multi-output unbind: slicing each of the N+M−1 diagonals straight out of the [B, N·M]
   * tensor would give every read an O(B·N·M) backward (a full-size gradient, then a full-size add) — O(B·N·M·(N+M))
   * in all, hours at 750×750 — whereas the tree costs O(B·N·M·log₂(N+M)).
   */
  public static Tensor diagonal(Tensor match, Tensor gap, double gamma) {
    int b = match.dim(0);
    int n = match.dim(1);
    int m = match.dim(2);
    int diagonals = n + m - 1;
    int[] perm = new int[n * m];
    int[] start = new int[diagonals + 1];
    int k = 0;
    for (int d = 2; d <= n + m; d++) {
      start[d - 2] = k;
      for (int i = Math.max(1, d - m); i <= Math.min(n, d - 1); i++) {
        perm[k++] = (i - 1) * m + (d - i - 1);
      }
    }
    start[diagonals] = k;
    Tensor index = Tensor.indices(perm, n * m);
    Tensor[] mDiag = new Tensor[diagonals];
    Tensor[] gDiag = new Tensor[diagonals];
    split(match.div(gamma).reshape(b, n * m).indexSelect(1, index), start, 0, diagonals, mDiag);
    split(gap.div(gamma).reshape(b, n * m).indexSelect(1, index), start, 0, diagonals, gDiag);

    Tensor[] pads = new Tensor[n + 2];
    Tensor prev2 = Tensor.zeros(b, n + 1); // diagonal 0: Φ(0,0)
    Tensor prev1 = prev2; // diagonal 1: Φ(0,1), Φ(1,0)
    Tensor phi = null;
    for (int d = 2; d <= n + m; d++) {
      int lo = Math.max(1, d - m);
      int hi = Math.min(n, d - 1);
      Tensor gd = gDiag[d - 2];
      Tensor x1 = prev2.slice(1, lo - 1, hi);
      Tensor x2 = gd.add(prev1.slice(1, lo - 1, hi));
      Tensor x3 = gd.add(prev1.slice(1, lo, hi + 1));
      Tensor x = Tensor.stack(0, x1, x2, x3); // [3, B, len]
      Tensor shift;
      try (Grad off = Grad.disabled()) {
        shift = x.max(0, false);
      }
      phi = mDiag[d - 2].add(x.sub(shift).exp().sum(0, false).log().add(shift)); // Φ/γ on diagonal d
      if (d < n + m) {
        Tensor left = pad(pads, b, lo); // lo >= 1: at least the border Φ(0, d)
        Tensor right = pad(pads, b, n - hi);
        prev2 = prev1;
        prev1 = right == null ? Tensor.concat(1, left, phi) : Tensor.concat(1, left, phi, right);
      }
    }
    return phi.reshape(b).mul(gamma); // the last diagonal is the single cell (N, M)
  }

  private static Tensor pad(Tensor[] cache, int b, int width) {
    if (width == 0) {
      return null;
    }
    if (cache[width] == null) {
      cache[width] = Tensor.zeros(b, width);
    }
    return cache[width];
  }

  /** Splits the diagonal-major [B, cells] tensor into diagonals [lo, hi) by halving (a binary tree of slices). */
  private static void split(Tensor t, int[] start, int lo, int hi, Tensor[] out) {
    if (hi - lo == 1) {
      out[lo] = t;
      return;
    }
    int mid = (lo + hi) >>> 1;
    int cut = start[mid] - start[lo];
    split(t.slice(1, 0, cut), start, lo, mid, out);
    split(t.slice(1, cut, start[hi] - start[lo]), start, mid, hi, out);
  }

  /** Pairs per diagonal graph: all of them, unless B·N·M exceeds {@link #DIAGONAL_CHUNK_CELLS}. */
  public static int diagonalPairChunk(int pairs, int n, int m) {
    Integer forced = Integer.getInteger(CHUNK_PROPERTY);
    if (forced != null) {
      return Math.max(1, Math.min(pairs, forced));
    }
    long perPair = (long) n * m;
    return (int) Math.max(1, Math.min(pairs, DIAGONAL_CHUNK_CELLS / perPair));
  }

  /**
   * {@link #diagonal} forward + backward, in chunks of {@code pairChunk} pairs: each chunk is sliced out of the
   * leaves, and its scores are summed and back-propagated before the next chunk is built (gradient accumulation;
   * the loss is a sum over pairs, so the gradients equal those of one big graph).
   */
  public static Tensor diagonalFwdBwd(Tensor match, Tensor gap, double gamma, int pairChunk) {
    int b = match.dim(0);
    if (pairChunk >= b) {
      Tensor scores = diagonal(match, gap, gamma);
      scores.sum().backward();
      return scores.detach();
    }
    Tensor[] parts = new Tensor[(b + pairChunk - 1) / pairChunk];
    for (int c = 0, p = 0; p < b; c++, p += pairChunk) {
      int q = Math.min(b, p + pairChunk);
      Tensor scores = diagonal(match.slice(0, p, q), gap.slice(0, p, q), gamma);
      scores.sum().backward();
      parts[c] = scores.detach();
    }
    return Tensor.concat(0, parts);
  }

  // ---- data and checks ----------------------------------------------------------------------------------------

  /** A [B, N, M] float64 leaf with requiresGrad, uniform in [−1, 1). */
  public static Tensor uniformLeaf(long seed, int b, int n, int m) {
    try (Grad off = Grad.disabled()) {
      return Tensor.rand(seed, b, n, m).mul(2).sub(1).detach().requiresGrad(true);
    }
  }

  /** A new leaf (requiresGrad) holding the first {@code k} pairs of {@code leaf}. */
  public static Tensor firstPairs(Tensor leaf, int k) {
    try (Grad off = Grad.disabled()) {
      return leaf.slice(0, 0, k).detach().requiresGrad(true);
    }
  }

  /** A forward + backward under test: leaves in, detached [B] scores out, gradients left in the leaves. */
  @FunctionalInterface
  public interface FwdBwd {
    Tensor run(Tensor match, Tensor gap);
  }

  /** Plain-loop FSD score of one pair (§6.1 forward), the independent reference for the fused op's scores. */
  static double referenceScore(double[] mat, double[] gap, int offset, int n, int m, double gamma) {
    double[] prev = new double[m + 1];
    double[] cur = new double[m + 1];
    for (int i = 1; i <= n; i++) {
      cur[0] = 0;
      for (int j = 1; j <= m; j++) {
        double g = gap[offset + (i - 1) * m + (j - 1)];
        double x1 = prev[j - 1];
        double x2 = g + prev[j];
        double x3 = g + cur[j - 1];
        double s = Math.max(x1, Math.max(x2, x3));
        double smax = s + gamma * Math.log(Math.exp((x1 - s) / gamma) + Math.exp((x2 - s) / gamma)
            + Math.exp((x3 - s) / gamma));
        cur[j] = mat[offset + (i - 1) * m + (j - 1)] + smax;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }

  /** max |a − b| / max |b| (0 when both are all zero). */
  static double relDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      return Double.POSITIVE_INFINITY;
    }
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      diff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(diff, d);
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff == 0 ? 0 : diff / scale;
  }

  /**
   * Runs the fused op and {@code composed} on the same leaves and throws unless the scores, d match and d gap
   * agree to {@code tol} (max-norm relative). The fused scores of up to the first 4 pairs are also checked against
   * a plain Java loop. Leaves the leaves' gradients cleared; returns a one-line summary.
   */
  public static String verify(String what, Tensor match, Tensor gap, double gamma, FwdBwd composed, double tol) {
    int n = match.dim(1);
    int m = match.dim(2);
    match.zeroGrad();
    gap.zeroGrad();
    double[] refScores = fusedFwdBwd(match, gap, gamma).toArray();
    double[] refDm = gradOf(match, "fused", "match");
    double[] refDg = gradOf(gap, "fused", "gap");
    match.zeroGrad();
    gap.zeroGrad();

    double[] mat = match.toArray();
    double[] gp = gap.toArray();
    double[] loop = new double[Math.min(4, refScores.length)];
    for (int p = 0; p < loop.length; p++) {
      loop[p] = referenceScore(mat, gp, p * n * m, n, m, gamma);
    }
    double loopDiff = relDiff(java.util.Arrays.copyOf(refScores, loop.length), loop);

    double[] scores = composed.run(match, gap).toArray();
    double[] dm = gradOf(match, what, "match");
    double[] dg = gradOf(gap, what, "gap");
    match.zeroGrad();
    gap.zeroGrad();
    double ds = relDiff(scores, refScores);
    double ddm = relDiff(dm, refDm);
    double ddg = relDiff(dg, refDg);
    String line = String.format(Locale.ROOT,
        "# check %s %dx%dx%d: rel diff vs fused: score %.2e, d match %.2e, d gap %.2e (fused vs plain loop %.2e)",
        what, match.dim(0), n, m, ds, ddm, ddg, loopDiff);
    if (!(ds <= tol && ddm <= tol && ddg <= tol && loopDiff <= tol)) {
      throw new IllegalStateException(line + " exceeds " + tol);
    }
    return line;
  }

  private static double[] gradOf(Tensor leaf, String what, String name) {
    if (leaf.grad() == null) {
      throw new IllegalStateException("# check " + what + ": no gradient reached " + name);
    }
    return leaf.grad().toArray();
  }

  /**
   * Checks (and rough timings, one op each) outside JMH. Arguments: {@code [pairs [size ...]]}, default 120 pairs
   * at 5, 30. The per-cell compositions run only up to 30×30; the diagonal one runs at every size given, e.g.
   * {@code 8 750} checks it at 750×750 on 8 pairs. {@code mem PAIRS SIZE} instead measures the heap the diagonal
   * graph retains before its backward; {@code time PAIRS SIZE REPS} times fused and diagonal fwd+bwd REPS times.
   */
  public static void main(String[] args) {
    double gamma = SoftDpBench.GAMMA;
    if (args.length > 0 && args[0].equals("mem")) {
      memory(Integer.parseInt(args[1]), Integer.parseInt(args[2]), gamma);
      return;
    }
    if (args.length > 0 && args[0].equals("time")) {
      time(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), gamma);
      return;
    }
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : SoftDpBench.PAIRS;
    int[] sizes = args.length > 1 ? new int[args.length - 1] : new int[] {5, 30};
    for (int i = 1; i < args.length; i++) {
      sizes[i - 1] = Integer.parseInt(args[i]);
    }
    for (int size : sizes) {
      Tensor match = uniformLeaf(SoftDpBench.MATCH_SEED, pairs, size, size);
      Tensor gap = uniformLeaf(SoftDpBench.GAP_SEED, pairs, size, size);
      int chunk = diagonalPairChunk(pairs, size, size);
      report("diagonal", match, gap, gamma, (a, g) -> diagonalFwdBwd(a, g, gamma, chunk));
      if (size <= 30) {
        report("perCellBatched", match, gap, gamma, (a, g) -> perCellBatchedFwdBwd(a, g, gamma));
        report("perPairPerCell", match, gap, gamma, (a, g) -> perPairPerCellFwdBwd(a, g, gamma));
      }
    }
  }

  private static void report(String what, Tensor match, Tensor gap, double gamma, FwdBwd composed) {
    long t0 = System.nanoTime();
    String line = verify(what, match, gap, gamma, (a, g) -> {
      long c0 = System.nanoTime();
      Tensor s = composed.run(a, g);
      System.out.printf(Locale.ROOT, "# %s: one composed fwd+bwd %.1f ms%n", what, (System.nanoTime() - c0) / 1e6);
      return s;
    }, SoftDpBench.TOLERANCE);
    System.out.println(line);
    System.out.printf(Locale.ROOT, "#   (check incl. fused and loop reference: %.1f s)%n",
        (System.nanoTime() - t0) / 1e9);
  }

  private static void memory(int pairs, int size, double gamma) {
    Tensor match = uniformLeaf(SoftDpBench.MATCH_SEED, pairs, size, size);
    Tensor gap = uniformLeaf(SoftDpBench.GAP_SEED, pairs, size, size);
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    Tensor scores = diagonal(match, gap, gamma);
    long t1 = System.nanoTime();
    long after = usedAfterGc();
    long t2 = System.nanoTime();
    scores.sum().backward();
    long t3 = System.nanoTime();
    double cells = (double) pairs * size * size;
    System.out.printf(Locale.ROOT,
        "# diagonal %dx%dx%d: retained graph %.1f MB = %.0f bytes/cell; forward %.2f s, backward %.2f s%n", pairs,
        size, size, (after - before) / 1e6, (after - before) / cells, (t1 - t0) / 1e9, (t3 - t2) / 1e9);
  }

  private static void time(int pairs, int size, int reps, double gamma) {
    Tensor match = uniformLeaf(SoftDpBench.MATCH_SEED, pairs, size, size);
    Tensor gap = uniformLeaf(SoftDpBench.GAP_SEED, pairs, size, size);
    int chunk = diagonalPairChunk(pairs, size, size);
    for (int r = 0; r < reps; r++) {
      for (String what : new String[] {"fused", "diagonal"}) {
        match.zeroGrad();
        gap.zeroGrad();
        long t0 = System.nanoTime();
        if (what.equals("fused")) {
          fusedFwdBwd(match, gap, gamma);
        } else {
          diagonalFwdBwd(match, gap, gamma, chunk);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "# %s %dx%dx%d rep %d: %.3f s = %.3g cells/s%n", what, pairs, size, size, r, s,
            (double) pairs * size * size / s);
      }
    }
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}

package dev.wstal.bench;

import dev.wstal.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FSD ({@code ftcl.md} §6.1) forward + backward for {@code pairs} = 120 pairs of N×M grids, γ = 0.1, match and gap
 * uniform in [−1, 1), float64, FTCL code form (the same gap tensor for insert and delete). Every op computes the
 * [120] scores, then {@code scores.sum().backward()} into the two [120, N, M] leaves (requiresGrad); their
 * gradients are cleared before each op, so every variant does the same work.
 *
 * <ul>
 *   <li>{@link #fused}: {@code SoftAlign.fsd(match, gap, gap, γ)}, one fused op with its own adjoint sweep.
 *   <li>{@link #composedPerPairPerCell}: FTCL's structure — for each pair, for each cell, ~17 scalar autograd ops
 *       (element slices, stack of the three candidates, smax by a detached max shift); 5×5 and 30×30 only.
 *   <li>{@link #composedPerCellBatched}: per cell, the same ops on the [120] column of all pairs; 5×5 and 30×30.
 *   <li>{@link #composedDiagonal}: anti-diagonal wavefront, ~17 ops on [120, len] tensors per diagonal, N+M−1
 *       diagonals; all sizes.
 * </ul>
 * The compositions are in {@link ComposedFsd}; each benchmark's trial setup runs it once next to the fused op and
 * fails the trial unless scores and both gradients agree to 1e-9 (max-norm relative; at 750×750 the diagonal form
 * is checked on its first two graphs' 16 pairs). The fused setup checks the fused scores of the first 4 pairs
 * against a plain Java loop of §6.1.
 *
 * <p><b>Cells/s.</b> One op processes cells = pairs·N·M DP cells forward and backward, so cells/s = pairs·N·M /
 * (ms/op · 10⁻³); {@code jmh/cells.py} derives it from the {@code pairs} and {@code grid} parameters.
 *
 * <p><b>Sizes left out.</b> Per pair per cell at 750×750 is 120·562,500 = 67.5M cells × ~17 graph nodes ≈ 1.1·10⁹
 * nodes. At 30×30 one op (1.8M nodes) takes ~20–30 s, ≈ 200 µs per cell, so 750×750 would take ≥ 4 hours per op
 * even before its element reads grow (each read's backward is pair-sized, 562,500 doubles at 750×750, which adds
 * about a day), and its graph (several hundred bytes per node with its output) would need ~300–500 GB of heap —
 * infeasible, not run. Per cell batched at 750×750 would be 562,500 cells × ~17 nodes on [120] vectors (~10 GB of
 * graph) with row reads whose backward costs O(B·N²·M) = 5·10¹⁰; left out as well.
 *
 * <p><b>Memory of the diagonal form.</b> A wstal graph node keeps its inputs alive, so every intermediate tensor
 * stays until the backward: measured ~400 bytes (≈ 50 doubles) per cell — about 26 doubles for the ~17 ops per
 * diagonal, 24 for the reads of m and g (the γ-scaling, the diagonal-major gather and the 11 levels of the slice
 * tree, for each input). For 120 pairs at 750×750 that is ~27 GB, more than the machine has, so above 4.5M cells
 * it runs 8 pairs per graph ({@link ComposedFsd#DIAGONAL_CHUNK_CELLS}; ~1.8 GB each, 15 graphs, each summed and
 * back-propagated before the next — gradient accumulation, identical gradients). Override with
 * {@code -jvmArgsAppend "-Xmx16g -Dsoftdp.diagonalChunk=N"} (the option replaces the annotation's arguments).
 * The fused op keeps 3 doubles per cell (1.6 GB at 750×750) plus its inputs and gradients, ~5 GB in all; hence
 * {@code -Xmx16g}.
 *
 * <p><b>Budgets.</b> Per pair per cell at 30×30 and the diagonal form at 750×750 take seconds to a minute per op;
 * JMH finishes the op in flight, so an iteration is at least one op, and the trial setup's check costs one more
 * composed op plus one fused op (at 750×750 the diagonal check runs 16 pairs only). The composed forms allocate
 * every intermediate, so their times are bound by allocation and GC (default G1) and vary more than the fused
 * op's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx16g"})
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
// The timeout only guards against a hung iteration (see "Budgets" above).
@Timeout(time = 10, timeUnit = TimeUnit.MINUTES)
public class SoftDpBench {
  public static final int PAIRS = 120;
  public static final double GAMMA = 0.1;
  public static final long MATCH_SEED = 11L;
  public static final long GAP_SEED = 12L;
  /** Max-norm relative agreement the setup demands of every composition against the fused op. */
  public static final double TOLERANCE = 1e-9;

  /** The two leaves and their size; one subclass per benchmark so that each lists only its feasible sizes. */
  public abstract static class Grids {
    public Tensor match;
    public Tensor gap;
    public int n;
    public int m;

    void init(int pairs, String grid) {
      String[] parts = grid.split("x");
      if (parts.length != 2) {
        throw new IllegalArgumentException("grid must be NxM, got " + grid);
      }
      n = Integer.parseInt(parts[0]);
      m = Integer.parseInt(parts[1]);
      match = ComposedFsd.uniformLeaf(MATCH_SEED, pairs, n, m);
      gap = ComposedFsd.uniformLeaf(GAP_SEED, pairs, n, m);
    }

    void check(String what, ComposedFsd.FwdBwd composed) {
      System.out.println();
      System.out.println(ComposedFsd.verify(what, match, gap, GAMMA, composed, TOLERANCE));
    }

    void clearGrads() {
      match.zeroGrad();
      gap.zeroGrad();
    }
  }

  @State(Scope.Thread)
  public static class FusedState extends Grids {
    @Param({"5x5", "30x30", "750x750"})
    public String grid;

    @Param({"120"})
    public int pairs;

    @Setup(Level.Trial)
    public void setup() {
      init(pairs, grid);
      // fused against itself: checks the fused scores against the plain Java loop (first pairs)
      check("fused", (a, g) -> ComposedFsd.fusedFwdBwd(a, g, GAMMA));
    }
  }

  @State(Scope.Thread)
  public static class PerPairState extends Grids {
    @Param({"5x5", "30x30"})
    public String grid;

    @Param({"120"})
    public int pairs;

    @Setup(Level.Trial)
    public void setup() {
      init(pairs, grid);
      check("perPairPerCell", (a, g) -> ComposedFsd.perPairPerCellFwdBwd(a, g, GAMMA));
    }
  }

  @State(Scope.Thread)
  public static class BatchedState extends Grids {
    @Param({"5x5", "30x30"})
    public String grid;

    @Param({"120"})
    public int pairs;

    @Setup(Level.Trial)
    public void setup() {
      init(pairs, grid);
      check("perCellBatched", (a, g) -> ComposedFsd.perCellBatchedFwdBwd(a, g, GAMMA));
    }
  }

  @State(Scope.Thread)
  public static class DiagonalState extends Grids {
    @Param({"5x5", "30x30", "750x750"})
    public String grid;

    @Param({"120"})
    public int pairs;

    int chunk;

    @Setup(Level.Trial)
    public void setup() {
      init(pairs, grid);
      chunk = ComposedFsd.diagonalPairChunk(pairs, n, m);
      System.out.println();
      System.out.println("# diagonal: " + chunk + " pairs per graph");
      if (chunk >= pairs) {
        check("diagonal", (a, g) -> ComposedFsd.diagonalFwdBwd(a, g, GAMMA, chunk));
      } else {
        // chunked (750x750): check the first two graphs' pairs only, which exercises the chunking; the pairs
        // are independent, so the rest run the same code on other numbers (saves ~1.5 min of setup)
        int k = Math.min(pairs, 2 * chunk);
        System.out.println(ComposedFsd.verify("diagonal (first " + k + " pairs)", ComposedFsd.firstPairs(match, k),
            ComposedFsd.firstPairs(gap, k), GAMMA, (a, g) -> ComposedFsd.diagonalFwdBwd(a, g, GAMMA, chunk),
            TOLERANCE));
      }
    }
  }

  @Benchmark
  public Tensor fused(FusedState s) {
    s.clearGrads();
    ComposedFsd.fusedFwdBwd(s.match, s.gap, GAMMA);
    return s.gap.grad();
  }

  @Benchmark
  @Warmup(iterations = 1, time = 2, timeUnit = TimeUnit.SECONDS)
  @Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
  public Tensor composedPerPairPerCell(PerPairState s) {
    s.clearGrads();
    ComposedFsd.perPairPerCellFwdBwd(s.match, s.gap, GAMMA);
    return s.gap.grad();
  }

  @Benchmark
  public Tensor composedPerCellBatched(BatchedState s) {
    s.clearGrads();
    ComposedFsd.perCellBatchedFwdBwd(s.match, s.gap, GAMMA);
    return s.gap.grad();
  }

  @Benchmark
  @Warmup(iterations = 1, time = 3, timeUnit = TimeUnit.SECONDS)
  @Measurement(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
  public Tensor composedDiagonal(DiagonalState s) {
    s.clearGrads();
    ComposedFsd.diagonalFwdBwd(s.match, s.gap, GAMMA, s.chunk);
    return s.gap.grad();
  }
}

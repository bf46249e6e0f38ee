package dev.wstal.bench;

import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.cpu.CpuAlignment;
import dev.wstal.backend.cuda.CudaRuntime;
import dev.wstal.backend.cuda.CudaSoftDp;
import dev.wstal.backend.cuda.DeviceBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FSD ({@code ftcl.md} §6.1) on the GPU ({@link CudaSoftDp}, {@code kernels/softdp.cu}) for {@code pairs} = 120
 * pairs of N×M grids, γ = 0.1, match and gap uniform in [−1, 1) as float32, FTCL's code form (one gap grid passed as
 * both gapInsert and gapDelete, three gradient grids written): the same problem as {@link SoftDpBench} on the CPU.
 * Device buffers in and out, no host copy inside the timed region, and the stream is synchronised before each op
 * returns, so the timer stops after the GPU work ({@code kernels.md} §8). The same sizes in PyTorch:
 * {@code jmh/compare/softdp_torch.py}.
 *
 * <ul>
 *   <li>{@link #fsdForward}: one forward launch (scores and the three weights per cell).
 *   <li>{@link #fsdForwardBackward}: forward, then the backward launch seeded with 1 per pair.
 * </ul>
 *
 * {@code mapping} (AUTO, WARP or BLOCK; {@code -p mapping=WARP,BLOCK}) forces the warp-per-pair or block-per-pair
 * kernels, to measure the crossover that {@link CudaSoftDp#AUTO_WARP_MAX_ROWS} should be (WARP holds at most 1024
 * rows). Each trial's setup prints the device, driver, JCuda version and the fatbin's nvcc, checks the GPU scores of
 * two pairs against the float64 CPU reference (and fails the trial if they differ by more than 1e-4 relative), and
 * prints the roofline bound below.
 *
 * <p><b>Throughput.</b> One op processes cells = pairs·N·M DP cells (forward, and backward for
 * {@link #fsdForwardBackward}), so cells/s = pairs·N·M / (ms/op · 10⁻³), as {@code jmh/cells.py} computes for
 * SoftDpBench.
 *
 * <p><b>Roofline</b> ({@code kernels.md} §1.2 with the H100 numbers of §1.1; the setup prints every term for its
 * size). The bound is the largest of, with the optimistic end of each estimate so that it stays a lower bound:
 * <ul>
 *   <li>T_launch = launches × 3 µs (1 forward, 2 forward+backward);
 *   <li>T_sfu = cells × 4 MUFU (2 ex2, 1 lg2, 1 rcp per forward cell; the backward has none) / 3.9e12 /s;
 *   <li>T_alu = cells × (≈ 20 FP32 / 33.5e12 + ≈ 8 FP64 / 16.7e12) s per forward cell, + cells × 8 FP32 / 33.5e12 per
 *       backward cell (R is carried in float64, see softdp.cu);
 *   <li>T_hbm = bytes / 3.0e12 B/s: forward reads match and gap once (8 B/cell; the second gap read hits the cache)
 *       and writes 3 weights (12 B/cell); backward reads the weights (12 B/cell) and writes 3 gradients
 *       (12 B/cell): 20 B/cell forward, 44 B/cell forward+backward;
 *   <li>T_dep = (N + M − 1) anti-diagonal steps × 55 ns × ⌈pairs / 132⌉ (one pair per SM at least resident) per
 *       pass.
 * </ul>
 * Reported ratio = T_bound / measured time (≤ 1), naming the binding term. For 120 pairs these give: 5×5,
 * T_launch binds (3 / 6 µs against T_dep 0.5 / 1 µs); 30×30, T_dep ≈ 3.2 / 6.5 µs against T_launch 3 / 6 µs;
 * 750×750 (67.5M cells), T_hbm binds: 450 µs forward, 990 µs forward+backward (T_dep 82 / 165 µs, T_sfu 69 µs,
 * T_alu ≈ 90 µs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class CudaSoftDpBench {
  static final double GAMMA = 0.1;
  static final long MATCH_SEED = 11L;
  static final long GAP_SEED = 12L;

  @State(Scope.Thread)
  public static class Fsd {
    @Param({"5x5", "30x30", "750x750"})
    public String grid;

    @Param({"120"})
    public int pairs;

    @Param({"AUTO"})
    public String mapping;

    CudaRuntime rt;
    AlignSpec spec;
    CudaSoftDp.Mapping map;
    DeviceBuffer[] inputs;
    DeviceBuffer scores;
    DeviceBuffer state;
    DeviceBuffer seed;
    DeviceBuffer[] grads;
    private final List<DeviceBuffer> buffers = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
      rt = CudaBenchRuntime.open("CudaSoftDpBench");
      String[] nm = grid.split("x");
      if (nm.length != 2) {
        throw new IllegalArgumentException("grid must be NxM, got " + grid);
      }
      int n = Integer.parseInt(nm[0]);
      int m = Integer.parseInt(nm[1]);
      spec = new AlignSpec(AlignKind.FSD, pairs, n, m, GAMMA, 0, 1);
      map = CudaSoftDp.Mapping.valueOf(mapping);
      long cells = spec.cells();
      float[] match = uniform(MATCH_SEED, cells);
      float[] gap = uniform(GAP_SEED, cells);
      DeviceBuffer dMatch = upload(match);
      DeviceBuffer dGap = upload(gap);
      inputs = new DeviceBuffer[] {dMatch, dGap, dGap};
      scores = buffer(4L * pairs);
      state = buffer(4L * CudaSoftDp.stateFloats(spec));
      seed = buffer(4L * pairs);
      rt.fillFloat(seed, pairs, 1.0f);
      grads = new DeviceBuffer[] {buffer(4L * cells), buffer(4L * cells), buffer(4L * cells)};
      checkAgainstCpu(match, gap);
      System.out.println("# roofline forward: " + Roofline.of(pairs, n, m, false));
      System.out.println("# roofline forward+backward: " + Roofline.of(pairs, n, m, true));
    }

    /** Runs both passes once (also loads the kernels) and compares two pairs' scores with the float64 CPU. */
    private void checkAgainstCpu(float[] match, float[] gap) {
      CudaSoftDp.forward(rt, spec, inputs, null, null, scores, state, map);
      CudaSoftDp.backward(rt, spec, null, null, state, seed, grads, map);
      float[] got = new float[pairs];
      rt.download(scores, got);
      int cells = spec.rows() * spec.cols();
      for (int b = 0; b < Math.min(2, pairs); b++) {
        double[][] in = {
          widen(match, b * cells, cells), widen(gap, b * cells, cells), widen(gap, b * cells, cells)
        };
        CpuAlignment.Grid g = new CpuAlignment.Grid(0, spec.cols());
        double want = CpuAlignment.forward(new AlignSpec(AlignKind.FSD, 1, spec.rows(), spec.cols(), GAMMA, 0, 1),
            in, g, spec.rows(), spec.cols(), new double[3 * cells], g);
        if (!(Math.abs(got[b] - want) <= 1e-4 * Math.max(1, Math.abs(want)))) {
          throw new IllegalStateException("CudaSoftDpBench: GPU score of pair " + b + " is " + got[b]
              + ", the float64 CPU gives " + want + " (" + grid + ", mapping " + map + ")");
        }
      }
    }

    private static double[] widen(float[] a, int from, int count) {
      double[] d = new double[count];
      for (int i = 0; i < count; i++) {
        d[i] = a[from + i];
      }
      return d;
    }

    private static float[] uniform(long seed, long n) {
      SplittableRandom r = new SplittableRandom(seed);
      float[] a = new float[Math.toIntExact(n)];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) (2 * r.nextDouble() - 1);
      }
      return a;
    }

    private DeviceBuffer upload(float[] values) {
      DeviceBuffer d = buffer(4L * values.length);
      rt.upload(values, d);
      return d;
    }

    private DeviceBuffer buffer(long bytes) {
      DeviceBuffer d = rt.allocate(bytes);
      buffers.add(d);
      return d;
    }

    @TearDown(Level.Trial)
    public void close() {
      buffers.forEach(DeviceBuffer::close);
      buffers.clear();
    }
  }

  /** The five terms of kernels.md §1.2 for FSD over pairs × n × m cells, optimistic constants (H100, §1.1). */
  static final class Roofline {
    static final double LAUNCH_S = 3e-6;
    static final double MUFU_PER_S = 3.9e12;
    static final double FP32_PER_S = 33.5e12;
    static final double FP64_PER_S = 16.7e12;
    static final double HBM_BYTES_PER_S = 3.0e12;
    static final double STEP_S = 55e-9;
    static final int SMS = 132;

    static String of(int pairs, int n, int m, boolean backward) {
      double cells = (double) pairs * n * m;
      int passes = backward ? 2 : 1;
      double[] t = {
        passes * LAUNCH_S,
        cells * 4 / MUFU_PER_S,
        cells * (20 / FP32_PER_S + 8 / FP64_PER_S) + (backward ? cells * 8 / FP32_PER_S : 0),
        cells * (backward ? 44 : 20) / HBM_BYTES_PER_S,
        passes * (n + m - 1) * STEP_S * Math.ceil(pairs / (double) SMS)
      };
      String[] names = {"T_launch", "T_sfu", "T_alu", "T_hbm", "T_dep"};
      int bind = 0;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < t.length; i++) {
        if (t[i] > t[bind]) {
          bind = i;
        }
        sb.append(String.format(Locale.ROOT, "%s %.3g us, ", names[i], t[i] * 1e6));
      }
      return sb.append(String.format(Locale.ROOT, "T_bound %.3g us (%s); ratio = T_bound / measured",
          t[bind] * 1e6, names[bind])).toString();
    }
  }

  @Benchmark
  public DeviceBuffer fsdForward(Fsd s) {
    CudaSoftDp.forward(s.rt, s.spec, s.inputs, null, null, s.scores, s.state, s.map);
    s.rt.synchronize();
    return s.scores;
  }

  @Benchmark
  public DeviceBuffer fsdForwardBackward(Fsd s) {
    CudaSoftDp.forward(s.rt, s.spec, s.inputs, null, null, s.scores, s.state, s.map);
    CudaSoftDp.backward(s.rt, s.spec, null, null, s.state, s.seed, s.grads, s.map);
    s.rt.synchronize();
    return s.grads[0];
  }
}

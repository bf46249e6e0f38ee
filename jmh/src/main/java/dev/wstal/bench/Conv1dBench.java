package dev.wstal.bench;

import dev.ludovic.netlib.blas.BLAS;
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
 * 1-D convolution (cross-correlation, PyTorch semantics), batch 1, stride 1, padding 1, dilation 1, groups 1:
 * x [1, Cin, T], w [Cout, Cin, K], bias [Cout] → y [1, Cout, T] (K = 3 keeps the length).
 *
 * <ul>
 *   <li>{@link #im2colGemm}: {@code x.conv1d(w, bias, 1, 1, 1, 1)}, i.e. wstal's im2col followed by one dgemm
 *       [Cout × Cin·K] · [Cin·K × T] plus the bias add.
 *   <li>{@link #naive}: the direct definition y[co][t] = bias[co] + Σ_ci Σ_kk w[co][ci][kk]·x[ci][t + kk − 1], four
 *       nested loops over {@code double[]}, single thread, accumulated in a local — the honest baseline.
 * </ul>
 *
 * <p>The sizes are single-valued {@code @Param}s so that they appear in the JMH JSON; FLOPs per op:
 * 2·Cout·Cin·K·T (bias add not counted).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
// The naive loop takes seconds per op; JMH always finishes the op in flight, so an iteration is at least one op
// long. The timeout only guards against a hung iteration (JMH's default is 10 minutes).
@Timeout(time = 15, timeUnit = TimeUnit.MINUTES)
public class Conv1dBench {

  @Param({"2048"})
  public int cin;

  @Param({"2048"})
  public int cout;

  @Param({"3"})
  public int kernel;

  @Param({"750"})
  public int length;

  private static final int PADDING = 1;

  private Tensor x;
  private Tensor w;
  private Tensor bias;
  private double[] xData;
  private double[] wData;
  private double[] biasData;

  @Setup(Level.Trial)
  public void setup() {
    x = Tensor.randn(1L, 1, cin, length);
    w = Tensor.randn(2L, cout, cin, kernel);
    bias = Tensor.randn(3L, cout);
    xData = x.toArray();
    wData = w.toArray();
    biasData = bias.toArray();
    System.out.println("# BLAS implementation: " + BLAS.getInstance().getClass().getName());
  }

  @Benchmark
  public Tensor im2colGemm() {
    return x.conv1d(w, bias, 1, PADDING, 1, 1);
  }

  @Benchmark
  public double[] naive() {
    final int cin = this.cin;
    final int cout = this.cout;
    final int kk = this.kernel;
    final int len = this.length;
    final int tout = len + 2 * PADDING - kk + 1;
    final double[] x = xData;
    final double[] w = wData;
    final double[] b = biasData;
    final double[] y = new double[cout * tout];
    for (int co = 0; co < cout; co++) {
      for (int t = 0; t < tout; t++) {
        double sum = b[co];
        for (int ci = 0; ci < cin; ci++) {
          for (int q = 0; q < kk; q++) {
            int s = t + q - PADDING;
            if (s >= 0 && s < len) {
              sum += w[(co * cin + ci) * kk + q] * x[ci * len + s];
            }
          }
        }
        y[co * tout + t] = sum;
      }
    }
    return y;
  }
}

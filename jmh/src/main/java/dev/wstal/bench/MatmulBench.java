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
 * Dense float64 matrix product C[m×n] = A[m×k] · B[k×n].
 *
 * <ul>
 *   <li>{@link #blas}: {@code a.matmul(b)} on wstal tensors, i.e. one dgemm through dev.ludovic.netlib (native
 *       OpenBLAS when it loads, otherwise netlib's pure-Java BLAS).
 *   <li>{@link #naive}: the textbook i-j-k triple loop over row-major {@code double[]}, single thread, no blocking,
 *       no transposition, the dot product accumulated in a local — the honest baseline the BLAS path is compared to.
 * </ul>
 *
 * <p>FLOPs per op: 2·m·k·n (gflops.py derives GFLOP/s from the {@code shape} parameter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 3, timeUnit = TimeUnit.SECONDS)
// The naive 750x2048x2048 loop takes seconds per op; JMH always finishes the op in flight, so an iteration is
// at least one op long. The timeout only guards against a hung iteration (JMH's default is 10 minutes).
@Timeout(time = 15, timeUnit = TimeUnit.MINUTES)
public class MatmulBench {

  /** m x k x n. */
  @Param({"512x512x512", "750x2048x2048"})
  public String shape;

  private Tensor a;
  private Tensor b;
  private double[] aData;
  private double[] bData;
  private int m;
  private int k;
  private int n;

  @Setup(Level.Trial)
  public void setup() {
    String[] parts = shape.split("x");
    if (parts.length != 3) {
      throw new IllegalArgumentException("shape must be MxKxN, got " + shape);
    }
    m = Integer.parseInt(parts[0]);
    k = Integer.parseInt(parts[1]);
    n = Integer.parseInt(parts[2]);
    a = Tensor.randn(1L, m, k);
    b = Tensor.randn(2L, k, n);
    aData = a.toArray();
    bData = b.toArray();
    System.out.println("# BLAS implementation: " + BLAS.getInstance().getClass().getName());
  }

  @Benchmark
  public Tensor blas() {
    return a.matmul(b);
  }

  @Benchmark
  public double[] naive() {
    final int m = this.m;
    final int k = this.k;
    final int n = this.n;
    final double[] a = aData;
    final double[] b = bData;
    final double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0.0;
        for (int p = 0; p < k; p++) {
          sum += a[i * k + p] * b[p * n + j];
        }
        c[i * n + j] = sum;
      }
    }
    return c;
  }
}

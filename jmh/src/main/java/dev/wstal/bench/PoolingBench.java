package dev.wstal.bench;

import dev.wstal.ops.MilPooling;
import dev.wstal.ops.SecondOrderPooling;
import dev.wstal.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused pooling ops next to the same computation composed from ordinary autograd ops
 * ({@link ComposedPooling}), float64 on the CPU, at the sizes of issue 5:
 *
 * <ul>
 *   <li>{@code topk}: {@code MilPooling.topKMean} on [16, 750, 21] with k = 93 (⌊750/8⌋);
 *   <li>{@code sal}: {@code SecondOrderPooling} with {@code Options.sal()} on [2, 750, 512] (a [2, 262144] output);
 *   <li>{@code covariance}: {@code Options.covariance(5)} (centred covariance and 5 Newton–Schulz iterations) on
 *       [16, 750, 256].
 * </ul>
 *
 * {@code pass=forward} times the forward alone (no graph recorded); {@code pass=forwardBackward} the forward and
 * {@code backward(seed)} into the leaf, whose gradient is cleared first. Inputs: standard normal, post-ReLU for
 * {@code sal} (SAL pools ReLU features) and {@code topk}'s CAS left signed. The trial setup runs both forms once and
 * fails unless outputs and gradients agree to 1e-9 (max-norm relative).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@State(Scope.Thread)
public class PoolingBench {
  public static final double TOLERANCE = 1e-9;

  @Param({"topk", "sal", "covariance"})
  public String problem;

  @Param({"forwardBackward", "forward"})
  public String pass;

  private Tensor x;
  private Tensor seed;
  private UnaryOperator<Tensor> fused;
  private UnaryOperator<Tensor> composed;

  @Setup(Level.Trial)
  public void setUp() {
    switch (problem) {
      case "topk" -> {
        x = Tensor.randn(1, 16, 750, 21);
        fused = v -> MilPooling.topKMean(v, 93);
        composed = v -> ComposedPooling.topKMean(v, 93);
      }
      case "sal" -> {
        x = Tensor.randn(2, 2, 750, 512).relu();
        fused = v -> SecondOrderPooling.apply(v, SecondOrderPooling.Options.sal());
        composed = ComposedPooling::sal;
      }
      case "covariance" -> {
        x = Tensor.randn(3, 16, 750, 256);
        fused = v -> SecondOrderPooling.apply(v, SecondOrderPooling.Options.covariance(5));
        composed = v -> ComposedPooling.covarianceNewtonSchulz(v, 5);
      }
      default -> throw new IllegalArgumentException("unknown problem " + problem);
    }
    x = x.detach().requiresGrad(true);
    Tensor out = fused.apply(x);
    seed = Tensor.randn(4, out.shape());
    double[][] a = run(fused);
    double[][] b = run(composed);
    agree("output", a[0], b[0]);
    agree("gradient", a[1], b[1]);
  }

  private double[][] run(UnaryOperator<Tensor> f) {
    x.zeroGrad();
    Tensor out = f.apply(x);
    out.backward(seed);
    return new double[][] {out.toArray(), x.grad().toArray()};
  }

  private void agree(String what, double[] expected, double[] actual) {
    double scale = 0;
    double err = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      err = Math.max(err, Math.abs(expected[i] - actual[i]));
    }
    if (!(err <= TOLERANCE * scale)) {
      throw new IllegalStateException(problem + ": fused and composed " + what + " differ by " + err / scale);
    }
  }

  private Tensor step(UnaryOperator<Tensor> f) {
    if (pass.equals("forward")) {
      try (dev.wstal.autograd.Grad g = dev.wstal.autograd.Grad.disabled()) {
        return f.apply(x);
      }
    }
    x.zeroGrad();
    Tensor out = f.apply(x);
    out.backward(seed);
    return x.grad();
  }

  @Benchmark
  public Tensor fused() {
    return step(fused);
  }

  @Benchmark
  public Tensor composed() {
    return step(composed);
  }
}

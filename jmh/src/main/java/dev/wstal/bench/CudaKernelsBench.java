package dev.wstal.bench;

import dev.wstal.backend.MatmulSpec;
import dev.wstal.backend.SignedSqrtL2Spec;
import dev.wstal.backend.TopKMeanSpec;
import dev.wstal.backend.cuda.CudaGemm;
import dev.wstal.backend.cuda.CudaPooling;
import dev.wstal.backend.cuda.CudaRuntime;
import dev.wstal.backend.cuda.DeviceBuffer;
import dev.wstal.ops.MilPooling;
import dev.wstal.ops.SecondOrderPooling;
import java.util.ArrayList;
import java.util.List;
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
 * The GEMM and pooling kernels on the GPU, device buffers in and out (no host copies inside the timed region), each
 * op followed by a stream synchronisation so that the timer stops after the GPU work ({@code kernels.md} §8). The
 * same ops in PyTorch: {@code jmh/compare/kernels_torch.py}.
 *
 * <ul>
 *   <li>{@link #topKMil}: top-k MIL pooling forward on [16, 750, 21] with k = 93 (⌊750/8⌋, FTCL and SAL on
 *       THUMOS); {@link #topKMilForwardBackward} adds the backward scatter.
 *   <li>{@link #salPooling}: SAL's second-order pooling forward on [2, 750, 512]: one batched Gram GEMM (XᵀX / T²,
 *       2·2·750·512² = 0.79 GFLOP) and the signed square root + L2 of the two 512² rows.
 *   <li>{@link #sgemm}: C = A·B at {@code shape} = M×K×N; FLOPs per op 2·M·K·N (GFLOP/s = 2·M·K·N / (ms/op · 1e6)).
 * </ul>
 *
 * Without CUDA every trial fails in its setup with the reason (no driver, no device, kernels not built). Inputs are
 * standard normal (post-ReLU for SAL, which pools ReLU features). Each trial's setup prints the device, driver, JCuda
 * version, GEMM implementation and the fatbin's nvcc, as every result line must carry them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class CudaKernelsBench {

  /** The runtime and the device buffers of one trial, returned to the allocator at its end. */
  abstract static class OnGpu {
    CudaRuntime rt;
    final List<DeviceBuffer> buffers = new ArrayList<>();
    final SplittableRandom rng = new SplittableRandom(42);

    void open(String what) {
      rt = CudaBenchRuntime.open("CudaKernelsBench." + what);
    }

    DeviceBuffer floats(long n, boolean relu) {
      float[] v = new float[Math.toIntExact(n)];
      for (int i = 0; i < v.length; i++) {
        double g = rng.nextGaussian();
        v[i] = (float) (relu ? Math.max(0.0, g) : g);
      }
      DeviceBuffer d = buffer(4L * n);
      rt.upload(v, d);
      return d;
    }

    DeviceBuffer buffer(long bytes) {
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

  @State(Scope.Thread)
  public static class TopK extends OnGpu {
    TopKMeanSpec spec;
    DeviceBuffer x;
    DeviceBuffer out;
    DeviceBuffer index;
    DeviceBuffer gradOut;
    DeviceBuffer gradX;

    @Setup(Level.Trial)
    public void setUp() {
      open("topKMil");
      spec = new TopKMeanSpec(16, 750, 21, MilPooling.kForRatio(750, 8.0));
      x = floats(spec.inputSize(), false);
      out = buffer(4L * spec.batch() * spec.channels());
      index = buffer(4L * spec.indexSize());
      gradOut = floats((long) spec.batch() * spec.channels(), false);
      gradX = buffer(4L * spec.inputSize());
    }
  }

  @State(Scope.Thread)
  public static class Sal extends OnGpu {
    static final int BATCH = 2;
    static final int LENGTH = 750;
    static final int WIDTH = 512;
    MatmulSpec gram;
    SignedSqrtL2Spec normalise;
    float scale;
    DeviceBuffer x;
    DeviceBuffer g;
    DeviceBuffer out;
    DeviceBuffer norms;

    @Setup(Level.Trial)
    public void setUp() {
      open("salPooling");
      long sample = (long) LENGTH * WIDTH;
      long square = (long) WIDTH * WIDTH;
      gram = new MatmulSpec(BATCH, WIDTH, LENGTH, WIDTH, true, false, sample, sample, square, false);
      normalise = new SignedSqrtL2Spec(BATCH, (int) square, true, SecondOrderPooling.SIGNED_SQRT_EPSILON, true,
          SecondOrderPooling.L2_EPSILON);
      scale = (float) (1.0 / ((double) LENGTH * LENGTH));
      x = floats(BATCH * sample, true);
      g = buffer(4L * BATCH * square);
      out = buffer(4L * BATCH * square);
      norms = buffer(4L * BATCH);
    }
  }

  @State(Scope.Thread)
  public static class Sgemm extends OnGpu {
    /** M×K×N. */
    @Param({"4096x4096x4096", "750x2048x2048"})
    public String shape;

    MatmulSpec spec;
    DeviceBuffer a;
    DeviceBuffer b;
    DeviceBuffer c;

    @Setup(Level.Trial)
    public void setUp() {
      open("sgemm");
      String[] parts = shape.split("x");
      if (parts.length != 3) {
        throw new IllegalArgumentException("shape must be MxKxN, got " + shape);
      }
      int m = Integer.parseInt(parts[0]);
      int k = Integer.parseInt(parts[1]);
      int n = Integer.parseInt(parts[2]);
      spec = MatmulSpec.of(1, m, k, n, false, false);
      a = floats((long) m * k, false);
      b = floats((long) k * n, false);
      c = buffer(4L * m * n);
      System.out.println("# FLOPs per op: " + spec.flops());
    }
  }

  @Benchmark
  public void topKMil(TopK s) {
    CudaPooling.topKMeanForward(s.rt, s.spec, s.x, s.x, s.out, s.index);
    s.rt.synchronize();
  }

  @Benchmark
  public void topKMilForwardBackward(TopK s) {
    CudaPooling.topKMeanForward(s.rt, s.spec, s.x, s.x, s.out, s.index);
    CudaPooling.topKMeanBackward(s.rt, s.spec, s.gradOut, s.index, s.gradX);
    s.rt.synchronize();
  }

  @Benchmark
  public void salPooling(Sal s) {
    CudaGemm.matmul(s.rt, s.x, s.x, s.g, s.gram, s.scale);
    CudaPooling.signedSqrtL2Forward(s.rt, s.normalise, s.g, s.out, s.norms);
    s.rt.synchronize();
  }

  @Benchmark
  public void sgemm(Sgemm s) {
    CudaGemm.matmul(s.rt, s.a, s.b, s.c, s.spec);
    s.rt.synchronize();
  }
}

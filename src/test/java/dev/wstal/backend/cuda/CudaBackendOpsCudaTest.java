package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.autograd.Grad;
import dev.wstal.check.VjpCheck;
import dev.wstal.ops.MilPooling;
import dev.wstal.ops.SecondOrderPooling;
import dev.wstal.ops.SoftAlign;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;
import dev.wstal.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused ops on CUDA tensors against the same ops on the CPU: forward values and input gradients within the
 * float32 tolerance, and the dot-product VJP check at {@link VjpCheck#TOLERANCE_F32}. The check takes ⟨t, Jᵀc⟩ from
 * the CUDA backward and ⟨Jt, c⟩ from central differences (step {@link VjpCheck#EPS}) of the float64 CPU function:
 * float32 differences with that step carry rounding noise near the tolerance for outputs of magnitude ten, so the
 * difference side runs where it is exact. Skips without CUDA; fails with WSTAL_REQUIRE_CUDA=1.
 */
class CudaBackendOpsCudaTest {
  private static final Device CUDA = Device.cuda();

  private CudaBackendFixture f;

  @BeforeEach
  void setUp() {
    f = new CudaBackendFixture();
  }

  @Test
  void tensorsMoveToTheDeviceAndBack() {
    Tensor x = Tensor.of(f.normal(6, 1), 2, 3);
    Tensor g = x.to(CUDA);
    assertEquals(CUDA, g.device());
    assertEquals(DType.F32, g.dtype());
    assertArrayEquals(x.toArray(), g.toArray(), f.context("values survive the trip"));
    assertEquals(DType.F64, g.to(Device.cpu()).dtype());
    Tensor idx = Tensor.indices(new int[] {3, -1, 7}, 3).to(CUDA);
    assertEquals(DType.I32, idx.dtype());
    assertArrayEquals(new double[] {3, -1, 7}, idx.toArray());
    assertArrayEquals(new double[2], Tensor.zeros(2).to(CUDA).toArray());
  }

  @Test
  void fsdMatchesCpu() {
    Tensor[] grids = grids(3, 3, 6, 8);
    checkOp("fsd", t -> SoftAlign.fsd(t[0], t[1], t[2], 0.7), grids);
    checkOp("fsd with lengths", t -> SoftAlign.fsd(t[0], t[1], t[2], t[3], 0.7),
        grids[0], grids[1], grids[2], lengths(3, 6, 8));
  }

  @Test
  void softDtwMatchesCpu() {
    Tensor cost = grids(1, 4, 7, 5)[0];
    checkOp("softDtw", t -> SoftAlign.softDtw(t[0], 0.5), cost);
    checkOp("softDtw with lengths", t -> SoftAlign.softDtw(t[0], t[1], 0.5), cost, lengths(4, 7, 5));
  }

  @Test
  void lcsMatchesCpu() {
    Tensor sim = grids(1, 3, 8, 6)[0];
    checkOp("lcs", t -> SoftAlign.lcs(t[0], 0.1, 0.5, 0.3), sim);
    checkOp("lcs with lengths", t -> SoftAlign.lcs(t[0], t[1], 0.1, 0.5, 0.3), sim, lengths(3, 8, 6));
  }

  @Test
  void topKMeanMatchesCpu() {
    Tensor x = Tensor.of(separated(2, 50, 5), 2, 50, 5);
    checkOp("topKMean", t -> MilPooling.topKMean(t[0], 7), x);
    Tensor ranking = Tensor.of(f.normal(2 * 50 * 5, 1), 2, 50, 5);
    checkOp("topKMeanRankedBy", t -> MilPooling.topKMeanRankedBy(t[0], t[1], 7), x, ranking);
  }

  @Test
  void secondOrderPoolingMatchesCpu() {
    // Post-ReLU-like features: every Gram entry stays well away from the signed root's jump at 0.
    double[] v = f.normal(2 * 20 * 6, 1);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (Math.abs(v[i]) + 0.1);
    }
    checkOp("SecondOrderPooling sal", t -> SecondOrderPooling.apply(t[0], SecondOrderPooling.Options.sal()),
        Tensor.of(v, 2, 20, 6));
    checkOp("SecondOrderPooling covariance(5)",
        t -> SecondOrderPooling.apply(t[0], SecondOrderPooling.Options.covariance(5)),
        Tensor.of(f.normal(2 * 20 * 6, 1), 2, 20, 6));
  }

  /**
   * [batch, length, channels] values whose neighbours in each (b, c) column differ by at least 0.04, so that the
   * differences' steps of 1e-4 never change which k are largest.
   */
  private double[] separated(int batch, int length, int channels) {
    double[] v = new double[batch * length * channels];
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        int[] order = new int[length];
        for (int t = 0; t < length; t++) {
          int j = f.rng.nextInt(t + 1);
          order[t] = order[j];
          order[j] = t;
        }
        for (int t = 0; t < length; t++) {
          v[(b * length + t) * channels + c] = (float) (0.05 * order[t] + 0.01 * f.rng.nextDouble() - 1);
        }
      }
    }
    return v;
  }

  /** count float32-exact [batch, rows, cols] CPU grids. */
  private Tensor[] grids(int count, int batch, int rows, int cols) {
    Tensor[] g = new Tensor[count];
    for (int k = 0; k < count; k++) {
      g[k] = Tensor.of(f.normal(batch * rows * cols, 1), batch, rows, cols);
    }
    return g;
  }

  private Tensor lengths(int batch, int rows, int cols) {
    int[] nm = new int[2 * batch];
    for (int b = 0; b < batch; b++) {
      nm[2 * b] = 1 + f.rng.nextInt(rows);
      nm[2 * b + 1] = 1 + f.rng.nextInt(cols);
    }
    nm[0] = rows;
    nm[1] = cols;
    return Tensor.indices(nm, batch, 2);
  }

  /**
   * Runs {@code fn} on CUDA copies and on the CPU inputs themselves (float32-exact values), then compares values,
   * gradients for a random cotangent, and the dot-product VJP check.
   */
  private void checkOp(String what, Function<Tensor[], Tensor> fn, Tensor... inputs) {
    int n = inputs.length;
    Tensor[] gpu = new Tensor[n];
    Tensor[] cpu = new Tensor[n];
    for (int i = 0; i < n; i++) {
      boolean floating = inputs[i].dtype().isFloating();
      gpu[i] = floating ? inputs[i].to(CUDA).requiresGrad(true) : inputs[i].to(CUDA);
      cpu[i] = floating ? inputs[i].detach().requiresGrad(true) : inputs[i];
    }
    Tensor yg = fn.apply(gpu);
    Tensor yc = fn.apply(cpu);
    assertEquals(CUDA, yg.device(), what);
    f.assertClose(what + " forward", yc.toArray(), yg.toArray());

    Tensor cotangent = Tensor.of(f.normal((int) yc.numel(), 1), yc.shape());
    yg.backward(cotangent.to(CUDA));
    yc.backward(cotangent);
    Tensor[] tangents = new Tensor[n];
    double backward = 0;
    for (int i = 0; i < n; i++) {
      if (!inputs[i].dtype().isFloating()) {
        continue;
      }
      if (cpu[i].grad() == null) {
        // Not differentiated (a ranking): left unperturbed, so the differences see the same selection.
        assertNull(gpu[i].grad(), f.context(what + ": input " + i + " gets no gradient on the CPU"));
        continue;
      }
      tangents[i] = Tensor.of(f.normal((int) inputs[i].numel(), 1), inputs[i].shape());
      double[] g = gpu[i].grad().toArray();
      f.assertClose(what + " gradient of input " + i, cpu[i].grad().toArray(), g);
      double[] t = tangents[i].toArray();
      for (int j = 0; j < g.length; j++) {
        backward += g[j] * t[j];
      }
    }
    double forward;
    try (Grad off = Grad.disabled()) {
      double[] plus = fn.apply(shifted(inputs, tangents, VjpCheck.EPS)).toArray();
      double[] minus = fn.apply(shifted(inputs, tangents, -VjpCheck.EPS)).toArray();
      double[] c = cotangent.toArray();
      double sum = 0;
      for (int j = 0; j < c.length; j++) {
        sum += (plus[j] - minus[j]) * c[j];
      }
      forward = sum / (2 * VjpCheck.EPS);
    }
    double err = Math.abs(backward - forward) / Math.max(1, Math.max(Math.abs(backward), Math.abs(forward)));
    assertTrue(err <= VjpCheck.TOLERANCE_F32, f.context(what + ": <t, J^T c> = " + backward + " from the CUDA "
        + "backward, <J t, c> = " + forward + " by float64 differences, relative error " + err));
  }

  private static Tensor[] shifted(Tensor[] inputs, Tensor[] tangents, double step) {
    Tensor[] s = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      s[i] = tangents[i] == null ? inputs[i] : inputs[i].add(tangents[i].mul(step));
    }
    return s;
  }
}

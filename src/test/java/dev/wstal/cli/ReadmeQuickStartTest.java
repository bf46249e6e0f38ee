package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.check.GradCheck;
import dev.wstal.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The quick-start snippet of README.md, verbatim between the markers, so that it keeps compiling and running. */
class ReadmeQuickStartTest extends Cli {
  @Test
  void quickStartRuns() {
    // --- README quick start ---
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    Tensor w = Tensor.of(new double[] {0.5, -1, 2}, 3, 1).requiresGrad(true);

    Tensor h = x.mul(x).add(x);                   // elementwise: x² + x, shape [2, 3]
    Tensor loss = h.matmul(w).sum().add(h.mean()); // [2, 3]·[3, 1] → [2, 1], then scalars
    loss.backward();                               // reverse mode from a one-element tensor

    double[] dx = x.grad().toArray();              // ∂loss/∂x, row-major [2, 3]
    double[] dw = w.grad().toArray();              // ∂loss/∂w, [3, 1]

    GradCheck.Report report =
        GradCheck.check(t -> t[0].mul(t[0]).add(t[0]).matmul(t[1]).sum(), x, w);
    // report.passed() is true; report.message() names the worst element
    // --- end ---

    double[] xv = {1, 2, 3, 4, 5, 6};
    double[] wv = {0.5, -1, 2};
    double[] wantDx = new double[6];
    double[] wantDw = new double[3];
    for (int i = 0; i < 6; i++) {
      wantDx[i] = (wv[i % 3] + 1.0 / 6) * (2 * xv[i] + 1);
      wantDw[i % 3] += xv[i] * xv[i] + xv[i];
    }
    assertArrayEquals(wantDx, dx, 1e-12);
    assertArrayEquals(wantDw, dw, 1e-12);
    assertTrue(report.passed(), report.message());
  }
}

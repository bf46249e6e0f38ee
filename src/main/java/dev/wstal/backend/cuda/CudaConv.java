package dev.wstal.backend.cuda;

import static dev.wstal.backend.cuda.CudaElementwise.BLOCK;
import static dev.wstal.backend.cuda.CudaElementwise.blocks;

import dev.wstal.backend.Conv1dGeometry;

/**
 * Launchers of the {@code conv_} kernels ({@code kernels/conv.cu}): im2col, its adjoint col2im in gather form (one
 * thread per sample, so no float atomics) and the max-pool arg-max. Callers have validated the geometry and sizes.
 */
final class CudaConv {
  private CudaConv() {}

  static void im2col(CudaRuntime rt, CudaBuffer x, Conv1dGeometry g, CudaBuffer cols) {
    int total = (int) cols.size();
    rt.kernel("conv_im2col").launch(blocks(total), 1, 1, BLOCK, 1, 1, 0,
        x.memory(), cols.memory(), total, g.length(), g.kernel(), g.stride(), g.padding(), g.dilation(),
        g.outLength());
  }

  static void col2im(CudaRuntime rt, CudaBuffer cols, Conv1dGeometry g, CudaBuffer x) {
    int total = (int) x.size();
    rt.kernel("conv_col2im").launch(blocks(total), 1, 1, BLOCK, 1, 1, 0,
        cols.memory(), x.memory(), total, g.length(), g.kernel(), g.stride(), g.padding(), g.dilation(),
        g.outLength());
  }

  static void maxPool1dIndices(CudaRuntime rt, CudaBuffer x, Conv1dGeometry g, CudaBuffer outIndex) {
    int total = (int) outIndex.size();
    rt.kernel("conv_maxpool1d_indices").launch(blocks(total), 1, 1, BLOCK, 1, 1, 0,
        x.memory(), outIndex.memory(), total, g.length(), g.kernel(), g.stride(), g.padding(), g.dilation(),
        g.outLength());
  }

  /**
   * The first output window whose taps all fall in the padding, or −1 (CpuConv rejects such a max-pool). Only
   * windows near the ends can be empty, but the check is cheap next to the launch.
   */
  static int firstEmptyWindow(Conv1dGeometry g) {
    for (int t = 0; t < g.outLength(); t++) {
      boolean any = false;
      for (int j = 0; j < g.kernel() && !any; j++) {
        long pos = (long) t * g.stride() - g.padding() + (long) j * g.dilation();
        any = pos >= 0 && pos < g.length();
      }
      if (!any) {
        return t;
      }
    }
    return -1;
  }
}

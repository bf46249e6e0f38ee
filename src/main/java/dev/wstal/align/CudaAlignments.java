package dev.wstal.align;

import dev.wstal.backend.AlignKind;
import dev.wstal.backend.AlignSpec;
import dev.wstal.backend.cuda.CudaRuntime;
import dev.wstal.backend.cuda.CudaSoftDp;
import dev.wstal.backend.cuda.DeviceBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packed batch API of {@link Alignments} ({@code fsdBatch}, {@code softDtwBatch}, {@code lcsBatch},
 * {@code lcsHardBatch}) on the GPU: the same arguments, packing and results, computed by the CUDA kernels
 * ({@link CudaSoftDp}, packed layout: no padding between ragged pairs) in one forward and one backward launch for
 * all pairs. Each call uploads the inputs, runs both passes (the backward seeded with 1 per pair), downloads scores
 * and gradients and returns every device buffer to the runtime's cache, so it synchronises.
 *
 * <p>Precision: R in float64 and the propagation coefficients in float32 on the device (see
 * {@code kernels/softdp.cu}); scores are returned as float32 values widened to double, gradients as float32. Hard
 * LCS gives the CPU's path, scores rounded to float32 and gradients exactly.
 */
public final class CudaAlignments {
  private CudaAlignments() {}

  /** {@link Alignments#fsdBatch} on the GPU. */
  public static BatchAlignmentResult fsdBatch(
      CudaRuntime rt, float[] match, float[] gapInsert, float[] gapDelete, int[] rows, int[] cols, double gamma) {
    return batch(rt, new AlignSpec(AlignKind.FSD, 1, 1, 1, gamma, 0, 1), rows, cols,
        new String[] {"match", "gapInsert", "gapDelete"}, match, gapInsert, gapDelete);
  }

  /** {@link Alignments#softDtwBatch} on the GPU. */
  public static BatchAlignmentResult softDtwBatch(CudaRuntime rt, float[] cost, int[] rows, int[] cols, double gamma) {
    return batch(rt, new AlignSpec(AlignKind.SOFT_DTW, 1, 1, 1, gamma, 0, 1), rows, cols, new String[] {"cost"},
        cost);
  }

  /** {@link Alignments#lcsBatch} on the GPU. */
  public static BatchAlignmentResult lcsBatch(
      CudaRuntime rt, float[] sim, int[] rows, int[] cols, double tau, double gamma, double gateTemperature) {
    return batch(rt, new AlignSpec(AlignKind.LCS_SOFT, 1, 1, 1, gamma, tau, gateTemperature), rows, cols,
        new String[] {"sim"}, sim);
  }

  /** {@link Alignments#lcsHardBatch} on the GPU. */
  public static BatchAlignmentResult lcsHardBatch(CudaRuntime rt, float[] sim, int[] rows, int[] cols, double tau) {
    return batch(rt, new AlignSpec(AlignKind.LCS_HARD, 1, 1, 1, 1, tau, 1), rows, cols, new String[] {"sim"}, sim);
  }

  /** {@code settings} carries the kind, γ, τ and t (validated by its constructor); its shape is ignored. */
  private static BatchAlignmentResult batch(
      CudaRuntime rt, AlignSpec settings, int[] rows, int[] cols, String[] names, float[]... inputs) {
    if (rt == null) {
      throw new IllegalArgumentException("rt is null");
    }
    int[] offsets = PackedPairs.offsets(rows, cols, 0, names, inputs);
    int pairs = rows.length;
    int cells = offsets[pairs];
    double[] scores = new double[pairs];
    float[][] grads = new float[inputs.length][cells];
    if (pairs == 0) {
      return new BatchAlignmentResult(scores, grads);
    }
    int maxRows = 1;
    int maxCols = 1;
    int[] lengths = new int[2 * pairs];
    for (int p = 0; p < pairs; p++) {
      maxRows = Math.max(maxRows, rows[p]);
      maxCols = Math.max(maxCols, cols[p]);
      lengths[2 * p] = rows[p];
      lengths[2 * p + 1] = cols[p];
    }
    AlignSpec spec = new AlignSpec(settings.kind(), pairs, maxRows, maxCols, settings.gamma(), settings.tau(),
        settings.temperature());
    List<DeviceBuffer> owned = new ArrayList<>();
    try {
      DeviceBuffer[] in = uploadInputs(rt, inputs, owned);
      DeviceBuffer dLengths = own(owned, rt.allocate(4L * lengths.length));
      rt.upload(lengths, dLengths);
      DeviceBuffer dOffsets = own(owned, rt.allocate(4L * pairs));
      rt.upload(Arrays.copyOf(offsets, pairs), dOffsets);
      DeviceBuffer dScores = own(owned, rt.allocate(4L * pairs));
      DeviceBuffer state = own(owned, rt.allocate(4L * cells * spec.kind().stateWidth()));
      CudaSoftDp.forward(rt, spec, in, dLengths, dOffsets, dScores, state, CudaSoftDp.Mapping.AUTO);
      DeviceBuffer seed = own(owned, rt.allocate(4L * pairs));
      rt.fillFloat(seed, pairs, 1.0f);
      DeviceBuffer[] dGrads = new DeviceBuffer[inputs.length];
      for (int k = 0; k < inputs.length; k++) {
        dGrads[k] = own(owned, rt.allocate(4L * cells));
      }
      CudaSoftDp.backward(rt, spec, dLengths, dOffsets, state, seed, dGrads, CudaSoftDp.Mapping.AUTO);
      float[] s = new float[pairs];
      rt.download(dScores, s);
      for (int p = 0; p < pairs; p++) {
        scores[p] = s[p];
      }
      for (int k = 0; k < inputs.length; k++) {
        rt.download(dGrads[k], grads[k]);
      }
    } finally {
      owned.forEach(DeviceBuffer::close);
    }
    return new BatchAlignmentResult(scores, grads);
  }

  /** One device copy per distinct input array (FTCL passes one gap array as both gapInsert and gapDelete). */
  private static DeviceBuffer[] uploadInputs(CudaRuntime rt, float[][] inputs, List<DeviceBuffer> owned) {
    Map<float[], DeviceBuffer> copies = new IdentityHashMap<>();
    DeviceBuffer[] in = new DeviceBuffer[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      DeviceBuffer d = copies.get(inputs[k]);
      if (d == null) {
        d = own(owned, rt.allocate(4L * inputs[k].length));
        rt.upload(inputs[k], d);
        copies.put(inputs[k], d);
      }
      in[k] = d;
    }
    return in;
  }

  private static DeviceBuffer own(List<DeviceBuffer> owned, DeviceBuffer b) {
    owned.add(b);
    return b;
  }
}

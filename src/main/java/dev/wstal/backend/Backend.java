package dev.wstal.backend;

import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;
import dev.wstal.tensor.Shape;

/**
 * The primitives every device implements; ops are written against this interface only. Conventions: buffers are
 * dense row-major, outputs come last and are fully overwritten unless a method says it accumulates, and an output
 * never aliases an input. Index buffers are {@link DType#I32}.
 */
public interface Backend {
  String name();

  Device device();

  /** The dtype this backend computes floating tensors in (F64 on the CPU reference, F32 on CUDA). */
  DType floatType();

  /** A zero-filled buffer. */
  Buffer allocate(DType dtype, long size);

  /** Copies host data in. */
  Buffer upload(double[] data, DType dtype);

  /** Copies a buffer out to the host, converted to double. */
  double[] download(Buffer buffer);

  void fill(Buffer out, double value);

  /** Fills {@code out} deterministically from {@code seed}. */
  void random(RandomKind kind, long seed, Buffer out);

  /** out = f(in), elementwise. */
  void unary(UnaryOp op, Buffer in, Buffer out);

  /** out = f(in, s), elementwise. */
  void scalar(ScalarOp op, Buffer in, double s, Buffer out);

  /** out = f(a, b) with NumPy broadcasting of both shapes to {@code outShape}. */
  void binary(BinaryOp op, Buffer a, Shape aShape, Buffer b, Shape bShape, Buffer out, Shape outShape);

  /** out = cond ≠ 0 ? a : b, all three broadcast to {@code outShape}. */
  void where(
      Buffer cond, Shape condShape, Buffer a, Shape aShape, Buffer b, Shape bShape, Buffer out, Shape outShape);

  /**
   * Reduces {@code in} over the axes flagged in {@code axes}; {@code out} has the keep-dim shape (reduced axes of
   * size 1). SUM of nothing is 0, MAX and MIN of nothing are −∞ and +∞.
   */
  void reduce(ReduceOp op, Buffer in, Shape inShape, boolean[] axes, Buffer out);

  /** Strided-batched GEMM; see {@link MatmulSpec}. */
  void matmul(Buffer a, Buffer b, Buffer out, MatmulSpec spec);

  /**
   * out[outOffset + Σ i_d·outStrides_d] = in[inOffset + Σ i_d·inStrides_d] for every index of {@code dims}. The
   * one movement primitive: permute, slice, expand, concat and stack are all strided copies.
   */
  void copyStrided(
      Buffer in, long inOffset, long[] inStrides, int[] dims, Buffer out, long outOffset, long[] outStrides);

  /** out[..i..] = in[.. index[..i..] ..] along {@code axis} (PyTorch {@code gather}); out has the index shape. */
  void gather(Buffer in, Shape inShape, int axis, Buffer index, Shape indexShape, Buffer out);

  /** out[.. index[..i..] ..] += src[..i..] along {@code axis}; accumulates into {@code out}. */
  void scatterAdd(Buffer src, Buffer index, Shape indexShape, int axis, Buffer out, Shape outShape);

  /** Selects whole slices: out has {@code inShape} with axis size replaced by the index length. */
  void indexSelect(Buffer in, Shape inShape, int axis, Buffer index, Buffer out);

  /** The adjoint of indexSelect: out[.., index[j], ..] += src[.., j, ..]; accumulates into {@code out}. */
  void indexAdd(Buffer src, Shape srcShape, int axis, Buffer index, Buffer out, Shape outShape);

  /**
   * Indices of the k largest (or smallest) values along {@code axis}, in order from the largest (smallest); equal
   * values are taken lower index first. {@code outIndex} has {@code inShape} with the axis size replaced by k.
   */
  void topKIndices(Buffer in, Shape inShape, int axis, int k, boolean largest, Buffer outIndex);

  /** Unfolds a signal into convolution columns; see {@link Conv1dGeometry}. */
  void im2col(Buffer x, Conv1dGeometry g, Buffer cols);

  /** The adjoint of im2col: folds columns back, summing overlapping taps; accumulates into {@code x}. */
  void col2im(Buffer cols, Conv1dGeometry g, Buffer x);

  /**
   * For each [batch, channel, output position] of a max-pool over the last axis of a [batch, channels, length]
   * signal, the index along the last axis of the window's maximum (the first one on ties; padding never wins).
   */
  void maxPool1dIndices(Buffer x, Conv1dGeometry g, Buffer outIndex);

  /**
   * Forward of a batch of alignment dynamic programs ({@link AlignKind}). {@code inputs} are the kind's
   * [batch, rows, cols] grids in its order (FSD: match, gapInsert, gapDelete; the others: one grid);
   * {@code lengths} is an I32 [batch, 2] buffer of per-pair (n, m), or null for full grids, and a pair outside
   * [1, rows]×[1, cols] is an IllegalArgumentException naming it. Writes {@code scores} [batch] and
   * {@code state} [batch, rows, cols, stateWidth] (the propagation coefficients the backward reads).
   */
  void alignForward(AlignSpec spec, Buffer[] inputs, Buffer lengths, Buffer scores, Buffer state);

  /**
   * Backward of {@link #alignForward}: for each pair b, gradInputs[k] = gradScores[b]·d score_b / d inputs[k],
   * computed from the stored state alone; cells outside a pair's lengths get 0. Null entries of
   * {@code gradInputs} are not computed.
   */
  void alignBackward(AlignSpec spec, Buffer lengths, Buffer state, Buffer gradScores, Buffer[] gradInputs);
  /**
   * Top-k mean pooling ({@link TopKMeanSpec}): for each (b, c), selects the k positions t with the largest
   * {@code ranking[b, t, c]} (larger first, equal values lower index first, −0.0 equal to +0.0, NaN above every
   * number) and writes out[b, c] = (1/k)·Σ values[b, t, c] over them, and the selected positions in increasing t
   * to the I32 [batch, k, channels] {@code outIndex}. {@code ranking} may be the same buffer as {@code values}.
   */
  void topKMeanForward(TopKMeanSpec spec, Buffer values, Buffer ranking, Buffer out, Buffer outIndex);

  /**
   * Backward of {@link #topKMeanForward}: gradValues[b, t, c] = gradOut[b, c]/k at the positions in
   * {@code index}, 0 elsewhere (overwrites).
   */
  void topKMeanBackward(TopKMeanSpec spec, Buffer gradOut, Buffer index, Buffer gradValues);

  /**
   * Row-wise signed square root and L2 normalisation ({@link SignedSqrtL2Spec}) of {@code in} into {@code out};
   * {@code norms} [rows] receives ‖y‖₂ of each row before the division (left untouched when L2 is off).
   */
  void signedSqrtL2Forward(SignedSqrtL2Spec spec, Buffer in, Buffer out, Buffer norms);

  /**
   * Backward of {@link #signedSqrtL2Forward} from its output and norms alone (the input is not needed): where the
   * signed root of an input was exactly 0 its gradient is 0, as sign(0) = 0 makes the map flat there.
   */
  void signedSqrtL2Backward(SignedSqrtL2Spec spec, Buffer out, Buffer norms, Buffer gradOut, Buffer gradIn);
}

/**
 * Post-processing of snippet-level outputs into temporal detections ({@code evaluation.md} §4–§5; the inference
 * sections of {@code ftcl.md} §10, {@code sal.md} §9 and {@code fustal.md} §3).
 *
 * <p>The stages, each in its own class: {@link dev.wstal.eval.proposals.ClassSelection} (which classes of a video
 * get proposals), {@link dev.wstal.eval.proposals.MinMax} (per-sequence normalisation),
 * {@link dev.wstal.eval.proposals.Upsampler} (scipy {@code interp1d} ×scale), {@link
 * dev.wstal.eval.proposals.RunFinder} (multi-threshold runs), {@link dev.wstal.eval.proposals.OicScoring}
 * (outer-inner contrast), {@link dev.wstal.eval.proposals.Suppression} (hard NMS, decay-once soft NMS, Gaussian
 * soft NMS), {@link dev.wstal.eval.proposals.TimeAxis} (indices to seconds) and the assembly in {@link
 * dev.wstal.eval.proposals.PostProcessor}. {@link dev.wstal.eval.proposals.PostProcessing.Preset} bundles each
 * method's parity settings; {@code docs/post-processing.md} lists them with their spec sections.
 *
 * <p>All arithmetic is IEEE binary64 in the written order unless a stage is told to emulate a float32 step of the
 * reference ({@link dev.wstal.eval.proposals.Precision}); Java's float arithmetic is IEEE binary32 with correct
 * rounding, so those steps match NumPy and PyTorch bit for bit.
 */
package dev.wstal.eval.proposals;

package dev.wstal.align;

/**
 * One pair's alignment score and its gradients: {@code gradients[k]} is d score / d (input k), an n×m row-major
 * array in the same layout as that input, in the order the method takes its inputs.
 */
public record AlignmentResult(double score, double[][] gradients) {}

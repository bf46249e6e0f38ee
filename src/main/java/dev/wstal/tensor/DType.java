package dev.wstal.tensor;

/**
 * Element types. The CPU reference backend computes every floating type in float64; the CUDA backend stores
 * {@link #F32}. {@link #I32} marks integer-valued tensors (indices for gather, scatter and top-k), which are never
 * differentiable; the CPU backend keeps them as exact integer-valued doubles.
 */
public enum DType {
  F64,
  F32,
  I32;

  public boolean isFloating() {
    return this != I32;
  }
}

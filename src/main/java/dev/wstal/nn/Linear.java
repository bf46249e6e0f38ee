package dev.wstal.nn;

import dev.wstal.ops.MatMul;
import dev.wstal.tensor.Tensor;

/**
 * Affine map y = x·Wᵀ + b on the last axis: x [..., in] → y [..., out], weight W [out, in], optional bias b [out].
 *
 * <p>Initialisation as {@code torch.nn.Linear}: W ~ U(−k, k) from Kaiming-uniform with a = √5 (k =
 * {@link Init#kaimingUniformBound}(in, √5) = 1/√in), b ~ U(−1/√in, 1/√in); the draws follow {@link Init}'s seeded
 * scheme (weight stream 0, bias stream 1 of {@code seed}).
 */
public final class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;

  public Linear(int inFeatures, int outFeatures, boolean bias, long seed) {
    Init.requirePositive("Linear: inFeatures", inFeatures);
    Init.requirePositive("Linear: outFeatures", outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    double wBound = Init.kaimingUniformBound(inFeatures, Math.sqrt(5));
    this.weight = registerParameter("weight", Init.uniform(Init.stream(seed, 0), wBound, outFeatures, inFeatures));
    this.bias = bias
        ? registerParameter("bias", Init.uniform(Init.stream(seed, 1), Init.biasBound(inFeatures), outFeatures))
        : null;
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.rank() < 1 || x.dim(-1) != inFeatures) {
      throw new IllegalArgumentException(
          "Linear.forward: input must be [..., " + inFeatures + "], got shape " + x.shapeObject());
    }
    // The weight [out, in] is read transposed by the GEMM rather than copied every step.
    Tensor y = x.rank() == 1
        ? MatMul.productTransposed(x.unsqueeze(0), weight.value()).squeeze(0)
        : MatMul.productTransposed(x, weight.value());
    return bias == null ? y : y.add(bias.value());
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null for a layer built without one. */
  public Parameter bias() {
    return bias;
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }
}

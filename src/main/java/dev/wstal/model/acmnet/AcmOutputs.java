package dev.wstal.model.acmnet;

import dev.wstal.tensor.Tensor;

/**
 * What one ACM-Net forward pass produces for a batch of B videos of T snippets ({@code ftcl.md} §3). E is the
 * embedding width, C the number of action classes; class index C is background.
 *
 * @param embedding E_t after the embedding conv and ReLU, [B, T, E] (no dropout; ≥ 0)
 * @param attention (a^ins, a^ctx, a^bg) per snippet after the softmax over the three branches, [B, T, 3]
 * @param cas A_t, the snippet classifier's logits over C + 1 classes, [B, T, C+1] (with the CAS dropout in training)
 * @param insLogits s^ins, the top-k mean of A·a^ins over time, [B, C+1]
 * @param ctxLogits s^ctx, [B, C+1]
 * @param bgLogits s^bg, [B, C+1]
 * @param insSnippetProbs P^ins_t = softmax_c(A_t·a^ins_t), [B, T, C+1]: the CAS used by the guide loss and at inference
 * @param insFeature f^ins, the mean of E over the K_ins snippets with the largest a^ins, [B, E]
 * @param ctxFeature f^ctx, [B, E]
 * @param bgFeature f^bg, [B, E]
 */
public record AcmOutputs(
    Tensor embedding,
    Tensor attention,
    Tensor cas,
    Tensor insLogits,
    Tensor ctxLogits,
    Tensor bgLogits,
    Tensor insSnippetProbs,
    Tensor insFeature,
    Tensor ctxFeature,
    Tensor bgFeature) {

  /** Branch indices into the last axis of {@link #attention()}. */
  public static final int INS = 0;

  public static final int CTX = 1;
  public static final int BG = 2;

  public int batch() {
    return embedding.dim(0);
  }

  public int length() {
    return embedding.dim(1);
  }

  /** p^ins = softmax over the C + 1 entries of s^ins, [B, C+1]: the video-level class scores. */
  public Tensor insProbs() {
    return insLogits.softmax(1);
  }

  /** The attention of one branch (INS, CTX or BG) as [B, T, 1]. */
  public Tensor branchAttention(int branch) {
    return attention.slice(2, branch, branch + 1);
  }
}

package dev.wstal.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.tensor.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every op with a shape contract rejects a mismatch with an exception that names the op and both shapes. */
class ShapeErrorsTest {

  private static void rejects(String op, Executable call, String... shapes) {
    RuntimeException e = assertThrows(RuntimeException.class, call, op);
    assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException, op + ": " + e);
    String m = e.getMessage();
    assertTrue(m.toLowerCase(Locale.ROOT).contains(op.toLowerCase(Locale.ROOT)), op + " not named in: " + m);
    for (String s : shapes) {
      assertTrue(m.contains(s), s + " not named in: " + m);
    }
  }

  private static Tensor t(int... shape) {
    return Tensor.zeros(shape);
  }

  @Test
  void broadcastingBinaryOps() {
    rejects("add", () -> t(2, 3).add(t(4)), "[2, 3]", "[4]");
    rejects("sub", () -> t(2, 3).sub(t(2, 2)), "[2, 3]", "[2, 2]");
    rejects("mul", () -> t(3).mul(t(2)), "[3]", "[2]");
    rejects("div", () -> t(1, 3).div(t(2, 2)), "[1, 3]", "[2, 2]");
    rejects("pow", () -> t(3).pow(t(4)), "[3]", "[4]");
    rejects("where", () -> Tensor.where(t(2), t(3), t(3)), "[2]", "[3]");
    rejects("cosineSimilarity", () -> t(2, 3).cosineSimilarity(t(2, 4), 1, 1e-8), "[2, 3]", "[2, 4]");
  }

  @Test
  void matmul() {
    rejects("matmul", () -> t(2, 3).matmul(t(4, 2)), "[2, 3]", "[4, 2]");
    rejects("matmul", () -> t(2, 2, 3).matmul(t(3, 3, 2)), "[2, 2, 3]", "[3, 3, 2]");
    rejects("matmul", () -> t(3).matmul(t(2)), "[3]", "[2]");
  }

  @Test
  void movement() {
    rejects("reshape", () -> t(2, 3).reshape(4, 2), "[2, 3]", "[4, 2]");
    rejects("permute", () -> t(2, 3).permute(0, 1, 2), "[0, 1, 2]", "[2, 3]");
    rejects("concat", () -> Tensor.concat(0, t(2, 3), t(2, 4)), "[2, 3]", "[2, 4]");
    rejects("stack", () -> Tensor.stack(0, t(2, 3), t(3, 2)), "[2, 3]", "[3, 2]");
    rejects("expand", () -> t(2, 3).expand(4, 3), "[2, 3]", "[4, 3]");
    rejects("slice", () -> t(2, 3).slice(2, 0, 1), "[2, 3]");
  }

  @Test
  void indexing() {
    rejects("gather", () -> t(2, 3).gather(1, Tensor.indices(new int[] {0, 0, 0}, 3, 1)), "[3, 1]", "[2, 3]");
    rejects("gather", () -> t(2, 3).gather(1, Tensor.indices(new int[] {0}, 1)), "[1]", "[2, 3]");
    rejects("scatterAdd", () -> t(2, 3).scatterAdd(0, Tensor.indices(new int[] {0, 1}, 1, 2), t(2, 2)), "[2, 2]", "[1, 2]");
    rejects("scatterAdd", () -> t(2, 3).scatterAdd(0, Tensor.indices(new int[] {0, 0, 0, 0}, 4), t(4)), "[4]", "[2, 3]");
    rejects("indexSelect", () -> t(2, 3).indexSelect(0, Tensor.indices(new int[] {0, 1}, 1, 2)), "[1, 2]");
    rejects("topk", () -> t(2, 3).topk(4, 1), "[2, 3]");
  }

  @Test
  void reductionsNameTheShapeForABadAxis() {
    rejects("sum", () -> t(2, 3).sum(2, false), "[2, 3]");
    rejects("mean", () -> t(2, 3).mean(-3, false), "[2, 3]");
    rejects("max", () -> t(2, 3).max(5, true), "[2, 3]");
    rejects("min", () -> t(2, 3).min(new int[] {0, 0}, true), "[2, 3]");
    rejects("softmax", () -> t(2, 3).softmax(2), "[2, 3]");
    rejects("logSoftmax", () -> t(2, 3).logSoftmax(-3), "[2, 3]");
  }

  @Test
  void neuralNetworkFunctions() {
    rejects("conv1d", () -> t(1, 3, 8).conv1d(t(4, 2, 3), null, 1, 0, 1, 1), "[4, 2, 3]", "[1, 3, 8]");
    rejects("conv1d", () -> t(1, 3, 8).conv1d(t(4, 3, 3), t(5), 1, 0, 1, 1), "[5]");
    rejects("conv1d", () -> t(3, 8).conv1d(t(4, 3, 3), null, 1, 0, 1, 1), "[3, 8]");
    rejects("maxPool1d", () -> MaxPooling1d.apply(t(2, 8), 2, 2, 0, 1), "[2, 8]");
    rejects("layerNorm", () -> LayerNormalization.apply(t(2, 3), -1, t(4), null, 1e-5), "[3]", "[4]");
    rejects("groupNorm", () -> GroupNormalization.apply(t(2, 4, 3), 2, t(3), null, 1e-5), "[4]", "[3]");
    rejects("groupNorm", () -> GroupNormalization.apply(t(2, 3), 2, null, null, 1e-5), "channels=3");
    rejects("im2col", () -> new Im2Col(3, 1, 0, 1).apply(t(2, 8)), "[2, 8]");
  }

  @Test
  void factories() {
    rejects("Tensor.of", () -> Tensor.of(new double[5], 2, 3), "[2, 3]");
  }

  @Test
  void softAlign() {
    rejects("SoftAlign.fsd", () -> SoftAlign.fsd(t(2, 3, 4), t(2, 3, 4), t(2, 4, 3), 0.1), "[2, 4, 3]", "[2, 3, 4]");
    rejects("SoftAlign.softDtw", () -> SoftAlign.softDtw(t(4), 0.1), "[4]");
    rejects("SoftAlign.lcs", () -> SoftAlign.lcs(t(2, 3, 4), Tensor.indices(new int[] {1, 1}, 1, 2), 0.9, 0.1, 0.1),
        "[1, 2]", "[2, 2]");
    rejects("SoftAlign.lcsHard", () -> SoftAlign.lcsHard(t(1, 3, 4), Tensor.indices(new int[] {4, 1}, 1, 2), 0.9),
        "(4, 1)", "[1, 3]");
  }
  @Test
  void pooling() {
    rejects("MilPooling.topKMean", () -> MilPooling.topKMean(t(4, 3), 2), "[4, 3]");
    rejects("MilPooling.topKMean", () -> MilPooling.topKMean(t(2, 4, 3), 5), "[2, 4, 3]");
    rejects("MilPooling.topKMeanRankedBy", () -> MilPooling.topKMeanRankedBy(t(2, 4, 3), t(2, 3, 4), 2),
        "[2, 3, 4]", "[2, 4, 3]");
    rejects("SecondOrderPooling", () -> SecondOrderPooling.apply(t(2, 3, 4, 5), SecondOrderPooling.Options.sal()),
        "[2, 3, 4, 5]");
  }
}

package dev.wstal.ops;

import static dev.wstal.testing.Props.assertGrad;
import static dev.wstal.testing.Props.broadcastPair;
import static dev.wstal.testing.Props.distinct;
import static dev.wstal.testing.Props.normal;
import static dev.wstal.testing.Props.seeds;
import static dev.wstal.testing.Props.shapes;
import static dev.wstal.testing.Props.show;
import static dev.wstal.testing.Props.theory;
import static dev.wstal.testing.Props.uniform;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.wstal.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One float64 gradient-check property per op over random shapes (size-1 and broadcast dimensions included) and
 * random values, kept away from kinks and ties. The shrinkable part of each generator is the shape.
 */
class OpGradientPropertiesTest {

  // ---- elementwise binary (broadcasting) --------------------------------------------------------------------

  private void binary(String name, java.util.function.BinaryOperator<Tensor> f, double lo, double hi) {
    theory().forAll(broadcastPair(3, 3), seeds()).checkAssert((p, s) -> {
      Tensor a = name.equals("pow") ? uniform(s, 0.5, 2, p[0]) : normal(s, p[0]);
      Tensor b = Double.isNaN(lo) ? normal(s + 1, p[1]) : uniform(s + 1, lo, hi, p[1]);
      assertGrad(name, t -> f.apply(t[0], t[1]), a, b);
    });
  }

  @Test
  void add() {
    binary("add", Tensor::add, Double.NaN, 0);
  }

  @Test
  void sub() {
    binary("sub", Tensor::sub, Double.NaN, 0);
  }

  @Test
  void mul() {
    binary("mul", Tensor::mul, Double.NaN, 0);
  }

  @Test
  void div() {
    binary("div", Tensor::div, 0.5, 2.0);
  }

  @Test
  void pow() {
    binary("pow", Tensor::pow, -1.5, 1.5);
  }

  // ---- elementwise unary --------------------------------------------------------------------------------------

  private void unary(String name, UnaryOperator<Tensor> f, java.util.function.BiFunction<Long, int[], Tensor> values) {
    theory().forAll(shapes(0, 3, 3), seeds()).checkAssert((shape, s) -> assertGrad(name, t -> f.apply(t[0]), values.apply(s, shape)));
  }

  @Test
  void neg() {
    unary("neg", Tensor::neg, (s, sh) -> normal(s, sh));
  }

  @Test
  void exp() {
    unary("exp", Tensor::exp, (s, sh) -> normal(s, sh));
  }

  @Test
  void log() {
    unary("log", Tensor::log, (s, sh) -> uniform(s, 0.2, 3, sh));
  }

  @Test
  void sqrt() {
    unary("sqrt", Tensor::sqrt, (s, sh) -> uniform(s, 0.2, 3, sh));
  }

  @Test
  void powScalar() {
    theory().forAll(shapes(0, 3, 3), seeds(), integers().between(-4, 6)).checkAssert((shape, s, e) -> {
      double p = e / 2.0;
      assertGrad("pow(" + p + ")", t -> t[0].pow(p), uniform(s, 0.3, 2, shape));
    });
  }

  @Test
  void abs() {
    unary("abs", Tensor::abs, (s, sh) -> distinct(s, 2, sh));
  }

  @Test
  void sign() {
    // sign's own gradient is 0; adding x makes the check see a non-trivial Jacobian around it.
    unary("sign", t -> t.sign().mul(t.scalarLike(3)).add(t), (s, sh) -> distinct(s, 2, sh));
  }

  @Test
  void clamp() {
    theory().forAll(shapes(1, 3, 3), seeds()).checkAssert((shape, s) -> {
      Tensor x = distinct(s, 2, shape);
      double[] sorted = x.toArray();
      Arrays.sort(sorted);
      // Bounds half-way between neighbouring values: no element sits within the finite-difference step of one.
      int n = sorted.length;
      double lo = n > 1 ? (sorted[0] + sorted[1]) / 2 : sorted[0] - 1;
      double hi = n > 2 ? (sorted[n - 2] + sorted[n - 1]) / 2 : sorted[n - 1] + 1;
      assertGrad("clamp(" + lo + ", " + hi + ")", t -> t[0].clamp(lo, hi), x);
    });
  }

  @Test
  void relu() {
    unary("relu", Tensor::relu, (s, sh) -> distinct(s, 2, sh));
  }

  @Test
  void sigmoid() {
    unary("sigmoid", Tensor::sigmoid, (s, sh) -> normal(s, sh).mul(4));
  }

  @Test
  void tanh() {
    unary("tanh", Tensor::tanh, (s, sh) -> normal(s, sh).mul(2));
  }

  @Test
  void gelu() {
    unary("gelu", Tensor::gelu, (s, sh) -> normal(s, sh).mul(3));
    unary("gelu(tanh)", t -> t.gelu(Gelu.Approximation.TANH), (s, sh) -> normal(s, sh).mul(3));
  }

  @Test
  void where() {
    theory().forAll(broadcastPair(3, 3), seeds(), integers().between(0, 1 << 20)).checkAssert((p, s, bits) -> {
      Tensor a = normal(s, p[0]);
      Tensor b = normal(s + 1, p[1]);
      int[] condShape = p[(bits & 1)];
      double[] c = new double[(int) Tensor.zeros(condShape).numel()];
      for (int i = 0; i < c.length; i++) {
        c[i] = (bits >> (1 + i % 19) & 1);
      }
      Tensor cond = Tensor.of(c, condShape);
      assertGrad("where", t -> Tensor.where(cond, t[0], t[1]), a, b);
    });
  }

  // ---- reductions ---------------------------------------------------------------------------------------------

  /** A non-empty subset of the axes from a bit mask, or null (all axes) when the mask is 0. */
  private static int[] axes(int rank, int bits) {
    int[] picked = new int[rank];
    int n = 0;
    for (int d = 0; d < rank; d++) {
      if ((bits >> d & 1) == 1) {
        picked[n++] = (bits >> 8 & 1) == 1 ? d - rank : d;
      }
    }
    return n == 0 ? null : Arrays.copyOf(picked, n);
  }

  private void reduction(String name, Reducer r, boolean distinctValues) {
    theory().forAll(shapes(0, 3, 3), seeds(), integers().between(0, 511), booleans().all())
        .checkAssert((shape, s, bits, keep) -> {
          int[] ax = axes(shape.length, bits);
          Tensor x = distinctValues ? distinct(s, 2, shape) : normal(s, shape);
          assertGrad(name + " axes " + (ax == null ? "all" : show(ax)) + " keepdim " + keep,
              t -> r.apply(t[0], ax, keep), x);
        });
  }

  interface Reducer {
    Tensor apply(Tensor x, int[] axes, boolean keep);
  }

  @Test
  void sum() {
    reduction("sum", (x, a, k) -> a == null ? x.sum() : x.sum(a, k), false);
  }

  @Test
  void mean() {
    reduction("mean", (x, a, k) -> a == null ? x.mean() : x.mean(a, k), false);
  }

  @Test
  void max() {
    reduction("max", (x, a, k) -> a == null ? x.max() : x.max(a, k), true);
  }

  @Test
  void min() {
    reduction("min", (x, a, k) -> a == null ? x.min() : x.min(a, k), true);
  }

  @Test
  void softmaxAndLogSoftmax() {
    theory().forAll(shapes(1, 3, 4), seeds(), integers().between(0, 2)).checkAssert((shape, s, a) -> {
      int axis = a % shape.length;
      Tensor x = normal(s, shape).mul(2);
      assertGrad("softmax axis " + axis, t -> t[0].softmax(axis), x);
      assertGrad("logSoftmax axis " + axis, t -> t[0].logSoftmax(axis), x);
    });
  }

  // ---- matmul -------------------------------------------------------------------------------------------------

  @Test
  void matmul() {
    // Batch dimensions broadcast; promote picks 1-D operands (1: left, 2: right) or a plain 2-D right operand (3).
    theory().forAll(broadcastPair(2, 3).zip(seeds(), integers().between(0, 3), (pair, s, promote) -> new Object[] {pair, s, promote}))
        .checkAssert(o -> {
          int[][] batch = (int[][]) o[0];
          long s = (Long) o[1];
          int promote = (Integer) o[2];
          int m = (int) (s % 3) + 1;
          int k = (int) (s / 3 % 3) + 1;
          int n = (int) (s / 9 % 3) + 1;
          int[] as = promote == 1 ? new int[] {k} : concat(batch[0], m, k);
          int[] bs = promote == 2 ? new int[] {k} : promote == 3 ? new int[] {k, n} : concat(batch[1], k, n);
          assertGrad("matmul", t -> t[0].matmul(t[1]), normal(s, as), normal(s + 1, bs));
        });
  }

  @Test
  void matmulWithTransposedRightOperand() {
    // b stored [..., n, k]: the value must equal matmul with an explicit transpose, and the gradients must check.
    theory().forAll(broadcastPair(2, 3), seeds()).checkAssert((batch, s) -> {
      int m = (int) (s % 3) + 1;
      int k = (int) (s / 3 % 3) + 1;
      int n = (int) (s / 9 % 3) + 1;
      Tensor a = normal(s, concat(batch[0], m, k));
      Tensor b = normal(s + 1, concat(batch[1], n, k));
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          a.matmul(b.transpose(-2, -1)).toArray(), MatMul.productTransposed(a, b).toArray(), 1e-12);
      assertGrad("productTransposed", t -> MatMul.productTransposed(t[0], t[1]), a, b);
    });
  }

  static int[] concat(int[] batch, int r, int c) {
    int[] d = Arrays.copyOf(batch, batch.length + 2);
    d[batch.length] = r;
    d[batch.length + 1] = c;
    return d;
  }

  // ---- movement -----------------------------------------------------------------------------------------------

  @Test
  void reshape() {
    theory().forAll(shapes(0, 3, 3), seeds()).checkAssert((shape, s) -> {
      int[] reversed = new int[shape.length];
      for (int i = 0; i < shape.length; i++) {
        reversed[i] = shape[shape.length - 1 - i];
      }
      Tensor w = normal(s + 1, reversed);
      // Multiplying by a random tensor makes the reshaped positions matter to the check.
      assertGrad("reshape to " + show(reversed), t -> t[0].reshape(reversed).mul(w), normal(s, shape));
      assertGrad("reshape to [-1]", t -> t[0].reshape(-1), normal(s, shape));
    });
  }

  @Test
  void permuteAndTranspose() {
    theory().forAll(shapes(1, 4, 3), seeds()).checkAssert((shape, s) -> {
      int r = shape.length;
      int[] perm = new int[r];
      for (int i = 0; i < r; i++) {
        perm[i] = i;
      }
      java.util.SplittableRandom rng = new java.util.SplittableRandom(s);
      for (int i = r - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      Tensor w = normal(s + 1, new int[] {1});
      assertGrad("permute " + show(perm), t -> t[0].permute(perm).mul(w), normal(s, shape));
      assertGrad("transpose 0,-1", t -> t[0].transpose(0, -1), normal(s, shape));
    });
  }

  @Test
  void slice() {
    theory().forAll(shapes(1, 3, 5), seeds(), integers().between(-6, 6), integers().between(-6, 6))
        .checkAssert((shape, s, start, end) -> {
          int axis = (int) (s % shape.length);
          int step = (int) (s / 7 % 3) + 1;
          assertGrad("slice axis " + axis + " [" + start + ":" + end + ":" + step + "]",
              t -> t[0].slice(axis, start, end, step), normal(s, shape));
        });
  }

  @Test
  void concatAndStack() {
    theory().forAll(shapes(1, 3, 3), seeds(), integers().between(1, 3)).checkAssert((shape, s, count) -> {
      int axis = (int) (s % shape.length);
      Tensor[] parts = new Tensor[count];
      for (int i = 0; i < count; i++) {
        int[] sh = shape.clone();
        sh[axis] = 1 + (int) ((s >> (2 * i)) % 3);
        parts[i] = normal(s + i, sh);
      }
      assertGrad("concat axis " + axis, t -> Tensor.concat(axis, t), parts);
      Tensor[] same = new Tensor[count];
      for (int i = 0; i < count; i++) {
        same[i] = normal(s + 10 + i, shape);
      }
      assertGrad("stack axis " + axis, t -> Tensor.stack(axis, t), same);
    });
  }

  @Test
  void expand() {
    theory().forAll(broadcastPair(3, 3), seeds()).checkAssert((p, s) -> {
      int[] target = dev.wstal.tensor.Shape.broadcast("test", dev.wstal.tensor.Shape.of(p[0]), dev.wstal.tensor.Shape.of(p[1])).dims();
      assertGrad("expand " + show(p[0]) + " to " + show(target), t -> t[0].expand(target), normal(s, p[0]));
    });
  }

  // ---- indexing -----------------------------------------------------------------------------------------------

  private static Tensor randomIndex(long seed, int bound, int[] shape) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int n = (int) dev.wstal.tensor.Shape.of(shape).numel();
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(bound);
    }
    return Tensor.indices(v, shape);
  }

  @Test
  void indexSelect() {
    theory().forAll(shapes(1, 3, 3), seeds(), integers().between(0, 5)).checkAssert((shape, s, count) -> {
      int axis = (int) (s % shape.length);
      Tensor index = randomIndex(s, shape[axis], new int[] {count});
      assertGrad("indexSelect axis " + axis, t -> t[0].indexSelect(axis, t[1]), normal(s, shape), index);
    });
  }

  @Test
  void gatherAndScatterAdd() {
    theory().forAll(shapes(1, 3, 3), seeds(), integers().between(1, 4)).checkAssert((shape, s, size) -> {
      int axis = (int) (s % shape.length);
      int[] idxShape = shape.clone();
      idxShape[axis] = size;
      for (int d = 0; d < shape.length; d++) {
        if (d != axis && (s >> d & 1) == 1) {
          idxShape[d] = 1; // index smaller than the data outside the axis, as PyTorch allows
        }
      }
      Tensor index = randomIndex(s + 3, shape[axis], idxShape);
      assertGrad("gather axis " + axis, t -> t[0].gather(axis, t[1]), normal(s, shape), index);
      assertGrad("scatterAdd axis " + axis, t -> t[0].scatterAdd(axis, t[1], t[2]),
          normal(s, shape), index, normal(s + 1, idxShape));
    });
  }

  @Test
  void topk() {
    theory().forAll(shapes(1, 3, 4), seeds(), booleans().all()).checkAssert((shape, s, largest) -> {
      int axis = (int) (s % shape.length);
      int k = (int) (s / 5 % (shape[axis] + 1));
      assertGrad("topk k=" + k + " axis " + axis + (largest ? " largest" : " smallest"),
          t -> TopK.apply(t[0], k, axis, largest).values(), distinct(s, 2, shape));
    });
  }

  // ---- neural-network functions -------------------------------------------------------------------------------

  @Test
  void conv1d() {
    theory().forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, 3), seeds())
        .checkAssert((batch, groups, k, s) -> {
          int cin = groups * (int) (1 + s % 2);
          int cout = groups * (int) (1 + s / 2 % 2);
          int stride = (int) (1 + s / 4 % 2);
          int dilation = (int) (1 + s / 8 % 2);
          int padding = (int) (s / 16 % 3);
          int span = dilation * (k - 1) + 1;
          int length = Math.max(1, span - 2 * padding) + (int) (s / 64 % 4);
          boolean bias = (s & 128) == 0;
          Tensor x = normal(s, new int[] {batch, cin, length});
          Tensor w = normal(s + 1, new int[] {cout, cin / groups, k});
          Tensor b = normal(s + 2, new int[] {cout});
          String what = String.format("conv1d cin=%d cout=%d k=%d stride=%d pad=%d dil=%d groups=%d bias=%b",
              cin, cout, k, stride, padding, dilation, groups, bias);
          if (bias) {
            assertGrad(what, t -> Convolution1d.apply(t[0], t[1], t[2], stride, padding, dilation, groups), x, w, b);
          } else {
            assertGrad(what, t -> Convolution1d.apply(t[0], t[1], null, stride, padding, dilation, groups), x, w);
          }
        });
  }

  @Test
  void maxPool1d() {
    theory().forAll(integers().between(1, 4), integers().between(1, 3), integers().between(1, 2), seeds())
        .checkAssert((kernel, stride, dilation, s) -> {
          int padding = (int) (s % (kernel / 2 + 1));
          int length = Math.max(1, dilation * (kernel - 1) + 1 - 2 * padding) + (int) (s / 3 % 4);
          assertGrad("maxPool1d k=" + kernel + " s=" + stride + " p=" + padding + " d=" + dilation,
              t -> MaxPooling1d.apply(t[0], kernel, stride, padding, dilation), distinct(s, 2, new int[] {2, 2, length}));
        });
  }

  @Test
  void dropout() {
    theory().forAll(shapes(0, 3, 4), seeds(), integers().between(0, 9)).checkAssert((shape, s, tenths) -> {
      double p = tenths / 10.0;
      assertGrad("dropout p=" + p, t -> InvertedDropout.apply(t[0], p, s, true), normal(s, shape));
    });
  }

  @Test
  void layerNorm() {
    theory().forAll(shapes(1, 3, 3), seeds(), booleans().all()).checkAssert((shape, s, affine) -> {
      int axis = (int) (s % shape.length);
      int c = shape[axis];
      Tensor x = normal(s, shape).mul(2);
      if (affine) {
        assertGrad("layerNorm axis " + axis, t -> LayerNormalization.apply(t[0], axis, t[1], t[2], 1e-5),
            x, normal(s + 1, new int[] {c}), normal(s + 2, new int[] {c}));
      } else {
        assertGrad("layerNorm axis " + axis, t -> LayerNormalization.apply(t[0], axis, null, null, 1e-5), x);
      }
    });
  }

  @Test
  void groupNorm() {
    theory().forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, 2), seeds())
        .checkAssert((batch, groups, perGroup, s) -> {
          int c = groups * perGroup;
          int length = (int) (s % 3) + 1;
          assertGrad("groupNorm groups=" + groups + " channels=" + c,
              t -> GroupNormalization.apply(t[0], groups, t[1], t[2], 1e-5),
              normal(s, new int[] {batch, c, length}).mul(2), normal(s + 1, new int[] {c}), normal(s + 2, new int[] {c}));
        });
  }

  @Test
  void cosineSimilarity() {
    theory().forAll(broadcastPair(3, 3), seeds()).checkAssert((p, s) -> {
      int rank = Math.max(p[0].length, p[1].length);
      if (rank == 0) {
        return;
      }
      int axis = (int) (s % rank);
      assertGrad("cosineSimilarity axis " + axis, t -> CosineSimilarity.apply(t[0], t[1], axis, 1e-8),
          normal(s, p[0]), normal(s + 1, p[1]));
    });
  }
}

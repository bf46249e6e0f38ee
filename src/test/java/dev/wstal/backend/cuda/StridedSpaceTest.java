package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.RandomKind;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The host side of the strided kernels, without a GPU: the launches StridedSpace plans, walked exactly as
 * {@code strided::coords} and {@code strided::offsetOf} walk them (right-aligned arguments), visit every point of the
 * original space once, in row-major order, at the original offsets.
 */
class StridedSpaceTest {
  @Test
  void launchesVisitEveryPointAtItsOffsets() {
    Random r = new Random(0x5EED);
    for (int trial = 0; trial < 3000; trial++) {
      int rank = r.nextInt(13);
      int[] dims = new int[rank];
      for (int i = 0; i < rank; i++) {
        dims[i] = r.nextInt(5) == 0 ? 1 : 1 + r.nextInt(3);
      }
      int operands = 1 + r.nextInt(3);
      long[][] strides = new long[operands][];
      long[] base = new long[operands];
      for (int op = 0; op < operands; op++) {
        strides[op] = strides(r, dims);
        base[op] = r.nextInt(100);
      }
      List<long[]> expected = bruteForce(dims, strides, base);
      List<long[]> actual = walk(StridedSpace.plan(dims, strides, base), operands);
      assertEquals(expected.size(), actual.size(), Arrays.toString(dims));
      for (int i = 0; i < expected.size(); i++) {
        assertTrue(Arrays.equals(expected.get(i), actual.get(i)), "point " + i + " of " + Arrays.toString(dims)
            + " strides " + Arrays.deepToString(strides) + ": expected " + Arrays.toString(expected.get(i))
            + ", got " + Arrays.toString(actual.get(i)));
      }
    }
  }

  @Test
  void coalescesContiguousAxesIntoOne() {
    int[] dims = {2, 3, 1, 4};
    long[][] strides = {{12, 4, 99, 1}, {0, 0, 5, 0}};
    List<StridedSpace.Launch> plan = StridedSpace.plan(dims, strides, new long[2]);
    assertEquals(1, plan.size());
    assertTrue(Arrays.equals(new int[] {24}, plan.get(0).dims()), Arrays.toString(plan.get(0).dims()));
    assertEquals(24, plan.get(0).count());
  }

  @Test
  void splitsMoreThanEightAxesIntoLaunches() {
    int[] dims = new int[10];
    long[][] strides = new long[1][10];
    for (int i = 0; i < 10; i++) {
      dims[i] = 2;
      strides[0][i] = 1L << i;  // reversed: no two axes merge
    }
    List<StridedSpace.Launch> plan = StridedSpace.plan(dims, strides, new long[1]);
    assertEquals(4, plan.size());
    for (StridedSpace.Launch l : plan) {
      assertEquals(StridedSpace.MAX_RANK, l.dims().length);
    }
    assertEquals(3 * 256L, plan.get(3).linearOffset());
    assertEquals(3L, plan.get(3).offsets()[0]);
  }

  @Test
  void emptyAndScalarSpaces() {
    assertEquals(0, StridedSpace.plan(new int[] {3, 0}, new long[][] {{1, 1}}, new long[1]).size());
    List<StridedSpace.Launch> scalar = StridedSpace.plan(new int[0], new long[][] {{}}, new long[] {7});
    assertEquals(1, scalar.size());
    assertEquals(1, scalar.get(0).count());
    assertEquals(Arrays.asList(0, 1, 1, 1, 1, 1, 1, 1, 1), scalar.get(0).spaceArgs());
    assertEquals(7L, scalar.get(0).operandArgs(0).get(8));
    assertThrows(IllegalArgumentException.class,
        () -> StridedSpace.plan(new int[] {65536, 65536}, new long[][] {{65536, 1}}, new long[1]));
  }

  /** The kernels take op codes in the enums' declaration order (elementwise.cu, reduce.cu). */
  @Test
  void opCodesAreTheDeclarationOrder() {
    for (UnaryOp op : UnaryOp.values()) {
      assertEquals(op.ordinal(), CudaElementwise.code(op), op.name());
    }
    for (ScalarOp op : ScalarOp.values()) {
      assertEquals(op.ordinal(), CudaElementwise.code(op), op.name());
    }
    for (BinaryOp op : BinaryOp.values()) {
      assertEquals(op.ordinal(), CudaElementwise.code(op), op.name());
    }
    for (RandomKind k : RandomKind.values()) {
      assertEquals(k.ordinal(), CudaElementwise.code(k), k.name());
    }
    for (ReduceOp op : ReduceOp.values()) {
      assertEquals(op.ordinal(), CudaReduce.code(op), op.name());
    }
  }

  /** Mostly contiguous-looking strides (so merges happen), sometimes broadcast zeros or arbitrary values. */
  private static long[] strides(Random r, int[] dims) {
    long[] s = new long[dims.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      int kind = r.nextInt(6);
      s[i] = kind == 0 ? 0 : kind == 1 ? r.nextInt(41) - 20 : acc;
      acc *= dims[i];
    }
    return s;
  }

  private static List<long[]> bruteForce(int[] dims, long[][] strides, long[] base) {
    List<long[]> points = new ArrayList<>();
    long total = 1;
    for (int d : dims) {
      total *= d;
    }
    for (long i = 0; i < total; i++) {
      long[] p = new long[strides.length + 1];
      p[0] = i;
      long rem = i;
      for (int op = 0; op < strides.length; op++) {
        p[op + 1] = base[op];
      }
      for (int d = dims.length - 1; d >= 0; d--) {
        long c = rem % dims[d];
        rem /= dims[d];
        for (int op = 0; op < strides.length; op++) {
          p[op + 1] += c * strides[op][d];
        }
      }
      points.add(p);
    }
    return points;
  }

  /** Replays the kernels' index arithmetic from the launch arguments alone. */
  private static List<long[]> walk(List<StridedSpace.Launch> plan, int operands) {
    List<long[]> points = new ArrayList<>();
    for (StridedSpace.Launch l : plan) {
      List<Object> space = l.spaceArgs();
      int rank = (Integer) space.get(0);
      assertTrue(rank <= StridedSpace.MAX_RANK);
      int first = StridedSpace.MAX_RANK - rank;
      for (int i = 0; i < l.count(); i++) {
        long[] p = new long[operands + 1];
        p[0] = l.linearOffset() + i;
        long[] coords = new long[StridedSpace.MAX_RANK];
        long rem = i;
        for (int k = StridedSpace.MAX_RANK - 1; k >= 0; k--) {
          int d = (Integer) space.get(1 + k);
          if (k > first) {
            coords[k] = rem % d;
            rem /= d;
          } else if (k == first) {
            coords[k] = rem;
          }
        }
        for (int op = 0; op < operands; op++) {
          List<Object> args = l.operandArgs(op);
          long o = (Long) args.get(StridedSpace.MAX_RANK);
          for (int k = 0; k < StridedSpace.MAX_RANK; k++) {
            o += coords[k] * (Long) args.get(k);
          }
          p[op + 1] = o;
        }
        points.add(p);
      }
    }
    return points;
  }
}

package dev.wstal.backend.cpu;

import static dev.wstal.testing.BitwiseAsserts.assertBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.backend.BinaryOp;
import dev.wstal.backend.Buffer;
import dev.wstal.backend.ReduceOp;
import dev.wstal.backend.ScalarOp;
import dev.wstal.backend.UnaryOp;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * An I32 buffer of the CPU reference holds only what an int32 can: the values a GPU's int32 store gives (round
 * towards zero, saturate, NaN to 0, no negative zero), worked out by hand here. The CUDA conformance test
 * CudaBackendCudaTest.binaryMixesIndicesAndFloats compares the two backends on the same ops.
 */
class Int32StoresTest {
  private final CpuBackend cpu = CpuBackend.get();

  private double[] binary(BinaryOp op, double[] a, DType ta, double[] b, DType tb) {
    Shape s = Shape.of(a.length);
    Buffer out = cpu.allocate(DType.I32, a.length);
    cpu.binary(op, cpu.upload(a, ta), s, cpu.upload(b, tb), s, out, s);
    return cpu.download(out);
  }

  @Test
  void aProductOfIntsThatIsZeroIsPositiveZero() {
    double[] out = binary(BinaryOp.MUL, new double[] {-3, 0, -1, 4}, DType.I32, new double[] {0, -2, -4, 0},
        DType.I32);
    assertBits(new double[] {0, 0, 4, 0}, out);
  }

  @Test
  void divisionTruncatesTowardsZero() {
    double[] out = binary(BinaryOp.DIV, new double[] {7, -7, 1, -1}, DType.I32, new double[] {2, 2, 3, 3}, DType.I32);
    assertBits(new double[] {3, -3, 0, 0}, out);
  }

  @Test
  void floatResultsStoredIntoIntsSaturateAndNanIsZero() {
    double[] x = {2.75, -2.75, 1e10, -1e10, Double.NaN, Double.POSITIVE_INFINITY, -0.5};
    double[] one = {1, 1, 1, 1, 1, 1, 1};
    double[] out = binary(BinaryOp.MUL, x, DType.F64, one, DType.I32);
    assertBits(new double[] {2, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, 0, Integer.MAX_VALUE, 0}, out);
  }

  @Test
  void unaryScalarAndReduceStoreIntsToo() {
    Buffer in = cpu.upload(new double[] {-5, 0, 3}, DType.I32);
    Buffer neg = cpu.allocate(DType.I32, 3);
    cpu.unary(UnaryOp.NEG, in, neg);
    assertBits(new double[] {5, 0, -3}, cpu.download(neg));  // -(0) is 0, not -0.0
    Buffer half = cpu.allocate(DType.I32, 3);
    cpu.scalar(ScalarOp.MUL, in, 0.5, half);
    assertBits(new double[] {-2, 0, 1}, cpu.download(half));
    Buffer none = cpu.allocate(DType.I32, 1);
    cpu.reduce(ReduceOp.MIN, cpu.allocate(DType.I32, 0), Shape.of(0), new boolean[] {true}, none);
    assertBits(new double[] {Integer.MAX_VALUE}, cpu.download(none));  // min of nothing: +inf, saturated
  }

  @Test
  void hostDataMustAlreadyBeInt32() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cpu.upload(new double[] {1, 2.5}, DType.I32));
    assertEquals("upload: element 1 is 2.5, not an int32 value, for an I32 buffer", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> cpu.upload(new double[] {Double.NaN}, DType.I32));
    assertThrows(IllegalArgumentException.class, () -> cpu.upload(new double[] {3e9}, DType.I32));
    Buffer b = cpu.allocate(DType.I32, 2);
    e = assertThrows(IllegalArgumentException.class, () -> cpu.fill(b, 0.25));
    assertTrue(e.getMessage().startsWith("fill: value is 0.25"), e.getMessage());
    cpu.fill(b, -0.0);
    assertBits(new double[] {0, 0}, cpu.download(b));
    assertArrayEquals(new double[] {-7, 0}, cpu.download(cpu.upload(new double[] {-7, -0.0}, DType.I32)));
  }
}

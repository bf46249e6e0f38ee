package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link NpyArray}: validation, indexing, narrowing and value equality. */
class NpyArrayTest {
  @Test
  void indexingIsRowMajor() {
    NpyArray a = NpyArray.ofNumbers("<f8", new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
    assertEquals(5.0, a.get(1, 2));
    assertEquals(3.0, a.get(1, 0));
    assertEquals(2, a.rank());
    assertEquals(3, a.dim(-1));
    assertEquals(2, a.dim(0));
    assertThrows(IllegalArgumentException.class, () -> a.get(2, 0));
    assertThrows(IllegalArgumentException.class, () -> a.get(1));
    assertThrows(IllegalArgumentException.class, () -> a.dim(2));
  }

  @Test
  void toFloatArrayIsExactForFloat32ValuesAndRoundsOthers() {
    NpyArray a = NpyArray.ofNumbers("<f8", new double[] {0.1f, 0.1, 1 + 0x1p-30, Double.MAX_VALUE}, 4);
    float[] f = a.toFloatArray();
    assertEquals(0.1f, f[0]);
    assertEquals(0.1f, f[1]); // 0.1 rounds to the float nearest 0.1
    assertEquals(1.0f, f[2]);
    assertEquals(Float.POSITIVE_INFINITY, f[3]);
  }

  @Test
  void validation() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> NpyArray.ofNumbers("<f8", new double[5], 2, 3));
    assertTrue(ex.getMessage().contains("[2, 3] holds 6 elements, but data has 5"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofNumbers("<f8", new double[0], -1));
    assertThrows(IllegalArgumentException.class, () -> new NpyArray(new int[] {1}, "<f8", new double[1],
        new String[1]));
    assertThrows(IllegalArgumentException.class, () -> new NpyArray(new int[] {1}, "<f8", null, null));
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofNumbers(null, new double[1]));
    assertThrows(IllegalStateException.class, () -> NpyArray.ofNumbers("<f8", new double[1]).strings());
  }

  @Test
  void equalityComparesContentsAndShapeIsCopied() {
    int[] shape = {2};
    NpyArray a = NpyArray.ofNumbers("<f4", new double[] {1, 2}, shape);
    shape[0] = 7;
    assertArrayEquals(new int[] {2}, a.shape());
    a.shape()[0] = 9;
    assertArrayEquals(new int[] {2}, a.shape());
    assertEquals(a, NpyArray.ofNumbers("<f4", new double[] {1, 2}, 2));
    assertEquals(a.hashCode(), NpyArray.ofNumbers("<f4", new double[] {1, 2}, 2).hashCode());
    assertNotEquals(a, NpyArray.ofNumbers("<f8", new double[] {1, 2}, 2));
    assertNotEquals(a, NpyArray.ofNumbers("<f4", new double[] {1, 2}, 1, 2));
    assertEquals(NpyArray.ofStrings("|S1", new String[] {"a"}, 1), NpyArray.ofStrings("|S1", new String[] {"a"}, 1));
    assertEquals("NpyArray[descr <f4, shape (2,)]", a.toString());
  }
}

package dev.wstal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Device placement: the CPU reference is always there; other devices come only from providers. */
class TensorDeviceTest {

  @Test
  void cpuTensorsAreFloat64OnTheReferenceBackend() {
    Tensor t = Tensor.of(new double[] {1, 2}, 2);
    assertEquals(Device.cpu(), t.device());
    assertEquals(DType.F64, t.dtype());
    assertEquals("cpu-f64", t.backend().name());
    assertSame(t, t.to(Device.cpu()));
    assertEquals(DType.I32, Tensor.indices(new int[] {1}, 1).dtype());
  }

  @Test
  void devicesNameTheirKindAndIndex() {
    Device other = new Device(Device.Kind.CUDA, 3);
    assertEquals("cuda:3", other.toString());
    assertThrows(IllegalArgumentException.class, () -> new Device(Device.Kind.CPU, -1));
  }

  @Test
  void itemAndToArray() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    assertArrayEquals(new double[] {1, 2, 3, 4}, t.toArray(), 0);
    assertArrayEquals(new int[] {2, 2}, t.shape());
    assertThrows(IllegalStateException.class, t::item);
    assertEquals(4.0, t.slice(0, 1, 2).slice(1, 1, 2).item(), 0);
  }
}

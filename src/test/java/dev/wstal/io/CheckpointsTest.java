package dev.wstal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.nn.Conv1d;
import dev.wstal.nn.GroupNorm;
import dev.wstal.nn.Linear;
import dev.wstal.nn.Sequential;
import dev.wstal.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir Path dir;

  private static Sequential model(long seed) {
    return new Sequential(new Conv1d(2, 4, 3, 1, seed), new GroupNorm(2, 4), new Linear(5, 3, true, seed + 1));
  }

  @Test
  void saveThenLoadRestoresEveryParameterBitForBit() throws IOException {
    Sequential a = model(1);
    a.namedParameters().get("1.weight").set(Tensor.of(new double[] {0.5, -0.0, 2, Double.MIN_VALUE}, 4));
    Path f = dir.resolve("ckpt.safetensors");
    Checkpoints.save(f, a, Map.of("epoch", "3"));

    Sequential b = model(50);
    Map<String, String> meta = Checkpoints.load(f, b);
    assertEquals(Map.of("epoch", "3"), meta);
    for (String key : a.namedParameters().keySet()) {
      double[] x = a.namedParameters().get(key).value().toArray();
      double[] y = b.namedParameters().get(key).value().toArray();
      assertEquals(x.length, y.length, key);
      for (int i = 0; i < x.length; i++) {
        assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), key + "[" + i + "]");
      }
    }
    Tensor input = Tensor.randn(3, 2, 2, 5);
    assertArrayEquals(a.forward(input).toArray(), b.forward(input).toArray(), 0);
    // The file holds exactly the state dict's keys.
    assertEquals(List.copyOf(a.stateDict().keySet()).stream().sorted().toList(),
        Safetensors.load(f).keySet().stream().sorted().toList());
  }

  @Test
  void loadingIntoAMismatchedModuleNamesTheFileKeyAndShapes() throws IOException {
    Path f = dir.resolve("ckpt.safetensors");
    Checkpoints.save(f, new Sequential(new Linear(3, 4, true, 1)), null);
    Sequential other = new Sequential(new Linear(3, 5, true, 1), new Linear(5, 1, false, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(f, other));
    String msg = e.getMessage();
    assertTrue(msg.contains(f.toString()), msg);
    assertTrue(msg.contains("key '0.weight': expected shape [5, 3], got [4, 3]"), msg);
    assertTrue(msg.contains("missing key '1.weight' (expected shape [1, 5])"), msg);
  }
}

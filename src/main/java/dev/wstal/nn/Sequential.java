package dev.wstal.nn;

import dev.wstal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Applies its children in order, each to the previous one's output; children are named "0", "1", …. */
public final class Sequential extends Module {
  private final List<Module> layers = new ArrayList<>();

  public Sequential(Module... layers) {
    for (int i = 0; i < layers.length; i++) {
      this.layers.add(registerModule(Integer.toString(i), layers[i]));
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = x;
    for (Module m : layers) {
      y = m.forward(y);
    }
    return y;
  }

  /** The i-th layer. */
  public Module get(int i) {
    if (i < 0 || i >= layers.size()) {
      throw new IndexOutOfBoundsException("Sequential.get: index " + i + " out of range [0, " + layers.size() + ")");
    }
    return layers.get(i);
  }

  public int size() {
    return layers.size();
  }
}

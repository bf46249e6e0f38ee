package dev.wstal.tensor;

/** Where a tensor's storage lives: a kind and an ordinal ({@code cuda:0}). */
public record Device(Kind kind, int index) {
  public enum Kind {
    CPU,
    CUDA
  }

  public Device {
    if (index < 0) {
      throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }
  }

  public static Device cpu() {
    return new Device(Kind.CPU, 0);
  }

  public static Device cuda() {
    return new Device(Kind.CUDA, 0);
  }

  @Override
  public String toString() {
    return kind == Kind.CPU ? "cpu" : "cuda:" + index;
  }
}

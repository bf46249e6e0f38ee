package dev.wstal.backend;

import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;

/**
 * Flat storage owned by one backend. Ops never look inside a buffer: they pass it back to the backend that made
 * it, which is what lets a CUDA backend replace the CPU one without touching any op.
 */
public interface Buffer {
  /** Number of elements. */
  long size();

  DType dtype();

  Device device();
}

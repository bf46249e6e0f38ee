package dev.wstal.backend.cpu;

import dev.wstal.backend.Buffer;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Device;

/** A CPU buffer: a float64 array for every dtype (integer dtypes hold exact integer values). */
public final class CpuBuffer implements Buffer {
  final double[] data;
  private final DType dtype;

  CpuBuffer(double[] data, DType dtype) {
    this.data = data;
    this.dtype = dtype;
  }

  @Override
  public long size() {
    return data.length;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public Device device() {
    return Device.cpu();
  }
}

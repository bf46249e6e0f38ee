package dev.wstal.backend;

import dev.wstal.backend.cpu.CpuBackend;
import dev.wstal.tensor.Device;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend for a device: the CPU reference is built in; other kinds come from {@link BackendProvider}s
 * on the class path, created once on first use.
 */
public final class Backends {
  private static final Map<Device.Kind, Backend> CREATED = new ConcurrentHashMap<>();

  private Backends() {}

  public static Backend cpu() {
    return CpuBackend.get();
  }

  public static Backend forDevice(Device device) {
    if (device.kind() == Device.Kind.CPU) {
      return CpuBackend.get();
    }
    return CREATED.computeIfAbsent(device.kind(), Backends::load);
  }

  private static Backend load(Device.Kind kind) {
    StringBuilder reasons = new StringBuilder();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.kind() != kind) {
        continue;
      }
      if (p.isAvailable()) {
        return p.create();
      }
      reasons.append(' ').append(p.name()).append(": ").append(p.unavailableReason()).append('.');
    }
    throw new IllegalStateException(
        "no backend available for device kind " + kind
            + (reasons.length() == 0 ? ": no provider is on the class path." : ":" + reasons));
  }
}

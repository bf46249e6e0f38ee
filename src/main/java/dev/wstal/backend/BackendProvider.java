package dev.wstal.backend;

import dev.wstal.tensor.Device;

/**
 * Service-provider interface for backends, found through {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.wstal.backend.BackendProvider}. Providers must not touch devices in their
 * constructor; {@link #isAvailable()} and {@link #create()} do the work.
 */
public interface BackendProvider {
  Device.Kind kind();

  String name();

  /** Whether the backend can run here; when false, {@link #unavailableReason()} says why. */
  boolean isAvailable();

  String unavailableReason();

  Backend create();
}

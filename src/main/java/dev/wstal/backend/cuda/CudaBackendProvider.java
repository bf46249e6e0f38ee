package dev.wstal.backend.cuda;

import dev.wstal.backend.Backend;
import dev.wstal.backend.BackendProvider;
import dev.wstal.tensor.Device;

/**
 * Registers the CUDA backend with {@link dev.wstal.backend.Backends} through {@code
 * META-INF/services/dev.wstal.backend.BackendProvider}. The constructor touches nothing; availability is the
 * runtime's, and its reason (no driver, no device, kernels not built, driver too old) is what {@code Tensor.to}
 * reports when CUDA cannot be used.
 */
public final class CudaBackendProvider implements BackendProvider {
  @Override
  public Device.Kind kind() {
    return Device.Kind.CUDA;
  }

  @Override
  public String name() {
    return "cuda-f32";
  }

  @Override
  public boolean isAvailable() {
    return CudaRuntime.isAvailable();
  }

  @Override
  public String unavailableReason() {
    return CudaRuntime.unavailableReason();
  }

  /**
   * @throws CudaUnavailableException with the reason when CUDA cannot be used
   */
  @Override
  public Backend create() {
    return new CudaBackend(CudaRuntime.get());
  }
}

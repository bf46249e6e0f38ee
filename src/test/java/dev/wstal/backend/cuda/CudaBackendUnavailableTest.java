package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.wstal.backend.BackendProvider;
import dev.wstal.tensor.Device;
import dev.wstal.tensor.Tensor;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Without a usable GPU (this runs on machines without one), moving a tensor to CUDA fails with the runtime's own
 * reason, not a generic message; and the provider is registered so that {@code Tensor.to} finds it.
 */
class CudaBackendUnavailableTest {
  @Test
  void theProviderIsRegisteredForCuda() {
    BackendProvider found = null;
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p instanceof CudaBackendProvider) {
        found = p;
      }
    }
    assertNotNull(found, "META-INF/services/dev.wstal.backend.BackendProvider lists CudaBackendProvider");
    assertEquals(Device.Kind.CUDA, found.kind());
    assertEquals("cuda-f32", found.name());
    assertEquals(CudaRuntime.isAvailable(), found.isAvailable());
  }

  @Test
  void movingATensorToCudaReportsWhyCudaIsUnavailable() {
    assumeFalse(CudaRuntime.isAvailable(), "CUDA is available here; the GPU tests cover this machine");
    String reason = CudaRuntime.unavailableReason();
    assertNotNull(reason);
    assertFalse(reason.isBlank());
    CudaBackendProvider provider = new CudaBackendProvider();
    assertEquals(reason, provider.unavailableReason());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).to(Device.cuda()));
    assertTrue(e.getMessage().contains(reason),
        "the message names the runtime's reason '" + reason + "', got: " + e.getMessage());
    assertThrows(CudaUnavailableException.class, provider::create);
  }
}

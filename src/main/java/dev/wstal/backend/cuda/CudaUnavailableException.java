package dev.wstal.backend.cuda;

/**
 * Why CUDA cannot be used in this process: no driver, no device, kernels not built into the jar, or a driver older
 * than the nvcc that built the kernels. The message is the reason, worded for a user (see {@link
 * CudaRuntime#unavailableReason()}).
 */
public final class CudaUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  CudaUnavailableException(String reason) {
    super(reason);
  }

  CudaUnavailableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}

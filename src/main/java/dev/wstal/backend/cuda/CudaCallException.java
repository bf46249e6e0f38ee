package dev.wstal.backend.cuda;

/**
 * A failed CUDA driver call. The message names the call, the kernel when one was launched or is the last one
 * launched before a failing synchronisation (kernel faults surface there), and the driver's error name, e.g.
 * {@code cuStreamSynchronize failed after kernel ew_add: CUDA_ERROR_ILLEGAL_ADDRESS}.
 */
public final class CudaCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final String kernel;
  private final String errorName;

  CudaCallException(String call, String kernel, String errorName, String detail, Throwable cause) {
    super(message(call, kernel, errorName, detail), cause);
    this.call = call;
    this.kernel = kernel;
    this.errorName = errorName;
  }

  /** The driver function that failed, e.g. {@code cuLaunchKernel}. */
  public String call() {
    return call;
  }

  /** The kernel launched by, or last launched before, the failed call; null when none is involved. */
  public String kernel() {
    return kernel;
  }

  /** The CUresult name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
  public String errorName() {
    return errorName;
  }

  private static String message(String call, String kernel, String errorName, String detail) {
    StringBuilder m = new StringBuilder(call).append(" failed");
    if (kernel != null) {
      m.append(call.equals("cuLaunchKernel") ? " for kernel " : " after kernel ").append(kernel);
    }
    m.append(": ").append(errorName);
    if (detail != null) {
      m.append(" (").append(detail).append(')');
    }
    return m.toString();
  }
}

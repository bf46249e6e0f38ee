package dev.wstal.backend.cuda;

import jcuda.CudaException;

/**
 * Runs JCuda driver calls with exceptions enabled and turns JCuda's {@link CudaException}, whose message is just
 * the CUresult name, into a {@link CudaCallException} that also names the call and the kernel.
 */
final class DriverCalls {
  private DriverCalls() {}

  /** A driver call; its int result is already checked by JCuda (exceptions enabled). */
  @FunctionalInterface
  interface Call {
    int run();
  }

  static void check(String call, Call body) {
    check(call, null, body);
  }

  static void check(String call, String kernel, Call body) {
    try {
      body.run();
    } catch (CudaException e) {
      throw failure(call, kernel, e);
    }
  }

  static CudaCallException failure(String call, String kernel, CudaException e) {
    return new CudaCallException(call, kernel, errorName(e), null, e);
  }

  /** JCuda's exception message is {@code CUresult.stringFor(code)}; keep only that name. */
  static String errorName(CudaException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "unknown CUDA error" : m.trim();
  }
}

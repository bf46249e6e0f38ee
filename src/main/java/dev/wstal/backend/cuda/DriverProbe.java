package dev.wstal.backend.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * Finds device 0 and checks, in order, everything that can keep the kernels from running: the JCuda native library
 * and libcuda.so.1, cuInit, the device count, the driver version against the nvcc that built the fatbin, and the
 * device's compute capability against the fatbin's targets. Each failure is a {@link CudaUnavailableException} whose
 * message says which and what to do.
 */
final class DriverProbe {
  static final String NO_DRIVER = "no CUDA driver: libcuda.so.1 could not be loaded (install the NVIDIA driver; "
      + "see docs/cuda.md)";

  /** What the runtime needs to know about the device it opens. */
  record Device(CUdevice handle, String name, int driverVersion, int computeMajor, int computeMinor) {}

  private DriverProbe() {}

  static Device open(KernelImage image) {
    loadNatives();
    try {
      cuInit(0);
    } catch (CudaException e) {
      String error = DriverCalls.errorName(e);
      throw new CudaUnavailableException(error.equals("CUDA_ERROR_NO_DEVICE")
          ? "no CUDA device: cuInit failed with CUDA_ERROR_NO_DEVICE"
          : "cuInit failed: " + error + " (the driver is installed but does not initialise; check nvidia-smi)", e);
    }
    int[] count = {0};
    DriverCalls.check("cuDeviceGetCount", () -> cuDeviceGetCount(count));
    if (count[0] == 0) {
      throw new CudaUnavailableException("no CUDA device: the driver reports 0 devices");
    }
    int[] version = {0};
    DriverCalls.check("cuDriverGetVersion", () -> cuDriverGetVersion(version));
    String tooOld = driverTooOld(version[0], image.minDriverVersion(), image.nvccVersion());
    if (tooOld != null) {
      throw new CudaUnavailableException(tooOld);
    }
    CUdevice device = new CUdevice();
    DriverCalls.check("cuDeviceGet", () -> cuDeviceGet(device, 0));
    byte[] name = new byte[256];
    DriverCalls.check("cuDeviceGetName", () -> cuDeviceGetName(name, name.length, device));
    int[] major = {0};
    int[] minor = {0};
    DriverCalls.check("cuDeviceGetAttribute",
        () -> cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
    DriverCalls.check("cuDeviceGetAttribute",
        () -> cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
    String deviceName = cString(name);
    String tooSmall = computeCapabilityTooLow(deviceName, major[0], minor[0], image.gencode());
    if (tooSmall != null) {
      throw new CudaUnavailableException(tooSmall);
    }
    return new Device(device, deviceName, version[0], major[0], minor[0]);
  }

  /** Loads JCuda's JNI library, which links libcuda.so.1, and switches JCuda's error codes to exceptions. */
  private static void loadNatives() {
    try {
      JCudaDriver.setExceptionsEnabled(true);
    } catch (LinkageError e) {
      throw new CudaUnavailableException(linkFailureReason(e), e);
    }
  }

  /** The reason for a failed load of JCuda's native library: a missing driver or a JCuda problem. */
  static String linkFailureReason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains("libcuda.so")) {
        return NO_DRIVER;
      }
    }
    String m = error.getMessage() == null ? error.getClass().getName() : error.getMessage().lines().findFirst()
        .orElse("");
    return "the JCuda native library could not be loaded: " + m;
  }

  /** Null when the driver can load the fatbin's PTX; else a reason that names both versions. */
  static String driverTooOld(int driverVersion, int minDriverVersion, String nvccVersion) {
    if (driverVersion >= minDriverVersion) {
      return null;
    }
    return "the CUDA driver is too old: it supports CUDA " + cudaVersion(driverVersion) + " (cuDriverGetVersion "
        + driverVersion + "), but the kernels were built by nvcc " + nvccVersion + " and need a driver for CUDA "
        + cudaVersion(minDriverVersion) + " (" + minDriverVersion + ") or newer; update the driver or rebuild the jar "
        + "with an older nvcc (see docs/cuda.md)";
  }

  /** Null when the fatbin has code the device can run; else a reason naming the device and the targets. */
  static String computeCapabilityTooLow(String device, int major, int minor, String gencode) {
    int lowest = Integer.MAX_VALUE;
    for (String target : gencode.split(",")) {
      String digits = target.trim().replaceAll("^(sm|compute)_", "").replaceAll("[^0-9].*$", "");
      if (!digits.isEmpty()) {
        lowest = Math.min(lowest, Integer.parseInt(digits));
      }
    }
    if (major * 10 + minor >= lowest) {
      return null;
    }
    return "device " + device + " has compute capability " + major + "." + minor + ", but the kernels are built for "
        + gencode + " and need " + lowest / 10 + "." + lowest % 10 + " or newer";
  }

  /** 13000 -> "13.0", 12040 -> "12.4": cuDriverGetVersion's encoding, major*1000 + minor*10. */
  static String cudaVersion(int driverVersion) {
    return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
  }

  private static String cString(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}

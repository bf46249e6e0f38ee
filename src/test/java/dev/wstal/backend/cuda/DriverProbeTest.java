package dev.wstal.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The wording of each unavailability reason, from hand-made inputs (no driver needed). */
class DriverProbeTest {
  @Test
  void aMissingLibcudaIsReportedAsNoDriver() {
    // What JCuda's LibUtils throws on a host without the driver (seen on this project's CPU hosts).
    UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-"
        + "linux-x86_64\"\nStack trace from the attempt to load the library as a resource:\njava.lang."
        + "UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared "
        + "object file: No such file or directory");
    assertEquals("no CUDA driver: libcuda.so.1 could not be loaded (install the NVIDIA driver; see docs/cuda.md)",
        DriverProbe.linkFailureReason(e));
  }

  @Test
  void otherLinkFailuresNameJCudaAndTheFirstLineOfTheError() {
    UnsatisfiedLinkError e = new UnsatisfiedLinkError("no JCudaDriver-12.6.0-linux-aarch64 in java.library.path\nmore");
    assertEquals("the JCuda native library could not be loaded: no JCudaDriver-12.6.0-linux-aarch64 in "
        + "java.library.path", DriverProbe.linkFailureReason(e));
  }

  @Test
  void anOlderDriverIsRefusedNamingBothVersions() {
    String reason = DriverProbe.driverTooOld(12040, 13000, "13.0");
    assertTrue(reason.startsWith("the CUDA driver is too old"), reason);
    assertTrue(reason.contains("CUDA 12.4 (cuDriverGetVersion 12040)"), reason);
    assertTrue(reason.contains("nvcc 13.0"), reason);
    assertTrue(reason.contains("CUDA 13.0 (13000) or newer"), reason);
    assertNull(DriverProbe.driverTooOld(13000, 13000, "13.0"));
    assertNull(DriverProbe.driverTooOld(13010, 13000, "13.0"));
  }

  @Test
  void devicesBelowTheLowestTargetAreRefused() {
    String gencode = "sm_80,sm_90,compute_90";
    assertEquals("device Tesla T4 has compute capability 7.5, but the kernels are built for sm_80,sm_90,compute_90"
        + " and need 8.0 or newer", DriverProbe.computeCapabilityTooLow("Tesla T4", 7, 5, gencode));
    assertNull(DriverProbe.computeCapabilityTooLow("A100", 8, 0, gencode));
    assertNull(DriverProbe.computeCapabilityTooLow("RTX 4090", 8, 9, gencode));
    assertNull(DriverProbe.computeCapabilityTooLow("H100", 9, 0, gencode));
    assertNull(DriverProbe.computeCapabilityTooLow("B200", 10, 0, gencode));
  }

  @Test
  void driverVersionsReadAsCudaReleases() {
    assertEquals("13.0", DriverProbe.cudaVersion(13000));
    assertEquals("12.4", DriverProbe.cudaVersion(12040));
    assertEquals("12.6", DriverProbe.cudaVersion(12060));
  }
}

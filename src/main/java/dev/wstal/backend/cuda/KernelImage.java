package dev.wstal.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The kernel module that kernels/build.sh compiled into the jar: {@code /dev/wstal/kernels/wstal.fatbin} (sm_80 and
 * sm_90 SASS, compute_90 PTX) and {@code wstal-kernels.properties} beside it, which records the nvcc that built it
 * and the oldest driver that can load it. A jar built without nvcc has neither, and {@link #load()} then says so.
 */
public final class KernelImage {
  static final String FATBIN_RESOURCE = "/dev/wstal/kernels/wstal.fatbin";
  static final String PROPERTIES_RESOURCE = "/dev/wstal/kernels/wstal-kernels.properties";
  static final String NOT_BUILT =
      "kernels were not built (nvcc was not found, or -Dwstal.kernels.skip=true was set, when this jar was built; "
          + "see docs/cuda.md)";

  private final byte[] fatbin;
  private final String nvccVersion;
  private final int minDriverVersion;
  private final String gencode;
  private final String sourcesSha256;

  private KernelImage(byte[] fatbin, Properties p) {
    this.fatbin = fatbin;
    this.nvccVersion = required(p, "nvcc.version");
    this.gencode = required(p, "gencode");
    this.sourcesSha256 = required(p, "sources.sha256");
    String min = required(p, "driver.version.min");
    try {
      this.minDriverVersion = Integer.parseInt(min);
    } catch (NumberFormatException e) {
      throw new CudaUnavailableException(
          "the kernels' properties are damaged: driver.version.min is '" + min + "', not an integer; rebuild the jar");
    }
  }

  /** Whether this jar carries the kernels; never throws. */
  public static boolean isBuilt() {
    return KernelImage.class.getResource(FATBIN_RESOURCE) != null
        && KernelImage.class.getResource(PROPERTIES_RESOURCE) != null;
  }

  /**
   * Reads the fatbin and its properties from the class path.
   *
   * @throws CudaUnavailableException when the jar was built without nvcc, or the resources are incomplete
   */
  public static KernelImage load() {
    byte[] fatbin = read(FATBIN_RESOURCE);
    byte[] props = read(PROPERTIES_RESOURCE);
    if (fatbin == null && props == null) {
      throw new CudaUnavailableException(NOT_BUILT);
    }
    if (fatbin == null || props == null) {
      throw new CudaUnavailableException("the kernels are incomplete: " + (fatbin == null ? FATBIN_RESOURCE
          : PROPERTIES_RESOURCE) + " is missing from the class path; rebuild the jar (see docs/cuda.md)");
    }
    Properties p = new Properties();
    try {
      p.load(new java.io.ByteArrayInputStream(props));
    } catch (IOException | IllegalArgumentException e) {
      throw new CudaUnavailableException("the kernels' properties cannot be read: " + e.getMessage(), e);
    }
    return new KernelImage(fatbin, p);
  }

  /** The fatbin bytes, for cuModuleLoadData (a fatbin needs no terminating zero, unlike PTX text). */
  byte[] fatbin() {
    return fatbin;
  }

  public int fatbinBytes() {
    return fatbin.length;
  }

  /** The nvcc release that built the kernels, e.g. {@code 13.0}. */
  public String nvccVersion() {
    return nvccVersion;
  }

  /** The oldest driver that can load the kernels, as cuDriverGetVersion reports it: 13000 for CUDA 13.0. */
  public int minDriverVersion() {
    return minDriverVersion;
  }

  /** The targets in the fatbin, e.g. {@code sm_80,sm_90,compute_90}. */
  public String gencode() {
    return gencode;
  }

  /** SHA-256 of the kernel sources the fatbin was built from (kernels/build.sh says how it is computed). */
  public String sourcesSha256() {
    return sourcesSha256;
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new CudaUnavailableException(
          "the kernels' properties lack " + key + " (" + PROPERTIES_RESOURCE + "); rebuild the jar");
    }
    return v.trim();
  }

  private static byte[] read(String resource) {
    try (InputStream in = KernelImage.class.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}

package dev.wstal.data;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Locates the NumPy-written fixtures of src/test/resources/dev/wstal/data/npy and builds .npy bytes by hand. */
final class NpyFixtures {
  private NpyFixtures() {}

  /** A fixture written by make_fixtures.py. */
  static Path fixture(String name) {
    URL url = NpyFixtures.class.getResource("/dev/wstal/data/npy/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test fixture " + name + "; run make_fixtures.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * A .npy file straight from the format description: magic, version, header length (uint16 for major 1, else
   * uint32), the header text encoded as given (UTF-8 for major 3, Latin-1 otherwise), then {@code data}.
   */
  static byte[] file(int major, int minor, String header, byte[] data) {
    byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) minor);
    if (lengthBytes == 2) {
      b.putShort((short) h.length);
    } else {
      b.putInt(h.length);
    }
    return b.put(h).put(data).array();
  }

  static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] f64(double... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }
}

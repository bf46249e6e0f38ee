package dev.wstal.data;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test files under src/test/resources/dev/wstal/data/ and the bundled THUMOS'14 resources. */
final class DataFixtures {
  private DataFixtures() {}

  static Path path(String name) {
    return resource("/dev/wstal/data/" + name);
  }

  static Path bundled(String name) {
    return resource("/dev/wstal/data/thumos14/" + name);
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Path resource(String name) {
    URL url = DataFixtures.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.wstal.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wstal.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reading and writing {@link TrainConfig} as JSON or YAML files, and the bundled preset overlays. */
final class TrainConfigFiles {
  /** The presets bundled as {@code presets/<name>.json} next to this class. */
  static final List<String> PRESETS = List.of("thumos", "anet", "small");

  /** The top-level key of a config file that names the preset it overlays. */
  static final String PRESET_KEY = "preset";

  // A repeated key is almost always an editing mistake, and silently keeping one of the values would hide it.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .build();

  private TrainConfigFiles() {}

  private enum Format {
    JSON("JSON"),
    YAML("YAML");

    final String label;

    Format(String label) {
      this.label = label;
    }

    ObjectMapper mapper() {
      return this == JSON ? TrainConfigFiles.JSON : TrainConfigFiles.YAML;
    }

    static Format of(Path file) {
      String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".json")) {
        return JSON;
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return YAML;
      }
      throw new IllegalArgumentException(
          "config file " + file + ": expected a .json, .yaml or .yml extension, got \"" + file.getFileName() + "\"");
    }
  }

  static TrainConfig preset(String name) {
    String canonical = TrainConfigChecks.oneOf("preset", name, PRESETS);
    String resource = "presets/" + canonical + ".json";
    String source = "preset resource dev/wstal/train/" + resource;
    try (InputStream in = TrainConfig.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(source + " is missing from the class path");
      }
      JsonNode overlay = parse(in.readAllBytes(), Format.JSON, source);
      return withSource(source, () -> TrainConfigTree.merged(TrainConfig.defaults(), overlay));
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read " + source, ex);
    }
  }

  static TrainConfig load(Path file) throws IOException {
    Format format = Format.of(file);
    byte[] bytes = Files.readAllBytes(file);
    String source = "config file " + file;
    return applyOverlay(parse(bytes, format, source), source);
  }

  static TrainConfig fromJson(String json, String source) {
    return applyOverlay(parseJson(json, source), source);
  }

  static JsonNode parseJson(String json, String source) {
    if (json == null) {
      throw new IllegalArgumentException(source + ": expected JSON text, got null");
    }
    return parse(json.getBytes(StandardCharsets.UTF_8), Format.JSON, source);
  }

  /** The overlay in {@code bytes}: a top-level object, or an empty one for an empty document. */
  private static JsonNode parse(byte[] bytes, Format format, String source) {
    JsonNode root;
    try {
      root = format.mapper().readTree(bytes);
    } catch (JsonProcessingException ex) {
      String where = ex.getLocation() == null ? ""
          : " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr();
      throw new IllegalArgumentException(
          source + ": not valid " + format.label + where + ": " + ex.getOriginalMessage(), ex);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // reading a byte array does no I/O
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return JSON.createObjectNode();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(source + ": expected an object at the top level, got " + root);
    }
    return root;
  }

  /** The overlay applied on the preset its {@value #PRESET_KEY} key names, or on the defaults. */
  private static TrainConfig applyOverlay(JsonNode overlay, String source) {
    ObjectNode rest = ((ObjectNode) overlay).deepCopy();
    JsonNode name = rest.remove(PRESET_KEY);
    return withSource(source, () -> {
      TrainConfig base = TrainConfig.defaults();
      if (name != null) {
        if (!name.isTextual()) {
          throw TrainConfigChecks.error(PRESET_KEY, "a preset name, one of " + PRESETS, name);
        }
        base = preset(name.textValue());
      }
      return TrainConfigTree.merged(base, rest);
    });
  }

  private interface Build {
    TrainConfig get();
  }

  /** Runs {@code build}, prefixing the message of a rejected setting with where it came from. */
  private static TrainConfig withSource(String source, Build build) {
    try {
      return build.get();
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(source + ": " + ex.getMessage(), ex);
    }
  }

  static String toJson(TrainConfig config) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(TrainConfigTree.toTree(config)) + "\n";
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex); // a tree of plain scalars always serialises
    }
  }

  static void save(TrainConfig config, Path file) throws IOException {
    Format format = Format.of(file);
    byte[] bytes = format == Format.JSON
        ? toJson(config).getBytes(StandardCharsets.UTF_8)
        : YAML.writeValueAsBytes(TrainConfigTree.toTree(config));
    AtomicFiles.write(file, out -> out.write(bytes));
  }
}

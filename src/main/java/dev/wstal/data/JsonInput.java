package dev.wstal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reading the JSON data files the way Python's {@code json.load} does, with messages that name the file and the
 * JSON path of a bad field. Objects keep file order and a repeated key keeps its first position with its last value
 * (both as in Python 3.7+ dicts); {@code NaN} and {@code Infinity} literals are accepted, as Python accepts them.
 */
final class JsonInput {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final int SHOWN_CHARS = 80;

  private final String source;

  JsonInput(String source) {
    this.source = source;
  }

  /** Parses the whole stream as one JSON object. */
  JsonNode readObject(InputStream in) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException ex) {
      String where = ex.getLocation() == null ? ""
          : " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr();
      String detail = ex.getOriginalMessage();
      if (detail.startsWith("Trailing token")) {
        detail = "extra data after the top-level value"; // Jackson's wording names its own binding feature
      }
      throw new DataFormatException(source, "", "not valid JSON" + where + ": " + detail, ex);
    }
    if (root == null || root.isMissingNode()) {
      throw new DataFormatException(source, "", "the file is empty; expected a JSON object");
    }
    return expectObject(root, "");
  }

  DataFormatException error(String path, String problem) {
    return new DataFormatException(source, path, problem);
  }

  /** The member {@code key} of {@code parent}, which must be present. */
  JsonNode required(JsonNode parent, String parentPath, String key, String expected) throws DataFormatException {
    JsonNode v = parent.get(key);
    if (v == null) {
      throw error(join(parentPath, key), "missing; expected " + expected);
    }
    return v;
  }

  JsonNode expectObject(JsonNode node, String path) throws DataFormatException {
    if (!node.isObject()) {
      throw error(path.isEmpty() ? "top level" : path, "expected a JSON object, got " + show(node));
    }
    return node;
  }

  JsonNode expectArray(JsonNode node, String path) throws DataFormatException {
    if (!node.isArray()) {
      throw error(path, "expected a JSON array, got " + show(node));
    }
    return node;
  }

  String expectString(JsonNode node, String path) throws DataFormatException {
    if (!node.isTextual()) {
      throw error(path, "expected a string, got " + show(node));
    }
    return node.textValue();
  }

  /** A JSON number, or a string that Python's {@code float()} accepts. */
  double numberOrNumericString(JsonNode node, String path) throws DataFormatException {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        return PythonFloat.parse(node.textValue());
      } catch (NumberFormatException ex) {
        throw error(path, "expected a number or a numeric string, got " + show(node));
      }
    }
    throw error(path, "expected a number or a numeric string, got " + show(node));
  }

  /** A segment {@code [start, end]}: a list of exactly two numbers or numeric strings. */
  double[] segment(JsonNode node, String path) throws DataFormatException {
    if (!node.isArray() || node.size() != 2) {
      throw error(path, "expected [start, end], got " + show(node));
    }
    return new double[] {numberOrNumericString(node.get(0), path + "[0]"),
        numberOrNumericString(node.get(1), path + "[1]")};
  }

  static String join(String parentPath, String key) {
    return parentPath.isEmpty() ? key : parentPath + "." + key;
  }

  /** The node as JSON text, shortened; says what kind of value it is when that is not obvious from the text. */
  static String show(JsonNode node) {
    if (node.isNull()) {
      return "null";
    }
    String text = node.toString();
    if (text.length() > SHOWN_CHARS) {
      text = text.substring(0, SHOWN_CHARS) + "...";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
  }
}

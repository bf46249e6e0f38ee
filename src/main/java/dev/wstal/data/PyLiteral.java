package dev.wstal.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the subset of Python literal syntax that {@code .npy} headers use: dicts with string keys, tuples, lists,
 * single- or double-quoted strings (with an optional {@code u}/{@code b} prefix and backslash escapes), integers
 * (with the {@code L} suffix of Python 2 era files), {@code True}, {@code False} and {@code None}. Values become
 * {@link Map} (in file order), {@link Tuple}, {@link List}, {@link String}, {@link BigInteger}, {@link Boolean} and
 * {@link #NONE}. Anything else is rejected with the character position; nothing is ever evaluated.
 */
final class PyLiteral {
  /** A Python tuple, kept apart from a list because NumPy requires {@code shape} to be a tuple. */
  record Tuple(List<Object> items) {}

  /** Python's {@code None}. */
  static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  private final String text;
  private int pos;

  private PyLiteral(String text) {
    this.text = text;
  }

  /**
   * The single literal in {@code text}, which may be surrounded by whitespace.
   *
   * @throws IllegalArgumentException naming the character position and what was expected there
   */
  static Object parse(String text) {
    PyLiteral p = new PyLiteral(text);
    Object value = p.value();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("end of the literal");
    }
    return value;
  }

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return dict();
      case '(':
        pos++;
        return new Tuple(sequence(')'));
      case '[':
        pos++;
        return sequence(']');
      case '\'':
      case '"':
        return string();
      default:
        break;
    }
    if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
      return integer();
    }
    if ((c == 'u' || c == 'b' || c == 'U' || c == 'B') && pos + 1 < text.length()
        && (text.charAt(pos + 1) == '\'' || text.charAt(pos + 1) == '"')) {
      pos++;
      return string();
    }
    String word = word();
    switch (word) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return NONE;
      default:
        pos -= word.length();
        throw error("a dict, tuple, list, string, integer, True, False or None");
    }
  }

  private Map<String, Object> dict() {
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      int keyAt = pos;
      Object key = value();
      if (!(key instanceof String)) {
        pos = keyAt;
        throw error("a string key");
      }
      skipSpace();
      expect(':');
      Object v = value();
      if (map.put((String) key, v) != null) {
        pos = keyAt;
        throw error("a key other than the repeated '" + key + "'");
      }
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("',' or '}'");
      }
    }
  }

  private List<Object> sequence(char close) {
    List<Object> items = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek() == close) {
        pos++;
        return items;
      }
      items.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != close) {
        throw error("',' or '" + close + "'");
      }
    }
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("the closing " + quote);
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("an escaped character");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case '0' -> sb.append('\0');
        case 'x' -> sb.appendCodePoint(hex(2));
        case 'u' -> sb.appendCodePoint(hex(4));
        case 'U' -> sb.appendCodePoint(hex(8));
        default -> sb.append(e);
      }
    }
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) {
      throw error(digits + " hex digits");
    }
    try {
      int cp = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
      if (!Character.isValidCodePoint(cp)) {
        throw error("a valid code point");
      }
      pos += digits;
      return cp;
    } catch (NumberFormatException ex) {
      throw error(digits + " hex digits");
    }
  }

  private BigInteger integer() {
    int start = pos;
    if (peek() == '-' || peek() == '+') {
      pos++;
    }
    int digitsFrom = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
      pos++;
    }
    if (pos == digitsFrom) {
      throw error("a digit");
    }
    BigInteger v = new BigInteger(text.substring(start, pos));
    if (peek() == 'L' || peek() == 'l') {
      pos++;
    }
    char next = peek();
    if (next == '.' || next == 'e' || next == 'E' || next == 'j' || Character.isLetterOrDigit(next)) {
      throw error("an integer (floats and complex numbers do not occur in npy headers)");
    }
    return v;
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  /** The next character, or NUL at the end (NUL never starts a valid token). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String expected) {
    String found = pos >= text.length()
        ? "the end of the header"
        : "'" + text.substring(pos, Math.min(text.length(), pos + 12)) + "'";
    return new IllegalArgumentException("at character " + pos + ": expected " + expected + ", found " + found);
  }
}

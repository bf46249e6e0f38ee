package dev.wstal.train;

import java.util.Arrays;
import java.util.List;

/**
 * Value checks of {@link TrainConfig}: each message is "{@code dotted.key: expected …, got …}", so a bad setting in a
 * file or on the command line can be found by its key.
 */
final class TrainConfigChecks {
  private TrainConfigChecks() {}

  static IllegalArgumentException error(String key, String expected, Object actual) {
    return new IllegalArgumentException(key + ": expected " + expected + ", got " + actual);
  }

  static void atLeast(String key, int value, int min, String why) {
    if (value < min) {
      throw error(key, ">= " + min + why, value);
    }
  }

  static void positiveFinite(String key, double value) {
    if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
      throw error(key, "a finite number > 0", value);
    }
  }

  static void nonNegativeFinite(String key, double value) {
    if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
      throw error(key, "a finite number >= 0", value);
    }
  }

  static void finite(String key, double value) {
    if (!Double.isFinite(value)) {
      throw error(key, "a finite number", value);
    }
  }

  /** A ratio r of top-k MIL, K = max(⌊T/r⌋, 1) (ftcl.md §3). */
  static void ratio(String key, double value) {
    if (!(value >= 1 && value < Double.POSITIVE_INFINITY)) {
      throw error(key, "a finite number >= 1", value);
    }
  }

  /** A probability that may be 0 but not 1: a dropout rate, an Adam β. */
  static void halfOpenUnit(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw error(key, "a number in [0, 1)", value);
    }
  }

  /**
   * The entry of {@code allowed} equal to {@code value} ignoring case and surrounding blanks, so configs compare
   * equal however a name was spelled.
   */
  static String oneOf(String key, String value, List<String> allowed) {
    if (value != null) {
      String v = value.trim();
      for (String a : allowed) {
        if (a.equalsIgnoreCase(v)) {
          return a;
        }
      }
    }
    throw error(key, "one of " + allowed, value == null ? null : quoted(value));
  }

  /** The names of an enum's constants, for {@link #oneOf}. */
  static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  static <T> T present(String key, T value) {
    if (value == null) {
      throw error(key, "a value", "null");
    }
    return value;
  }

  static String quoted(String s) {
    return '"' + s + '"';
  }
}

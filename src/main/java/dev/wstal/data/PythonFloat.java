package dev.wstal.data;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Python's {@code float(str)} and {@code repr(float)} for the files the reference tools read and write.
 *
 * <p>{@link #parse} accepts Python's grammar: surrounding Unicode whitespace, an optional sign, a decimal literal
 * with optional single underscores between digits ({@code "1_000.5"}) and Unicode decimal digits in the BMP
 * (Python reads {@code "\u0661"} as 1.0), or {@code inf}, {@code infinity}, {@code nan} in any case. It rejects the
 * Java-only forms that {@link Double#parseDouble} would take ({@code "1.5d"}, {@code "0x1p3"}). Values are correctly
 * rounded, as in Python.
 *
 * <p>{@link #repr} is the shortest decimal string that reads back to the same double (Python 3's {@code repr},
 * David Gay's mode 0), in Python's layout: fixed notation with at least one fractional digit ({@code "18.6"},
 * {@code "41.0"}) when the decimal exponent is in [−4, 16), otherwise {@code "1e-05"}, {@code "1.5e+16"}. Java 17's
 * {@code Double.toString} is not always shortest ({@code 1.0E23} prints as {@code 9.999999999999999E22}) and uses
 * another layout, which is why this exists.
 */
final class PythonFloat {
  private static final String DIGITS = "[0-9](?:_?[0-9])*";
  private static final Pattern DECIMAL = Pattern.compile(
      "[+-]?(?:" + DIGITS + "\\.?(?:" + DIGITS + ")?|\\.(?:" + DIGITS + "))(?:[eE][+-]?" + DIGITS + ")?");
  private static final Pattern SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");

  private PythonFloat() {}

  /** Python's {@code float(text)}; throws {@link NumberFormatException} where Python raises ValueError. */
  static double parse(String text) {
    String s = asciiDigits(strip(text));
    if (DECIMAL.matcher(s).matches()) {
      return Double.parseDouble(s.replace("_", ""));
    }
    if (SPECIAL.matcher(s).matches()) {
      boolean negative = s.charAt(0) == '-';
      if (Character.toLowerCase(s.charAt(s.length() - 1)) == 'n') {
        return Double.NaN;
      }
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    throw new NumberFormatException("could not convert string to float: '" + text + "'");
  }

  /** Python's {@code repr(d)}: shortest round-tripping digits, Python's layout; {@code nan}, {@code inf}. */
  static String repr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(Math.abs(d)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int n = digits.length();
    // value = 0.d1d2...dn × 10^decpt
    int decpt = n - shortest.scale();
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.").append("0".repeat(-decpt)).append(digits);
      } else if (decpt >= n) {
        out.append(digits).append("0".repeat(decpt - n)).append(".0");
      } else {
        out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
      }
    } else {
      int exp = decpt - 1;
      out.append(digits.charAt(0));
      if (n > 1) {
        out.append('.').append(digits, 1, n);
      }
      out.append(exp < 0 ? "e-" : "e+");
      int mag = Math.abs(exp);
      out.append(mag < 10 ? "0" : "").append(mag);
    }
    return out.toString();
  }

  /**
   * The fewest significant digits that read back to {@code a} (positive, finite), nearest to {@code a} among those.
   *
   * <p>Fast path: Java's {@code Double.toString} digits round-trip but are sometimes one digit too long. Decimals
   * of at most 15 significant digits map to distinct normal doubles (not so subnormal ones), so for a normal
   * {@code a}, when that string has ≤ 15 digits it is the only
   * round-tripping decimal of its length, and shorter ones are found by rounding it down and up one digit at a
   * time (a shorter decimal between {@code a} and the string would itself round-trip, so rounding the string finds
   * one exactly when rounding {@code a} does). Otherwise, at each precision the only candidates are {@code a}'s
   * exact value rounded down and up; the round-trip interval is lopsided at powers of two, so both are tried and
   * the nearer wins when both read back.
   */
  private static BigDecimal shortest(double a) {
    BigDecimal c = new BigDecimal(Double.toString(a)).stripTrailingZeros();
    if (c.precision() <= 15 && a >= Double.MIN_NORMAL) {
      for (int p = c.precision() - 1; p >= 1; p--) {
        BigDecimal lo = c.round(new MathContext(p, RoundingMode.FLOOR));
        BigDecimal hi = c.round(new MathContext(p, RoundingMode.CEILING));
        if (readsBack(lo, a)) {
          c = lo;
        } else if (readsBack(hi, a)) {
          c = hi;
        } else {
          break;
        }
      }
      return c;
    }
    BigDecimal exact = new BigDecimal(a);
    for (int p = 1; p <= 17; p++) {
      BigDecimal lo = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal hi = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean loOk = readsBack(lo, a);
      boolean hiOk = readsBack(hi, a);
      if (loOk && hiOk) {
        int cmp = exact.subtract(lo).compareTo(hi.subtract(exact));
        if (cmp != 0) {
          return cmp < 0 ? lo : hi;
        }
        return lo.unscaledValue().testBit(0) ? hi : lo;
      }
      if (loOk || hiOk) {
        return loOk ? lo : hi;
      }
    }
    return exact.round(MathContext.DECIMAL64); // unreachable: 17 significant digits always round-trip
  }

  private static boolean readsBack(BigDecimal d, double a) {
    return Double.parseDouble(d.toString()) == a;
  }

  /** Python maps every Unicode decimal digit to its ASCII digit before parsing. */
  private static String asciiDigits(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7f && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
        if (b == null) {
          b = new StringBuilder(s);
        }
        b.setCharAt(i, (char) ('0' + Character.digit(c, 10)));
      }
    }
    return b == null ? s : b.toString();
  }

  /** Python's str.strip(): Unicode whitespace, which includes U+00A0 and U+0085 unlike String.strip. */
  private static String strip(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && isSpace(s.charAt(b))) {
      b++;
    }
    while (e > b && isSpace(s.charAt(e - 1))) {
      e--;
    }
    return s.substring(b, e);
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }
}

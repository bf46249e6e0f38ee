package dev.wstal.cli;

import java.io.PrintWriter;
import java.util.List;

/** Fixed-width text tables for the commands: columns as wide as their widest cell, two spaces apart. */
final class TextTable {
  private TextTable() {}

  /**
   * Prints {@code rows} (the first is the header). The first column is left-aligned; the others are left-aligned,
   * or right-aligned when {@code rightAlignRest} (numbers). Trailing blanks are stripped.
   */
  static void print(PrintWriter out, List<String[]> rows, boolean rightAlignRest) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(String.format("%-" + width[0] + "s", row[0]));
      for (int i = 1; i < row.length; i++) {
        line.append("  ").append(String.format((rightAlignRest ? "%" : "%-") + width[i] + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}

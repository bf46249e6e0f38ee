package dev.wstal.backend;

/** Elementwise functions of two broadcast arguments; comparisons give 1 or 0. */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  /** a^b. */
  POW,
  MAXIMUM,
  MINIMUM,
  EQ,
  GT,
  GE,
  LT,
  LE
}

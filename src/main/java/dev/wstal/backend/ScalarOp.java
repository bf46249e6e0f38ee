package dev.wstal.backend;

/** Elementwise functions of a tensor element x and a scalar s; comparisons give 1 or 0. */
public enum ScalarOp {
  ADD,
  MUL,
  /** x^s. */
  POW,
  /** max(x, s). */
  MAXIMUM,
  /** min(x, s). */
  MINIMUM,
  GT,
  GE,
  LT,
  LE,
  EQ
}

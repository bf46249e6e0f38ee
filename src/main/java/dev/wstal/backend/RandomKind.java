package dev.wstal.backend;

/** Distributions a backend can fill a buffer from, deterministically for a given seed. */
public enum RandomKind {
  /** U[0, 1). */
  UNIFORM,
  /** N(0, 1). */
  NORMAL
}

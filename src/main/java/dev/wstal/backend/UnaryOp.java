package dev.wstal.backend;

/** Elementwise functions of one argument. The {@code *_GRAD} entries are the derivatives the ops' VJPs need. */
public enum UnaryOp {
  NEG,
  EXP,
  LOG,
  SQRT,
  ABS,
  /** −1, 0 or +1; 0 at 0. */
  SIGN,
  RELU,
  /** 1 where x &gt; 0, else 0 (relu's derivative, 0 at the kink like PyTorch). */
  STEP,
  SIGMOID,
  TANH,
  /** x·Φ(x) with the exact normal CDF. */
  GELU_ERF,
  /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  GELU_TANH,
  GELU_ERF_GRAD,
  GELU_TANH_GRAD
}

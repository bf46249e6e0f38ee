package dev.wstal.autograd;

/**
 * Whether ops record a graph on this thread. {@code try (var g = Grad.disabled()) { ... }} turns recording off
 * inside the block and restores the previous state on exit, also when scopes nest.
 */
public final class Grad implements AutoCloseable {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private final boolean previous;
  private boolean closed;

  private Grad(boolean enabled) {
    boolean[] state = ENABLED.get();
    previous = state[0];
    state[0] = enabled;
  }

  /** Opens a scope in which no graph is recorded. */
  public static Grad disabled() {
    return new Grad(false);
  }

  /** Opens a scope in which graphs are recorded (inside a disabled one, for example). */
  public static Grad enabled() {
    return new Grad(true);
  }

  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      ENABLED.get()[0] = previous;
    }
  }
}

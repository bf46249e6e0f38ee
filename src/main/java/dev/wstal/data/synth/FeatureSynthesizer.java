package dev.wstal.data.synth;

/**
 * Draws the rgb and flow features of one video from its {@link Timeline} and the {@link World} vectors. For stream s
 * with weights W ({@link StreamParams}), d dimensions and κ = √(referenceDim / d), snippet t gets, per element i,
 *
 * <pre>
 * z_t = bias + κ·( W.background·G[shot_t]
 *                + W.scene · Σ_c scene_c,t · S_c
 *                + W.action· Σ_c (cover_c,t + contextAction·context_c,t) · env(u_c,t) · A_c
 *                + W.phase · Σ_c cover_c,t · Σ_p hat_p(u_c,t) · B_c,p
 *                + W.motion· min(1, Σ_c (cover_c,t + contextAction·context_c,t) + distractor_t) · M )
 *        + n_t
 * x_t = max(0, γ·z_t + o)
 * </pre>
 *
 * with env(u) = floor + (1 − floor)·sin(πu) (the middle of an action is its most typical part), hat_p the piecewise
 * linear partition of unity with peaks at u = 1/6, 1/2, 5/6 (start, middle, end), n_t AR(1) noise
 * n_t = ρ·n_{t−1} + √(1−ρ²)·σ·ε_t (n_0 = σ·ε_0), and the per-video nuisance γ ~ U[1 − spread, 1 + spread] and
 * o ~ N(0, offsetStd²) per element. The ReLU makes the features non-negative, like pooled I3D activations. Arithmetic
 * is in double, each value is rounded to float once at the end.
 */
final class FeatureSynthesizer {
  private FeatureSynthesizer() {}

  /**
   * The features of one stream, row-major [snippets, d].
   *
   * @param stream 0 = rgb, 1 = flow
   */
  static float[] stream(World world, Timeline tl, PlannedVideo video, long seed, int stream) {
    FeatureParams p = world.params();
    StreamParams w = stream == 0 ? p.rgb() : p.flow();
    int d = world.streamDim();
    int k = tl.classes.size();
    double kappa = Math.sqrt(p.referenceDim() / d);
    String prefix = "video/" + video.id() + "/" + (stream == 0 ? "rgb" : "flow");
    SynthRandom nuisance = SynthRandom.of(seed, prefix + "/nuisance");
    double gamma = nuisance.uniform(1 - w.scaleSpread(), 1 + w.scaleSpread());
    double[] offset = new double[d];
    for (int i = 0; i < d; i++) {
      offset[i] = w.offsetStd() * nuisance.nextGaussian();
    }
    SynthRandom noiseRng = SynthRandom.of(seed, prefix + "/noise");
    double rho = w.noiseCorrelation();
    double innovation = Math.sqrt(1 - rho * rho) * w.noise();
    double[] noise = new double[d];
    for (int i = 0; i < d; i++) {
      noise[i] = w.noise() * noiseRng.nextGaussian();
    }
    double[][] scene = new double[k][];
    double[][] action = new double[k][];
    double[][][] phase = new double[k][3][];
    for (int c = 0; c < k; c++) {
      String label = tl.classes.get(c);
      scene[c] = world.scene(stream, label);
      action[c] = world.action(stream, label);
      for (int ph = 0; ph < 3; ph++) {
        phase[c][ph] = world.phase(stream, label, ph);
      }
    }
    double[] bias = world.bias(stream);
    double[] motion = world.motion(stream);
    float[] out = new float[tl.snippets * d];
    double[] z = new double[d];
    double[] hat = new double[3];
    for (int t = 0; t < tl.snippets; t++) {
      if (t > 0) {
        for (int i = 0; i < d; i++) {
          noise[i] = rho * noise[i] + innovation * noiseRng.nextGaussian();
        }
      }
      System.arraycopy(bias, 0, z, 0, d);
      add(z, world.background(stream, tl.shot[t]), kappa * w.background());
      double moving = tl.distractor[t];
      for (int c = 0; c < k; c++) {
        double u = tl.position[c][t];
        double acting = tl.cover[c][t] + p.contextAction() * tl.context[c][t];
        moving += acting;
        double env = p.envelopeFloor() + (1 - p.envelopeFloor()) * StrictMath.sin(Math.PI * u);
        add(z, scene[c], kappa * w.scene() * tl.scene[c][t]);
        add(z, action[c], kappa * w.action() * acting * env);
        if (tl.cover[c][t] > 0) {
          hats(u, hat);
          for (int ph = 0; ph < 3; ph++) {
            add(z, phase[c][ph], kappa * w.phase() * tl.cover[c][t] * hat[ph]);
          }
        }
      }
      add(z, motion, kappa * w.motion() * Math.min(1, moving));
      int row = t * d;
      for (int i = 0; i < d; i++) {
        out[row + i] = (float) Math.max(0, gamma * (z[i] + noise[i]) + offset[i]);
      }
    }
    return out;
  }

  /** The piecewise linear partition of unity over (start, middle, end) with peaks at u = 1/6, 1/2, 5/6. */
  static void hats(double u, double[] out) {
    out[0] = clamp01((0.5 - u) * 3);
    out[2] = clamp01((u - 0.5) * 3);
    out[1] = 1 - out[0] - out[2];
  }

  private static double clamp01(double x) {
    return Math.max(0, Math.min(1, x));
  }

  private static void add(double[] z, double[] v, double weight) {
    if (weight == 0) {
      return;
    }
    for (int i = 0; i < z.length; i++) {
      z[i] += weight * v[i];
    }
  }
}

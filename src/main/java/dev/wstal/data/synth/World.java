package dev.wstal.data.synth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The random vectors of one seed and dimension, per stream (0 = rgb, 1 = flow), each with independent standard normal
 * entries (unit RMS) drawn from the stream named after what it is:
 *
 * <ul>
 *   <li>{@code scene(c)} = √f·F[family(c)] + √(1−f)·U[c], f = {@link FeatureParams#familyShare()}: the venue;
 *   <li>{@code action(c)}: the class's motion pattern, shared by all phases of an instance;
 *   <li>{@code phase(c, p)} for p = 0, 1, 2 (start, middle, end);
 *   <li>{@code motion()}: generic motion, shared by every action and by distractor bursts;
 *   <li>{@code background(k)} for k &lt; {@link FeatureParams#backgroundScenes()};
 *   <li>{@code bias()}: per-dimension global mean, N(bias, biasStd²) per entry.
 * </ul>
 *
 * Vectors are keyed by class name, so a class has the same vectors in every preset and dataset of a seed and
 * dimension. Thread-safe: vectors are cached lazily, and two threads that race on one compute the same values.
 */
final class World {
  private final long seed;
  private final int streamDim;
  private final FeatureParams params;
  private final Map<String, double[]> cache = new ConcurrentHashMap<>();

  World(long seed, int streamDim, FeatureParams params) {
    if (streamDim < 1) {
      throw new IllegalArgumentException("stream dimension must be >= 1, got " + streamDim);
    }
    this.seed = seed;
    this.streamDim = streamDim;
    this.params = params;
  }

  int streamDim() {
    return streamDim;
  }

  FeatureParams params() {
    return params;
  }

  double[] scene(int stream, String label) {
    String key = "mixed-scene/" + label + "/" + stream; // not a normal() key: those end in the stream
    double[] v = cache.get(key);
    if (v == null) {
      double f = params.familyShare();
      double[] fam = normal("family/" + ClassFamilies.of(label), stream);
      double[] own = normal("scene/" + label, stream);
      v = new double[streamDim];
      double a = Math.sqrt(f);
      double b = Math.sqrt(1 - f);
      for (int i = 0; i < streamDim; i++) {
        v[i] = a * fam[i] + b * own[i];
      }
      cache.putIfAbsent(key, v);
    }
    return v;
  }

  double[] action(int stream, String label) {
    return normal("action/" + label, stream);
  }

  double[] phase(int stream, String label, int phase) {
    return normal("phase" + phase + "/" + label, stream);
  }

  double[] motion(int stream) {
    return normal("motion", stream);
  }

  double[] background(int stream, int k) {
    return normal("background/" + k, stream);
  }

  double[] bias(int stream) {
    String key = "shifted-bias/" + stream;
    double[] v = cache.get(key);
    if (v == null) {
      double[] z = normal("bias", stream);
      v = new double[streamDim];
      for (int i = 0; i < streamDim; i++) {
        v[i] = params.bias() + params.biasStd() * z[i];
      }
      cache.putIfAbsent(key, v);
    }
    return v;
  }

  /** The cached standard normal vector "world/" + name + "/" + stream (keys are distinct from the derived ones). */
  private double[] normal(String name, int stream) {
    String key = "world/" + name + "/" + stream;
    double[] v = cache.get(key);
    if (v == null) {
      SynthRandom rng = SynthRandom.of(seed, key);
      v = new double[streamDim];
      for (int i = 0; i < streamDim; i++) {
        v[i] = rng.nextGaussian();
      }
      cache.putIfAbsent(key, v);
    }
    return v;
  }
}

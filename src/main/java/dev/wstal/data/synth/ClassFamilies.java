package dev.wstal.data.synth;

import java.util.Map;

/**
 * Families of THUMOS'14 classes that share a venue, and so part of their scene vector: the seven track-and-field
 * events, the two cricket actions, the two diving classes, and the two net/court ball sports. A class outside the
 * table is a family of its own.
 */
final class ClassFamilies {
  private static final Map<String, String> FAMILY = Map.ofEntries(
      Map.entry("HammerThrow", "athletics"),
      Map.entry("HighJump", "athletics"),
      Map.entry("JavelinThrow", "athletics"),
      Map.entry("LongJump", "athletics"),
      Map.entry("PoleVault", "athletics"),
      Map.entry("Shotput", "athletics"),
      Map.entry("ThrowDiscus", "athletics"),
      Map.entry("CricketBowling", "cricket"),
      Map.entry("CricketShot", "cricket"),
      Map.entry("CliffDiving", "diving"),
      Map.entry("Diving", "diving"),
      Map.entry("BasketballDunk", "court"),
      Map.entry("VolleyballSpiking", "court"));

  private ClassFamilies() {}

  /** The family of a class: its table entry, else "class:" + its name. */
  static String of(String label) {
    return FAMILY.getOrDefault(label, "class:" + label);
  }
}

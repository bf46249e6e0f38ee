package dev.wstal.data.synth;

/** Where a preset's videos, durations and instances come from. */
public sealed interface Layout permits ThumosLayout, SmallLayout {
  /** The videos for {@code seed}: the same seed gives the same plan. */
  DatasetPlan plan(long seed);
}

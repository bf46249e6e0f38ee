package dev.wstal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wstal.data.SnippetClock.CentredWindow;
import dev.wstal.data.SnippetClock.Convention;
import dev.wstal.data.SnippetClock.Snippet16At25;
import dev.wstal.data.SnippetClock.WtalcRounded;
import org.junit.jupiter.api.Test;

/**
 * {@link SnippetClock} against hand-worked values; every expected double is what Python 3 prints for the same
 * expression in binary64 (e.g. {@code 16*1000/(24*750*25)}), and every rounding is Python 3's half-even
 * {@code round}. Doubles are compared bit for bit.
 */
class SnippetClockTest {
  private static void assertBits(double expected, double actual) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
        "expected " + expected + ", got " + actual);
  }

  @Test
  void snippet16KeepsUpTo750SnippetsAndResamplesLongerVideos() {
    Snippet16At25 short750 = SnippetClock.snippet16At25(750, 750, 24);
    assertEquals(750, short750.sampled());
    assertBits(0.02666666666666667, short750.timeFactor()); // 16·750/(24·750·25)
    Snippet16At25 long1000 = SnippetClock.snippet16At25(1000, 750, 24);
    assertEquals(750, long1000.sampled());
    assertBits(0.035555555555555556, long1000.timeFactor()); // 16·1000/(24·750·25)
    assertEquals(100, SnippetClock.snippet16At25(100, 750, 24).sampled());
    assertEquals(50, SnippetClock.snippet16At25(120, 50, 24).sampled(), "CoLA ActivityNet samples 50");
    assertEquals(Convention.SNIPPET16_AT25, long1000.convention());
  }

  @Test
  void snippet16SegmentBoundsUseFirstAndLastPlusOne() {
    Snippet16At25 c = SnippetClock.snippet16At25(1000, 750, 24);
    assertBits(0.8533333333333333, c.segmentStart(24)); // 24·tf
    assertBits(1.7066666666666666, c.segmentEnd(47)); // (47 + 1)·tf
    assertBits(0.0, c.segmentStart(0));
    assertBits(c.segmentEnd(47), c.toSeconds(48));
    // BaS-Net resamples a 100-snippet video to 750 as well.
    Snippet16At25 basnet = new Snippet16At25(100, 750, 24);
    assertBits(0.0035555555555555557, basnet.timeFactor());
    assertBits(0.035555555555555556, basnet.segmentStart(10));
    // Without resampling or upsampling, snippet i starts at 0.64·i.
    Snippet16At25 plain = new Snippet16At25(750, 750, 1);
    assertBits(0.64, plain.timeFactor());
    assertBits(1.92, plain.segmentStart(3));
  }

  @Test
  void groundTruthToSnippetRoundsHalfToEven() {
    Snippet16At25 c = SnippetClock.snippet16At25(750, 750, 24);
    assertEquals(2, c.toSnippet(1.6)); // 1.6·25/16 = 2.5 → 2 (Math.round would give 3)
    assertEquals(8, c.toSnippet(4.8)); // 7.5 → 8
    assertEquals(0, c.toSnippet(0.32)); // 0.5 → 0
    assertEquals(4, c.toSnippet(2.24)); // 2.24·25 = 56.00000000000001, /16 = 3.5000000000000004 → 4
    assertEquals(2, c.toSnippet(1.12)); // 1.7500000000000002 → 2
    assertThrows(IllegalArgumentException.class, () -> c.toSnippet(Double.NaN));
  }

  @Test
  void wtalcRoundedI3dAndUnt() {
    assertEquals(Convention.WTALC_ROUNDED, WtalcRounded.I3D.convention());
    assertEquals(2, WtalcRounded.I3D.toSnippet(1.6));
    assertEquals(8, WtalcRounded.I3D.toSnippet(4.8));
    assertEquals(2, WtalcRounded.UNT.toSnippet(1.0)); // 10/4 = 2.5 → 2
    assertEquals(4, WtalcRounded.UNT.toSnippet(1.4)); // 14/4 = 3.5 → 4
    assertEquals(0, WtalcRounded.UNT.toSnippet(0.2)); // 0.5 → 0
    assertEquals(2, WtalcRounded.UNT.toSnippet(0.6)); // 1.5 → 2
    assertEquals(1, WtalcRounded.UNT.toSnippet(0.5)); // 1.25 → 1
    assertBits(16.0, WtalcRounded.I3D.toSeconds(25));
    assertBits(4.48, WtalcRounded.I3D.toSeconds(7));
    assertBits(1.2, WtalcRounded.UNT.toSeconds(3));
    assertThrows(IllegalArgumentException.class, () -> new WtalcRounded(0, 16));
  }

  @Test
  void centredWindowThumos() {
    CentredWindow c = SnippetClock.centredWindowThumos(30, 100);
    assertEquals(Convention.CENTRED_WINDOW, c.convention());
    assertBits(0.26666666666666666, c.toSeconds(0)); // (0·4 + 8)/30
    assertBits(-0.0, c.toSeconds(-5)); // -0.4 clamped by ×0, as the reference's segs[segs <= 0] *= 0
    assertBits(100.0, c.toSeconds(1000)); // 133.6 clamped to the duration
    assertBits(5.5, c.toIndex(1.0)); // (30 − 8)/4
    CentredWindow ntsc = SnippetClock.centredWindowThumos(29.97, Double.NaN);
    assertBits(1.6016016016016017, ntsc.toSeconds(10));
    assertBits(16.73125, ntsc.toIndex(2.5));
    assertBits(1334.934934934935, ntsc.toSeconds(10000)); // NaN duration: no upper clamp
  }

  @Test
  void centredWindowResized() {
    CentredWindow c = SnippetClock.centredWindowResized(100, 16, 16, 192, 25, 1000);
    assertBits(8.333333333333334, c.stride()); // (99·16 + 16)/192
    assertBits(8.333333333333334, c.numFrames());
    assertBits(0.16666666666666669, c.toSeconds(0));
    assertBits(63.83333333333334, c.toSeconds(191));
    assertBits(8.499999999999998, c.toIndex(3.0));
  }

  @Test
  void argumentErrors() {
    assertThrows(IllegalArgumentException.class, () -> SnippetClock.snippet16At25(0, 750, 24));
    assertThrows(IllegalArgumentException.class, () -> new Snippet16At25(10, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> SnippetClock.centredWindowThumos(0, 10));
    assertThrows(IllegalArgumentException.class, () -> SnippetClock.centredWindowResized(0, 16, 16, 192, 25, 1));
    assertThrows(IllegalArgumentException.class, () -> SnippetClock.sampledLength(5, 0));
  }
}

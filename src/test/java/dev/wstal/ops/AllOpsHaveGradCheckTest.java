package dev.wstal.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.autograd.Op;
import dev.wstal.check.GradCheck;
import dev.wstal.check.OpCase;
import dev.wstal.check.OpCatalog;
import java.io.File;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reflection coverage: every class of {@code dev.wstal.ops} (ops and documented composites) is exercised by a case
 * of {@link OpCatalog}, and every case passes the float64 gradient check for several seeds. The per-op properties
 * over random shapes live in {@link OpGradientPropertiesTest}.
 */
class AllOpsHaveGradCheckTest {
  /** Shared plumbing, not an op. */
  private static final Set<String> NOT_OPS = Set.of("Primitives");

  static List<Class<?>> opsPackageClasses() throws URISyntaxException, ClassNotFoundException {
    File dir = new File(Op.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    File ops = new File(dir, "dev/wstal/ops");
    List<Class<?>> out = new ArrayList<>();
    String[] names = ops.list();
    assertTrue(names != null && names.length > 0, "no classes found under " + ops);
    Arrays.sort(names);
    for (String n : names) {
      if (n.endsWith(".class") && !n.contains("$")) {
        out.add(Class.forName("dev.wstal.ops." + n.substring(0, n.length() - 6)));
      }
    }
    return out;
  }

  @Test
  void everyOpClassIsCoveredByTheCatalogue() throws Exception {
    Set<String> covered = new HashSet<>();
    for (OpCase c : OpCatalog.all()) {
      covered.addAll(Arrays.asList(c.covers()));
    }
    Set<String> missing = new TreeSet<>();
    int opSubclasses = 0;
    for (Class<?> k : opsPackageClasses()) {
      if (NOT_OPS.contains(k.getSimpleName())) {
        continue;
      }
      if (Op.class.isAssignableFrom(k) && !Modifier.isAbstract(k.getModifiers())) {
        opSubclasses++;
      }
      if (!covered.contains(k.getSimpleName())) {
        missing.add(k.getSimpleName());
      }
    }
    assertTrue(missing.isEmpty(), "ops without a catalogue gradient check: " + missing);
    assertTrue(opSubclasses >= 30, "expected the primitive ops to be found, found " + opSubclasses);
  }

  @Test
  void everyCatalogueCasePassesForSeveralSeeds() {
    List<String> failures = new ArrayList<>();
    for (OpCase c : OpCatalog.all()) {
      for (long seed = 0; seed < 3; seed++) {
        GradCheck.Report r = GradCheck.check(c.fn(), c.inputs().apply(seed));
        if (!r.passed()) {
          failures.add(c.name() + " seed " + seed + ": " + r.message());
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void catalogueNamesAreUnique() {
    Set<String> seen = new HashSet<>();
    for (OpCase c : OpCatalog.all()) {
      assertTrue(seen.add(c.name()), "duplicate case name " + c.name());
    }
  }
}

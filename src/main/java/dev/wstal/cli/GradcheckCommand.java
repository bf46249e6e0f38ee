package dev.wstal.cli;

import dev.wstal.check.GradCheck;
import dev.wstal.check.OpCase;
import dev.wstal.check.OpCatalog;
import dev.wstal.tensor.DType;
import dev.wstal.tensor.Tensor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code wstal gradcheck [OP|all]}: runs {@link GradCheck#check} on the cases of {@link OpCatalog#all()} and prints
 * one row per case. Exit code 0 when every case passes, 1 when one fails, 2 for an unknown case name.
 */
@Command(
    name = "gradcheck",
    description = {
      "Check every op's analytic gradient against central differences in float64 (eps 1e-6, atol 1e-5, rtol 1e-3).",
      "The |analytic-numeric|, 'at' and 'of tol' columns show GradCheck's worst element: the Jacobian entry with the"
          + " largest ratio |analytic-numeric| / (atol + rtol*|numeric|); a check passes when that ratio is at most 1."
    })
final class GradcheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "OP",
      description = "A case name from the op catalogue, or 'all' (default).")
  String op;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the input generators (default: ${DEFAULT-VALUE}).")
  long seed;

  private final List<OpCase> catalogue;

  GradcheckCommand() {
    this(OpCatalog.all());
  }

  /** With another catalogue (tests). */
  GradcheckCommand(List<OpCase> catalogue) {
    this.catalogue = catalogue;
  }

  @Override
  public Integer call() {
    List<OpCase> cases = select();
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    rows.add(new String[] {
      "op", "input shapes", "|analytic-numeric|", "of tol", "at (input[element] -> output)", "result"});
    for (OpCase c : cases) {
      String shapes = "?";
      GradCheck.Report r;
      try {
        Tensor[] inputs = c.inputs().apply(seed);
        shapes = Arrays.stream(inputs).map(GradcheckCommand::shape).collect(Collectors.joining(" "));
        r = GradCheck.check(c.fn(), inputs);
      } catch (RuntimeException e) {
        r = new GradCheck.Report(false, e.toString(), -1, -1, -1, Double.NaN, Double.NaN, Double.NaN);
      }
      boolean located = r.worstInput() >= 0 && r.worstIndex() >= 0 && r.worstOutput() >= 0;
      rows.add(new String[] {
        c.name(),
        shapes,
        located ? String.format(Locale.ROOT, "%.3e", Math.abs(r.analytic() - r.numeric())) : "-",
        located ? String.format(Locale.ROOT, "%.1e", r.worstRatio()) : "-",
        located ? r.worstInput() + "[" + r.worstIndex() + "] -> " + r.worstOutput() : "-",
        r.passed() ? "PASS" : "FAIL"
      });
      if (!r.passed()) {
        failures.add(c.name() + ": " + r.message());
      }
    }
    TextTable.print(out, rows, false);
    for (String f : failures) {
      out.println(f);
    }
    out.printf("%d passed, %d failed (seed %d)%n", cases.size() - failures.size(), failures.size(), seed);
    out.flush();
    return failures.isEmpty() ? 0 : 1;
  }

  private List<OpCase> select() {
    if (op.equals("all")) {
      return catalogue;
    }
    for (OpCase c : catalogue) {
      if (c.name().equalsIgnoreCase(op)) {
        return List.of(c);
      }
    }
    String names = catalogue.stream().map(OpCase::name).collect(Collectors.joining(", "));
    throw new ParameterException(spec.commandLine(), "unknown op '" + op + "'; valid names: all, " + names);
  }

  private static String shape(Tensor t) {
    String dims = Arrays.stream(t.shape()).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    return t.dtype() == DType.F64 ? dims : dims + t.dtype().name().toLowerCase();
  }
}

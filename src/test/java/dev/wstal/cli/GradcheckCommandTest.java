package dev.wstal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wstal.autograd.Ctx;
import dev.wstal.autograd.Op;
import dev.wstal.check.OpCase;
import dev.wstal.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GradcheckCommandTest extends Cli {
  /** y = 2x with a backward that forgets the factor 2. */
  static final class WrongDouble extends Op {
    @Override
    protected Tensor forward(Ctx ctx, Tensor... in) {
      return in[0].mul(2.0);
    }

    @Override
    protected Tensor[] backward(Ctx ctx, Tensor g) {
      return new Tensor[] {g};
    }
  }

  @Test
  void oneOpPasses() {
    Run r = run("gradcheck", "add");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertEquals("", r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("op "), r.out());
    assertTrue(lines[0].contains("|analytic-numeric|"), r.out());
    assertTrue(lines[1].startsWith("add "), r.out());
    assertTrue(lines[1].contains("[2,3] [3]"), r.out());
    assertTrue(lines[1].endsWith("PASS"), r.out());
    assertTrue(r.out().contains("1 passed, 0 failed (seed 0)"), r.out());
  }

  @Test
  void namesMatchIgnoringCaseAndTheSeedIsUsed() {
    Run r = run("gradcheck", "--seed", "7", "LOGSOFTMAX");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("logSoftmax"), r.out());
    assertTrue(r.out().contains("1 passed, 0 failed (seed 7)"), r.out());
  }

  @Test
  void indexInputsAreMarked() {
    Run r = run("gradcheck", "gather");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("[2,4] [2,3]i32"), r.out());
  }

  @Test
  void unknownOpExitsTwoNamingItAndTheValidNames() {
    Run r = run("gradcheck", "nosuchop");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("unknown op 'nosuchop'"), r.err());
    assertTrue(r.err().contains("valid names: all, add, sub"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aWrongGradientFailsWithExitOne() {
    OpCase wrong =
        new OpCase("wrongDouble", new String[] {"WrongDouble"}, t -> new WrongDouble().apply(t[0]),
            s -> new Tensor[] {Tensor.randn(s, 2, 2)});
    OpCase good =
        new OpCase("double", new String[] {"Mul"}, t -> t[0].mul(2.0), s -> new Tensor[] {Tensor.randn(s, 3)});
    Run r = run(new CommandLine(new GradcheckCommand(List.of(good, wrong))), "all");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("wrongDouble: gradcheck: Jacobian mismatch"), r.out());
    assertTrue(r.out().contains("1 passed, 1 failed"), r.out());
    String row = r.out().lines().filter(l -> l.startsWith("wrongDouble ")).findFirst().orElseThrow();
    assertTrue(row.endsWith("FAIL"), row);
    assertTrue(row.contains("1.000e+00"), row);
  }

  @Test
  void aCaseThatThrowsIsReportedAsAFailure() {
    OpCase broken =
        new OpCase("broken", new String[] {}, t -> t[0].matmul(t[0]), s -> new Tensor[] {Tensor.randn(s, 2, 3)});
    Run r = run(new CommandLine(new GradcheckCommand(List.of(broken))), "broken");
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("broken: java.lang.IllegalArgumentException: matmul"), r.out());
  }
}

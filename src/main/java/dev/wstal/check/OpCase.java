package dev.wstal.check;

import dev.wstal.tensor.Tensor;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * One gradient-checkable use of an op: a function of tensors and a seeded generator of inputs that keeps values
 * away from the op's kinks and ties (farther than the finite-difference step).
 *
 * @param name a short name for tables and the command line
 * @param covers the op classes (simple names) this case exercises
 * @param fn the function under test
 * @param inputs seeded input generator
 */
public record OpCase(String name, String[] covers, Function<Tensor[], Tensor> fn, LongFunction<Tensor[]> inputs) {}

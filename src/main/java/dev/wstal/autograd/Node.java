package dev.wstal.autograd;

import dev.wstal.tensor.Tensor;

/** One recorded application of an op: the op, its context and its inputs. Held by the op's output. */
public final class Node {
  final Op op;
  final Ctx ctx;
  final Tensor[] inputs;

  Node(Op op, Ctx ctx, Tensor[] inputs) {
    this.op = op;
    this.ctx = ctx;
    this.inputs = inputs;
  }

  /** The op's name, for error messages and graph dumps. */
  public String opName() {
    return op.name();
  }
}

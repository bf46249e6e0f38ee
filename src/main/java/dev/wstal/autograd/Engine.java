package dev.wstal.autograd;

import dev.wstal.tensor.Shape;
import dev.wstal.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode sweep over the recorded graph. The topological order comes from an iterative depth-first search
 * (long temporal graphs would overflow a recursive one); gradients of a node used on several paths are summed
 * before its backward runs; gradients the ops return in a broadcast shape are summed back to the input shape here
 * and nowhere else; what a backward returns is validated (count, shape, device).
 */
public final class Engine {
  private Engine() {}

  static void attach(Tensor out, Node node) {
    out.attachGradFn(node);
  }

  /**
   * Back-propagates {@code seed} (the gradient of some scalar with respect to {@code root}) into the leaves that
   * require a gradient. Without {@code retainGraph} the saved buffers are released as each node finishes.
   */
  public static void backward(Tensor root, Tensor seed, boolean retainGraph) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "backward: the tensor does not require a gradient (no input of the graph has requiresGrad(true))");
    }
    if (!root.shapeObject().equals(seed.shapeObject())) {
      throw new IllegalArgumentException(
          "backward: seed shape " + seed.shapeObject() + " does not match output shape " + root.shapeObject());
    }
    Node rootNode = root.gradFn();
    if (rootNode == null) {
      root.accumulateGrad(seed);
      return;
    }
    List<Node> order = topologicalOrder(rootNode);
    Map<Node, Tensor> pending = new IdentityHashMap<>();
    pending.put(rootNode, seed);
    try (Grad g = Grad.disabled()) {
      for (int n = order.size() - 1; n >= 0; n--) {
        Node node = order.get(n);
        Tensor gradOut = pending.remove(node);
        if (gradOut == null) {
          continue;
        }
        Tensor[] grads = node.op.backward(node.ctx, gradOut);
        validate(node, grads);
        for (int i = 0; i < node.inputs.length; i++) {
          Tensor input = node.inputs[i];
          if (grads[i] == null || !input.requiresGrad()) {
            continue;
          }
          Tensor gi = grads[i].sumTo(input.shapeObject());
          Node producer = input.gradFn();
          if (producer == null) {
            input.accumulateGrad(gi);
          } else {
            pending.merge(producer, gi, Tensor::add);
          }
        }
        if (!retainGraph) {
          node.ctx.release();
        }
      }
    }
  }

  private static List<Node> topologicalOrder(Node root) {
    List<Node> order = new ArrayList<>();
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    seen.put(root, Boolean.TRUE);
    while (!stack.isEmpty()) {
      Object[] top = stack.peek();
      Node node = (Node) top[0];
      if (node.ctx.isReleased()) {
        throw new IllegalStateException(
            node.opName() + ": backward through a graph whose saved buffers were released by an earlier "
                + "backward(); call backward(seed, true) the first time to keep the graph for a second pass");
      }
      int next = (Integer) top[1];
      if (next < node.inputs.length) {
        top[1] = next + 1;
        Node child = node.inputs[next].gradFn();
        if (child != null && seen.put(child, Boolean.TRUE) == null) {
          stack.push(new Object[] {child, 0});
        }
      } else {
        stack.pop();
        order.add(node);
      }
    }
    return order;
  }

  private static void validate(Node node, Tensor[] grads) {
    if (grads == null || grads.length != node.inputs.length) {
      throw new IllegalStateException(
          node.opName() + ": backward returned " + (grads == null ? "null" : grads.length + " gradients")
              + " for " + node.inputs.length + " inputs");
    }
    for (int i = 0; i < grads.length; i++) {
      Tensor g = grads[i];
      if (g == null) {
        continue;
      }
      Shape want = node.inputs[i].shapeObject();
      if (!want.broadcastsTo(g.shapeObject())) {
        throw new IllegalStateException(
            node.opName() + ": backward returned a gradient of shape " + g.shapeObject() + " for input " + i
                + " of shape " + want);
      }
      if (!g.device().equals(node.inputs[i].device())) {
        throw new IllegalStateException(
            node.opName() + ": backward returned a gradient on " + g.device() + " for input " + i + " on "
                + node.inputs[i].device());
      }
    }
  }
}

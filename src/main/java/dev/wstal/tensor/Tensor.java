package dev.wstal.tensor;

import dev.wstal.autograd.Engine;
import dev.wstal.autograd.Grad;
import dev.wstal.autograd.Node;
import dev.wstal.backend.Backend;
import dev.wstal.backend.Backends;
import dev.wstal.backend.Buffer;
import dev.wstal.backend.RandomKind;
import dev.wstal.ops.Abs;
import dev.wstal.ops.Add;
import dev.wstal.ops.Clamp;
import dev.wstal.ops.Concat;
import dev.wstal.ops.Convolution1d;
import dev.wstal.ops.CosineSimilarity;
import dev.wstal.ops.Div;
import dev.wstal.ops.Exp;
import dev.wstal.ops.Expand;
import dev.wstal.ops.Gather;
import dev.wstal.ops.Gelu;
import dev.wstal.ops.IndexSelect;
import dev.wstal.ops.Log;
import dev.wstal.ops.LogSoftmax;
import dev.wstal.ops.MatMul;
import dev.wstal.ops.Max;
import dev.wstal.ops.Mean;
import dev.wstal.ops.Min;
import dev.wstal.ops.Mul;
import dev.wstal.ops.Neg;
import dev.wstal.ops.Permute;
import dev.wstal.ops.Pow;
import dev.wstal.ops.PowScalar;
import dev.wstal.ops.Relu;
import dev.wstal.ops.Reshape;
import dev.wstal.ops.ScatterAdd;
import dev.wstal.ops.Sigmoid;
import dev.wstal.ops.Sign;
import dev.wstal.ops.Slice;
import dev.wstal.ops.Softmax;
import dev.wstal.ops.Sqrt;
import dev.wstal.ops.Stack;
import dev.wstal.ops.Sub;
import dev.wstal.ops.Sum;
import dev.wstal.ops.Tanh;
import dev.wstal.ops.TopK;
import dev.wstal.ops.Where;
import java.util.Arrays;

/**
 * An n-dimensional array on one device, contiguous and row-major, with an optional gradient. Tensors are
 * immutable values: every method returns a new tensor (and records a graph node when gradients are on). The
 * methods here are thin calls into the op classes of {@code dev.wstal.ops}.
 */
public final class Tensor {
  private final Backend backend;
  private final Buffer buffer;
  private final Shape shape;
  private boolean requiresGrad;
  private Tensor grad;
  private Node gradFn;

  private Tensor(Backend backend, Buffer buffer, Shape shape) {
    if (buffer.size() != shape.numel()) {
      throw new IllegalArgumentException(
          "tensor: buffer of " + buffer.size() + " elements does not match shape " + shape);
    }
    this.backend = backend;
    this.buffer = buffer;
    this.shape = shape;
  }

  // ---- construction -------------------------------------------------------------------------------------------

  /** Wraps a backend buffer (for ops and backends; the buffer must not be modified afterwards). */
  public static Tensor wrap(Backend backend, Buffer buffer, Shape shape) {
    return new Tensor(backend, buffer, shape);
  }

  /** A zero-filled tensor with the given backend's storage. */
  public static Tensor empty(Backend backend, DType dtype, Shape shape) {
    return new Tensor(backend, backend.allocate(dtype, shape.numel()), shape);
  }

  /** A CPU float64 tensor holding a copy of {@code data} in row-major order. */
  public static Tensor of(double[] data, int... shape) {
    Shape s = Shape.of(shape);
    if (data.length != s.numel()) {
      throw new IllegalArgumentException(
          "Tensor.of: data has " + data.length + " elements but shape " + s + " needs " + s.numel());
    }
    Backend cpu = Backends.cpu();
    return new Tensor(cpu, cpu.upload(data, DType.F64), s);
  }

  /** A 0-dimensional tensor. */
  public static Tensor scalar(double value) {
    return of(new double[] {value});
  }

  /** An integer tensor (indices for gather, scatter and index-select). */
  public static Tensor indices(int[] data, int... shape) {
    Shape s = Shape.of(shape);
    if (data.length != s.numel()) {
      throw new IllegalArgumentException(
          "Tensor.indices: data has " + data.length + " elements but shape " + s + " needs " + s.numel());
    }
    double[] values = new double[data.length];
    for (int i = 0; i < data.length; i++) {
      values[i] = data[i];
    }
    Backend cpu = Backends.cpu();
    return new Tensor(cpu, cpu.upload(values, DType.I32), s);
  }

  public static Tensor zeros(int... shape) {
    return empty(Backends.cpu(), DType.F64, Shape.of(shape));
  }

  public static Tensor ones(int... shape) {
    return full(1.0, shape);
  }

  public static Tensor full(double value, int... shape) {
    Tensor t = zeros(shape);
    t.backend.fill(t.buffer, value);
    return t;
  }

  /** Standard-normal samples, the same for the same seed and shape. */
  public static Tensor randn(long seed, int... shape) {
    Tensor t = zeros(shape);
    t.backend.random(RandomKind.NORMAL, seed, t.buffer);
    return t;
  }

  /** U[0, 1) samples, the same for the same seed and shape. */
  public static Tensor rand(long seed, int... shape) {
    Tensor t = zeros(shape);
    t.backend.random(RandomKind.UNIFORM, seed, t.buffer);
    return t;
  }

  /** 0, 1, …, n − 1. */
  public static Tensor arange(int n) {
    return arange(0, n, 1);
  }

  /** start, start + step, … while below {@code end} (above it for a negative step), like NumPy. */
  public static Tensor arange(double start, double end, double step) {
    if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
      throw new IllegalArgumentException(
          "arange: start, end and step must be finite and step non-zero, got start=" + start + " end=" + end
              + " step=" + step);
    }
    int n = (int) Math.max(0, Math.ceil((end - start) / step));
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i * step;
    }
    return of(v, n);
  }

  public Tensor zerosLike() {
    return empty(backend, dtype(), shape);
  }

  public Tensor onesLike() {
    return fullLike(1.0);
  }

  public Tensor fullLike(double value) {
    Tensor t = empty(backend, dtype(), shape);
    backend.fill(t.buffer, value);
    return t;
  }

  // ---- properties ---------------------------------------------------------------------------------------------

  /** The dimensions (a copy). */
  public int[] shape() {
    return shape.dims();
  }

  public Shape shapeObject() {
    return shape;
  }

  public int rank() {
    return shape.rank();
  }

  public int dim(int axis) {
    return shape.dim(axis);
  }

  public long numel() {
    return shape.numel();
  }

  public DType dtype() {
    return buffer.dtype();
  }

  public Device device() {
    return backend.device();
  }

  public Backend backend() {
    return backend;
  }

  public Buffer buffer() {
    return buffer;
  }

  /** The single value of a one-element tensor. */
  public double item() {
    if (shape.numel() != 1) {
      throw new IllegalStateException("item: tensor of shape " + shape + " has " + shape.numel() + " elements");
    }
    return backend.download(buffer)[0];
  }

  /** A row-major copy of the values. */
  public double[] toArray() {
    return backend.download(buffer);
  }

  /**
   * A copy on {@code target} (this tensor itself when it is already there), with floating data in the target
   * backend's float type. The copy is a new leaf: gradients do not flow across devices.
   */
  public Tensor to(Device target) {
    if (target.equals(device())) {
      return this;
    }
    Backend b = Backends.forDevice(target);
    DType dtype = dtype().isFloating() ? b.floatType() : dtype();
    return new Tensor(b, b.upload(backend.download(buffer), dtype), shape);
  }

  // ---- autograd -----------------------------------------------------------------------------------------------

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** Marks a leaf as needing a gradient; returns this tensor. */
  public Tensor requiresGrad(boolean value) {
    if (gradFn != null) {
      throw new IllegalStateException(
          "requiresGrad: only leaf tensors can change requiresGrad; this one is the output of "
              + gradFn.opName() + " (use detach())");
    }
    if (value && !dtype().isFloating()) {
      throw new IllegalArgumentException("requiresGrad: integer tensors (" + dtype() + ") have no gradient");
    }
    requiresGrad = value;
    return this;
  }

  /** The accumulated gradient of a leaf, or null before any backward reached it. */
  public Tensor grad() {
    return grad;
  }

  /** Forgets the accumulated gradient. */
  public void zeroGrad() {
    grad = null;
  }

  public boolean isLeaf() {
    return gradFn == null;
  }

  /** The node that produced this tensor, or null for a leaf. */
  public Node gradFn() {
    return gradFn;
  }

  /** Internal to the engine: records the node that produced this tensor. */
  public void attachGradFn(Node node) {
    if (gradFn != null) {
      throw new IllegalStateException("attachGradFn: tensor already has a producer " + gradFn.opName());
    }
    gradFn = node;
    requiresGrad = true;
  }

  /** Internal to the engine: adds a gradient into this leaf's {@link #grad()}. */
  public void accumulateGrad(Tensor g) {
    try (Grad off = Grad.disabled()) {
      grad = grad == null ? g.detach() : grad.add(g);
    }
  }

  /** The same values, cut from the graph. */
  public Tensor detach() {
    return new Tensor(backend, buffer, shape);
  }

  /** Back-propagates from a one-element tensor (seed 1). */
  public void backward() {
    if (shape.numel() != 1) {
      throw new IllegalStateException(
          "backward: a seed is needed for a non-scalar output of shape " + shape + "; call backward(seed)");
    }
    backward(fullLike(1.0));
  }

  public void backward(Tensor seed) {
    backward(seed, false);
  }

  /** With {@code retainGraph}, the saved buffers survive so that backward can run through the graph again. */
  public void backward(Tensor seed, boolean retainGraph) {
    Engine.backward(this, seed, retainGraph);
  }

  // ---- elementwise --------------------------------------------------------------------------------------------

  public Tensor add(Tensor o) {
    return new Add().apply(this, o);
  }

  public Tensor sub(Tensor o) {
    return new Sub().apply(this, o);
  }

  public Tensor mul(Tensor o) {
    return new Mul().apply(this, o);
  }

  public Tensor div(Tensor o) {
    return new Div().apply(this, o);
  }

  public Tensor pow(Tensor exponent) {
    return new Pow().apply(this, exponent);
  }

  public Tensor add(double s) {
    return add(scalarLike(s));
  }

  public Tensor sub(double s) {
    return sub(scalarLike(s));
  }

  public Tensor mul(double s) {
    return mul(scalarLike(s));
  }

  public Tensor div(double s) {
    return div(scalarLike(s));
  }

  /** A 0-d tensor on this tensor's backend. */
  public Tensor scalarLike(double s) {
    Tensor t = empty(backend, dtype(), Shape.scalar());
    backend.fill(t.buffer, s);
    return t;
  }

  public Tensor pow(double exponent) {
    return new PowScalar(exponent).apply(this);
  }

  public Tensor neg() {
    return new Neg().apply(this);
  }

  public Tensor exp() {
    return new Exp().apply(this);
  }

  public Tensor log() {
    return new Log().apply(this);
  }

  public Tensor sqrt() {
    return new Sqrt().apply(this);
  }

  public Tensor abs() {
    return new Abs().apply(this);
  }

  public Tensor sign() {
    return new Sign().apply(this);
  }

  /** Clamps to [min, max]; use ±Infinity for a one-sided clamp. */
  public Tensor clamp(double min, double max) {
    return new Clamp(min, max).apply(this);
  }

  public Tensor relu() {
    return new Relu().apply(this);
  }

  public Tensor sigmoid() {
    return new Sigmoid().apply(this);
  }

  public Tensor tanh() {
    return new Tanh().apply(this);
  }

  /** Exact GELU, x·Φ(x). */
  public Tensor gelu() {
    return new Gelu(Gelu.Approximation.NONE).apply(this);
  }

  public Tensor gelu(Gelu.Approximation approximation) {
    return new Gelu(approximation).apply(this);
  }

  /** cond ≠ 0 ? a : b, broadcast; {@code cond} gets no gradient. */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    return new Where().apply(cond, a, b);
  }

  // ---- reductions ---------------------------------------------------------------------------------------------

  public Tensor sum() {
    return new Sum(null, false).apply(this);
  }

  public Tensor sum(int axis, boolean keepdim) {
    return new Sum(new int[] {axis}, keepdim).apply(this);
  }

  public Tensor sum(int[] axes, boolean keepdim) {
    return new Sum(axes, keepdim).apply(this);
  }

  public Tensor mean() {
    return new Mean(null, false).apply(this);
  }

  public Tensor mean(int axis, boolean keepdim) {
    return new Mean(new int[] {axis}, keepdim).apply(this);
  }

  public Tensor mean(int[] axes, boolean keepdim) {
    return new Mean(axes, keepdim).apply(this);
  }

  public Tensor max() {
    return new Max(null, false).apply(this);
  }

  public Tensor max(int axis, boolean keepdim) {
    return new Max(new int[] {axis}, keepdim).apply(this);
  }

  public Tensor max(int[] axes, boolean keepdim) {
    return new Max(axes, keepdim).apply(this);
  }

  public Tensor min() {
    return new Min(null, false).apply(this);
  }

  public Tensor min(int axis, boolean keepdim) {
    return new Min(new int[] {axis}, keepdim).apply(this);
  }

  public Tensor min(int[] axes, boolean keepdim) {
    return new Min(axes, keepdim).apply(this);
  }

  public Tensor softmax(int axis) {
    return new Softmax(axis).apply(this);
  }

  public Tensor logSoftmax(int axis) {
    return new LogSoftmax(axis).apply(this);
  }

  /** Sums a broadcast gradient back to {@code target}, a shape that broadcasts to this one. */
  public Tensor sumTo(Shape target) {
    if (shape.equals(target)) {
      return this;
    }
    if (!target.broadcastsTo(shape)) {
      throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + shape);
    }
    int lead = shape.rank() - target.rank();
    int[] axes = new int[shape.rank()];
    int count = 0;
    for (int d = 0; d < shape.rank(); d++) {
      if (d < lead || (target.dim(d - lead) == 1 && shape.dim(d) != 1)) {
        axes[count++] = d;
      }
    }
    return sum(Arrays.copyOf(axes, count), true).reshape(target.dims());
  }

  // ---- linear algebra -----------------------------------------------------------------------------------------

  /** Matrix product with NumPy semantics: 1-D operands are promoted, batch dimensions broadcast. */
  public Tensor matmul(Tensor o) {
    return MatMul.product(this, o);
  }

  // ---- movement -----------------------------------------------------------------------------------------------

  /** Same data, new shape; one dimension may be −1 (inferred). */
  public Tensor reshape(int... dims) {
    return new Reshape(dims).apply(this);
  }

  public Tensor permute(int... axes) {
    return new Permute(axes).apply(this);
  }

  public Tensor transpose(int a, int b) {
    return new Permute(Permute.swap(rank(), a, b)).apply(this);
  }

  /** Elements start, start + step, … below end along {@code axis}; negative start and end count from the end. */
  public Tensor slice(int axis, int start, int end, int step) {
    return new Slice(axis, start, end, step).apply(this);
  }

  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  /** Broadcasts to {@code dims} (NumPy {@code broadcast_to}); the gradient is summed back. */
  public Tensor expand(int... dims) {
    return new Expand(dims).apply(this);
  }

  /** Inserts a dimension of size 1 at {@code axis}. */
  public Tensor unsqueeze(int axis) {
    int r = rank() + 1;
    int a = axis < 0 ? axis + r : axis;
    if (a < 0 || a >= r) {
      throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for shape " + shape);
    }
    int[] dims = new int[r];
    for (int i = 0, j = 0; i < r; i++) {
      dims[i] = i == a ? 1 : shape.dim(j++);
    }
    return reshape(dims);
  }

  /** Removes a dimension of size 1. */
  public Tensor squeeze(int axis) {
    int a = shape.normalizeAxis(axis, "squeeze");
    if (shape.dim(a) != 1) {
      throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + shape + " is not 1");
    }
    int[] dims = new int[rank() - 1];
    for (int i = 0, j = 0; i < rank(); i++) {
      if (i != a) {
        dims[j++] = shape.dim(i);
      }
    }
    return reshape(dims);
  }

  public static Tensor concat(int axis, Tensor... tensors) {
    return new Concat(axis).apply(tensors);
  }

  public static Tensor stack(int axis, Tensor... tensors) {
    return Stack.apply(axis, tensors);
  }

  public Tensor indexSelect(int axis, Tensor index) {
    return new IndexSelect(axis).apply(this, index);
  }

  public Tensor gather(int axis, Tensor index) {
    return new Gather(axis).apply(this, index);
  }

  /** This tensor plus {@code src} scattered along {@code axis} at {@code index} (PyTorch {@code scatter_add}). */
  public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
    return new ScatterAdd(axis).apply(this, index, src);
  }

  // ---- neural-network functions -------------------------------------------------------------------------------

  /** k largest along {@code axis}: values (differentiable) and indices; ties go to the lower index. */
  public TopK.Result topk(int k, int axis) {
    return TopK.apply(this, k, axis, true);
  }

  /** Cosine similarity along {@code axis}: Σab / (max(‖a‖, eps)·max(‖b‖, eps)). */
  public Tensor cosineSimilarity(Tensor o, int axis, double eps) {
    return CosineSimilarity.apply(this, o, axis, eps);
  }

  /** 1-D convolution of [B, Cin, L] with weight [Cout, Cin/groups, K] and optional bias [Cout]. */
  public Tensor conv1d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    return Convolution1d.apply(this, weight, bias, stride, padding, dilation, groups);
  }

  @Override
  public String toString() {
    double[] v = toArray();
    String values = v.length <= 16 ? Arrays.toString(v) : Arrays.toString(Arrays.copyOf(v, 16)) + "...";
    return "Tensor" + shape + " " + dtype() + " on " + device() + " " + values
        + (requiresGrad ? " (requiresGrad)" : "");
  }
}

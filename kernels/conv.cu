// The conv_ family (owner H4): im2col, col2im and the max-pool arg-max of 1-D signals [batch, channels, length],
// the CUDA twins of CpuConv. Launched by dev.wstal.backend.cuda.CudaConv. Geometry as Conv1dGeometry: column row
// c*kernel + j, tap j of output position t reads position t*stride + j*dilation - padding (0 outside [0, length)).

// cols[((bc*kernel + j)*outLength + t)] = x[bc*length + pos] (0 in the padding), one thread per column entry,
// total = batch*channels*kernel*outLength. Params: x, cols, total, length, kernel, stride, padding, dilation,
// outLength.
extern "C" __global__ void conv_im2col(const float* x, float* cols, int total, int length, int kernel, int stride,
                                       int padding, int dilation, int outLength) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= total) return;
  const int t = i % outLength;
  const int rest = i / outLength;
  const int j = rest % kernel;
  const int bc = rest / kernel;
  const long long pos = static_cast<long long>(t) * stride + static_cast<long long>(j) * dilation - padding;
  cols[i] = pos >= 0 && pos < length ? x[static_cast<long long>(bc) * length + pos] : 0.0f;
}

// The adjoint of im2col in gather form: x[bc*length + pos] += every column entry that reads it, taps j in
// increasing order (CpuConv's order for one sample), one thread per sample, total = batch*channels*length.
// Accumulates into x. Params: cols, x, total, length, kernel, stride, padding, dilation, outLength.
extern "C" __global__ void conv_col2im(const float* cols, float* x, int total, int length, int kernel, int stride,
                                       int padding, int dilation, int outLength) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= total) return;
  const int pos = i % length;
  const long long bc = i / length;
  float acc = x[i];
  for (int j = 0; j < kernel; ++j) {
    // pos = t*stride + j*dilation - padding, solved for an integral t in [0, outLength).
    const long long shifted = static_cast<long long>(pos) + padding - static_cast<long long>(j) * dilation;
    if (shifted < 0 || shifted % stride != 0) continue;
    const long long t = shifted / stride;
    if (t >= outLength) continue;
    acc += cols[(bc * kernel + j) * outLength + t];
  }
  x[i] = acc;
}

// For each (row, t) of rows = batch*channels and t < outLength, the position of the window's maximum:
// the first maximum, a NaN beats any number (the first NaN wins), padding never wins. The host rejects geometries
// with a window entirely in the padding. Params: x, outIndex (int32 [rows*outLength]), total = rows*outLength,
// length, kernel, stride, padding, dilation, outLength.
extern "C" __global__ void conv_maxpool1d_indices(const float* x, int* outIndex, int total, int length, int kernel,
                                                  int stride, int padding, int dilation, int outLength) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= total) return;
  const int t = i % outLength;
  const long long rowBase = static_cast<long long>(i / outLength) * length;
  int best = -1;
  float bestValue = -INFINITY;
  for (int j = 0; j < kernel; ++j) {
    const long long pos = static_cast<long long>(t) * stride - padding + static_cast<long long>(j) * dilation;
    if (pos < 0 || pos >= length) continue;
    const float v = x[rowBase + pos];
    if (best < 0 || v > bestValue || (v != v && bestValue == bestValue)) {
      best = static_cast<int>(pos);
      bestValue = v;
    }
  }
  outIndex[i] = best;
}

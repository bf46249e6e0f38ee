// The one translation unit that kernels/build.sh compiles into wstal.fatbin. Each family file holds its own
// extern "C" __global__ kernels, named with the family prefix (ew_, idx_, red_, conv_, sgemm_, topk_, sop_, softdp_),
// and keeps its device helpers in its own namespace, so the families can share this unit without clashing.
// One unit means one module to load (cuModuleLoadData) and one nvcc run per build.
#include "common.cuh"
#include "elementwise.cu"
#include "indexing.cu"
#include "reduce.cu"
#include "conv.cu"
#include "sgemm.cu"
#include "topk_mil.cu"
#include "second_order.cu"
#include "softdp.cu"

// The kernels' object of the CPU engine: kernels/wstal.cu (or the self-test's kernels) compiled as host C++
// (build.sh force-includes cuda_shim.h and names the source in WSTAL_EMU_KERNELS_SOURCE), plus the table of its
// kernels that build.sh generated from the preprocessed source.
#include WSTAL_EMU_KERNELS_SOURCE
#include "registry.h"

#define WSTAL_EMU_KERNEL(name, bounds)                                                           \
  {#name, &::wstal_emu::invoke_entry<&name>, static_cast<int>(bounds), ::wstal_emu::param_count(&name), \
   ::wstal_emu::ParamSizes<decltype(&name)>::value},

namespace {

const wstal_emu::KernelEntry kKernels[] = {
#include "kernels.gen.inc"
};

}  // namespace

// Defined in dynamic_shared.gen.S: every `extern __shared__` array of the kernels is an alias of this block.
extern __thread unsigned char wstal_emu_dynamic_shared_block[];

extern "C" __attribute__((visibility("default"))) const wstal_emu::KernelEntry* wstal_emu_kernel_table(int* count) {
  *count = static_cast<int>(sizeof(kKernels) / sizeof(kKernels[0]));
  return kKernels;
}

extern "C" __attribute__((visibility("default"))) void* wstal_emu_dynamic_shared(size_t* capacity) {
  *capacity = WSTAL_EMU_DYNAMIC_SHARED_CAPACITY;
  return wstal_emu_dynamic_shared_block;
}

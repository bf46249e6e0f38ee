// The kernel table that the kernels' shared object (libwstal-emu-kernels.so) exports to the engine. build.sh
// generates one WSTAL_EMU_KERNEL line per `extern "C" __global__` kernel of kernels/wstal.cu; the templates below
// unpack cuLaunchKernel's void** into each kernel's real parameter types, so no code is written per kernel.
#ifndef WSTAL_EMU_REGISTRY_H
#define WSTAL_EMU_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include <type_traits>
#include <utility>

namespace wstal_emu {

struct KernelEntry {
  const char* name;
  void (*invoke)(void* const* params);  // calls the kernel with *(T_i*)params[i] for each parameter
  int max_threads;                      // __launch_bounds__'s first argument, or 1024
  int param_count;
  const uint32_t* param_sizes;          // sizeof of each parameter type
};

template <typename... Args, size_t... I>
inline void call_with(void (*kernel)(Args...), void* const* params, std::index_sequence<I...>) {
  kernel(*static_cast<std::remove_cv_t<std::remove_reference_t<Args>>*>(params[I])...);
}

template <typename... Args>
constexpr int param_count(void (*)(Args...)) {
  return static_cast<int>(sizeof...(Args));
}

template <typename F>
struct ParamSizes;

template <typename... Args>
struct ParamSizes<void (*)(Args...)> {
  static constexpr uint32_t value[sizeof...(Args) + 1] = {static_cast<uint32_t>(sizeof(Args))..., 0u};
};

template <typename... Args>
void invoke_kernel(void (*kernel)(Args...), void* const* params) {
  call_with(kernel, params, std::index_sequence_for<Args...>{});
}

template <auto Kernel>
void invoke_entry(void* const* params) {
  invoke_kernel(Kernel, params);
}

}  // namespace wstal_emu

extern "C" {
// The table of every kernel in the shared object, and its length.
const wstal_emu::KernelEntry* wstal_emu_kernel_table(int* count);
// This OS thread's dynamic shared memory block (every `extern __shared__` array aliases it) and its capacity.
void* wstal_emu_dynamic_shared(size_t* capacity);
}

#endif  // WSTAL_EMU_REGISTRY_H

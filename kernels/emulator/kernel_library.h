// The kernels' shared object (libwstal-emu-kernels.so beside libcuda.so.1): kernels/wstal.cu compiled as host C++
// and its kernel table, loaded once by the stand-in driver.
#ifndef WSTAL_EMU_KERNEL_LIBRARY_H
#define WSTAL_EMU_KERNEL_LIBRARY_H

#include <stddef.h>

#include <string>

#include "registry.h"

namespace wstal_emu {

struct KernelLibrary {
  std::string error;  // empty when loaded
  std::string path;
  const KernelEntry* table = nullptr;
  int count = 0;
  void* (*dynamic_shared)(size_t* capacity) = nullptr;
  size_t dynamic_capacity = 0;  // of the dynamic shared block, the same on every thread

  const KernelEntry* find(const char* name) const;
};

const KernelLibrary& kernel_library();

}  // namespace wstal_emu

#endif  // WSTAL_EMU_KERNEL_LIBRARY_H

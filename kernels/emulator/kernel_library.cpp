#include "kernel_library.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

namespace wstal_emu {
namespace {

KernelLibrary load() {
  KernelLibrary lib;
  // A program that links kernels in itself (the self-test) provides the table directly.
  auto linked = reinterpret_cast<const KernelEntry* (*)(int*)>(dlsym(RTLD_DEFAULT, "wstal_emu_kernel_table"));
  auto linked_shared = reinterpret_cast<void* (*)(size_t*)>(dlsym(RTLD_DEFAULT, "wstal_emu_dynamic_shared"));
  if (linked != nullptr && linked_shared != nullptr) {
    lib.path = "the program itself";
    lib.table = linked(&lib.count);
    lib.dynamic_shared = linked_shared;
    lib.dynamic_shared(&lib.dynamic_capacity);
    return lib;
  }
  Dl_info self;
  if (dladdr(reinterpret_cast<void*>(&kernel_library), &self) == 0 || self.dli_fname == nullptr) {
    lib.error = "cannot find the directory of the stand-in libcuda.so.1";
    return lib;
  }
  char resolved[4096];
  std::string dir = realpath(self.dli_fname, resolved) != nullptr ? resolved : self.dli_fname;
  const size_t slash = dir.rfind('/');
  dir = slash == std::string::npos ? std::string(".") : dir.substr(0, slash);
  lib.path = dir + "/libwstal-emu-kernels.so";
  void* handle = dlopen(lib.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    lib.error = "cannot load the kernels' object " + lib.path + ": " + (why != nullptr ? why : "unknown error");
    return lib;
  }
  auto table = reinterpret_cast<const KernelEntry* (*)(int*)>(dlsym(handle, "wstal_emu_kernel_table"));
  lib.dynamic_shared = reinterpret_cast<void* (*)(size_t*)>(dlsym(handle, "wstal_emu_dynamic_shared"));
  if (table == nullptr || lib.dynamic_shared == nullptr) {
    lib.error = lib.path + " lacks the engine's entry points (built by another version of kernels/emulator?)";
    return lib;
  }
  lib.table = table(&lib.count);
  lib.dynamic_shared(&lib.dynamic_capacity);  // once, on the loading thread
  return lib;
}

}  // namespace

const KernelEntry* KernelLibrary::find(const char* name) const {
  for (int i = 0; i < count; ++i) {
    if (strcmp(table[i].name, name) == 0) return &table[i];
  }
  return nullptr;
}

const KernelLibrary& kernel_library() {
  static const KernelLibrary lib = load();
  return lib;
}

}  // namespace wstal_emu

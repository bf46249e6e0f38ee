// Modules, functions, streams and launches of the stand-in driver. A module is a loaded fatbin: its functions are
// the kernels the fatbin holds, each run by the engine's host build of the same kernel. A name the fatbin lacks, or
// a kernel whose parameter sizes differ between the fatbin and the engine, is CUDA_ERROR_NOT_FOUND, so that a jar
// and an engine built from different kernel sources never run each other's code.
#include <string.h>

#include <map>
#include <memory>
#include <set>
#include <vector>

#include "driver_state.h"
#include "engine.h"
#include "fatbin.h"
#include "kernel_library.h"

struct wstal_emu_function {
  const wstal_emu::KernelEntry* kernel;
  uint32_t static_shared;
  int max_dynamic_shared;  // cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES); 48 KiB minus static by default
};

struct wstal_emu_module {
  wstal_emu::Image image;
  std::map<std::string, std::unique_ptr<wstal_emu_function>> functions;
};

struct wstal_emu_stream {
  unsigned flags;
};

namespace wstal_emu {
namespace {

std::mutex handles_mutex;
std::set<CUmodule> modules;
std::set<CUstream> streams;

bool known_module(CUmodule m) {
  std::lock_guard<std::mutex> lock(handles_mutex);
  return modules.count(m) != 0;
}

bool known_stream(CUstream s) {
  if (s == nullptr) return true;  // the legacy default stream
  std::lock_guard<std::mutex> lock(handles_mutex);
  return streams.count(s) != 0;
}

std::string sizes_text(const uint32_t* sizes, size_t n) {
  std::string s = "(";
  for (size_t i = 0; i < n; ++i) s += (i > 0 ? ", " : "") + std::to_string(sizes[i]);
  return s + ")";
}

// The function for `name`, or an error message.
std::string resolve(wstal_emu_module* m, const char* name, std::unique_ptr<wstal_emu_function>* out) {
  auto in_image = m->image.kernels.find(name);
  if (in_image == m->image.kernels.end()) {
    return std::string("no kernel ") + name + " in the loaded image (" + std::to_string(m->image.kernels.size()) +
           " kernels)";
  }
  const KernelEntry* k = kernel_library().find(name);
  if (k == nullptr) {
    return std::string("kernel ") + name + " is in the image but not in the engine's kernels (" +
           kernel_library().path + "): the jar and the engine were built from different kernel sources; rebuild "
           "the engine (kernels/emulator/build.sh)";
  }
  const std::vector<uint32_t>& image_sizes = in_image->second.param_sizes;
  if (image_sizes.size() != static_cast<size_t>(k->param_count) ||
      memcmp(image_sizes.data(), k->param_sizes, image_sizes.size() * sizeof(uint32_t)) != 0) {
    return std::string("kernel ") + name + " has parameter sizes " +
           sizes_text(image_sizes.data(), image_sizes.size()) + " in the image but " +
           sizes_text(k->param_sizes, static_cast<size_t>(k->param_count)) +
           " in the engine: the jar and the engine were built from different kernel sources";
  }
  const uint32_t static_shared = in_image->second.static_shared_bytes;
  out->reset(new wstal_emu_function{k, static_shared, kSharedPerBlock - static_cast<int>(static_shared)});
  return std::string();
}

}  // namespace
}  // namespace wstal_emu

using namespace wstal_emu;


WSTAL_EXPORT CUresult cuModuleLoadData(CUmodule* module, const void* image) {
  REQUIRE_INIT();
  if (module == nullptr || image == nullptr) return CUDA_ERROR_INVALID_VALUE;
  std::unique_ptr<wstal_emu_module> m(new wstal_emu_module());
  std::string error;
  if (!read_image(image, &m->image, &error)) return fail("cuModuleLoadData", CUDA_ERROR_INVALID_IMAGE, error);
  std::lock_guard<std::mutex> lock(handles_mutex);
  *module = m.release();
  modules.insert(*module);
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuModuleLoadDataEx(CUmodule* module, const void* image, unsigned, void*, void**) {
  return cuModuleLoadData(module, image);
}

WSTAL_EXPORT CUresult cuModuleUnload(CUmodule module) {
  REQUIRE_INIT();
  {
    std::lock_guard<std::mutex> lock(handles_mutex);
    if (modules.erase(module) == 0) return CUDA_ERROR_INVALID_HANDLE;
  }
  std::lock_guard<std::mutex> stream(stream_lock());
  delete module;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuModuleGetFunction(CUfunction* function, CUmodule module, const char* name) {
  REQUIRE_INIT();
  if (function == nullptr || name == nullptr) return CUDA_ERROR_INVALID_VALUE;
  if (!known_module(module)) return CUDA_ERROR_INVALID_HANDLE;
  std::lock_guard<std::mutex> lock(handles_mutex);
  auto it = module->functions.find(name);
  if (it == module->functions.end()) {
    std::unique_ptr<wstal_emu_function> f;
    const std::string error = resolve(module, name, &f);
    if (!error.empty()) return fail("cuModuleGetFunction", CUDA_ERROR_NOT_FOUND, error);
    it = module->functions.emplace(name, std::move(f)).first;
  }
  *function = it->second.get();
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuFuncSetAttribute(CUfunction f, int attribute, int value) {
  REQUIRE_INIT();
  if (f == nullptr) return CUDA_ERROR_INVALID_HANDLE;
  switch (attribute) {
    case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
      if (value < 0 || value > kSharedPerBlockOptIn - static_cast<int>(f->static_shared)) {
        return fail("cuFuncSetAttribute", CUDA_ERROR_INVALID_VALUE,
                    std::string(f->kernel->name) + ": " + std::to_string(value) + " bytes of dynamic shared memory "
                    "exceed the device's " + std::to_string(kSharedPerBlockOptIn) + " per block minus the kernel's " +
                    std::to_string(f->static_shared) + " static bytes");
      }
      f->max_dynamic_shared = value;
      return CUDA_SUCCESS;
    case CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT:
      return CUDA_SUCCESS;  // a performance hint
    default:
      return fail("cuFuncSetAttribute", CUDA_ERROR_NOT_SUPPORTED,
                  "attribute " + std::to_string(attribute) + " is not emulated");
  }
}

WSTAL_EXPORT CUresult cuFuncGetAttribute(int* value, int attribute, CUfunction f) {
  REQUIRE_INIT();
  if (f == nullptr) return CUDA_ERROR_INVALID_HANDLE;
  switch (attribute) {
    case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *value = f->kernel->max_threads; return CUDA_SUCCESS;
    case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: *value = static_cast<int>(f->static_shared); return CUDA_SUCCESS;
    case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES: *value = f->max_dynamic_shared; return CUDA_SUCCESS;
    default:
      return fail("cuFuncGetAttribute", CUDA_ERROR_NOT_SUPPORTED,
                  "attribute " + std::to_string(attribute) + " is not emulated");
  }
}

WSTAL_EXPORT CUresult cuStreamCreate(CUstream* stream, unsigned flags) {
  REQUIRE_INIT();
  if (stream == nullptr) return CUDA_ERROR_INVALID_VALUE;
  std::lock_guard<std::mutex> lock(handles_mutex);
  *stream = new wstal_emu_stream{flags};
  streams.insert(*stream);
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuStreamDestroy_v2(CUstream stream) {
  REQUIRE_INIT();
  std::lock_guard<std::mutex> lock(handles_mutex);
  if (streams.erase(stream) == 0) return CUDA_ERROR_INVALID_HANDLE;
  delete stream;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuStreamSynchronize(CUstream stream) {
  REQUIRE_INIT();
  if (!known_stream(stream)) return CUDA_ERROR_INVALID_HANDLE;
  std::lock_guard<std::mutex> lock(stream_lock());
  return take_pending();
}

WSTAL_EXPORT CUresult cuStreamQuery(CUstream stream) { return cuStreamSynchronize(stream); }

WSTAL_EXPORT CUresult cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                                     unsigned bz, unsigned shared, CUstream stream, void** params, void** extra) {
  REQUIRE_INIT();
  if (f == nullptr) return CUDA_ERROR_INVALID_HANDLE;
  if (!known_stream(stream)) return CUDA_ERROR_INVALID_HANDLE;
  const char* name = f->kernel->name;
  if (extra != nullptr) return fail("cuLaunchKernel", CUDA_ERROR_NOT_SUPPORTED, "the `extra` argument is not emulated");
  if (params == nullptr && f->kernel->param_count > 0) {
    return fail("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE, std::string(name) + " takes parameters but got none");
  }
  const unsigned long long threads = 1ull * bx * by * bz;
  if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || bx > 1024 || by > 1024 || bz > 64 ||
      threads > 1024 || gx > 2147483647u || gy > 65535 || gz > 65535 || 1ull * gx * gy * gz > 0xffffffffull) {
    return fail("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE,
                std::string(name) + ": grid (" + std::to_string(gx) + "," + std::to_string(gy) + "," +
                std::to_string(gz) + ") x block (" + std::to_string(bx) + "," + std::to_string(by) + "," +
                std::to_string(bz) + ") is outside the device's limits");
  }
  if (threads > static_cast<unsigned long long>(f->kernel->max_threads)) {
    return fail("cuLaunchKernel", CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES,
                std::string(name) + ": " + std::to_string(threads) + " threads per block exceed its __launch_bounds__ "
                "of " + std::to_string(f->kernel->max_threads));
  }
  if (static_cast<long long>(shared) > f->max_dynamic_shared) {
    return fail("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE,
                std::string(name) + ": " + std::to_string(shared) + " bytes of dynamic shared memory exceed the " +
                std::to_string(f->max_dynamic_shared) + " it may use (more than " + std::to_string(kSharedPerBlock) +
                " bytes in all needs cuFuncSetAttribute(CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES) first)");
  }
  if (shared > kernel_library().dynamic_capacity) {
    return fail("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE, std::string(name) + ": dynamic shared memory above the "
                "engine's capacity");
  }
  LaunchConfig config{f->kernel, dim3{gx, gy, gz}, dim3{bx, by, bz}, shared, params};
  std::lock_guard<std::mutex> lock(stream_lock());
  const std::string error = run_launch(config);
  if (!error.empty()) set_pending(CUDA_ERROR_LAUNCH_FAILED);
  return CUDA_SUCCESS;
}

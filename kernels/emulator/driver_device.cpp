// Initialisation, the one device, primary contexts, versions and error names of the stand-in driver.
#include <string.h>
#include <unistd.h>

#include <atomic>
#include <set>

#include "driver_state.h"
#include "engine.h"
#include "kernel_library.h"

namespace wstal_emu {
namespace {

std::atomic<int> init_result{CUDA_ERROR_NOT_INITIALIZED};
std::atomic<int> pending{CUDA_SUCCESS};
struct wstal_emu_context_tag {
  int device = 0;
} primary;
std::atomic<int> primary_references{0};

CUcontext primary_context() { return reinterpret_cast<CUcontext>(&primary); }

}  // namespace

std::mutex& stream_lock() {
  static std::mutex m;
  return m;
}

CUresult initialised() { return init_result.load(); }

CUresult fail(const char* call, CUresult code, const std::string& message) {
  print_line("error", std::string(call) + ": " + message);
  return code;
}

void set_pending(CUresult code) { pending.store(code); }

CUresult take_pending() { return pending.exchange(CUDA_SUCCESS); }

}  // namespace wstal_emu

using namespace wstal_emu;


WSTAL_EXPORT CUresult cuInit(unsigned flags) {
  if (flags != 0) return fail("cuInit", CUDA_ERROR_INVALID_VALUE, "flags must be 0");
  const KernelLibrary& lib = kernel_library();
  if (!lib.error.empty()) {
    init_result = fail("cuInit", CUDA_ERROR_NOT_INITIALIZED, lib.error);
    return init_result;
  }
  init_result = CUDA_SUCCESS;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDriverGetVersion(int* version) {
  if (version == nullptr) return CUDA_ERROR_INVALID_VALUE;
  *version = WSTAL_EMU_DRIVER_VERSION;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDeviceGetCount(int* count) {
  REQUIRE_INIT();
  if (count == nullptr) return CUDA_ERROR_INVALID_VALUE;
  *count = 1;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDeviceGet(CUdevice* device, int ordinal) {
  REQUIRE_INIT();
  if (device == nullptr) return CUDA_ERROR_INVALID_VALUE;
  if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE;
  *device = 0;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDeviceGetName(char* name, int length, CUdevice device) {
  REQUIRE_INIT();
  if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
  if (name == nullptr || length <= 0) return CUDA_ERROR_INVALID_VALUE;
  strncpy(name, kDeviceName, static_cast<size_t>(length) - 1);
  name[length - 1] = 0;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDeviceComputeCapability(int* major, int* minor, CUdevice device) {
  REQUIRE_INIT();
  if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
  *major = kComputeMajor;
  *minor = kComputeMinor;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice device) {
  REQUIRE_INIT();
  if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
  if (value == nullptr) return CUDA_ERROR_INVALID_VALUE;
  switch (attribute) {
    case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *value = 1024; break;
    case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X: *value = 1024; break;
    case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y: *value = 1024; break;
    case CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z: *value = 64; break;
    case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X: *value = 2147483647; break;
    case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y: *value = 65535; break;
    case CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z: *value = 65535; break;
    case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK: *value = kSharedPerBlock; break;
    case CU_DEVICE_ATTRIBUTE_WARP_SIZE: *value = 32; break;
    case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: *value = settings().workers; break;
    case CU_DEVICE_ATTRIBUTE_INTEGRATED: *value = 1; break;
    case CU_DEVICE_ATTRIBUTE_CONCURRENT_KERNELS: *value = 0; break;
    case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR: *value = 2048; break;
    case CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING: *value = 1; break;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *value = kComputeMajor; break;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: *value = kComputeMinor; break;
    case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR: *value = 228 * 1024; break;
    case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: *value = kSharedPerBlockOptIn; break;
    default:
      return fail("cuDeviceGetAttribute", CUDA_ERROR_NOT_SUPPORTED,
                  "attribute " + std::to_string(attribute) + " is not emulated");
  }
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice device) {
  REQUIRE_INIT();
  if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
  *bytes = static_cast<size_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext* context, CUdevice device) {
  REQUIRE_INIT();
  if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
  if (context == nullptr) return CUDA_ERROR_INVALID_VALUE;
  ++primary_references;
  *context = primary_context();
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
  REQUIRE_INIT();
  if (device != 0) return CUDA_ERROR_INVALID_DEVICE;
  if (primary_references.fetch_sub(1) <= 0) {
    ++primary_references;
    return fail("cuDevicePrimaryCtxRelease", CUDA_ERROR_INVALID_CONTEXT, "the primary context is not retained");
  }
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuCtxSetCurrent(CUcontext context) {
  REQUIRE_INIT();
  if (context != nullptr && context != primary_context()) return CUDA_ERROR_INVALID_CONTEXT;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuCtxGetCurrent(CUcontext* context) {
  REQUIRE_INIT();
  *context = primary_references.load() > 0 ? primary_context() : nullptr;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuCtxGetDevice(CUdevice* device) {
  REQUIRE_INIT();
  *device = 0;
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuCtxSynchronize() {
  REQUIRE_INIT();
  std::lock_guard<std::mutex> lock(stream_lock());
  return take_pending();
}

namespace {

const char* error_name(CUresult code) {
  switch (code) {
    case CUDA_SUCCESS: return "CUDA_SUCCESS";
    case CUDA_ERROR_INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
    case CUDA_ERROR_OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
    case CUDA_ERROR_NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
    case CUDA_ERROR_DEINITIALIZED: return "CUDA_ERROR_DEINITIALIZED";
    case CUDA_ERROR_NO_DEVICE: return "CUDA_ERROR_NO_DEVICE";
    case CUDA_ERROR_INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
    case CUDA_ERROR_INVALID_IMAGE: return "CUDA_ERROR_INVALID_IMAGE";
    case CUDA_ERROR_INVALID_CONTEXT: return "CUDA_ERROR_INVALID_CONTEXT";
    case CUDA_ERROR_INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
    case CUDA_ERROR_NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
    case CUDA_ERROR_NOT_READY: return "CUDA_ERROR_NOT_READY";
    case CUDA_ERROR_ILLEGAL_ADDRESS: return "CUDA_ERROR_ILLEGAL_ADDRESS";
    case CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES: return "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
    case CUDA_ERROR_LAUNCH_FAILED: return "CUDA_ERROR_LAUNCH_FAILED";
    case CUDA_ERROR_NOT_SUPPORTED: return "CUDA_ERROR_NOT_SUPPORTED";
    default: return nullptr;
  }
}

}  // namespace

WSTAL_EXPORT CUresult cuGetErrorName(CUresult code, const char** name) {
  *name = error_name(code);
  return *name != nullptr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

WSTAL_EXPORT CUresult cuGetErrorString(CUresult code, const char** text) {
  *text = error_name(code);
  return *text != nullptr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

// Every cu* entry point JCuda imports but the engine does not emulate (build.sh generates them) ends here.
CUresult wstal_emu_not_supported(const char* name) {
  static std::mutex mutex;
  static std::set<std::string> reported;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!reported.insert(name).second) return CUDA_ERROR_NOT_SUPPORTED;
  }
  print_line("error", std::string(name) + " is not emulated by the CPU engine (CUDA_ERROR_NOT_SUPPORTED)");
  return CUDA_ERROR_NOT_SUPPORTED;
}

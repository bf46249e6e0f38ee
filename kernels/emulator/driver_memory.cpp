// Device memory of the stand-in driver: host memory of exactly the requested size (so that AddressSanitizer sees
// every byte past an allocation as out of bounds), 256-byte aligned like cuMemAlloc's, and poisoned when fresh.
// Copies and fills check that their range lies inside one allocation.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <map>

#include "block.h"
#include "driver_state.h"

namespace wstal_emu {
namespace {

std::mutex allocations_mutex;
std::map<uintptr_t, size_t> allocations;  // base -> bytes
size_t allocated = 0;

size_t memory_limit() {
  static const size_t limit = [] {
    const char* mb = getenv("WSTAL_EMU_MEMORY_MB");
    if (mb != nullptr && *mb != 0) return static_cast<size_t>(strtoull(mb, nullptr, 10)) << 20;
    return static_cast<size_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<size_t>(sysconf(_SC_PAGESIZE)) / 2;
  }();
  return limit;
}

// Whether [p, p + bytes) lies inside one live allocation.
bool inside(CUdeviceptr p, size_t bytes) {
  std::lock_guard<std::mutex> lock(allocations_mutex);
  auto it = allocations.upper_bound(static_cast<uintptr_t>(p));
  if (it == allocations.begin()) return false;
  --it;
  return p >= it->first && bytes <= it->second && p - it->first <= it->second - bytes;
}

std::string hex(unsigned long long v) {
  char buf[32];
  snprintf(buf, sizeof buf, "0x%llx", v);
  return buf;
}

CUresult check_range(const char* call, const char* what, CUdeviceptr p, size_t bytes) {
  if (inside(p, bytes)) return CUDA_SUCCESS;
  return fail(call, CUDA_ERROR_INVALID_VALUE,
              std::string(what) + " [" + hex(p) + ", +" + std::to_string(bytes) + " bytes) is not inside one device "
              "allocation");
}

void fill_words(void* p, size_t words, uint32_t value) {
  asm volatile("rep stosl" : "+D"(p), "+c"(words) : "a"(value) : "memory");
}

}  // namespace
}  // namespace wstal_emu

using namespace wstal_emu;


WSTAL_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr* out, size_t bytes) {
  REQUIRE_INIT();
  if (out == nullptr || bytes == 0) return CUDA_ERROR_INVALID_VALUE;
  {
    std::lock_guard<std::mutex> lock(allocations_mutex);
    if (bytes > memory_limit() - allocated) return CUDA_ERROR_OUT_OF_MEMORY;
    allocated += bytes;
  }
  void* p = nullptr;
  if (posix_memalign(&p, 256, bytes) != 0) {
    std::lock_guard<std::mutex> lock(allocations_mutex);
    allocated -= bytes;
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  fill_words(p, bytes / 4, kPoisonWord);  // unwritten device memory reads as NaN (a large negative int)
  if (bytes % 4 != 0) memset(static_cast<char*>(p) + bytes / 4 * 4, 0xA5, bytes % 4);
  std::lock_guard<std::mutex> lock(allocations_mutex);
  allocations[reinterpret_cast<uintptr_t>(p)] = bytes;
  *out = reinterpret_cast<CUdeviceptr>(p);
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuMemFree_v2(CUdeviceptr p) {
  REQUIRE_INIT();
  std::lock_guard<std::mutex> stream(stream_lock());  // cuMemFree waits for the device
  {
    std::lock_guard<std::mutex> lock(allocations_mutex);
    auto it = allocations.find(static_cast<uintptr_t>(p));
    if (it == allocations.end()) {
      return fail("cuMemFree", CUDA_ERROR_INVALID_VALUE, hex(p) + " is not the start of a device allocation");
    }
    allocated -= it->second;
    allocations.erase(it);
  }
  free(reinterpret_cast<void*>(p));
  return CUDA_SUCCESS;
}

WSTAL_EXPORT CUresult cuMemGetInfo_v2(size_t* free_bytes, size_t* total_bytes) {
  REQUIRE_INIT();
  std::lock_guard<std::mutex> lock(allocations_mutex);
  *total_bytes = memory_limit();
  *free_bytes = memory_limit() - allocated;
  return CUDA_SUCCESS;
}

namespace {

// Synchronous copies wait for the stream and report a failed launch's error first, as the real driver does.
CUresult copy(const char* call, void* dst, const void* src, size_t bytes, bool dst_device, bool src_device,
              bool synchronous) {
  if (initialised() != CUDA_SUCCESS) return initialised();
  std::lock_guard<std::mutex> lock(stream_lock());
  if (synchronous) {
    const CUresult pending = take_pending();
    if (pending != CUDA_SUCCESS) return pending;
  }
  if (bytes == 0) return CUDA_SUCCESS;
  if (dst_device) {
    const CUresult r = check_range(call, "the destination", reinterpret_cast<CUdeviceptr>(dst), bytes);
    if (r != CUDA_SUCCESS) return r;
  }
  if (src_device) {
    const CUresult r = check_range(call, "the source", reinterpret_cast<CUdeviceptr>(src), bytes);
    if (r != CUDA_SUCCESS) return r;
  }
  memmove(dst, src, bytes);
  return CUDA_SUCCESS;
}

CUresult fill(const char* call, CUdeviceptr dst, uint32_t value, size_t count, size_t unit) {
  if (initialised() != CUDA_SUCCESS) return initialised();
  std::lock_guard<std::mutex> lock(stream_lock());
  if (count == 0) return CUDA_SUCCESS;
  const CUresult r = check_range(call, "the destination", dst, count * unit);
  if (r != CUDA_SUCCESS) return r;
  if (unit == 4) {
    uint32_t* p = reinterpret_cast<uint32_t*>(dst);
    for (size_t i = 0; i < count; ++i) p[i] = value;
  } else {
    memset(reinterpret_cast<void*>(dst), static_cast<int>(value & 0xff), count);
  }
  return CUDA_SUCCESS;
}

}  // namespace

WSTAL_EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t bytes) {
  return copy("cuMemcpyHtoD", reinterpret_cast<void*>(dst), src, bytes, true, false, true);
}

WSTAL_EXPORT CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t bytes) {
  return copy("cuMemcpyDtoH", dst, reinterpret_cast<const void*>(src), bytes, false, true, true);
}

WSTAL_EXPORT CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes) {
  return copy("cuMemcpyDtoD", reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), bytes, true, true,
              false);
}

WSTAL_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t bytes, CUstream) {
  return copy("cuMemcpyHtoDAsync", reinterpret_cast<void*>(dst), src, bytes, true, false, false);
}

WSTAL_EXPORT CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, size_t bytes, CUstream) {
  return copy("cuMemcpyDtoHAsync", dst, reinterpret_cast<const void*>(src), bytes, false, true, false);
}

WSTAL_EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes, CUstream) {
  return copy("cuMemcpyDtoDAsync", reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), bytes, true,
              true, false);
}

WSTAL_EXPORT CUresult cuMemsetD32_v2(CUdeviceptr dst, unsigned value, size_t count) {
  return fill("cuMemsetD32", dst, value, count, 4);
}

WSTAL_EXPORT CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned value, size_t count, CUstream) {
  return fill("cuMemsetD32Async", dst, value, count, 4);
}

WSTAL_EXPORT CUresult cuMemsetD8_v2(CUdeviceptr dst, unsigned char value, size_t count) {
  return fill("cuMemsetD8", dst, value, count, 1);
}

WSTAL_EXPORT CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char value, size_t count, CUstream) {
  return fill("cuMemsetD8Async", dst, value, count, 1);
}

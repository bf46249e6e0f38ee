// State shared by the stand-in driver's entry points (driver_*.cpp): initialisation, the one ordered stream, the
// error that a failed launch leaves for the next synchronising call, and call-site reporting.
#ifndef WSTAL_EMU_DRIVER_STATE_H
#define WSTAL_EMU_DRIVER_STATE_H

#include <mutex>
#include <string>

#include "cuda_types.h"

namespace wstal_emu {

// What the device reports: a CPU, named so that nothing mistakes it for a GPU (benchmarks refuse it).
constexpr const char* kDeviceName = "wstal CPU emulator (not a GPU)";
constexpr int kComputeMajor = 9;  // the semantics emulated: sm_90's warp size, shared memory and limits
constexpr int kComputeMinor = 0;
constexpr int kSharedPerBlock = 48 * 1024;
constexpr int kSharedPerBlockOptIn = 227 * 1024;

// Every operation on device memory and every launch holds this lock: the engine's one stream runs them in order.
std::mutex& stream_lock();

// CUDA_SUCCESS once cuInit succeeded, else the reason code (CUDA_ERROR_NOT_INITIALIZED before cuInit).
CUresult initialised();

// Every entry point but cuInit and cuDriverGetVersion starts with this: before a successful cuInit, the reason.
#define REQUIRE_INIT()                                                                 \
  do {                                                                                 \
    if (::wstal_emu::initialised() != CUDA_SUCCESS) return ::wstal_emu::initialised(); \
  } while (0)

// Prints "wstal-emu: error: <call>: <message>" and returns `code`.
CUresult fail(const char* call, CUresult code, const std::string& message);

// The error of the last failed launch, returned (once) by the next synchronising call.
void set_pending(CUresult code);
CUresult take_pending();

}  // namespace wstal_emu

#endif  // WSTAL_EMU_DRIVER_STATE_H

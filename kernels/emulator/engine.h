// The CPU execution engine: runs one kernel launch, each block on one worker OS thread and each CUDA thread of a
// block as a fibre that runs until it reaches a barrier or a warp collective (so both have exact lockstep
// semantics), and reports misuse of barriers and collectives with the kernel, block, thread, lane, intrinsic and
// source line. Used by the stand-in driver (driver_module.cpp).
#ifndef WSTAL_EMU_ENGINE_H
#define WSTAL_EMU_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <string>

struct uint3 {
  unsigned x, y, z;
};

struct dim3 {
  unsigned x, y, z;
};

#include "engine_api.h"
#include "registry.h"

namespace wstal_emu {

enum class Schedule { kInOrder, kReverse, kRandom };

// Settings read once from the environment (docs/cuda.md lists them).
struct Settings {
  bool strict = false;                   // WSTAL_EMU_STRICT=1: undefined-but-tolerated cases become errors
  Schedule schedule = Schedule::kInOrder;  // WSTAL_EMU_SCHEDULE=inorder|reverse|random
  uint64_t seed = 1;                     // WSTAL_EMU_SEED, for the random schedule
  int workers = 0;                       // WSTAL_EMU_WORKERS: OS threads running blocks (0: one per CPU)
  size_t stack_bytes = 0;                // WSTAL_EMU_STACK_KB per fibre
  bool quiet = false;                    // WSTAL_EMU_QUIET=1: no warnings on stderr (errors are always printed)
};

const Settings& settings();

struct LaunchConfig {
  const KernelEntry* kernel;
  dim3 grid;
  dim3 block;
  size_t dynamic_shared_bytes;
  void* const* params;
};

// Runs every block of the launch to completion (synchronously). Returns an empty string on success, else the
// first error's one-line diagnostic (already printed to stderr).
std::string run_launch(const LaunchConfig& launch);

// Prints "wstal-emu: <kind>: <message>" to stderr as one line.
void print_line(const char* kind, const std::string& message);

}  // namespace wstal_emu

#endif  // WSTAL_EMU_ENGINE_H

// One worker OS thread and the block it is running: the block's fibres, their states, the runnable set and the
// barrier. block.cpp runs blocks and schedules fibres; sync.cpp implements the barrier and the warp collectives.
#ifndef WSTAL_EMU_BLOCK_H
#define WSTAL_EMU_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "engine.h"
#include "fibre.h"

namespace wstal_emu {

constexpr int kMaxThreads = 1024;
constexpr int kWarpSize = 32;
constexpr uint32_t kPoisonWord = 0xFFF5A5A5u;  // a NaN as float and (twice) as double; a large negative int

enum class State : uint8_t { kRunnable, kBarrier, kCollective, kExited };

struct Worker;

// Where a suspended fibre waits: the intrinsic and its call site.
struct Site {
  const char* intrinsic = nullptr;
  const char* file = nullptr;
  int line = 0;
};

struct Fibre {
  ThreadContext ctx;  // first member: current_context() points here, so a fibre is found from it
  Context context;
  Worker* worker = nullptr;
  int tid = 0;  // linear thread index in the block
  State state = State::kExited;
  Site site;
  // The collective it waits in.
  int kind = 0;
  unsigned mask = 0;
  uint64_t value = 0;
  int arg = 0;
  int width = 32;
  uint64_t result = 0;
  // ThreadSanitizer: what to acquire when resumed, and this lane's __syncwarp sync objects.
  void* acquire_on_resume = nullptr;
  unsigned syncwarp_epoch = 0;
  char syncwarp_sync[2] = {0, 0};
};

// The launch being run, shared by the workers.
struct LaunchState {
  const LaunchConfig* config = nullptr;
  uint64_t id = 0;
  uint32_t blocks = 0;
  int threads = 0;  // per block
  std::vector<uint32_t> order;  // block visiting order; empty means 0, 1, 2, ...
  std::atomic<uint32_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::string first_error;
  char start_sync = 0;  // ThreadSanitizer: the host's work before the launch happens before every thread
  char end_sync = 0;    // and every thread's work happens before the host's after it
};

struct Worker {
  int index = 0;
  Context main;  // the worker thread's own context
  Fibre* fibres = nullptr;  // kMaxThreads of them, in the global fibre map
  // The kernels' shared memory on this thread: the TLS segment of the kernels' object and, inside it, the
  // dynamic block that every `extern __shared__` array aliases.
  unsigned char* tls_lo = nullptr;
  size_t tls_size = 0;
  unsigned char* dynamic_shared = nullptr;
  size_t dynamic_capacity = 0;
  // The block being run.
  LaunchState* launch = nullptr;
  uint3 block_idx{0, 0, 0};
  int threads = 0;
  int live = 0;
  int at_barrier = 0;
  Site barrier_site;
  unsigned barrier_epoch = 0;
  uint64_t runnable[kMaxThreads / 64] = {};
  unsigned warp_live[kMaxThreads / kWarpSize] = {};     // lanes that exist and have not exited
  unsigned warp_waiting[kMaxThreads / kWarpSize] = {};  // lanes waiting in a collective
  uint64_t rng = 0;
  Fibre* current = nullptr;
  bool aborted = false;
  char barrier_sync[2] = {0, 0};
  // ThreadSanitizer: blocks on one worker reuse its shared memory in turn, so block n's threads happen before
  // block n + 1's; its threads release into chain_sync[n & 1] when they exit and the next block's acquire it.
  // (Acquiring the object its own block releases into would order the block's own threads.)
  uint64_t block_serial = 0;
  char chain_sync[2] = {0, 0};
};

// The fibre running on this thread.
inline Fibre* current_fibre() { return const_cast<Fibre*>(reinterpret_cast<const Fibre*>(current_context())); }

// Reserves the stacks of `workers` workers (kMaxThreads fibres each) and fills fibre_map; once, before any worker
// starts. Returns worker w's fibres as fibres + w * kMaxThreads.
Fibre* reserve_fibres(int workers);

void init_worker(Worker* w, int index, Fibre* fibres);
void run_block(Worker* w, LaunchState* launch, uint32_t linear_block);

// Scheduling, used by sync.cpp.
inline void set_runnable(Worker* w, int tid) { w->runnable[tid >> 6] |= 1ull << (tid & 63); }
inline void clear_runnable(Worker* w, int tid) { w->runnable[tid >> 6] &= ~(1ull << (tid & 63)); }
// Suspends `self` (not runnable any more, or runnable again) and runs the next runnable fibre; returns when `self`
// is resumed. Detects a stall (nothing runnable, threads still waiting) and aborts the block.
void schedule_next(Worker* w, Fibre* self);
// Records a launch error for `f` (null: the block) and abandons the block; never returns to the caller's fibre.
[[noreturn]] void abort_block(Worker* w, Fibre* f, const std::string& message);
// Completes the barrier when every live thread has arrived.
void complete_barrier_if_ready(Worker* w);
// Re-checks the collectives of thread `tid`'s warp after it exited.
void recheck_collectives_after_exit(Worker* w, int tid);
// Nothing can run: explains why, as one line.
std::string explain_stall(Worker* w);

// "kernel K, block (x,y,z), thread (x,y,z) (warp W, lane L)".
std::string where(const Worker* w, const Fibre* f);
// "file:line" of a call site, and "intrinsic at file:line".
std::string location(const Site& s);
std::string site_text(const Site& s);

}  // namespace wstal_emu

#endif  // WSTAL_EMU_BLOCK_H

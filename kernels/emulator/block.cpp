#include "block.h"

#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

#include "diagnostics.h"
#include "kernel_library.h"

namespace wstal_emu {

FibreMap fibre_map = {0, 0, nullptr};

namespace {

constexpr uint64_t kCanary = 0x57a15e6dc0ffee00ull;
constexpr size_t kGuardBytes = 4096;

uint64_t next_random(uint64_t* state) {  // splitmix64
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Fills with the poison word using `rep stos`, not a memset call, so that ThreadSanitizer does not record the
// engine's write as an access racing with the kernel's.
void poison(void* p, size_t bytes) {
  size_t words = bytes / 4;
  void* d = p;
  asm volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(kPoisonWord) : "memory");
  size_t rest = bytes % 4;
  asm volatile("rep stosb" : "+D"(d), "+c"(rest) : "a"(0xA5) : "memory");
}

// The TLS segment of the kernels' object on this thread, found as the PT_TLS block that holds the dynamic block.
struct TlsSearch {
  unsigned char* probe;
  unsigned char* lo = nullptr;
  size_t size = 0;
};

int find_tls(struct dl_phdr_info* info, size_t, void* data) {
  TlsSearch* s = static_cast<TlsSearch*>(data);
  if (info->dlpi_tls_data == nullptr) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    unsigned char* lo = static_cast<unsigned char*>(info->dlpi_tls_data);
    if (ph.p_type == PT_TLS && s->probe >= lo && s->probe < lo + ph.p_memsz) {
      s->lo = lo;
      s->size = ph.p_memsz;
      return 1;
    }
  }
  return 0;
}

void fibre_exit(Worker* w, Fibre* f);
void check_canary(Worker* w, Fibre* f);

void fibre_main(void* arg) {
  Fibre* f = static_cast<Fibre*>(arg);
  Worker* w = f->worker;
#if defined(WSTAL_EMU_ASAN)
  __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
#endif
  hb_acquire(&w->launch->start_sync);
  hb_acquire(&w->chain_sync[(w->block_serial - 1) & 1]);
  w->launch->config->kernel->invoke(w->launch->config->params);
  fibre_exit(w, f);
}

void fibre_exit(Worker* w, Fibre* f) {
  check_canary(w, f);  // once per thread: at every switch the cold stack bottom would cost a cache miss
  hb_release(&w->launch->end_sync);
  hb_release(&w->chain_sync[w->block_serial & 1]);
  f->state = State::kExited;
  clear_runnable(w, f->tid);
  w->warp_live[f->tid / kWarpSize] &= ~(1u << (f->tid % kWarpSize));
  --w->live;
  complete_barrier_if_ready(w);
  recheck_collectives_after_exit(w, f->tid);
  schedule_next(w, f);
  __builtin_unreachable();  // an exited fibre is never resumed
}

int first_set(const uint64_t* bits, int words) {  // lowest set bit, or -1
  for (int i = 0; i < words; ++i) {
    if (bits[i] != 0) return (i << 6) + __builtin_ctzll(bits[i]);
  }
  return -1;
}

int last_set(const uint64_t* bits, int to) {  // highest set bit <= to, or -1
  for (int i = to >> 6; i >= 0; --i) {
    uint64_t v = bits[i];
    if (i == (to >> 6) && (to & 63) != 63) v &= (2ull << (to & 63)) - 1;
    if (v != 0) return (i << 6) + 63 - __builtin_clzll(v);
  }
  return -1;
}

// The k-th set bit of the first `words` words (k < their popcount).
int nth_set(const uint64_t* bits, int words, int k) {
  for (int i = 0; i < words; ++i) {
    uint64_t v = bits[i];
    const int c = __builtin_popcountll(v);
    if (k < c) {
      for (; k > 0; --k) v &= v - 1;
      return (i << 6) + __builtin_ctzll(v);
    }
    k -= c;
  }
  return -1;
}

// The next fibre to run after `current` (-1 at the block's start), or -1 when none is runnable. In order: the
// lowest runnable thread index (so a warp runs on until it waits, and the working set stays one warp's fibres);
// reverse: the highest; random: a random runnable lane of the current warp, or when it has none a random runnable
// fibre (interleavings within a warp and the order of warps are random, and the working set stays small).
int pick(Worker* w, int current) {
  const int words = (w->threads + 63) / 64;
  switch (settings().schedule) {
    case Schedule::kInOrder:
      return first_set(w->runnable, words);
    case Schedule::kReverse:
      return last_set(w->runnable, w->threads - 1);
    case Schedule::kRandom: {
      if (current >= 0) {
        const int warp = current / kWarpSize;
        const uint64_t lanes = (w->runnable[warp / 2] >> ((warp % 2) * kWarpSize)) & 0xffffffffull;
        if (lanes != 0) {
          const int k = static_cast<int>(next_random(&w->rng) % static_cast<uint64_t>(__builtin_popcountll(lanes)));
          return warp * kWarpSize + nth_set(&lanes, 1, k);
        }
      }
      int count = 0;
      for (int i = 0; i < words; ++i) count += __builtin_popcountll(w->runnable[i]);
      if (count == 0) return -1;
      return nth_set(w->runnable, words, static_cast<int>(next_random(&w->rng) % static_cast<uint64_t>(count)));
    }
  }
  return -1;
}

void check_canary(Worker* w, Fibre* f) {
  const uint64_t* canary = static_cast<const uint64_t*>(f->context.stack_lo);
  if (*canary != kCanary) {
    char buf[160];
    snprintf(buf, sizeof buf, "the fibre's stack of %zu KiB overflowed (raise WSTAL_EMU_STACK_KB)",
             settings().stack_bytes / 1024);
    // The stack is damaged: report and leave without running more of this block.
    abort_block(w, f, buf);
  }
}

void switch_to_fibre(Worker* w, Context* from, Fibre* to, bool from_ends) {
  w->current = to;
  switch_context(from, &to->context, from_ends);
}

void leave_block(Worker* w, Fibre* from, bool from_ends) {
  w->current = nullptr;
  switch_context(&from->context, &w->main, from_ends);
}

}  // namespace

Fibre* reserve_fibres(int workers) {
  const size_t stride = settings().stack_bytes;  // a power of two, guard page included
  const size_t count = static_cast<size_t>(workers) * kMaxThreads;
  void* region = mmap(nullptr, stride * count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
  if (region == MAP_FAILED) {
    print_line("error", "cannot map " + std::to_string((stride * count) >> 20) + " MiB of fibre stacks");
    abort();
  }
  Fibre* fibres = new Fibre[count];
  const ThreadContext** contexts = new const ThreadContext*[count];
  char* stacks = static_cast<char*>(region);
  for (size_t i = 0; i < count; ++i) {
    char* lo = stacks + i * stride;
    mprotect(lo, kGuardBytes, PROT_NONE);  // a deep overflow faults instead of writing into the next stack
    Fibre& f = fibres[i];
    f.tid = static_cast<int>(i % kMaxThreads);
    f.context.stack_lo = lo + kGuardBytes;
    f.context.stack_size = stride - kGuardBytes;
    contexts[i] = &f.ctx;
  }
  fibre_map = FibreMap{reinterpret_cast<uintptr_t>(stacks), static_cast<unsigned>(__builtin_ctzll(stride)), contexts};
  return fibres;
}

void init_worker(Worker* w, int index, Fibre* fibres) {
  w->index = index;
  w->fibres = fibres;
  for (int i = 0; i < kMaxThreads; ++i) w->fibres[i].worker = w;
#if defined(WSTAL_EMU_TSAN)
  w->main.tsan_fiber = __tsan_get_current_fiber();
#endif
#if defined(WSTAL_EMU_ASAN)
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* lo = nullptr;
    size_t size = 0;
    pthread_attr_getstack(&attr, &lo, &size);
    w->main.stack_lo = lo;
    w->main.stack_size = size;
    pthread_attr_destroy(&attr);
  }
#endif
  // Touching the dynamic block allocates this thread's TLS segment of the kernels' object.
  w->dynamic_shared = static_cast<unsigned char*>(kernel_library().dynamic_shared(&w->dynamic_capacity));
  TlsSearch search{w->dynamic_shared};
  dl_iterate_phdr(find_tls, &search);
  w->tls_lo = search.lo;
  w->tls_size = search.size;
  if (w->tls_lo == nullptr && index == 0) {
    print_line("warning", "the kernels' thread-local segment was not found: static shared memory is not poisoned");
  }
}

void run_block(Worker* w, LaunchState* launch, uint32_t linear) {
  const LaunchConfig& cfg = *launch->config;
  w->launch = launch;
  w->block_serial++;
  w->block_idx = uint3{linear % cfg.grid.x, (linear / cfg.grid.x) % cfg.grid.y, linear / (cfg.grid.x * cfg.grid.y)};
  w->threads = launch->threads;
  w->live = launch->threads;
  w->at_barrier = 0;
  w->barrier_epoch = 0;
  w->aborted = false;
  w->rng = settings().seed ^ (launch->id * 0x9e3779b97f4a7c15ull) ^ (static_cast<uint64_t>(linear) << 32);
  memset(w->runnable, 0, sizeof w->runnable);
  memset(w->warp_live, 0, sizeof w->warp_live);
  memset(w->warp_waiting, 0, sizeof w->warp_waiting);

  // Shared memory starts as poison, as a GPU's holds whatever the last block left: the static arrays (the TLS
  // segment around the dynamic block) and the launch's dynamic bytes; past those, AddressSanitizer faults.
  if (w->tls_lo != nullptr) {
    poison(w->tls_lo, static_cast<size_t>(w->dynamic_shared - w->tls_lo));
    unsigned char* after = w->dynamic_shared + w->dynamic_capacity;
    poison(after, static_cast<size_t>(w->tls_lo + w->tls_size - after));
  }
#if defined(WSTAL_EMU_ASAN)
  __asan_unpoison_memory_region(w->dynamic_shared, cfg.dynamic_shared_bytes);
#endif
  poison(w->dynamic_shared, cfg.dynamic_shared_bytes);
#if defined(WSTAL_EMU_ASAN)
  __asan_poison_memory_region(w->dynamic_shared + cfg.dynamic_shared_bytes,
                              w->dynamic_capacity - cfg.dynamic_shared_bytes);
#endif

  const unsigned bx = cfg.block.x, by = cfg.block.y;
  for (int i = 0; i < w->threads; ++i) {
    Fibre& f = w->fibres[i];
    const unsigned t = static_cast<unsigned>(i);
    f.ctx.thread_idx = uint3{t % bx, (t / bx) % by, t / (bx * by)};
    f.ctx.block_idx = w->block_idx;
    f.ctx.block_dim = cfg.block;
    f.ctx.grid_dim = cfg.grid;
    f.state = State::kRunnable;
    f.site = Site{};
    f.acquire_on_resume = nullptr;
    f.syncwarp_epoch = 0;
    char* lo = const_cast<char*>(static_cast<const char*>(f.context.stack_lo));
#if defined(WSTAL_EMU_ASAN)
    __asan_unpoison_memory_region(lo, f.context.stack_size);  // an abandoned fibre may have left redzones
#endif
    *reinterpret_cast<uint64_t*>(lo) = kCanary;
    // Stack tops at different offsets modulo the page and the cache's set stride: equal offsets would put every
    // fibre's live frame into the same few cache sets, and each switch would miss.
    const size_t colour = (static_cast<size_t>(i) * 576u) % std::min<size_t>(16384u, f.context.stack_size / 4);
    f.context.sp = initial_frame(lo, f.context.stack_size - colour, fibre_main, &f);
    f.context.asan_fake_stack = nullptr;
#if defined(WSTAL_EMU_TSAN)
    // Created once and kept: creating ThreadSanitizer state costs system calls, and a block's threads already
    // happen after the previous block's on this worker (chain_sync).
    if (f.context.tsan_fiber == nullptr) f.context.tsan_fiber = __tsan_create_fiber(0);
#endif
    set_runnable(w, i);
    w->warp_live[i / kWarpSize] |= 1u << (i % kWarpSize);
  }

  const int first = pick(w, -1);
  switch_to_fibre(w, &w->main, &w->fibres[first], false);
  // Back when every thread exited or the block was abandoned.
#if defined(WSTAL_EMU_TSAN)
  if (w->aborted) {
    // Abandoned fibres never returned from their frames; fresh ThreadSanitizer state for the next block.
    for (int i = 0; i < w->threads; ++i) {
      __tsan_destroy_fiber(w->fibres[i].context.tsan_fiber);
      w->fibres[i].context.tsan_fiber = nullptr;
    }
  }
#endif
  w->launch = nullptr;
}

void schedule_next(Worker* w, Fibre* self) {
  const int next = pick(w, self->tid);
  if (next == self->tid) return;  // runnable again and chosen: carry on
  if (next < 0) {
    if (w->live == 0) leave_block(w, self, true);
    abort_block(w, nullptr, explain_stall(w));
  }
  switch_to_fibre(w, &self->context, &w->fibres[next], self->state == State::kExited);
}

void abort_block(Worker* w, Fibre* f, const std::string& message) {
  const std::string line = (f != nullptr ? where(w, f) : where(w, nullptr)) + ": " + message;
  report_launch_error(w->launch, line);
  w->aborted = true;
  // The block's other fibres are abandoned where they wait; their stacks are reinitialised by the next block.
  Fibre* self = w->current;
  leave_block(w, self, true);
  __builtin_unreachable();
}

std::string where(const Worker* w, const Fibre* f) {
  char buf[256];
  const KernelEntry* k = w->launch->config->kernel;
  int n = snprintf(buf, sizeof buf, "kernel %s, block (%u,%u,%u)", k->name, w->block_idx.x, w->block_idx.y,
                   w->block_idx.z);
  if (f != nullptr) {
    snprintf(buf + n, sizeof buf - n, ", thread (%u,%u,%u) (warp %d, lane %d)", f->ctx.thread_idx.x,
             f->ctx.thread_idx.y, f->ctx.thread_idx.z, f->tid / kWarpSize, f->tid % kWarpSize);
  }
  return buf;
}

std::string location(const Site& s) {
  const char* file = s.file != nullptr ? s.file : "?";
  const char* slash = strrchr(file, '/');
  return std::string(slash != nullptr ? slash + 1 : file) + ":" + std::to_string(s.line);
}

std::string site_text(const Site& s) {
  return std::string(s.intrinsic != nullptr ? s.intrinsic : "?") + " at " + location(s);
}

void* initial_frame(char* lo, size_t size, void (*entry)(void*), void* arg) {
  uintptr_t top = (reinterpret_cast<uintptr_t>(lo) + size) & ~static_cast<uintptr_t>(15);
  void** sp = reinterpret_cast<void**>(top) - 8;  // 64 bytes: after the switch's pops and ret, rsp == top
  sp[0] = nullptr;                                    // padding
  sp[1] = nullptr;                                    // r15
  sp[2] = nullptr;                                    // r14
  sp[3] = reinterpret_cast<void*>(entry);             // r13
  sp[4] = arg;                                        // r12
  sp[5] = nullptr;                                    // rbx
  sp[6] = nullptr;                                    // rbp
  sp[7] = reinterpret_cast<void*>(&wstal_emu_fibre_trampoline);
  return sp;
}

}  // namespace wstal_emu

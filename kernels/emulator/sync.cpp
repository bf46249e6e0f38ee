// __syncthreads and the warp collectives (__syncwarp, the four shuffles, __ballot_sync, __match_any_sync) with
// CUDA's semantics on compute capability 7.0 and newer: a collective waits until every non-exited lane of its mask
// has reached a collective of the same kind with the same mask, then every lane gets its result at once.
#include <stdio.h>

#include "block.h"
#include "diagnostics.h"

namespace wstal_emu {
namespace {

std::string hex(unsigned v) {
  char buf[16];
  snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

bool is_shuffle(int kind) { return kind >= kShflIdx && kind <= kShflXor; }

// Two lanes wait in the same collective instance: same kind, same mask, same operand size for shuffles and
// __match_any_sync (a double moves as two 32-bit shuffles, so a float and a double shuffle do not pair).
bool same_collective(const Fibre& a, const Fibre& b) {
  if (a.kind != b.kind || a.mask != b.mask) return false;
  if (a.kind == kMatchAny) return a.arg == b.arg;
  return true;
}

// The source lane of a shuffle for `lane`, by the PTX shfl.sync rule: width splits the warp into segments; a
// source outside the lane's segment (above it for down and xor, below it for up) means the lane's own value.
int shuffle_source(int kind, int lane, int arg, int width) {
  const int b = arg & 31;
  const int seg_lo = lane & ~(width - 1);
  const int seg_hi = seg_lo + width - 1;
  switch (kind) {
    case kShflIdx: return seg_lo | (b & (width - 1));
    case kShflUp: return lane - b >= seg_lo ? lane - b : lane;
    case kShflDown: return lane + b <= seg_hi ? lane + b : lane;
    default: return (lane ^ b) <= seg_hi ? (lane ^ b) : lane;
  }
}

void complete_collective(Worker* w, int warp, unsigned mask, unsigned participants) {
  Fibre* lanes = &w->fibres[warp * kWarpSize];
  const Fibre& first = lanes[__builtin_ctz(participants)];
  const int kind = first.kind;
  const bool strict = settings().strict;
  // Different call sites of one intrinsic pair up on sm_70+ but mean the lanes diverged (and hang on older GPUs).
  for (unsigned m = participants; m != 0; m &= m - 1) {
    Fibre& f = lanes[__builtin_ctz(m)];
    if (f.site.line != first.site.line || f.site.file != first.site.file) {
      const std::string text = "lanes of mask " + hex(mask) + " meet in " + first.site.intrinsic + " from different "
                               "call sites: lane " + std::to_string(first.tid % kWarpSize) + " at " +
                               site_text(first.site) + ", lane " + std::to_string(f.tid % kWarpSize) + " at " +
                               site_text(f.site);
      if (strict) abort_block(w, &f, text);
      warn_once(w, &f, "divergent-sites", text);
      break;
    }
  }
  uint64_t ballot = 0;
  for (unsigned m = participants; m != 0; m &= m - 1) {
    const Fibre& f = lanes[__builtin_ctz(m)];
    if (f.value != 0) ballot |= 1ull << (f.tid % kWarpSize);
  }
  for (unsigned m = participants; m != 0; m &= m - 1) {
    Fibre& f = lanes[__builtin_ctz(m)];
    const int lane = f.tid % kWarpSize;
    if (is_shuffle(kind)) {
      const int src = shuffle_source(kind, lane, f.arg, f.width);
      if (((participants >> src) & 1u) == 0) {
        const std::string text = site_text(f.site) + " reads lane " + std::to_string(src) +
                                 ", which is not taking part (mask " + hex(mask) + "); the value is undefined";
        if (strict) abort_block(w, &f, text);
        warn_once(w, &f, "inactive-source", text);
        f.result = (static_cast<uint64_t>(kPoisonWord) << 32) | kPoisonWord;
      } else {
        f.result = lanes[src].value;
      }
    } else if (kind == kBallot) {
      f.result = ballot;
    } else if (kind == kMatchAny) {
      unsigned same = 0;
      for (unsigned o = participants; o != 0; o &= o - 1) {
        const int other = __builtin_ctz(o);
        if (lanes[other].value == f.value) same |= 1u << other;
      }
      f.result = same;
    } else {
      f.result = 0;
    }
  }
  // The next __syncwarp of this group uses the owner's other sync object (see warp_collective).
  if (kind == kSyncWarp) lanes[__builtin_ctz(participants)].syncwarp_epoch++;
  for (unsigned m = participants; m != 0; m &= m - 1) {
    Fibre& f = lanes[__builtin_ctz(m)];
    f.state = State::kRunnable;
    set_runnable(w, f.tid);
  }
  w->warp_waiting[warp] &= ~participants;
}

// Completes the collective that the lanes of `mask` in warp `warp` wait in, if they all arrived. A lane of the
// mask that exited (or does not exist: a partial last warp) can never arrive: undefined behaviour, tolerated by
// leaving it out, an error in strict mode.
void try_complete(Worker* w, int warp, unsigned mask, Fibre* reporter) {
  const unsigned live = w->warp_live[warp];
  const unsigned participants = mask & live;
  if (participants == 0 || (w->warp_waiting[warp] & participants) != participants) return;  // not all arrived
  const Fibre* lanes = &w->fibres[warp * kWarpSize];
  const Fibre& first = lanes[__builtin_ctz(participants)];
  for (unsigned m = participants; m != 0; m &= m - 1) {
    const Fibre& f = lanes[__builtin_ctz(m)];
    if (!same_collective(f, first)) return;  // never, unless some lane moves on: a stall names it
  }
  if ((mask & ~live) != 0) {
    const std::string text = site_text(first.site) + " names lanes " + hex(mask & ~live) +
                             " that have exited or do not exist (mask " + hex(mask) + ")";
    if (settings().strict) abort_block(w, reporter, text);
    warn_once(w, reporter, "exited-lanes", text);
  }
  complete_collective(w, warp, mask, participants);
}

void release_all_at_barrier(Worker* w) {
  for (int i = 0; i < w->threads; ++i) {
    Fibre& f = w->fibres[i];
    if (f.state == State::kBarrier) {
      f.state = State::kRunnable;
      set_runnable(w, i);
    }
  }
  w->at_barrier = 0;
  w->barrier_epoch++;
}

}  // namespace

void complete_barrier_if_ready(Worker* w) {
  if (w->at_barrier == 0 || w->at_barrier != w->live) return;
  if (w->live != w->threads) {
    const std::string text = "__syncthreads at " + location(w->barrier_site) + " completes with " +
                             std::to_string(w->threads - w->live) + " of " + std::to_string(w->threads) +
                             " threads exited (a barrier in divergent code)";
    if (settings().strict) abort_block(w, nullptr, text);
    warn_once(w, nullptr, "barrier-exited", text);
  }
  release_all_at_barrier(w);
}

void recheck_collectives_after_exit(Worker* w, int tid) {
  const int warp = tid / kWarpSize;
  const unsigned bit = 1u << (tid % kWarpSize);
  for (unsigned m = w->warp_waiting[warp]; m != 0; m &= m - 1) {
    Fibre& f = w->fibres[warp * kWarpSize + __builtin_ctz(m)];
    if (f.state == State::kCollective && (f.mask & bit) != 0) try_complete(w, warp, f.mask, &f);
  }
}

void sync_threads(const char* file, int line) {
  Fibre* f = current_fibre();
  Worker* w = f->worker;
  f->site = Site{"__syncthreads", file, line};
  if (w->at_barrier == 0) {
    w->barrier_site = f->site;
  } else if (w->barrier_site.line != line || w->barrier_site.file != file) {
    const std::string text = "threads wait at different __syncthreads: " + site_text(w->barrier_site) + " and " +
                             site_text(f->site) + " (a barrier in divergent code)";
    if (settings().strict) abort_block(w, f, text);
    warn_once(w, f, "barrier-sites", text);
  }
  f->state = State::kBarrier;
  clear_runnable(w, f->tid);
  void* sync = &w->barrier_sync[w->barrier_epoch & 1];
  hb_release(sync);
  f->acquire_on_resume = sync;
  w->at_barrier++;
  complete_barrier_if_ready(w);
  schedule_next(w, f);
  hb_acquire(f->acquire_on_resume);
}

uint64_t warp_collective(int kind, const char* intrinsic, unsigned mask, uint64_t value, int arg, int width,
                         const char* file, int line) {
  Fibre* f = current_fibre();
  Worker* w = f->worker;
  const int lane = f->tid % kWarpSize;
  const int warp = f->tid / kWarpSize;
  f->site = Site{intrinsic, file, line};
  if (((mask >> lane) & 1u) == 0) {
    abort_block(w, f, site_text(f->site) + " has mask " + hex(mask) + ", which excludes the calling lane " +
                          std::to_string(lane));
  }
  if (width < 1 || width > kWarpSize || (width & (width - 1)) != 0) {
    abort_block(w, f, site_text(f->site) + ": width " + std::to_string(width) + " is not a power of two in [1, 32]");
  }
  f->kind = kind;
  f->mask = mask;
  f->value = value;
  f->arg = arg;
  f->width = width;
  f->state = State::kCollective;
  clear_runnable(w, f->tid);
  w->warp_waiting[warp] |= 1u << lane;
  f->acquire_on_resume = nullptr;
  if (kind == kSyncWarp) {
    // The group's sync object belongs to its lowest lane, alternating between two per instance.
    Fibre& owner = w->fibres[warp * kWarpSize + __builtin_ctz(mask)];
    void* sync = &owner.syncwarp_sync[owner.syncwarp_epoch & 1];
    hb_release(sync);
    f->acquire_on_resume = sync;
  }
  try_complete(w, warp, mask, f);
  schedule_next(w, f);
  if (f->acquire_on_resume != nullptr) hb_acquire(f->acquire_on_resume);
  return f->result;
}

std::string explain_stall(Worker* w) {
  // A collective whose lanes wait elsewhere: in another collective, or at the barrier.
  for (int i = 0; i < w->threads; ++i) {
    const Fibre& f = w->fibres[i];
    if (f.state != State::kCollective) continue;
    const int warp = i / kWarpSize;
    for (unsigned m = f.mask; m != 0; m &= m - 1) {
      const int t = warp * kWarpSize + __builtin_ctz(m);
      if (t >= w->threads) continue;
      const Fibre& o = w->fibres[t];
      const std::string me = "thread " + std::to_string(i) + " (warp " + std::to_string(warp) + ", lane " +
                             std::to_string(i % kWarpSize) + ") waits in " + site_text(f.site) + " with mask " +
                             hex(f.mask);
      if (o.state == State::kCollective && !same_collective(o, f)) {
        return "lanes of one mask are at different collectives: " + me + ", lane " + std::to_string(t % kWarpSize) +
               " waits in " + site_text(o.site) + " with mask " + hex(o.mask);
      }
      if (o.state == State::kBarrier) {
        return "deadlock: " + me + ", but lane " + std::to_string(t % kWarpSize) + " waits at " + site_text(o.site);
      }
    }
  }
  std::string text = "deadlock: no thread can proceed;";
  int shown = 0;
  for (int i = 0; i < w->threads && shown < 3; ++i) {
    const Fibre& f = w->fibres[i];
    if (f.state == State::kBarrier || f.state == State::kCollective) {
      text += " thread " + std::to_string(i) + " waits in " + site_text(f.site) + ";";
      ++shown;
    }
  }
  text += " " + std::to_string(w->live) + " of " + std::to_string(w->threads) + " threads live, " +
          std::to_string(w->at_barrier) + " at the barrier";
  return text;
}

}  // namespace wstal_emu

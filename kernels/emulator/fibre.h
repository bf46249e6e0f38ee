// Fibres: one per CUDA thread of the running block, each on its own small stack, switched by a hand-written
// x86-64 context switch (fibre_switch_x86_64.S: the callee-saved registers and the stack pointer; no
// system call, unlike swapcontext) with the hooks ThreadSanitizer and AddressSanitizer need to follow the switches.
#ifndef WSTAL_EMU_FIBRE_H
#define WSTAL_EMU_FIBRE_H

#include <stddef.h>
#include <stdint.h>

extern "C" {
// Saves the current context's stack pointer in *save_sp and resumes the context whose stack pointer is load_sp.
void wstal_emu_switch(void** save_sp, void* load_sp);
// The first code a new fibre runs: calls r13(r12).
void wstal_emu_fibre_trampoline();
}

#if defined(WSTAL_EMU_TSAN)
extern "C" {
void* __tsan_get_current_fiber();
void* __tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void* fiber);
void __tsan_switch_to_fiber(void* fiber, unsigned flags);
void __tsan_set_fiber_name(void* fiber, const char* name);
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
}
#endif

#if defined(WSTAL_EMU_ASAN)
extern "C" {
void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, size_t size);
void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old, size_t* size_old);
void __asan_poison_memory_region(const volatile void* addr, size_t size);
void __asan_unpoison_memory_region(const volatile void* addr, size_t size);
}
#endif

namespace wstal_emu {

// Happens-before annotations for ThreadSanitizer; no-ops in the other builds.
inline void hb_release(void* sync) {
#if defined(WSTAL_EMU_TSAN)
  __tsan_release(sync);
#else
  (void)sync;
#endif
}

inline void hb_acquire(void* sync) {
#if defined(WSTAL_EMU_TSAN)
  __tsan_acquire(sync);
#else
  (void)sync;
#endif
}

// A context that can be switched to: a fibre, or a worker's own thread context.
struct Context {
  void* sp = nullptr;              // saved stack pointer while suspended
  const void* stack_lo = nullptr;  // stack bounds, for AddressSanitizer
  size_t stack_size = 0;
  void* tsan_fiber = nullptr;      // ThreadSanitizer's handle for this context
  void* asan_fake_stack = nullptr;
};

// Switches from `from` to `to`. `from_ends` says that `from` will never be resumed (an exited fibre), so
// AddressSanitizer can drop its fake stack.
inline void switch_context(Context* from, Context* to, bool from_ends) {
#if defined(WSTAL_EMU_TSAN)
  // no_sync (1): a switch is not a synchronisation; barriers and __syncwarp are annotated explicitly.
  __tsan_switch_to_fiber(to->tsan_fiber, 1);
#endif
#if defined(WSTAL_EMU_ASAN)
  __sanitizer_start_switch_fiber(from_ends ? nullptr : &from->asan_fake_stack, to->stack_lo, to->stack_size);
#else
  (void)from_ends;
#endif
  wstal_emu_switch(&from->sp, to->sp);
#if defined(WSTAL_EMU_ASAN)
  // Back in `from`, resumed by some other context.
  __sanitizer_finish_switch_fiber(from->asan_fake_stack, nullptr, nullptr);
#endif
}

// The first frame of a new fibre on [lo, lo + size): wstal_emu_switch to the returned stack pointer enters
// wstal_emu_fibre_trampoline, which calls entry(arg).
void* initial_frame(char* lo, size_t size, void (*entry)(void*), void* arg);

}  // namespace wstal_emu

#endif  // WSTAL_EMU_FIBRE_H

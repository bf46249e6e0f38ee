// What kernel code compiled for the CPU engine calls: the running fibre's CUDA context and the synchronising
// intrinsics. Implemented in engine.cpp (libcuda.so.1); included by cuda_shim.h into the kernels' translation unit.
#ifndef WSTAL_EMU_ENGINE_API_H
#define WSTAL_EMU_ENGINE_API_H

#include <stdint.h>

// The engine (libcuda.so.1) exports these to the kernels' object; everything else of it is hidden.
#define WSTAL_EMU_API __attribute__((visibility("default")))

namespace wstal_emu {

// The built-in variables of one CUDA thread. uint3 and dim3 come from cuda_shim.h or engine.h.
struct ThreadContext {
  uint3 thread_idx;
  uint3 block_idx;
  dim3 block_dim;
  dim3 grid_dim;
};

// Where every fibre's stack is: one region of equal, power-of-two sized stacks, fibre i's at base + (i << shift).
// Set once, before the first launch.
struct FibreMap {
  uintptr_t base;
  unsigned shift;
  const ThreadContext* const* contexts;  // of fibre i
};

extern WSTAL_EMU_API FibreMap fibre_map;

// The context of the running fibre, found from the stack pointer: cheaper than thread-local storage, which a
// shared object reaches through __tls_get_addr, and kernels read threadIdx and blockDim in their inner loops.
inline const ThreadContext* current_context() {
  uintptr_t sp;
  asm("mov %%rsp, %0" : "=r"(sp));
  return fibre_map.contexts[(sp - fibre_map.base) >> fibre_map.shift];
}

enum CollectiveKind : int { kSyncWarp = 0, kShflIdx, kShflUp, kShflDown, kShflXor, kBallot, kMatchAny };

// Suspends the calling fibre until every live thread of its block reaches a barrier.
WSTAL_EMU_API void sync_threads(const char* file, int line);

// Suspends the calling fibre until every lane of `mask` reaches the same collective, then returns this lane's
// result: the shuffled value's bits, the ballot, the match mask, or 0 for __syncwarp. `arg` is the shuffle's source
// lane, delta or lane mask (the value's size in bytes for __match_any_sync).
WSTAL_EMU_API uint64_t warp_collective(int kind, const char* intrinsic, unsigned mask, uint64_t value, int arg,
                                       int width, const char* file, int line);

}  // namespace wstal_emu

#endif  // WSTAL_EMU_ENGINE_API_H

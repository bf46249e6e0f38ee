// The CPU engine's speed on a kernel that is nearly all synchronisation: sop_signed_sqrt_l2_forward on 2 rows of
// 512² values in 256 chunks (512 blocks), where each thread adds 4 or 1 values and then takes part in one
// block_sum: 5 shuffles and 2 barriers. Through the stand-in driver, as JCuda would call it:
//
//   g++ -O2 -o /tmp/wstal-emu-bench kernels/emulator/tools/bench.cpp -ldl
//   LD_LIBRARY_PATH=target/cuda-emulator-default /tmp/wstal-emu-bench IMAGE [THREADS]
//
// IMAGE is target/classes/dev/wstal/kernels/wstal.fatbin (or the engine image); THREADS per block, 256 (the
// launcher's) by default. Prints the best of 10 launches, per launch, per thread and per synchronising call.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <vector>

typedef int (*Call)(...);

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wstal-emu-bench IMAGE [THREADS]\n");
    return 2;
  }
  void* driver = dlopen("libcuda.so.1", RTLD_NOW);
  if (driver == nullptr) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  auto cu = [&](const char* name) { return reinterpret_cast<Call>(dlsym(driver, name)); };
  std::ifstream file(argv[1], std::ios::binary);
  std::vector<char> image((std::istreambuf_iterator<char>(file)), {});
  void* module = nullptr;
  void* function = nullptr;
  if (cu("cuInit")(0) != 0 || cu("cuModuleLoadData")(&module, image.data()) != 0 ||
      cu("cuModuleGetFunction")(&function, module, "sop_signed_sqrt_l2_forward") != 0) {
    fprintf(stderr, "the driver did not load %s\n", argv[1]);
    return 1;
  }
  int rows = 2, width = 512 * 512, chunks = 256, chunk_len = width / chunks, signed_sqrt = 1, l2 = 1;
  float eps = 1e-12f, l2_eps = 1e-12f;
  const unsigned threads = argc > 2 ? static_cast<unsigned>(atoi(argv[2])) : 256u;
  unsigned long long in, out, norms, partials;
  cu("cuMemAlloc_v2")(&in, sizeof(float) * rows * width);
  cu("cuMemAlloc_v2")(&out, sizeof(float) * rows * width);
  cu("cuMemAlloc_v2")(&norms, sizeof(float) * rows);
  cu("cuMemAlloc_v2")(&partials, sizeof(float) * rows * chunks);
  std::vector<float> host(static_cast<size_t>(rows) * width, 1.0f);
  cu("cuMemcpyHtoD_v2")(in, host.data(), host.size() * sizeof(float));
  void* params[] = {&in, &out, &norms, &partials, &rows, &width, &chunk_len, &chunks, &signed_sqrt, &eps, &l2, &l2_eps};
  double best = 1e30;
  for (int rep = 0; rep < 10; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    const int launched = cu("cuLaunchKernel")(function, rows, chunks, 1, threads, 1, 1, 0, nullptr, params, nullptr);
    const int synced = cu("cuCtxSynchronize")();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (launched != 0 || synced != 0) {
      fprintf(stderr, "launch failed: %d %d\n", launched, synced);
      return 1;
    }
    if (ms < best) best = ms;
  }
  const double total_threads = static_cast<double>(rows) * chunks * threads;
  printf("%d blocks x %u threads: best of 10 %.1f ms, %.0f ns per thread, %.0f ns per synchronising call "
         "(7 per thread) of wall time\n",
         rows * chunks, threads, best, best * 1e6 / total_threads, best * 1e6 / total_threads / 7);
  return 0;
}

// The CPU engine's self-test runner: `wstal-emu-selftest CASE` runs one kernel of selftest.cu through the engine
// (run_launch, without the driver) and checks its results against values worked out by hand from CUDA's rules.
// Exit status: 0 the results are right, 1 they are wrong (printed), 3 the launch reported an error (printed), 2 a
// usage error. EngineSelfTest runs every case under each schedule, in strict mode and not.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <functional>
#include <string>
#include <vector>

#include "cuda_types.h"
#include "engine.h"
#include "fatbin.h"
#include "kernel_library.h"

extern "C" {
CUresult cuInit(unsigned flags);
CUresult cuModuleLoadData(CUmodule* module, const void* image);
CUresult cuModuleGetFunction(CUfunction* function, CUmodule module, const char* name);
}

namespace {

using wstal_emu::KernelEntry;

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    if (failures++ < 10) printf("FAIL: %s\n", what.c_str());
  }
}

uint32_t bits(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  return b;
}

// Runs `kernel` with the given pointer or int arguments; returns false (after printing it) on a launch error.
bool launch(const char* kernel, dim3 grid, dim3 block, size_t shared, std::vector<void*> args) {
  const KernelEntry* k = wstal_emu::kernel_library().find(kernel);
  if (k == nullptr) {
    printf("FAIL: no kernel %s\n", kernel);
    failures++;
    return false;
  }
  wstal_emu::LaunchConfig config{k, grid, block, shared, args.data()};
  const std::string error = wstal_emu::run_launch(config);
  if (!error.empty()) {
    printf("error: %s\n", error.c_str());
    return false;
  }
  return true;
}

int shuffles() {
  std::vector<int> out(16 * 32, -1);
  int* p = out.data();
  if (!launch("st_shuffles", dim3{1, 1, 1}, dim3{32, 1, 1}, 0, {&p})) return 3;
  const int widths[4] = {32, 16, 8, 4};
  for (int w = 0; w < 4; ++w) {
    const int width = widths[w];
    for (int lane = 0; lane < 32; ++lane) {
      const int segment = lane - lane % width;  // the first lane of the lane's segment
      const int idx = segment + 3 % width;
      const int up = lane % width >= 2 ? lane - 2 : lane;
      const int down = lane % width + 2 < width ? lane + 2 : lane;
      const int x = lane ^ 5;
      const int xr = x < segment + width ? x : lane;  // xor may reach an earlier segment, never a later one
      const int expected[4] = {idx, up, down, xr};
      for (int k = 0; k < 4; ++k) {
        expect(out[(w * 4 + k) * 32 + lane] == 100 + expected[k],
               "width " + std::to_string(width) + " shuffle " + std::to_string(k) + " lane " + std::to_string(lane) +
                   ": got " + std::to_string(out[(w * 4 + k) * 32 + lane]) + ", expected " +
                   std::to_string(100 + expected[k]));
      }
    }
  }
  // Worked by hand: width 4, xor 5 from lane 5 reads lane 0 (an earlier segment); width 8, up 2 from lane 9 keeps
  // its own value; width 16, down 2 from lane 30 keeps its own.
  expect(out[(3 * 4 + 3) * 32 + 5] == 100, "width 4 xor lane 5");
  expect(out[(2 * 4 + 1) * 32 + 9] == 109, "width 8 up lane 9");
  expect(out[(1 * 4 + 2) * 32 + 30] == 130, "width 16 down lane 30");
  return failures == 0 ? 0 : 1;
}

int votes() {
  std::vector<unsigned> out(96 + 64, 0);
  unsigned* p = out.data();
  if (!launch("st_votes", dim3{1, 1, 1}, dim3{32, 1, 1}, 0, {&p})) return 3;
  for (int lane = 0; lane < 32; ++lane) {
    expect(out[lane] == 0x49249249u, "ballot of lane % 3 == 0 at lane " + std::to_string(lane));
    expect(out[32 + lane] == 0xfu << (4 * (lane / 4)), "match of lane / 4 at lane " + std::to_string(lane));
    const unsigned half = lane < 16 ? (lane % 2 == 0 ? 0x5555u : 0xaaaau) : 0u;
    expect(out[64 + lane] == half, "match within the lower half at lane " + std::to_string(lane));
    double d;
    memcpy(&d, reinterpret_cast<const double*>(&out[96]) + lane, sizeof d);
    expect(d == 0.5 + (31 - lane), "double shuffle at lane " + std::to_string(lane));
  }
  return failures == 0 ? 0 : 1;
}

int reverse() {
  std::vector<float> in(96), out(96, -1.0f);
  for (int i = 0; i < 96; ++i) in[i] = static_cast<float>(i);
  float* a = in.data();
  float* b = out.data();
  int n = 96;
  if (!launch("st_reverse", dim3{1, 1, 1}, dim3{96, 1, 1}, 0, {&a, &b, &n})) return 3;
  for (int i = 0; i < 96; ++i) expect(out[i] == 95 - i, "reversed element " + std::to_string(i));
  return failures == 0 ? 0 : 1;
}

int shared_memory() {
  std::vector<float> out(3 * 64, 0.0f);
  float* p = out.data();
  if (!launch("st_shared_memory", dim3{1, 1, 1}, dim3{64, 1, 1}, 2 * 64 * sizeof(int), {&p})) return 3;
  for (int t = 0; t < 64; ++t) {
    expect(bits(out[t]) == static_cast<uint32_t>(1000 + t), "the extern arrays alias, word " + std::to_string(t));
    expect(bits(out[64 + t]) == 0xFFF5A5A5u, "unwritten dynamic shared memory is poison, word " + std::to_string(t));
    expect(bits(out[128 + t]) == 0xFFF5A5A5u, "unwritten static shared memory is poison, word " + std::to_string(t));
  }
  return failures == 0 ? 0 : 1;
}

int atomics() {
  int counter = 0;
  int* p = &counter;
  if (!launch("st_atomics", dim3{64, 1, 1}, dim3{128, 1, 1}, 0, {&p})) return 3;
  expect(counter == 64 * 128, "atomicAdd from 8192 threads gave " + std::to_string(counter));
  return failures == 0 ? 0 : 1;
}

int indices() {
  std::vector<int> out(12 * 16, -1);
  int* p = out.data();
  if (!launch("st_indices", dim3{3, 2, 2}, dim3{4, 2, 2}, 0, {&p})) return 3;
  for (int i = 0; i < 12 * 16; ++i) expect(out[i] == i / 16, "thread " + std::to_string(i) + "'s block index");
  return failures == 0 ? 0 : 1;
}

// A defect case: its launch must fail in strict mode; outside it, a tolerated one must give out[i] == expected(i)
// for i < n, CUDA's results.
int defect(const char* kernel, int threads, int n = 0, const std::function<int(int)>& expected = nullptr) {
  std::vector<int> out(64, -1);
  int* p = out.data();
  if (!launch(kernel, dim3{1, 1, 1}, dim3{static_cast<unsigned>(threads), 1, 1}, 0, {&p})) return 3;
  for (int i = 0; i < n; ++i) {
    if (out[i] != expected(i)) {
      printf("FAIL: %s ran without an error but element %d is %d, not %d\n", kernel, i, out[i], expected(i));
      return 1;
    }
  }
  return 0;
}

// The driver refuses, kernel by kernel, an image built from other kernel sources than the engine: a name the image
// lacks, a kernel the engine lacks, parameter sizes that differ; and an image that is neither format.
int stale_image() {
  if (cuInit(0) != CUDA_SUCCESS) return 1;
  // st_shuffles(int*) as compiled; st_reverse with a third parameter of 8 bytes instead of an int's 4; a kernel
  // the engine never had.
  const std::string image = wstal_emu::engine_image("st_shuffles 8\nst_reverse 8,8,8\nst_gone 8\n");
  CUmodule module = nullptr;
  expect(cuModuleLoadData(&module, image.data()) == CUDA_SUCCESS, "the engine image loads");
  CUfunction f = nullptr;
  expect(cuModuleGetFunction(&f, module, "st_shuffles") == CUDA_SUCCESS, "a kernel in both resolves");
  expect(cuModuleGetFunction(&f, module, "st_votes") == CUDA_ERROR_NOT_FOUND, "a kernel the image lacks");
  expect(cuModuleGetFunction(&f, module, "st_reverse") == CUDA_ERROR_NOT_FOUND, "parameter sizes that differ");
  expect(cuModuleGetFunction(&f, module, "st_gone") == CUDA_ERROR_NOT_FOUND, "a kernel the engine lacks");
  const char garbage[32] = "not a fatbin, not an image";
  expect(cuModuleLoadData(&module, garbage) == CUDA_ERROR_INVALID_IMAGE, "an image of neither format");
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: wstal-emu-selftest CASE\n");
    return 2;
  }
  const std::string c = argv[1];
  if (c == "shuffles") return shuffles();
  if (c == "votes") return votes();
  if (c == "reverse") return reverse();
  if (c == "shared_memory") return shared_memory();
  if (c == "atomics") return atomics();
  if (c == "indices") return indices();
  if (c == "stale_image") return stale_image();
  if (c == "mask_excludes_lane") return defect("st_mask_excludes_lane", 32);
  if (c == "exited_lanes") return defect("st_exited_lanes", 32, 16, [](int lane) { return lane ^ 1; });
  if (c == "different_collectives") return defect("st_different_collectives", 32);
  if (c == "divergent_sites") return defect("st_divergent_sites", 32, 32, [](int lane) { return lane ^ 16; });
  if (c == "barrier_deadlock") return defect("st_barrier_deadlock", 32);
  if (c == "barrier_sites") return defect("st_barrier_sites", 64, 64, [](int t) { return t; });
  if (c == "barrier_exited") return defect("st_barrier_exited", 64, 32, [](int t) { return t; });
  if (c == "inactive_source") {
    return defect("st_inactive_source", 32, 16, [](int) { return static_cast<int>(0xFFF5A5A5u); });
  }
  if (c == "bad_width") return defect("st_bad_width", 32);
  // Sanitizer cases: the launch itself succeeds; the sanitizer build reports the defect.
  if (c == "race_shared") {
    std::vector<float> in(96, 1.0f), out(96, 0.0f);
    float* a = in.data();
    float* b = out.data();
    int n = 96;
    if (!launch("st_missing_barrier", dim3{1, 1, 1}, dim3{96, 1, 1}, 0, {&a, &b, &n})) return 3;
    for (int i = 0; i < 96; ++i) expect(out[i] == 1.0f, "element " + std::to_string(i) + " read before written");
    return failures == 0 ? 0 : 1;
  }
  if (c == "race_global") {
    std::vector<int> out(32, -1);
    int* p = out.data();
    return launch("st_global_race", dim3{2, 1, 1}, dim3{32, 1, 1}, 0, {&p}) ? 0 : 3;
  }
  if (c == "oob_global") {
    std::vector<float> in(32, 1.0f), out(32, 0.0f);  // exactly 32 floats: element 32 is past the end
    float* a = in.data();
    float* b = out.data();
    int n = 32;
    return launch("st_read_past_end", dim3{1, 1, 1}, dim3{32, 1, 1}, 0, {&a, &b, &n}) ? 0 : 3;
  }
  if (c == "oob_shared_tail") {
    std::vector<float> out(32, 0.0f);
    float* p = out.data();
    return launch("st_shared_tail", dim3{1, 1, 1}, dim3{32, 1, 1}, 32 * sizeof(float), {&p}) ? 0 : 3;
  }
  fprintf(stderr, "wstal-emu-selftest: unknown case '%s'\n", c.c_str());
  return 2;
}

// `wstal-emu-image FILE` writes the CPU engine's own kernel list (names and parameter sizes) as an engine image:
// what the tests load in place of the fatbin when nvcc did not build one (docs/cuda.md, "Without nvcc"). The
// format is fatbin.h's (engine_image writes it, read_image reads it).
#include <stdio.h>

#include <string>

#include "../fatbin.h"
#include "kernel_library.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: wstal-emu-image FILE\n");
    return 2;
  }
  const wstal_emu::KernelLibrary& lib = wstal_emu::kernel_library();
  std::string body;
  for (int i = 0; i < lib.count; ++i) {
    const wstal_emu::KernelEntry& k = lib.table[i];
    body += k.name;
    body += ' ';
    for (int p = 0; p < k.param_count; ++p) body += (p > 0 ? "," : "") + std::to_string(k.param_sizes[p]);
    body += '\n';
  }
  const std::string image = wstal_emu::engine_image(body);
  FILE* f = fopen(argv[1], "wb");
  if (f == nullptr || fwrite(image.data(), 1, image.size(), f) != image.size() || fclose(f) != 0) {
    fprintf(stderr, "wstal-emu-image: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}

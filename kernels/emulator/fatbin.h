// Reads the kernel list out of an nvcc fatbin (the image the jar passes to cuModuleLoadData), so that the engine
// runs only kernels the image really holds, with the parameter layout the image was compiled with: a jar built
// from other kernel sources than the engine is refused kernel by kernel instead of running the wrong code.
#ifndef WSTAL_EMU_FATBIN_H
#define WSTAL_EMU_FATBIN_H

#include <stddef.h>
#include <stdint.h>

#include <map>
#include <string>
#include <vector>

namespace wstal_emu {

struct ImageKernel {
  std::vector<uint32_t> param_sizes;  // by parameter ordinal, from the cubin's EIATTR_KPARAM_INFO
  uint32_t static_shared_bytes = 0;   // the size of its .nv.shared.<name> section
};

struct Image {
  std::map<std::string, ImageKernel> kernels;
  std::string targets;  // e.g. "sm_80,sm_90" (the cubins read)
};

// Parses the image at `data`: an nvcc fatbin (magic 0xBA55ED50), whose uncompressed ELF cubins are read (kernels
// are their global entry functions), or an engine image (image.cpp). Returns false with a reason when it is
// neither, or holds no readable cubin.
bool read_image(const void* data, Image* image, std::string* error);

// An engine image of `kernels`, lines "<name> <size>,<size>,...\n" (read_image reads it back).
std::string engine_image(const std::string& kernels);

}  // namespace wstal_emu

#endif  // WSTAL_EMU_FATBIN_H

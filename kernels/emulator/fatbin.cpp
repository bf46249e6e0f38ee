#include "fatbin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace wstal_emu {
namespace {

constexpr uint32_t kFatbinMagic = 0xBA55ED50u;
constexpr char kEngineMagic[] = "WSTAL-EMU-IMAGE ";
constexpr size_t kEngineMagicLength = sizeof(kEngineMagic) - 1;
constexpr uint16_t kEntryCubin = 2;
constexpr uint32_t kShtNobits = 8;       // .nv.shared.* sections: a size, no bytes in the file
constexpr uint8_t kStoCudaEntry = 0x10;  // st_other bit of a kernel's symbol
constexpr uint8_t kEiFmtSval = 4;        // .nv.info record with a length-prefixed value
constexpr uint8_t kEiAttrKparamInfo = 0x17;

template <typename T>
bool load(const uint8_t* base, size_t size, size_t at, T* out) {
  if (at > size || sizeof(T) > size - at) return false;
  memcpy(out, base + at, sizeof(T));
  return true;
}

struct Section {
  uint32_t name;
  uint32_t type;
  uint64_t offset;
  uint64_t size;
  uint32_t link;
  uint64_t entsize;
};

class Cubin {
 public:
  Cubin(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  bool read(Image* image, std::string* error) {
    uint64_t shoff = 0;
    uint16_t shentsize = 0, shnum = 0, shstrndx = 0;
    if (size_ < 64 || data_[4] != 2 /* ELFCLASS64 */ || !load(data_, size_, 0x28, &shoff) ||
        !load(data_, size_, 0x3a, &shentsize) || !load(data_, size_, 0x3c, &shnum) ||
        !load(data_, size_, 0x3e, &shstrndx) || shentsize < 64 || shstrndx >= shnum) {
      *error = "a cubin's ELF header is damaged";
      return false;
    }
    sections_.resize(shnum);
    for (uint16_t i = 0; i < shnum; ++i) {
      const size_t at = shoff + static_cast<size_t>(i) * shentsize;
      Section& s = sections_[i];
      if (!load(data_, size_, at, &s.name) || !load(data_, size_, at + 4, &s.type) ||
          !load(data_, size_, at + 24, &s.offset) || !load(data_, size_, at + 32, &s.size) ||
          !load(data_, size_, at + 40, &s.link) || !load(data_, size_, at + 56, &s.entsize) ||
          (s.type != kShtNobits && (s.offset > size_ || s.size > size_ - s.offset))) {
        *error = "a cubin's section table is damaged";
        return false;
      }
    }
    names_ = &sections_[shstrndx];
    std::map<std::string, ImageKernel> found;
    for (const Section& s : sections_) {
      if (section_name(s) == ".symtab" && !read_symbols(s, &found)) {
        *error = "a cubin's symbol table is damaged";
        return false;
      }
    }
    for (auto& [name, kernel] : found) {
      for (const Section& s : sections_) {
        const std::string n = section_name(s);
        if (n == ".nv.info." + name) {
          read_params(s, &kernel);
        } else if (n == ".nv.shared." + name) {
          kernel.static_shared_bytes = static_cast<uint32_t>(s.size);
        }
      }
    }
    return merge(found, image, error);
  }

 private:
  std::string string_at(const Section& table, uint64_t offset) const {
    if (offset >= table.size) return std::string();
    const char* p = reinterpret_cast<const char*>(data_ + table.offset + offset);
    return std::string(p, strnlen(p, table.size - offset));
  }

  std::string section_name(const Section& s) const { return string_at(*names_, s.name); }

  bool read_symbols(const Section& symtab, std::map<std::string, ImageKernel>* found) const {
    if (symtab.entsize != 24 || symtab.link >= sections_.size()) return false;
    const Section& strings = sections_[symtab.link];
    for (uint64_t at = symtab.offset; at + 24 <= symtab.offset + symtab.size; at += 24) {
      uint32_t name = 0;
      uint8_t info = 0, other = 0;
      load(data_, size_, at, &name);
      load(data_, size_, at + 4, &info);
      load(data_, size_, at + 5, &other);
      const bool function = (info & 0xf) == 2;
      const bool global = (info >> 4) == 1;
      if (function && global && (other & kStoCudaEntry) != 0) {
        (*found)[string_at(strings, name)];
      }
    }
    return true;
  }

  // .nv.info.<kernel>: records of (format, attribute, ...); only length-prefixed ones carry more than 2 bytes.
  void read_params(const Section& info, ImageKernel* kernel) const {
    const uint8_t* p = data_ + info.offset;
    size_t at = 0;
    while (at + 4 <= info.size) {
      const uint8_t format = p[at];
      const uint8_t attribute = p[at + 1];
      if (format != kEiFmtSval) {
        at += 4;
        continue;
      }
      uint16_t length = 0;
      memcpy(&length, p + at + 2, 2);
      if (at + 4 + length > info.size) break;
      if (attribute == kEiAttrKparamInfo && length >= 12) {
        uint16_t ordinal = 0;
        uint32_t packed = 0;
        memcpy(&ordinal, p + at + 8, 2);
        memcpy(&packed, p + at + 12, 4);
        if (kernel->param_sizes.size() <= ordinal) kernel->param_sizes.resize(ordinal + 1u, 0u);
        kernel->param_sizes[ordinal] = (packed >> 18) & 0x3fffu;
      }
      at += 4u + length;
    }
  }

  static bool merge(const std::map<std::string, ImageKernel>& found, Image* image, std::string* error) {
    for (const auto& [name, kernel] : found) {
      auto it = image->kernels.find(name);
      if (it == image->kernels.end()) {
        image->kernels.emplace(name, kernel);
      } else if (it->second.param_sizes != kernel.param_sizes) {
        *error = "the image's cubins disagree on the parameters of kernel " + name;
        return false;
      }
    }
    return true;
  }

  const uint8_t* data_;
  size_t size_;
  std::vector<Section> sections_;
  const Section* names_ = nullptr;
};

}  // namespace

// "WSTAL-EMU-IMAGE <bytes>\n" then "<name> <size>,<size>,...\n" per kernel (image.cpp writes it).
static bool read_engine_image(const char* data, Image* image, std::string* error) {
  const size_t total = strtoull(data + kEngineMagicLength, nullptr, 10);
  const std::string text(data, total);
  size_t at = text.find('\n');
  while (at != std::string::npos && at + 1 < text.size()) {
    const size_t end = text.find('\n', at + 1);
    const std::string line = text.substr(at + 1, (end == std::string::npos ? text.size() : end) - at - 1);
    const size_t space = line.find(' ');
    if (space == std::string::npos) {
      *error = "the engine image's line '" + line + "' is damaged";
      return false;
    }
    ImageKernel& k = image->kernels[line.substr(0, space)];
    for (size_t p = space + 1; p < line.size();) {
      const size_t comma = line.find(',', p);
      k.param_sizes.push_back(static_cast<uint32_t>(std::stoul(line.substr(p, comma - p))));
      p = comma == std::string::npos ? line.size() : comma + 1;
    }
    at = end;
  }
  image->targets = "the CPU engine's own kernel list";
  return true;
}

std::string engine_image(const std::string& kernels) {
  // The header states the whole image's length, so a reader never runs past a buffer without a terminator.
  std::string image;
  for (size_t total = 0;;) {
    image = std::string(kEngineMagic) + std::to_string(total) + "\n" + kernels;
    if (image.size() == total) return image;
    total = image.size();
  }
}

bool read_image(const void* data, Image* image, std::string* error) {
  if (memcmp(data, kEngineMagic, kEngineMagicLength) == 0) {
    return read_engine_image(static_cast<const char*>(data), image, error);
  }
  const uint8_t* base = static_cast<const uint8_t*>(data);
  uint32_t magic = 0;
  uint16_t header = 0;
  uint64_t body = 0;
  memcpy(&magic, base, 4);
  if (magic != kFatbinMagic) {
    char buf[128];
    snprintf(buf, sizeof buf, "the image is neither an nvcc fatbin (magic 0x%08x, expected 0x%08x) nor an engine image",
             magic, kFatbinMagic);
    *error = buf;
    return false;
  }
  memcpy(&header, base + 6, 2);
  memcpy(&body, base + 8, 8);
  const size_t size = header + body;
  size_t at = header;
  int cubins = 0;
  while (at + 16 <= size) {
    uint16_t kind = 0;
    uint32_t entry_header = 0;
    uint64_t payload = 0;
    uint32_t arch = 0;
    load(base, size, at, &kind);
    load(base, size, at + 4, &entry_header);
    load(base, size, at + 8, &payload);
    load(base, size, at + 28, &arch);
    const size_t start = at + entry_header;
    if (entry_header < 16 || start > size || payload > size - start) {
      *error = "the fatbin's entry table is damaged";
      return false;
    }
    if (kind == kEntryCubin && payload >= 4 && memcmp(base + start, "\x7f" "ELF", 4) == 0) {
      if (!Cubin(base + start, payload).read(image, error)) return false;
      image->targets += (cubins++ == 0 ? "sm_" : ",sm_") + std::to_string(arch);
    }
    at = start + payload;
  }
  if (cubins == 0) {
    *error = "the fatbin holds no uncompressed cubin, so its kernels cannot be listed (was it built with "
             "compression?)";
    return false;
  }
  return true;
}

}  // namespace wstal_emu

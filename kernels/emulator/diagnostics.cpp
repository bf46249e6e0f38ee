#include "diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mutex>
#include <set>

namespace wstal_emu {
namespace {

bool flag(const char* name) {
  const char* v = getenv(name);
  return v != nullptr && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

long number(const char* name, long fallback, long lo, long hi) {
  const char* v = getenv(name);
  if (v == nullptr || *v == 0) return fallback;
  char* end = nullptr;
  const long n = strtol(v, &end, 10);
  if (*end != 0 || n < lo || n > hi) {
    print_line("error", std::string(name) + " must be an integer in [" + std::to_string(lo) + ", " +
                            std::to_string(hi) + "], got '" + v + "'");
    exit(2);
  }
  return n;
}

Settings read_settings() {
  Settings s;
  s.strict = flag("WSTAL_EMU_STRICT");
  s.quiet = flag("WSTAL_EMU_QUIET");
  const char* schedule = getenv("WSTAL_EMU_SCHEDULE");
  if (schedule == nullptr || *schedule == 0 || strcmp(schedule, "inorder") == 0) {
    s.schedule = Schedule::kInOrder;
  } else if (strcmp(schedule, "reverse") == 0) {
    s.schedule = Schedule::kReverse;
  } else if (strcmp(schedule, "random") == 0) {
    s.schedule = Schedule::kRandom;
  } else {
    print_line("error", std::string("WSTAL_EMU_SCHEDULE must be inorder, reverse or random, got '") + schedule + "'");
    exit(2);
  }
  s.seed = static_cast<uint64_t>(number("WSTAL_EMU_SEED", 1, 0, 0x7fffffffffffffffL));
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  s.workers = static_cast<int>(number("WSTAL_EMU_WORKERS", cpus > 0 ? cpus : 1, 1, 256));
#if defined(WSTAL_EMU_ASAN)
  const long stack_kb = 256;  // per fibre, guard page included; AddressSanitizer's redzones make frames larger
#elif defined(WSTAL_EMU_TSAN)
  const long stack_kb = 128;
#else
  const long stack_kb = 64;
#endif
  // Rounded up to a power of two: fibres are found from the stack pointer by a shift (engine_api.h).
  const size_t kb = static_cast<size_t>(number("WSTAL_EMU_STACK_KB", stack_kb, 16, 65536));
  s.stack_bytes = size_t{1024} << (64 - __builtin_clzll(kb - 1));
  return s;
}

std::mutex& print_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

const Settings& settings() {
  static const Settings s = read_settings();
  return s;
}

void print_line(const char* kind, const std::string& message) {
  std::lock_guard<std::mutex> lock(print_mutex());
  fprintf(stderr, "wstal-emu: %s: %s\n", kind, message.c_str());
  fflush(stderr);
}

void report_launch_error(LaunchState* launch, const std::string& line) {
  {
    std::lock_guard<std::mutex> lock(launch->error_mutex);
    if (!launch->first_error.empty()) return;  // one error per launch: later ones are consequences
    launch->first_error = line;
  }
  launch->failed.store(true, std::memory_order_relaxed);
  print_line("error", line);
}

void warn_once(Worker* w, const Fibre* f, const char* key, const std::string& text) {
  if (settings().quiet) return;
  static std::mutex mutex;
  static std::set<std::string> seen;
  const std::string id = std::string(w->launch->config->kernel->name) + "|" + key + "|" +
                         (f != nullptr ? location(f->site) : location(w->barrier_site));
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!seen.insert(id).second) return;
  }
  print_line("warning", where(w, f) + ": " + text + " (undefined behaviour; WSTAL_EMU_STRICT=1 makes it an error)");
}

}  // namespace wstal_emu

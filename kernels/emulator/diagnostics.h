// Settings from the environment, and how the engine reports: errors fail the launch (the driver returns
// CUDA_ERROR_LAUNCH_FAILED at the next synchronising call) and print one line each; warnings, for undefined
// behaviour the engine tolerates outside strict mode, print once per kernel, call site and kind.
#ifndef WSTAL_EMU_DIAGNOSTICS_H
#define WSTAL_EMU_DIAGNOSTICS_H

#include <string>

#include "block.h"

namespace wstal_emu {

// Records the launch's error (the first one is kept and returned by run_launch) and prints it.
void report_launch_error(LaunchState* launch, const std::string& line);

// Prints a warning about `f` (null: the block) unless one with the same kernel, site and key was printed.
void warn_once(Worker* w, const Fibre* f, const char* key, const std::string& text);

}  // namespace wstal_emu

#endif  // WSTAL_EMU_DIAGNOSTICS_H

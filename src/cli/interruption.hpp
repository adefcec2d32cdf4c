// Process-wide handling of Ctrl-C (SIGINT, SIGTERM) and of a closed stdout (SIGPIPE).
#pragma once

#include <atomic>

namespace arty::cli {

/// Set by SIGINT/SIGTERM; operations poll it (through ListOptions::stop_flag) about every 100 ms.
extern std::atomic<bool> interrupted;

/// Installs the handlers: SIGINT/SIGTERM set `interrupted`, SIGPIPE is ignored so that writing to
/// a closed pipe fails with EPIPE instead of killing the process.
void install_signal_handlers();

}  // namespace arty::cli

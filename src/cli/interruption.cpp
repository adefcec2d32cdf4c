// Signal handling; see interruption.hpp.
#include "cli/interruption.hpp"

#include <csignal>

namespace arty::cli {

std::atomic<bool> interrupted{false};

namespace {
extern "C" void on_interrupt(int /*signal*/) {
  interrupted.store(true);
}
}  // namespace

void install_signal_handlers() {
  static_assert(std::atomic<bool>::is_always_lock_free, "needed in a signal handler");
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace arty::cli

// Signal handling; see interruption.hpp.
#include "cli/interruption.hpp"

#include <signal.h>

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
  // SA_RESTART: a read or write that the signal interrupts goes on (the operations notice the
  // flag at their next poll); the output is written with EINTR retries anyway (util/fd_io.hpp).
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace arty::cli

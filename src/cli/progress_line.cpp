// The progress line on stderr; see progress_line.hpp.
#include "cli/progress_line.hpp"

#include <cstdio>

#include <unistd.h>

namespace arty::cli {

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled) {}

void ProgressLine::show(const std::string& text) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K%s", text.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::clear() {
  if (!shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

}  // namespace arty::cli

// Line-buffered record output; see buffered_output.hpp.
#include "cli/buffered_output.hpp"

#include <cerrno>

namespace arty::cli {

bool BufferedOutput::flush() {
  if (!ok_) return false;
  errno = 0;
  if (!buffer_.empty()) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) ok_ = false;
    buffer_.clear();
  }
  if (ok_ && std::fflush(out_) != 0) ok_ = false;
  if (!ok_) write_error_ = errno;
  return ok_;
}

}  // namespace arty::cli

// Line-buffered record output; see buffered_output.hpp.
#include "cli/buffered_output.hpp"

#include <cerrno>

#include "util/fd_io.hpp"

namespace arty::cli {

bool BufferedOutput::flush() {
  if (!ok_) return false;
  if (buffer_.empty()) return true;
  // Whatever went through stdio to the same stream goes first (nothing, normally).
  if (std::fflush(out_) != 0 ||
      !util::write_fully(fileno(out_), buffer_.data(), buffer_.size())) {
    ok_ = false;
    write_error_ = errno;
  }
  buffer_.clear();
  return ok_;
}

}  // namespace arty::cli

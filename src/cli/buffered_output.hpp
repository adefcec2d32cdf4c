// Records written to stdout in whole lines: appended to a buffer, written on flush(), so that a
// record is never split between writes and a closed pipe (`| head`) is noticed, not fatal.
// Written with write(2) on the stream's descriptor, not with stdio: stdio's fwrite gives up on
// EINTR (Ctrl-C while stdout waits on a full pipe) and loses what it held.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace arty::cli {

/// How much output the commands buffer before writing it (also written on every progress tick).
inline constexpr std::size_t kFlushBytes = std::size_t{64} * 1024;

class BufferedOutput {
 public:
  explicit BufferedOutput(std::FILE* out) : out_(out) {}
  virtual ~BufferedOutput() = default;

  /// Adds text to what the next flush() writes.
  void append(std::string_view text) { buffer_ += text; }
  /// Writes the buffered records; false once the output is closed (EPIPE) or failing.
  bool flush();
  /// Flushes when more than `bytes` are buffered, so memory stays bounded.
  bool flush_above(std::size_t bytes) { return buffer_.size() > bytes ? flush() : ok_; }
  [[nodiscard]] bool ok() const { return ok_; }
  /// The errno of the failed write, when !ok() (EPIPE: the reader went away, e.g. `| head`).
  [[nodiscard]] int write_error() const { return write_error_; }

 protected:
  std::string buffer_;

 private:
  std::FILE* out_;
  bool ok_ = true;
  int write_error_ = 0;
};

}  // namespace arty::cli

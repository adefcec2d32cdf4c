// Printers of listing records on stdout: plain paths, long (-l), JSON Lines (--json) and
// NUL-separated paths (-0). Records are whole lines, buffered, written on flush().
//
// JSON Lines schema (docs/output.md): one object per line,
//   {"type":"file"|"folder","path":"a/b.jar","size":123,"lastModified":"2024-03-01T10:15:30.123Z",
//    "sha1":"...","sha256":"...","md5":"..."}   (size/lastModified/checksums only when known)
//   {"type":"error","path":"a/","status":500,"message":"..."}   (status 0 without an HTTP answer)
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "arty/entry.hpp"
#include "arty/error.hpp"

namespace arty::cli {

enum class OutputFormat { Plain, Long, JsonLines, NulSeparated };

class EntryPrinter {
 public:
  explicit EntryPrinter(std::FILE* out) : out_(out) {}
  virtual ~EntryPrinter() = default;

  virtual void entry(const Entry& entry) = 0;
  /// Failures go to stderr in every format; JSON Lines also puts an error record in the stream.
  virtual void failure(const std::string& /*path*/, const Error& /*error*/) {}

  /// Writes the buffered records; false once the output is closed (EPIPE) or failing.
  bool flush();
  /// Flushes when more than `bytes` are buffered, so memory stays bounded in a huge folder.
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

[[nodiscard]] std::unique_ptr<EntryPrinter> make_printer(OutputFormat format, std::FILE* out);

/// A folder's display path ends with '/', as `rclone lsf` prints it.
[[nodiscard]] std::string display_path(const Entry& entry);

}  // namespace arty::cli

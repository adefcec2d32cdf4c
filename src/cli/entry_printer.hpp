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
#include "cli/buffered_output.hpp"

namespace arty::cli {

enum class OutputFormat { Plain, Long, JsonLines, NulSeparated };

/// Records are buffered and written on flush() (see BufferedOutput).
class EntryPrinter : public BufferedOutput {
 public:
  using BufferedOutput::BufferedOutput;

  virtual void entry(const Entry& entry) = 0;
  /// Failures go to stderr in every format; JSON Lines also puts an error record in the stream.
  virtual void failure(const std::string& /*path*/, const Error& /*error*/) {}
};

[[nodiscard]] std::unique_ptr<EntryPrinter> make_printer(OutputFormat format, std::FILE* out);

/// Appends the JSON Lines error record {"type":"error","path","status","message"} and a newline
/// (docs/output.md), as ls, find and du write it.
void append_json_error(std::string& out, const std::string& path, const Error& error);

/// A folder's display path ends with '/', as `rclone lsf` prints it.
[[nodiscard]] std::string display_path(const Entry& entry);

}  // namespace arty::cli

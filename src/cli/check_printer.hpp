// Printers of `arty check` records on stdout: the combined format of `rclone check --combined`,
// or JSON Lines (--json).
//
// Combined: one line per file, a symbol, a space and the path relative to the URL and DIR
//   = path    identical          - path    only in the repository (missing in DIR)
//   + path    only in DIR (extra) * path   on both sides, different
//   ! path    could not be compared (the reason is on stderr)
// Paths are printed as stored; "" (the roots themselves) is printed ".". Use --json for names
// containing newlines.
//
// JSON Lines schema (docs/output.md): one object per line, "type" being the state
//   {"type":"identical","path":P,"size":N,"algorithm":"sha256","checksum":"..."}
//   {"type":"missing","path":P,"size":N}          (size in the repository)
//   {"type":"extra","path":P,"size":N}            (size in DIR)
//   {"type":"differ","path":P,"reason":"size","size":N,"localSize":M}
//   {"type":"differ","path":P,"reason":"checksum","size":N,"algorithm":"sha256",
//    "checksum":"...","localChecksum":"..."}
//   {"type":"error","path":P,"status":500,"message":"..."}   (status 0 without an HTTP answer)
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "arty/check_tree.hpp"
#include "cli/buffered_output.hpp"

namespace arty::cli {

enum class CheckFormat { Combined, JsonLines };

class CheckPrinter : public BufferedOutput {
 public:
  using BufferedOutput::BufferedOutput;
  virtual void record(const CheckRecord& record) = 0;
};

[[nodiscard]] std::unique_ptr<CheckPrinter> make_check_printer(CheckFormat format, std::FILE* out);

/// The path of a record as printed: "." for the roots themselves.
[[nodiscard]] std::string check_display_path(const CheckRecord& record);

/// One line for stderr saying why a Differ or Error record is one, e.g. "size 12 here, 15 in the
/// repository", "sha256 differs", "HTTP 500: ...".
[[nodiscard]] std::string check_reason(const CheckRecord& record);

}  // namespace arty::cli

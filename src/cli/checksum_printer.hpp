// Printers of `arty sum` records on stdout: lines as GNU coreutils' sha256sum (md5sum, sha1sum)
// prints them, so that `sha256sum -c` reads them back, or JSON Lines (--json).
//
// GNU format (coreutils 9 `sha256sum` output, what `sha256sum -c` reads): "CHECKSUM  NAME\n", two
// spaces (the second one is the text-mode marker). A name containing a backslash, a newline or a
// carriage return is escaped: the line starts with '\', and in the name '\' becomes "\\", a
// newline "\n" and a carriage return "\r". Other bytes are written as they are.
//
// JSON Lines schema (docs/output.md): one object per line,
//   {"type":"file","path":"DIR/a/b.jar","size":123,"algorithm":"sha256","checksum":"..."}
//   {"type":"error","path":"DIR/a/link","status":0,"message":"broken symbolic link"}
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "arty/error.hpp"
#include "arty/sum_tree.hpp"
#include "cli/buffered_output.hpp"

namespace arty::cli {

enum class ChecksumFormat { Gnu, JsonLines };

class ChecksumPrinter : public BufferedOutput {
 public:
  using BufferedOutput::BufferedOutput;

  /// One hashed file; `name` is the path as displayed (the folder argument joined with the
  /// file's relative path), used instead of `file.path`.
  virtual void file(std::string_view name, const FileChecksum& file) = 0;
  /// Failures go to stderr in every format; JSON Lines also puts an error record in the stream.
  virtual void failure(std::string_view /*name*/, const Error& /*error*/) {}
};

[[nodiscard]] std::unique_ptr<ChecksumPrinter> make_checksum_printer(ChecksumFormat format,
                                                                     std::FILE* out);

/// The GNU line of one file, newline included (see the format above).
[[nodiscard]] std::string gnu_checksum_line(std::string_view checksum, std::string_view name);

}  // namespace arty::cli

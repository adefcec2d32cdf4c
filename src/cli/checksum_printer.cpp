// Printers of `arty sum` records; see checksum_printer.hpp.
#include "cli/checksum_printer.hpp"

#include <iterator>

#include <fmt/format.h>

#include "util/json_writer.hpp"

namespace arty::cli {
namespace {

class GnuPrinter final : public ChecksumPrinter {
 public:
  using ChecksumPrinter::ChecksumPrinter;
  void file(std::string_view name, const FileChecksum& file) override {
    buffer_ += gnu_checksum_line(file.checksum, name);
  }
};

class JsonLinesPrinter final : public ChecksumPrinter {
 public:
  using ChecksumPrinter::ChecksumPrinter;
  void file(std::string_view name, const FileChecksum& file) override {
    buffer_ += R"({"type":"file","path":)";
    util::append_json_string(buffer_, name);
    fmt::format_to(std::back_inserter(buffer_), R"(,"size":{},"algorithm":"{}","checksum":"{}"}})",
                   file.size, hash_algorithm_name(file.algorithm), file.checksum);
    buffer_ += '\n';
  }
  void failure(std::string_view name, const Error& error) override {
    buffer_ += R"({"type":"error","path":)";
    util::append_json_string(buffer_, name);
    fmt::format_to(std::back_inserter(buffer_), R"(,"status":{},"message":)", error.http_status);
    util::append_json_string(buffer_, error.describe());
    buffer_ += "}\n";
  }
};

}  // namespace

std::unique_ptr<ChecksumPrinter> make_checksum_printer(ChecksumFormat format, std::FILE* out) {
  if (format == ChecksumFormat::JsonLines) return std::make_unique<JsonLinesPrinter>(out);
  return std::make_unique<GnuPrinter>(out);
}

std::string gnu_checksum_line(std::string_view checksum, std::string_view name) {
  const bool escaped = name.find_first_of("\\\n\r") != std::string_view::npos;
  std::string line;
  line.reserve(checksum.size() + name.size() + 4);
  if (escaped) line += '\\';
  line += checksum;
  line += "  ";
  for (const char c : name) {  // only an escaped name has any of these
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
    }
  }
  line += '\n';
  return line;
}

}  // namespace arty::cli

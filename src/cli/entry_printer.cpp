// Printers of listing records; see entry_printer.hpp.
#include "cli/entry_printer.hpp"

#include <fmt/format.h>

#include "util/json_writer.hpp"

namespace arty::cli {
namespace {

class PathPrinter final : public EntryPrinter {
 public:
  PathPrinter(std::FILE* out, char terminator) : EntryPrinter(out), terminator_(terminator) {}
  void entry(const Entry& entry) override {
    buffer_ += display_path(entry);
    buffer_.push_back(terminator_);
  }

 private:
  char terminator_;
};

/// "2024-03-01T10:15:30.123Z" -> "2024-03-01 10:15:30"; anything else unchanged.
std::string short_time(const std::string& iso) {
  if (iso.size() < 19 || iso[10] != 'T') return iso.empty() ? "-" : iso;
  std::string out = iso.substr(0, 19);
  out[10] = ' ';
  return out;
}

class LongPrinter final : public EntryPrinter {
 public:
  using EntryPrinter::EntryPrinter;
  void entry(const Entry& entry) override {
    const std::string size = entry.size ? std::to_string(*entry.size) : "-";
    fmt::format_to(std::back_inserter(buffer_), "{:>12}  {:<19}  {}\n", size,
                   short_time(entry.last_modified), display_path(entry));
  }
};

class JsonLinesPrinter final : public EntryPrinter {
 public:
  using EntryPrinter::EntryPrinter;
  void entry(const Entry& entry) override {
    buffer_ += entry.is_folder() ? R"({"type":"folder","path":)" : R"({"type":"file","path":)";
    util::append_json_string(buffer_, entry.path);
    if (entry.size) fmt::format_to(std::back_inserter(buffer_), R"(,"size":{})", *entry.size);
    add_string("lastModified", entry.last_modified);
    add_string("sha1", entry.checksums.sha1);
    add_string("sha256", entry.checksums.sha256);
    add_string("md5", entry.checksums.md5);
    buffer_ += "}\n";
  }
  void failure(const std::string& path, const Error& error) override {
    append_json_error(buffer_, path, error);
  }

 private:
  void add_string(const char* key, const std::string& value) {
    if (value.empty()) return;
    fmt::format_to(std::back_inserter(buffer_), R"(,"{}":)", key);
    util::append_json_string(buffer_, value);
  }
};

}  // namespace

std::unique_ptr<EntryPrinter> make_printer(OutputFormat format, std::FILE* out) {
  switch (format) {
    case OutputFormat::Long:
      return std::make_unique<LongPrinter>(out);
    case OutputFormat::JsonLines:
      return std::make_unique<JsonLinesPrinter>(out);
    case OutputFormat::NulSeparated:
      return std::make_unique<PathPrinter>(out, '\0');
    case OutputFormat::Plain:
      break;
  }
  return std::make_unique<PathPrinter>(out, '\n');
}

std::string display_path(const Entry& entry) {
  return entry.is_folder() ? entry.path + "/" : entry.path;
}

void append_json_error(std::string& out, const std::string& path, const Error& error) {
  out += R"({"type":"error","path":)";
  util::append_json_string(out, path);
  fmt::format_to(std::back_inserter(out), R"(,"status":{},"message":)", error.http_status);
  util::append_json_string(out, error.describe());
  out += "}\n";
}

}  // namespace arty::cli

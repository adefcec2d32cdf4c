// Printers of `arty check` records; see check_printer.hpp.
#include "cli/check_printer.hpp"

#include <iterator>

#include <fmt/format.h>

#include "util/json_writer.hpp"

namespace arty::cli {
namespace {

class CombinedPrinter final : public CheckPrinter {
 public:
  using CheckPrinter::CheckPrinter;
  void record(const CheckRecord& record) override {
    buffer_ += check_state_symbol(record.state);
    buffer_ += ' ';
    buffer_ += check_display_path(record);
    buffer_ += '\n';
  }
};

class JsonLinesPrinter final : public CheckPrinter {
 public:
  using CheckPrinter::CheckPrinter;
  void record(const CheckRecord& record) override {
    fmt::format_to(std::back_inserter(buffer_), R"({{"type":"{}","path":)",
                   check_state_name(record.state));
    util::append_json_string(buffer_, check_display_path(record));
    switch (record.state) {
      case CheckState::Identical:
        add_size("size", record.size);
        add_checksums(record, false);
        break;
      case CheckState::Missing:
        add_size("size", record.size);
        break;
      case CheckState::Extra:
        add_size("size", record.local_size);
        break;
      case CheckState::Differ:
        buffer_ += record.difference == Difference::Size ? R"(,"reason":"size")"
                                                         : R"(,"reason":"checksum")";
        add_size("size", record.size);
        if (record.difference == Difference::Size) add_size("localSize", record.local_size);
        if (record.difference == Difference::Checksum) add_checksums(record, true);
        break;
      case CheckState::Error:
        add_error(record.error.value_or(Error{}));
        break;
    }
    buffer_ += "}\n";
  }

 private:
  void add_size(const char* key, const std::optional<std::uint64_t>& size) {
    if (size) fmt::format_to(std::back_inserter(buffer_), R"(,"{}":{})", key, *size);
  }
  void add_checksums(const CheckRecord& record, bool with_local) {
    if (!record.algorithm) return;
    fmt::format_to(std::back_inserter(buffer_), R"(,"algorithm":"{}","checksum":)",
                   hash_algorithm_name(*record.algorithm));
    util::append_json_string(buffer_, record.checksum);
    if (!with_local) return;
    buffer_ += R"(,"localChecksum":)";
    util::append_json_string(buffer_, record.local_checksum);
  }
  void add_error(const Error& error) {
    fmt::format_to(std::back_inserter(buffer_), R"(,"status":{},"message":)", error.http_status);
    util::append_json_string(buffer_, error.describe());
  }
};

}  // namespace

std::unique_ptr<CheckPrinter> make_check_printer(CheckFormat format, std::FILE* out) {
  if (format == CheckFormat::JsonLines) return std::make_unique<JsonLinesPrinter>(out);
  return std::make_unique<CombinedPrinter>(out);
}

std::string check_display_path(const CheckRecord& record) {
  return record.path.empty() ? "." : record.path;
}

std::string check_reason(const CheckRecord& record) {
  if (record.state == CheckState::Error) return record.error ? record.error->describe() : "";
  if (record.state != CheckState::Differ) return "";
  if (record.difference == Difference::Size) {
    return fmt::format("size {} here, {} in the repository", record.local_size.value_or(0),
                       record.size.value_or(0));
  }
  return fmt::format("{} differs", record.algorithm ? hash_algorithm_name(*record.algorithm) : "");
}

}  // namespace arty::cli

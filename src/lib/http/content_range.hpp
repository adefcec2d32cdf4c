// Parsing of the Content-Range response header of a 206 (RFC 9110, section 14.4):
// "bytes FIRST-LAST/COMPLETE" or "bytes FIRST-LAST/*". Server data: parsed strictly.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace arty::http {

struct ContentRange {
  std::uint64_t first = 0;             ///< Offset of the body's first byte within the file.
  std::uint64_t last = 0;              ///< Offset of its last byte (inclusive).
  std::optional<std::uint64_t> total;  ///< The file's size; unset for "*".
};

/// nullopt for anything but a well-formed satisfied byte range with first <= last < total.
[[nodiscard]] std::optional<ContentRange> parse_content_range(std::string_view value);

}  // namespace arty::http

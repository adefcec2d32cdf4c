// Content-Range parsing (see content_range.hpp).
#include "http/content_range.hpp"

#include <charconv>

namespace arty::http {
namespace {

/// Reads decimal digits at the front of `text` into `out`; false when there are none or too many.
bool take_number(std::string_view& text, std::uint64_t& out) {
  const char* end = text.data() + text.size();
  const auto [next, error] = std::from_chars(text.data(), end, out);
  if (error != std::errc() || next == text.data()) return false;
  text.remove_prefix(static_cast<std::size_t>(next - text.data()));
  return true;
}

bool take_char(std::string_view& text, char expected) {
  if (text.empty() || text.front() != expected) return false;
  text.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<ContentRange> parse_content_range(std::string_view value) {
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  constexpr std::string_view kUnit = "bytes ";
  if (value.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  value.remove_prefix(kUnit.size());
  ContentRange range;
  if (!take_number(value, range.first) || !take_char(value, '-') ||
      !take_number(value, range.last) || !take_char(value, '/')) {
    return std::nullopt;
  }
  if (value == "*") {
    value = {};
  } else {
    std::uint64_t total = 0;
    if (!take_number(value, total)) return std::nullopt;
    range.total = total;
  }
  if (!value.empty() || range.first > range.last) return std::nullopt;
  if (range.total && range.last >= *range.total) return std::nullopt;
  return range;
}

}  // namespace arty::http

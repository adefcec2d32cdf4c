// Fuzzes http::parse_content_range with untrusted Content-Range header values (206 responses of
// downloads, including the ranges of a file fetched in parallel).
//
// Properties: never throws; a parsed range is consistent (first <= last < total) and writing it
// back in the canonical form parses to the same range.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/content_range.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  const auto range = arty::http::parse_content_range(value);
  if (!range) return 0;
  FUZZ_CHECK(range->first <= range->last);
  if (range->total) FUZZ_CHECK(range->last < *range->total);
  const std::string canonical = "bytes " + std::to_string(range->first) + "-" +
                                std::to_string(range->last) + "/" +
                                (range->total ? std::to_string(*range->total) : std::string("*"));
  const auto again = arty::http::parse_content_range(canonical);
  FUZZ_CHECK(again && again->first == range->first && again->last == range->last &&
             again->total == range->total);
  return 0;
}

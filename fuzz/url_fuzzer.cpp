// Fuzzes what users type: parse_artifactory_url, make_location, Location::storage_url and
// download_url, and the percent-encoding functions.
//
// Input: up to three lines, "URL\nREPO/PATH\nRELATIVE": parse_artifactory_url(URL), and with a
// second line make_location(URL, REPO/PATH); RELATIVE (when it is a safe relative path) is
// passed to storage_url and download_url.
//
// Properties:
//  - decode_percent(encode_path_segment(x)) == x, and the encoding has only [A-Za-z0-9-._~%]
//    with every '%' followed by two uppercase hex digits; the same for encode_path, keeping '/';
//  - a parsed Location has a safe repository key and a path of safe segments, and a base URL
//    with its scheme, no user information, query or fragment and no trailing '/';
//  - its Storage API and download URLs contain no raw space, control character, '#', '?' or ';',
//    and decode back, segment by segment, to the repository, path and relative path;
//  - parsing its download URL (or base URL and "REPO/PATH") again gives the same Location.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "arty/location.hpp"
#include "fuzz_check.hpp"
#include "util/path_segment.hpp"
#include "util/percent_encoding.hpp"

namespace arty::fuzz {
namespace {

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool is_upper_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

/// Checks that `encoded` has only unreserved bytes, `also` and well-formed "%XX" triplets.
void check_encoded_charset(std::string_view encoded, char also) {
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '%') {
      FUZZ_CHECK(i + 2 < encoded.size() && is_upper_hex(encoded[i + 1]) &&
                 is_upper_hex(encoded[i + 2]));
      i += 2;
    } else {
      FUZZ_CHECK(is_unreserved(c) || (also != '\0' && c == also));
    }
  }
}

std::size_t count(std::string_view text, char c) {
  std::size_t n = 0;
  for (const char ch : text) n += ch == c ? 1 : 0;
  return n;
}

void check_percent_encoding(std::string_view text) {
  const std::string segment = util::encode_path_segment(text);
  check_encoded_charset(segment, '\0');
  FUZZ_CHECK(util::decode_percent(segment) == text);
  std::size_t reserved = 0;
  for (const char c : text) reserved += is_unreserved(c) ? 0 : 1;
  FUZZ_CHECK(segment.size() == text.size() + 2 * reserved);

  const std::string path = util::encode_path(text);
  check_encoded_charset(path, '/');
  FUZZ_CHECK(count(path, '/') == count(text, '/'));
  FUZZ_CHECK(util::decode_percent(path) == text);

  const std::string decoded = util::decode_percent(text);
  FUZZ_CHECK(decoded.size() <= text.size());
  if (text.find('%') == std::string_view::npos) FUZZ_CHECK(decoded == text);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

/// Checks one URL built by Location: `url` is `prefix` + "/" + encoded repo/path/relative.
void check_built_url(const Location& location, const std::string& url, std::string_view prefix,
                     std::string_view relative) {
  bool raw_bytes_ok = true;
  for (const char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    raw_bytes_ok &= c > 0x20 && c != 0x7F && c != '#' && c != '?' && c != ';';
  }
  if (!raw_bytes_ok) print_escaped("URL", url);
  FUZZ_CHECK(raw_bytes_ok);
  FUZZ_CHECK(url.size() > prefix.size() + 1 && url.compare(0, prefix.size(), prefix) == 0 &&
             url[prefix.size()] == '/');
  std::vector<std::string> expected{location.repo};
  for (const std::string_view part : {std::string_view(location.path), relative}) {
    if (part.empty()) continue;
    for (const std::string_view segment : split(part, '/')) expected.emplace_back(segment);
  }
  const auto encoded = split(std::string_view(url).substr(prefix.size() + 1), '/');
  FUZZ_CHECK(encoded.size() == expected.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    check_encoded_charset(encoded[i], '\0');
    FUZZ_CHECK(util::decode_percent(encoded[i]) == expected[i]);
  }
}

void check_location(const Location& location, std::string_view relative) {
  FUZZ_CHECK(util::unsafe_segment_reason(location.repo) == nullptr);
  FUZZ_CHECK(location.path.empty() || is_safe_relative_path(location.path));
  FUZZ_CHECK(starts_with_ci(location.base_url, "http://") ||
             starts_with_ci(location.base_url, "https://"));
  FUZZ_CHECK(location.base_url.find_first_of("@?#") == std::string::npos);
  FUZZ_CHECK(location.base_url.back() != '/');
  FUZZ_CHECK(location.display() ==
             (location.path.empty() ? location.repo : location.repo + "/" + location.path));

  const std::string storage_prefix = location.base_url + "/api/storage";
  check_built_url(location, location.storage_url(""), storage_prefix, "");
  check_built_url(location, location.download_url(""), location.base_url, "");
  if (is_safe_relative_path(relative)) {
    check_built_url(location, location.storage_url(relative), storage_prefix, relative);
    check_built_url(location, location.download_url(relative), location.base_url, relative);
  }
}

bool same_place(const Location& a, const Location& b) {
  return a.base_url == b.base_url && a.repo == b.repo && a.path == b.path;
}

}  // namespace
}  // namespace arty::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace arty;
  using namespace arty::fuzz;

  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto lines = split(input, '\n');
  const std::string_view url = lines[0];
  const std::string_view relative = lines.size() > 2 ? lines[2] : std::string_view();

  for (const std::string_view line : lines) check_percent_encoding(line);

  if (const Result<Location> location = parse_artifactory_url(url)) {
    check_location(*location, relative);
    const Result<Location> again = parse_artifactory_url(location->download_url(""));
    FUZZ_CHECK(again && same_place(*again, *location));
    FUZZ_CHECK(again->credentials.user.empty() && again->credentials.password.empty());
  } else {
    FUZZ_CHECK(location.error().kind == ErrorKind::InvalidArgument);
    FUZZ_CHECK(is_printable_one_line(location.error().message));
  }

  if (lines.size() > 1) {
    if (const Result<Location> location = make_location(url, lines[1])) {
      check_location(*location, relative);
      const Result<Location> again =
          make_location(location->base_url, util::encode_path(location->display()));
      FUZZ_CHECK(again && same_place(*again, *location));
    } else {
      FUZZ_CHECK(location.error().kind == ErrorKind::InvalidArgument);
      FUZZ_CHECK(is_printable_one_line(location.error().message));
    }
  }
  return 0;
}

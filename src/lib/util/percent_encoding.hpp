// Percent-encoding of URL path segments (RFC 3986, section 2.1), and decoding of what users paste.
#pragma once

#include <string>
#include <string_view>

namespace arty::util {

/// Encodes every byte outside the unreserved set [A-Za-z0-9-._~] as %XX (uppercase hex), so a
/// segment can hold '/', ' ', '#', '?', '%', '+', ';' (Artifactory reads ";k=v" as properties),
/// '[', ']' and UTF-8 safely.
[[nodiscard]] std::string encode_path_segment(std::string_view segment);

/// Encodes each '/'-separated segment of `path` with encode_path_segment, keeping the slashes.
[[nodiscard]] std::string encode_path(std::string_view path);

/// Decodes %XX sequences (either case); a '%' not followed by two hex digits stays as it is, and
/// '+' stays '+' (it means a space only in query strings).
[[nodiscard]] std::string decode_percent(std::string_view text);

}  // namespace arty::util

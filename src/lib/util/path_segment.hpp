// Checks on names that come from a server before they become part of a path (DESIGN.md, section 5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arty::util {

/// Why a name is not a safe single path segment, or nullptr when it is. Unsafe: empty, "." or "..",
/// containing '/' or '\\', NUL, or any other control character (bytes below 0x20 and 0x7F).
[[nodiscard]] const char* unsafe_segment_reason(std::string_view name);

/// The last '/'-separated segment, trailing slashes ignored: "a/b/" -> "b", "b" -> "b", "/" -> "".
[[nodiscard]] std::string_view last_segment(std::string_view path);

/// The non-empty '/'-separated segments of `path`, each percent-decoded: "/a%20b//c/" -> {"a
/// b","c"}.
[[nodiscard]] std::vector<std::string> decoded_segments(std::string_view path);

/// "a/b" + "c" = "a/b/c"; "" + "c" = "c".
[[nodiscard]] std::string join_path(std::string_view parent, std::string_view name);

}  // namespace arty::util

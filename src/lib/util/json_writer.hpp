// Writing server text safely: JSON string literals for arty's JSON Lines output (RFC 8259,
// section 7) and printable one-line text for messages. Only writing: parsing is simdjson's job.
#pragma once

#include <string>
#include <string_view>

namespace arty::util {

/// Appends `text` to `out` as a quoted JSON string. Control characters are escaped; bytes that are
/// not valid UTF-8 are replaced by U+FFFD so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

/// `text` from a server made fit for a one-line message: control characters and bytes that are
/// not valid UTF-8 become \xNN, and more than `max_bytes` are cut with "...".
[[nodiscard]] std::string printable_text(std::string_view text, std::size_t max_bytes = 160);

}  // namespace arty::util

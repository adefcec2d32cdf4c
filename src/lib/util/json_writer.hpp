// Writing JSON string literals for arty's JSON Lines output (RFC 8259, section 7). Only writing:
// parsing is simdjson's job.
#pragma once

#include <string>
#include <string_view>

namespace arty::util {

/// Appends `text` to `out` as a quoted JSON string. Control characters are escaped; bytes that are
/// not valid UTF-8 are replaced by U+FFFD so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

}  // namespace arty::util

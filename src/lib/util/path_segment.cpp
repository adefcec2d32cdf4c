// Checks on names that come from a server; see path_segment.hpp.
#include "util/path_segment.hpp"

#include <string>

namespace arty::util {

const char* unsafe_segment_reason(std::string_view name) {
  if (name.empty()) return "empty name";
  if (name == "." || name == "..") return "'.' or '..' as a name";
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '/' || c == '\\') return "slash in a name";
    if (c == 0) return "NUL byte in a name";
    if (c < 0x20 || c == 0x7F) return "control character in a name";
  }
  return nullptr;
}

std::string join_path(std::string_view parent, std::string_view name) {
  std::string out;
  out.reserve(parent.size() + 1 + name.size());
  out.append(parent);
  if (!parent.empty()) out.push_back('/');
  out.append(name);
  return out;
}

}  // namespace arty::util

// Checks on names that come from a server; see path_segment.hpp.
#include "util/path_segment.hpp"

#include <string>

#include "util/percent_encoding.hpp"

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

std::string_view last_segment(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::vector<std::string> decoded_segments(std::string_view path) {
  std::vector<std::string> segments;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view raw = path.substr(0, slash);
    if (!raw.empty()) segments.push_back(decode_percent(raw));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
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

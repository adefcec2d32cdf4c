// Shared checks of the fuzz targets: a violated property prints what failed and aborts, which
// libFuzzer reports as a crash (and saves the input).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "arty/entry.hpp"
#include "arty/error.hpp"
#include "util/path_segment.hpp"

#define FUZZ_CHECK(condition)                                                             \
  do {                                                                                    \
    if (!(condition)) ::arty::fuzz::violated(#condition, __FILE__, __LINE__);             \
  } while (false)

namespace arty::fuzz {

[[noreturn]] inline void violated(const char* what, const char* file, int line) {
  std::fprintf(stderr, "\n==fuzz== property violated: %s\n==fuzz==   at %s:%d\n", what, file,
               line);
  std::fflush(stderr);
  std::abort();
}

/// Prints `text` with its control and non-ASCII bytes as \xHH, to show what a property saw.
inline void print_escaped(const char* label, std::string_view text) {
  std::fprintf(stderr, "==fuzz== %s: \"", label);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F || c == '\\') {
      std::fprintf(stderr, "\\x%02X", c);
    } else {
      std::fputc(c, stderr);
    }
  }
  std::fprintf(stderr, "\"\n");
}

/// The input as a string whose capacity is exactly its size (as far as std::string allows), so
/// that the parsers copy it into a padded buffer.
inline std::string tight_body(const std::uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  body.shrink_to_fit();
  return body;
}

/// The input as a string with room for simdjson's padding after it, so that the parsers read it
/// in place; the room is filled with JSON-looking bytes, which must never be read as content.
inline std::string roomy_body(const std::uint8_t* data, std::size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 64; ++i) body.append("\"}],1");
  body.resize(size);
  return body;
}

/// Error::message is "Human-readable, one line" (include/arty/error.hpp) and it is printed to a
/// terminal as it is: no line breaks, no control characters (a tab is allowed), not empty.
inline bool is_printable_one_line(std::string_view text) {
  if (text.empty()) return false;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  return true;
}

/// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
inline bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

/// A non-empty relative path whose every '/'-separated segment is a safe name (so no leading,
/// trailing or doubled '/').
inline bool is_safe_relative_path(std::string_view path) {
  if (path.empty()) return false;
  while (true) {
    const auto slash = path.find('/');
    if (util::unsafe_segment_reason(path.substr(0, slash)) != nullptr) return false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

/// Checks what every failed parse must look like: one of `allowed` kinds, with a one-line message.
inline void check_error(const Error& error, ErrorKind allowed, ErrorKind also_allowed) {
  FUZZ_CHECK(error.kind == allowed || error.kind == also_allowed);
  if (!is_printable_one_line(error.message)) print_escaped("Error::message", error.message);
  FUZZ_CHECK(is_printable_one_line(error.message));
}

inline bool same_entry(const Entry& a, const Entry& b) {
  return a.path == b.path && a.type == b.type && a.size == b.size &&
         a.last_modified == b.last_modified && a.checksums.md5 == b.checksums.md5 &&
         a.checksums.sha1 == b.checksums.sha1 && a.checksums.sha256 == b.checksums.sha256;
}

template <typename T>
bool same_error(const Result<T>& a, const Result<T>& b) {
  return !a && !b && a.error().kind == b.error().kind && a.error().message == b.error().message;
}

}  // namespace arty::fuzz

// An item of a repository tree as the walker and the listing operations report it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace arty {

enum class ItemType { File, Folder };

/// Checksums as lowercase hex strings; empty when the server did not give one.
struct Checksums {
  std::string md5;
  std::string sha1;
  std::string sha256;
};

/// One file or folder. `path` is relative to the walk's root, '/'-separated, with no leading or
/// trailing slash; names are raw (percent-decoded) bytes as the server stores them, already checked
/// to be safe path segments (no "", ".", "..", '/', NUL or control characters).
struct Entry {
  std::string path;
  ItemType type = ItemType::File;
  std::optional<std::uint64_t> size;  ///< Bytes; files only, when known (File Info, File List).
  std::string last_modified;          ///< ISO 8601 as the server sends it, or empty when unknown.
  Checksums checksums;                ///< Files only, when known.

  [[nodiscard]] bool is_folder() const { return type == ItemType::Folder; }
};

}  // namespace arty

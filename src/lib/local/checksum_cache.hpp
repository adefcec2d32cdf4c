// Checksums of local files remembered in an extended attribute, so that a later run can tell a
// file is intact without reading it again.
//
// Attribute `user.arty.checksum` = "ALGO:HEX:SIZE:MTIME_NS". It is trusted only while the file's
// size and modification time (nanoseconds) are still the recorded ones: anything that rewrites
// the file changes them. On file systems without user xattrs nothing is remembered and callers
// hash the file instead.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "arty/hasher.hpp"

namespace arty::local {

/// Records `hex` (a checksum of `algorithm`) on the open file `fd`, with its current size and
/// mtime. Returns false when the file system refuses (harmless: the next run hashes instead).
bool remember_checksum(int fd, HashAlgorithm algorithm, std::string_view hex);

/// The checksum of `algorithm` recorded on `path`, if it was recorded for exactly the size and
/// mtime in `info` (an lstat of `path`); nullopt otherwise.
[[nodiscard]] std::optional<std::string> recall_checksum(const std::filesystem::path& path,
                                                         HashAlgorithm algorithm,
                                                         const struct stat& info);

/// Attribute `user.arty.validator` of a partial download: the ETag (or Last-Modified) its bytes
/// came with, sent back as If-Range when the download is resumed. Empty when absent.
bool remember_validator(int fd, std::string_view validator);
[[nodiscard]] std::string recall_validator(int fd);
void forget_validator(int fd);

}  // namespace arty::local

// The folder a mirror writes into, and the only way server paths become local paths there.
//
// Rules (DESIGN.md, section 5): every segment of a server path must be a safe segment (no "",
// ".", "..", '/', '\\', NUL or control characters); every folder on the way down from the root is
// a real directory, never a symbolic link (a link could lead out of the root), and is created
// when missing. Files are written under a temporary name in their own folder and renamed, and
// rename(2) replaces a link at the final name instead of following it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

#include "arty/error.hpp"

namespace arty::local {

class Destination {
 public:
  /// Uses `root` (created, with its parents, when missing). Errors: LocalIo when it cannot be
  /// created or is not a directory.
  static Result<Destination> open(const std::filesystem::path& root);

  /// Makes sure the folder `relative` ('/'-separated, "" = the root) exists below the root as
  /// real directories. Errors: InvalidArgument for an unsafe segment; LocalIo when a segment is a
  /// symbolic link or not a directory, or cannot be created. Not thread-safe.
  Result<void> ensure_folder(std::string_view relative);

  /// The local path of the file `relative`, its folder made as by ensure_folder. Errors: those of
  /// ensure_folder, and InvalidArgument for an unsafe file name.
  Result<std::filesystem::path> file_path(std::string_view relative);

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

  /// The temporary name a download of `final_name` is written under, in the same folder:
  /// ".NAME.arty-part", or ".arty-HASH.part" when that would exceed the file system's limit of
  /// 255 bytes per name. A partial file under this name is what a later run resumes.
  [[nodiscard]] static std::string part_name(std::string_view final_name);

 private:
  explicit Destination(std::filesystem::path root) : root_(std::move(root)) {}

  std::filesystem::path root_;
  // Folders known to be real directories below the root, so that each file does not check its
  // whole path again; forgotten when it grows past a bound (memory stays bounded on any tree).
  std::unordered_set<std::string> known_folders_;
};

}  // namespace arty::local

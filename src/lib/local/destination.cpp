// Destination: server paths to local paths inside the target folder (see destination.hpp).
#include "local/destination.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "util/json_writer.hpp"
#include "util/path_segment.hpp"

namespace arty::local {
namespace {

constexpr std::size_t kMaxNameBytes = 255;  // NAME_MAX of Linux file systems
constexpr std::size_t kMaxKnownFolders = 4096;

Error local_error(const std::filesystem::path& path, std::string_view reason) {
  return Error{ErrorKind::LocalIo, fmt::format("{}: {}", path.string(), reason), {}, 0};
}

/// Makes `path` a real directory: creates it, or accepts an existing directory that is not a link.
Result<void> ensure_directory(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno != ENOENT) return tl::unexpected(local_error(path, std::strerror(errno)));
    if (::mkdir(path.c_str(), 0755) == 0) return {};
    if (errno != EEXIST) return tl::unexpected(local_error(path, std::strerror(errno)));
    if (::lstat(path.c_str(), &info) != 0) {
      return tl::unexpected(local_error(path, std::strerror(errno)));
    }
  }
  if (S_ISLNK(info.st_mode)) {
    return tl::unexpected(
        local_error(path, "is a symbolic link; arty does not follow links in the target folder"));
  }
  if (!S_ISDIR(info.st_mode)) {
    return tl::unexpected(local_error(path, "exists and is not a folder"));
  }
  return {};
}

}  // namespace

Result<Destination> Destination::open(const std::filesystem::path& root) {
  std::error_code error;
  std::filesystem::create_directories(root, error);
  if (error) return tl::unexpected(local_error(root, error.message()));
  if (!std::filesystem::is_directory(root, error)) {
    return tl::unexpected(local_error(root, "is not a folder"));
  }
  return Destination(root);
}

Result<void> Destination::ensure_folder(std::string_view relative) {
  if (relative.empty() || known_folders_.count(std::string(relative)) > 0) return {};
  // Every segment is checked before anything is created.
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= relative.size()) {
    const std::size_t slash = std::min(relative.find('/', start), relative.size());
    const std::string_view segment = relative.substr(start, slash - start);
    if (const char* reason = util::unsafe_segment_reason(segment)) {
      return fail(ErrorKind::InvalidArgument, fmt::format("refusing the server path \"{}\": {}",
                                                          util::printable_text(relative), reason));
    }
    segments.push_back(segment);
    start = slash + 1;
  }
  if (known_folders_.size() + segments.size() > kMaxKnownFolders) known_folders_.clear();
  std::filesystem::path path = root_;
  std::size_t prefix_length = 0;
  for (const std::string_view segment : segments) {
    path /= std::string(segment);
    prefix_length += (prefix_length ? 1 : 0) + segment.size();
    std::string prefix(relative.substr(0, prefix_length));
    if (known_folders_.count(prefix) > 0) continue;  // checked (or made) before
    if (auto made = ensure_directory(path); !made) return made;
    known_folders_.insert(std::move(prefix));
  }
  return {};
}

Result<std::filesystem::path> Destination::file_path(std::string_view relative) {
  const auto slash = relative.rfind('/');
  const std::string_view folder =
      slash == std::string_view::npos ? std::string_view() : relative.substr(0, slash);
  const std::string_view name = util::last_segment(relative);
  if (const char* reason = util::unsafe_segment_reason(name);
      reason || name.size() != relative.size() - (folder.empty() ? 0 : folder.size() + 1)) {
    return fail(ErrorKind::InvalidArgument,
                fmt::format("refusing the server path \"{}\": {}", util::printable_text(relative),
                            reason ? reason : "not a file name"));
  }
  if (auto made = ensure_folder(folder); !made) return tl::unexpected(made.error());
  std::filesystem::path path = root_;
  if (!folder.empty()) path /= std::string(folder);
  return path / std::string(name);
}

std::string Destination::part_name(std::string_view final_name) {
  std::string part = fmt::format(".{}.arty-part", final_name);
  if (part.size() <= kMaxNameBytes) return part;
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const char c : final_name) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return fmt::format(".arty-{:016x}.part", hash);
}

}  // namespace arty::local

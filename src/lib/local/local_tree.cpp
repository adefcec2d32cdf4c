// Listing and scanning local folders, symbolic links followed; see arty/local_tree.hpp.
#include "arty/local_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "util/path_segment.hpp"

namespace arty {
namespace {

tl::unexpected<Error> system_error(int error_number) {
  return fail(ErrorKind::LocalIo, std::generic_category().message(error_number));
}

const char* special_file_kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "of an unknown type";
}

/// Fills type, size, time and identity from `st`, a stat that followed links.
void describe(LocalItem& item, const struct stat& st) {
  item.device = static_cast<std::uint64_t>(st.st_dev);
  item.inode = static_cast<std::uint64_t>(st.st_ino);
  item.modified_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                     static_cast<std::int64_t>(st.st_mtim.tv_nsec);
  if (S_ISREG(st.st_mode)) {
    item.type = LocalItemType::File;
    item.size = static_cast<std::uint64_t>(st.st_size);
  } else if (S_ISDIR(st.st_mode)) {
    item.type = LocalItemType::Folder;
  } else {
    item.type = LocalItemType::Other;
    item.error =
        Error{ErrorKind::LocalIo,
              std::string("not a regular file or folder: ") + special_file_kind(st.st_mode), "", 0};
  }
}

/// Stats `name` in the open folder `folder_fd`, following links; failures become type Other.
LocalItem stat_child(int folder_fd, std::string name) {
  LocalItem item;
  item.path = std::move(name);
  struct stat st {};
  if (::fstatat(folder_fd, item.path.c_str(), &st, 0) == 0) {
    describe(item, st);
    return item;
  }
  const int saved = errno;
  struct stat link {};
  std::string reason = std::generic_category().message(saved);
  if (saved == ENOENT && ::fstatat(folder_fd, item.path.c_str(), &link, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISLNK(link.st_mode)) {
    reason = "broken symbolic link";
  } else if (saved == ELOOP) {
    reason = "symbolic link loop: " + reason;
  }
  item.type = LocalItemType::Other;
  item.error = Error{ErrorKind::LocalIo, std::move(reason), "", 0};
  return item;
}

/// Every name in the open directory stream but "." and "..".
Result<std::vector<std::string>> read_names(DIR* dir) {
  std::vector<std::string> names;
  while (true) {
    errno = 0;
    // One stream per call: readdir is safe then (readdir_r is deprecated).
    const dirent* entry = ::readdir(dir);  // NOLINT(concurrency-mt-unsafe)
    if (entry == nullptr) {
      if (errno != 0) return system_error(errno);
      break;
    }
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  return names;
}

}  // namespace

Result<std::vector<LocalItem>> list_local_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return system_error(errno);
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    const int saved = errno;
    ::close(fd);
    return system_error(saved);
  }
  auto names = read_names(dir);
  if (!names) {
    ::closedir(dir);
    return tl::unexpected(names.error());
  }
  std::sort(names->begin(), names->end());
  std::vector<LocalItem> items;
  items.reserve(names->size());
  for (std::string& name : *names) items.push_back(stat_child(::dirfd(dir), std::move(name)));
  ::closedir(dir);  // also closes fd
  return items;
}

std::filesystem::path local_path_of(const std::filesystem::path& root, std::string_view relative) {
  return relative.empty() ? root : root / relative;
}

LocalTreeScanner::LocalTreeScanner(std::filesystem::path root, std::string start)
    : root_(std::move(root)) {
  // Folders above the start: root, root/a, root/a/b, ... (not the start itself).
  std::string above;
  struct stat st {};
  if (!start.empty() && ::stat(root_.c_str(), &st) == 0) {
    ancestors_.push_back(
        {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), ""});
    for (std::size_t slash = start.find('/'); slash != std::string::npos;
         slash = start.find('/', slash + 1)) {
      above = start.substr(0, slash);
      if (::stat(local_path_of(root_, above).c_str(), &st) != 0) break;
      ancestors_.push_back(
          {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), above});
    }
  }

  LocalItem item;
  item.path = std::move(start);
  if (::stat(local_path_of(root_, item.path).c_str(), &st) != 0) {
    item.error = system_error(errno).value();
  } else {
    describe(item, st);
  }
  if (item.type == LocalItemType::Folder) {
    first_ = descend(std::move(item));
  } else {
    first_ = std::move(item);
  }
}

const LocalTreeScanner::Ancestor* LocalTreeScanner::ancestor_like(const LocalItem& folder) const {
  for (const Ancestor& ancestor : ancestors_) {
    if (ancestor.device == folder.device && ancestor.inode == folder.inode) return &ancestor;
  }
  return nullptr;
}

std::optional<LocalItem> LocalTreeScanner::descend(LocalItem item) {
  if (const Ancestor* ancestor = ancestor_like(item)) {
    item.error = Error{ErrorKind::LocalIo,
                       "file system loop: the same folder as its ancestor '" +
                           (ancestor->path.empty() ? std::string(".") : ancestor->path) + "'",
                       "", 0};
    return item;
  }
  auto children = list_local_folder(local_path_of(root_, item.path));
  if (!children) {
    item.error = children.error();
    return item;
  }
  ancestors_.push_back({item.device, item.inode, item.path});
  levels_.push_back(Level{std::move(item.path), std::move(*children), 0});
  return std::nullopt;
}

std::optional<LocalItem> LocalTreeScanner::next() {
  if (first_) return std::exchange(first_, std::nullopt);
  while (!levels_.empty()) {
    Level& level = levels_.back();
    if (level.next == level.children.size()) {
      levels_.pop_back();
      ancestors_.pop_back();
      continue;
    }
    LocalItem item = std::move(level.children[level.next++]);
    item.path = util::join_path(level.path, item.path);
    if (item.type != LocalItemType::Folder) return item;  // a file, or a failure
    if (auto failed = descend(std::move(item))) return failed;
  }
  return std::nullopt;
}

}  // namespace arty

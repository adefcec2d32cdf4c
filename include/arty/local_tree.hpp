// The files under a local folder as `find -L DIR -type f` sees them: the local side of `arty sum`
// and `arty check`.
//
// Algorithm: depth first, one folder at a time. A folder's names are read whole (readdir), sorted
// by byte value and stat'ed following symbolic links (fstatat relative to the open folder). The
// scanner keeps, per level of the current path, that folder's children and the (device, inode)
// that identifies it, so memory grows with depth x fan-out, not with the size of the tree. A
// folder with the (device, inode) of one of its ancestors is a file system loop (a symbolic link
// to an ancestor): it is reported as a failure and not descended, as `find -L` does. Symbolic
// links to folders elsewhere are followed, so such a folder is scanned once per link.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arty/error.hpp"

namespace arty {

enum class LocalItemType {
  File,    ///< A regular file (possibly reached through symbolic links).
  Folder,  ///< A directory (possibly reached through symbolic links).
  Other,   ///< Anything that cannot be hashed or descended; `error` says why.
};

/// One item of a local tree, symbolic links followed.
struct LocalItem {
  /// A bare name (list_local_folder) or a path relative to the scan's root (LocalTreeScanner),
  /// '/'-separated like Entry::path, "" for the root itself. Local names are raw bytes: any byte
  /// but '/' and NUL, not necessarily UTF-8.
  std::string path;
  LocalItemType type = LocalItemType::Other;
  std::uint64_t size = 0;        ///< Bytes; files only.
  std::int64_t modified_ns = 0;  ///< Modification time, nanoseconds since the Unix epoch.
  std::uint64_t device = 0;      ///< st_dev and st_ino: they identify a folder reached by two
  std::uint64_t inode = 0;       ///< paths (a loop of symbolic links).
  /// Why the item cannot be used (ErrorKind::LocalIo, the system's reason, no path): always set
  /// for type Other (a broken symbolic link, a cycle of links, a FIFO, socket or device, a failed
  /// stat); for a folder when the scanner could not read it or found it repeats an ancestor.
  std::optional<Error> error;
};

/// The children of the local folder `folder`, sorted by name (bytes), without "." and "..", each
/// stat'ed following symbolic links (`path` is the bare name). Items that cannot be stat'ed are
/// type Other with `error` set. Errors: LocalIo (the system's reason) when `folder` itself cannot
/// be opened or read, including when it does not exist or is not a folder.
[[nodiscard]] Result<std::vector<LocalItem>> list_local_folder(const std::filesystem::path& folder);

/// `root` joined with a relative '/'-separated path; `root` itself for "".
[[nodiscard]] std::filesystem::path local_path_of(const std::filesystem::path& root,
                                                  std::string_view relative);

/// The files of a local tree, one at a time: a pull interface, so that the consumer takes them
/// at its own pace and nothing but the current path's folders is held in memory. Not
/// thread-safe; use from one thread at a time.
class LocalTreeScanner {
 public:
  /// Scans the tree under `root`, symbolic links followed (also `root` itself). With `start` (a
  /// relative '/'-separated path), only the subtree at `root`/`start` is scanned; paths stay
  /// relative to `root`, and the folders from `root` down to `start` count as ancestors for loop
  /// detection. When the start is a file, that file alone is reported (path `start`).
  explicit LocalTreeScanner(std::filesystem::path root, std::string start = {});

  /// The next item, in depth-first order with names sorted within each folder: a file (type
  /// File, no error) or a failure (error set: a path that could not be read or descended, e.g.
  /// a broken link, a loop, a FIFO, an unreadable folder, or the start itself when it does not
  /// exist). Folders themselves are not reported. nullopt at the end.
  std::optional<LocalItem> next();

 private:
  struct Level {
    std::string path;                 // relative to root_; "" = the root
    std::vector<LocalItem> children;  // bare names, sorted
    std::size_t next = 0;
  };
  struct Ancestor {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::string path;
  };

  /// Reads the folder `item` and makes it the current level, or returns it as a failure.
  std::optional<LocalItem> descend(LocalItem item);
  [[nodiscard]] const Ancestor* ancestor_like(const LocalItem& folder) const;

  std::filesystem::path root_;
  std::vector<Level> levels_;        // the current path, outermost first
  std::vector<Ancestor> ancestors_;  // folders above `start`, then one per level
  std::optional<LocalItem> first_;   // reported by the first next(): the start, if not a folder
};

}  // namespace arty

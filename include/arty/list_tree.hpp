// The listing operation behind `arty ls`: walk a remote tree and report every entry as it arrives.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arty/entry.hpp"
#include "arty/entry_filter.hpp"
#include "arty/error.hpp"
#include "arty/remote.hpp"

namespace arty {

/// How the tree is listed; all give the same entries, the same failures and exit codes.
/// Details and the rules of each: src/lib/ops/strategy_lister.hpp.
enum class ListingStrategy {
  Auto,      ///< Folder Info at the top, subtrees with File List (else AQL), walk on refusal.
  Walk,      ///< Folder Info for every folder (any edition, anonymous users).
  FileList,  ///< One File List of the whole tree (Artifactory Pro, a logged-in user).
  Aql,       ///< One paged AQL query of the whole tree (a logged-in user).
};

/// "auto", "walk", "list", "aql"; InvalidArgument otherwise.
[[nodiscard]] Result<ListingStrategy> parse_listing_strategy(std::string_view name);

/// auto: the largest File List or AQL answer received; a larger one is abandoned as it passes
/// this many bytes and its subtree split (see src/lib/ops/strategy_lister.hpp).
inline constexpr std::uint64_t kDefaultBulkResponseBytes = 8ULL << 20;

struct ListOptions {
  std::optional<int> max_depth;  ///< 1 lists the root's children only; none = the whole tree.
  std::size_t jobs = 16;         ///< Requests in flight at most.
  /// Fill size and modification time of files. File List and AQL give them with the listing;
  /// over Folder Info they cost one File Info request per file (made concurrently).
  bool details = false;
  ListingStrategy strategy = ListingStrategy::Auto;
  std::uint64_t bulk_response_bytes = kDefaultBulkResponseBytes;  ///< auto's bound, bytes.
  /// What the caller will print, when it filters (`arty find`): folders it excludes are reported
  /// but not descended, and AQL asks the server only for the files it may select. The listing
  /// still reports other entries: callers apply the filter to what they print.
  const EntryFilter* filter = nullptr;
  const std::atomic<bool>* stop_flag = nullptr;  ///< Set (e.g. by SIGINT) to stop within a tick.
  std::function<void()> cancel_in_flight;        ///< Aborts outstanding requests when stopping.
};

/// Called on the thread that runs `list_tree`, never concurrently.
struct ListObserver {
  std::function<bool(const Entry&)> on_entry;  ///< Return false to stop (e.g. stdout closed).
  /// A folder (or, with details, a file) that failed for good; the listing goes on without it.
  std::function<void(const std::string& path, const Error&)> on_failure;
  /// After each folder's entries (and the failures of its files' File Info), with the folder's
  /// path ("" = the root); called right before on_folder_done. Not called when the root is a file.
  std::function<void(const std::string& folder)> on_folder_listed;
  std::function<void()> on_folder_done;  ///< After each folder's entries: a good point to flush.
  std::function<void()> on_tick;         ///< About every 100 ms, for progress.
  /// When set, the root turning out to be a file is reported here (its Entry's path is the file's
  /// name; the file itself is the remote path "") instead of to on_entry.
  std::function<void(const Entry&)> on_root_file;
};

struct ListSummary {
  std::size_t folders = 0;  ///< Folder entries reported (the root not included).
  std::size_t files = 0;
  std::size_t failed = 0;         ///< Folders and files reported to on_failure.
  bool stopped = false;           ///< Ended early: observer, stop flag or fatal error.
  std::size_t bulk_folders = 0;   ///< Folders whose listing came from a File List or AQL answer.
  std::size_t bulk_subtrees = 0;  ///< Subtrees listed (or tried) with File List or AQL.
  std::size_t folder_infos = 0;   ///< Folders listed with Folder Info.
  /// How the strategy went: methods refused, subtrees walked after a failure (for -v).
  std::vector<std::string> strategy_notes;
  /// The error that ended the listing: the root could not be listed, or the server refused the
  /// credentials (401). Unset when the listing ran to the end, even with per-folder failures.
  std::optional<Error> fatal;
};

/// Lists the tree under `remote`'s root. When the root is a file, reports that file alone.
ListSummary list_tree(Remote& remote, const ListOptions& options, const ListObserver& observer);

}  // namespace arty

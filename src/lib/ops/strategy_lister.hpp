// How `list_tree` lists one folder under each listing strategy: a ListFolderFn for the Walker
// that answers from bulk listings (File List, AQL) when it can and from Folder Info otherwise.
//
// The walk itself does not change: it asks for one folder at a time. A folder covered by a bulk
// listing in progress waits for it; a folder that a finished bulk listing delivered is answered
// at once, without a request; any other folder either starts a bulk listing of its subtree or is
// listed with Folder Info, as the strategy says:
//   walk  Folder Info for every folder.
//   list  one File List of the whole tree (depth bounded only by --max-depth); an error fails
//         the folders it would have listed.
//   aql   one paged AQL query of the whole tree; folders are answered page by page as their
//         children complete; an error fails the folders not yet delivered.
//   auto  every folder not yet covered starts a File List of its subtree (kAutoDepth levels,
//         responses cut at kAutoResponseBytes), or, below the root, AQL when File List is not
//         allowed, or Folder Info when neither is. So a tree whose File List fits the bound
//         costs one request; a bigger one costs that cut-off response, then the root by Folder
//         Info and a File List per subfolder (split again where still too big). The first bulk
//         request of a method is the probe: until it answers, other folders wait for it; a
//         refusal (400, 401, 403, 404, 405, 429, 501) disables that method for the rest of the
//         run. Any other failure of a subtree (timeout, 5xx, a response over the bound) lists its
//         top folder with Folder Info and lets its children start bulk listings of their own.
//         Nothing is lost: a folder is always either delivered or listed by Folder Info, whose
//         errors the walk reports. Memory: at most -j responses of kAutoResponseBytes in flight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arty/list_tree.hpp"
#include "arty/remote.hpp"

namespace arty::ops {

/// auto: levels of one File List below the folder it starts at.
inline constexpr int kAutoDepth = 16;
/// auto: no response (File List or AQL page) is received beyond this many bytes (unless the
/// caller gives another bound); a larger one is abandoned as it passes the bound and its subtree
/// is split.
inline constexpr std::uint64_t kAutoResponseBytes = kDefaultBulkResponseBytes;
/// AQL results per page (about 300-400 bytes each with checksums: 3-4 MB a page).
inline constexpr std::size_t kAqlPageItems = 10'000;

struct StrategyCounts {
  std::size_t file_lists = 0;      ///< Subtrees listed (or started) with File List.
  std::size_t aql_subtrees = 0;    ///< Subtrees listed (or started) with AQL.
  std::size_t delivered = 0;       ///< Folders answered from bulk listings, without a request.
  std::size_t folder_infos = 0;    ///< Folders listed with Folder Info.
  std::size_t fallbacks = 0;       ///< Subtrees whose bulk listing failed and were walked instead.
  std::vector<std::string> notes;  ///< One line per method refused or subtree fallen back.
};

class StrategyLister {
 public:
  /// `remote` must outlive this object. `file_criteria`: see SubtreeQuery (AQL only).
  /// `response_bound`: auto's bound on one response, bytes.
  StrategyLister(Remote& remote, ListingStrategy strategy, std::optional<int> max_depth,
                 std::string file_criteria, std::uint64_t response_bound = kAutoResponseBytes);
  /// Waits for bulk listings still running (they end by themselves, or with Cancelled when the
  /// engine is cancelled).
  ~StrategyLister();
  StrategyLister(const StrategyLister&) = delete;
  StrategyLister& operator=(const StrategyLister&) = delete;

  /// The Walker's ListFolderFn: contract of Remote::list_folder.
  void list(const std::string& folder, ListCallback done);

  [[nodiscard]] StrategyCounts counts() const;

  /// Whether bulk listings are still running (an AQL query may page on after the walk has what
  /// it wanted from it).
  [[nodiscard]] bool busy() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace arty::ops

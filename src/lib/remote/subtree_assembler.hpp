// Turns the flat item lists of bulk listings (File List, AQL) into complete folder listings, the
// shape the walk consumes: for every folder of a subtree above the depth bound, all its children.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "arty/error.hpp"
#include "arty/folder_listing.hpp"

namespace arty::remote {

class SubtreeAssembler {
 public:
  using Folders = std::vector<std::pair<std::string, FolderListing>>;

  /// `root`: the subtree's folder, relative to the remote's root ("" = that root). `depth`: levels
  /// below `root` that are listed (1 = its children); deeper items are ignored, and folders at
  /// that depth are frontier folders (in their parent's listing, not listed themselves).
  /// `grouped`: the items come grouped by parent folder (AQL sorted by path), so a folder is
  /// complete once the next folder's children start (see take_closed); else any order.
  SubtreeAssembler(std::string root, std::optional<int> depth, bool grouped);

  /// One item; `parent` is its folder relative to `root` ("" = `root`), `name` a safe segment
  /// (callers check untrusted names).
  /// Error (BadResponse): with grouped input, a folder whose children come in two separate runs.
  Result<void> add(std::string_view parent, std::string_view name, ItemType type,
                   std::optional<ItemDetails> details);

  /// For input grouped by parent folder (AQL sorted by path): the folders whose run of children
  /// has ended, i.e. every folder with children except the one being added to now. Call between
  /// pages; each folder is returned once.
  Folders take_closed();

  /// Every folder not yet returned: `root`, each folder seen above the depth bound (empty ones
  /// included). Call once, after the last item.
  Folders finish();

 private:
  std::string absolute(std::string_view relative) const;

  std::string root_;
  std::optional<int> depth_;
  bool grouped_;
  std::unordered_map<std::string, FolderListing> open_;  // children gathered so far, by parent
  std::unordered_set<std::string> awaiting_;  // folders seen whose children have not started
  std::unordered_set<std::string> closed_;    // folders whose run of children ended
  std::string current_;                       // the parent of the last item
  bool any_ = false;
};

}  // namespace arty::remote

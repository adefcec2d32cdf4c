// SubtreeAssembler; see subtree_assembler.hpp.
#include "remote/subtree_assembler.hpp"

#include <algorithm>

#include "util/path_segment.hpp"

namespace arty::remote {

namespace {

/// Depth below the subtree's root of a child of `parent` ("" = the root: depth 1).
int child_depth(std::string_view parent) {
  return parent.empty() ? 1 : 2 + static_cast<int>(std::count(parent.begin(), parent.end(), '/'));
}

}  // namespace

SubtreeAssembler::SubtreeAssembler(std::string root, std::optional<int> depth, bool grouped)
    : root_(std::move(root)), depth_(depth), grouped_(grouped) {
  awaiting_.insert("");
}

std::string SubtreeAssembler::absolute(std::string_view relative) const {
  return relative.empty() ? root_ : util::join_path(root_, relative);
}

Result<void> SubtreeAssembler::add(std::string_view parent, std::string_view name, ItemType type,
                                   std::optional<ItemDetails> details) {
  const int depth = child_depth(parent);
  if (depth_ && depth > *depth_) return {};
  if (!any_ || parent != current_) {
    if (grouped_ && closed_.count(std::string(parent)) != 0) {
      return fail(ErrorKind::BadResponse,
                  "the children of one folder came in two separate runs: results not sorted by "
                  "path");
    }
    if (grouped_ && any_ && open_.count(current_) != 0) closed_.insert(current_);
    current_ = std::string(parent);
    any_ = true;
    awaiting_.erase(current_);
  }
  FolderListing& listing = open_[current_];
  listing.add(name, type);
  if (details) listing.set_details(listing.size() - 1, std::move(*details));
  if (type == ItemType::Folder) {
    const std::string child = util::join_path(parent, name);
    // A folder at the depth bound is a frontier folder: its children are not in this subtree.
    const bool frontier = depth_ && depth >= *depth_;
    if (!frontier && open_.count(child) == 0 && closed_.count(child) == 0) awaiting_.insert(child);
  }
  return {};
}

SubtreeAssembler::Folders SubtreeAssembler::take_closed() {
  Folders out;
  for (auto it = open_.begin(); it != open_.end();) {
    if (it->first != current_ && closed_.count(it->first) != 0) {
      it->second.remove_duplicate_names();
      out.emplace_back(absolute(it->first), std::move(it->second));
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

SubtreeAssembler::Folders SubtreeAssembler::finish() {
  Folders out;
  for (auto& [folder, listing] : open_) {
    listing.remove_duplicate_names();
    out.emplace_back(absolute(folder), std::move(listing));
  }
  open_.clear();
  for (const std::string& folder : awaiting_) out.emplace_back(absolute(folder), FolderListing{});
  awaiting_.clear();
  return out;
}

}  // namespace arty::remote

// The compact folder listing; see include/arty/folder_listing.hpp.
#include "arty/folder_listing.hpp"

#include <algorithm>
#include <numeric>

namespace arty {

FolderListing::FolderListing(const std::vector<Entry>& entries) {
  for (const Entry& entry : entries) {
    add(entry.path, entry.type);
    if (entry.size || !entry.last_modified.empty()) {
      set_details(size() - 1, ItemDetails{entry.size, entry.last_modified, entry.checksums});
    }
  }
}

void FolderListing::reserve(std::size_t children, std::size_t name_bytes) {
  children_.reserve(children);
  names_.reserve(name_bytes);
}

void FolderListing::add(std::string_view name, ItemType type) {
  children_.push_back(Child{static_cast<std::uint32_t>(names_.size()),
                            static_cast<std::uint32_t>(name.size()), type, kNoDetails});
  names_.append(name);
}

void FolderListing::set_details(std::size_t index, ItemDetails details) {
  Child& child = children_[index];
  if (child.details_index == kNoDetails) {
    child.details_index = static_cast<std::uint32_t>(details_.size());
    details_.push_back(std::move(details));
  } else {
    details_[child.details_index] = std::move(details);
  }
}

std::size_t FolderListing::remove_duplicate_names() {
  // Sort indices by name (stable: the first of equal names stays first), mark the later ones.
  std::vector<std::uint32_t> order(children_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [this](std::uint32_t a, std::uint32_t b) { return name(a) < name(b); });
  std::vector<bool> duplicate(children_.size(), false);
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (name(order[i]) == name(order[i - 1])) duplicate[order[i]] = true;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < children_.size(); ++i) {
    if (!duplicate[i]) children_[kept++] = children_[i];
  }
  const std::size_t removed = children_.size() - kept;
  children_.resize(kept);
  return removed;
}

std::string_view FolderListing::name(std::size_t index) const {
  const Child& child = children_[index];
  return std::string_view(names_).substr(child.name_offset, child.name_length);
}

std::uint64_t FolderListing::fingerprint() const {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a offset basis
  const auto mix = [&hash](unsigned char byte) { hash = (hash ^ byte) * 1099511628211ULL; };
  for (std::size_t i = 0; i < children_.size(); ++i) {
    for (const char c : name(i)) mix(static_cast<unsigned char>(c));
    mix(children_[i].type == ItemType::Folder ? 1 : 2);  // also separates the names
  }
  return hash;
}

Entry FolderListing::entry(std::size_t index) const {
  Entry entry;
  entry.path = std::string(name(index));
  entry.type = children_[index].type;
  if (const std::uint32_t details = children_[index].details_index; details != kNoDetails) {
    entry.size = details_[details].size;
    entry.last_modified = details_[details].last_modified;
    entry.checksums = details_[details].checksums;
  }
  return entry;
}

}  // namespace arty

// The children of one folder, stored compactly: a folder of 200,000 children is a few bytes per
// child plus its names, not 200,000 Entry objects. Entries are made one at a time on request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arty/entry.hpp"

namespace arty {

/// Facts about a file beyond its name and type (from File Info, File List or AQL).
struct ItemDetails {
  std::optional<std::uint64_t> size;  ///< Bytes.
  std::string last_modified;          ///< ISO 8601 as the server sends it.
  Checksums checksums;
};

class FolderListing {
 public:
  FolderListing() = default;
  /// From whole entries (each `path` a bare name); convenient for tests and small remotes.
  explicit FolderListing(const std::vector<Entry>& entries);

  /// Room for `children` children whose names take `name_bytes` in all (an optimisation).
  void reserve(std::size_t children, std::size_t name_bytes);
  /// Appends a child; `name` must be one safe path segment (callers check untrusted names).
  void add(std::string_view name, ItemType type);
  /// Attaches details to child `index` (< size()).
  void set_details(std::size_t index, ItemDetails details);
  /// Drops every child whose name was seen before, keeping the first; returns how many went.
  std::size_t remove_duplicate_names();

  [[nodiscard]] std::size_t size() const { return children_.size(); }
  [[nodiscard]] bool empty() const { return children_.empty(); }
  [[nodiscard]] std::string_view name(std::size_t index) const;
  [[nodiscard]] ItemType type(std::size_t index) const { return children_[index].type; }
  /// Whether child `index` has details (File List and AQL give them with the listing).
  [[nodiscard]] bool has_details(std::size_t index) const {
    return children_[index].details_index != kNoDetails;
  }
  /// A 64-bit fingerprint of the names and types (FNV-1a), to recognise a folder that lists the
  /// same children as one of its ancestors.
  [[nodiscard]] std::uint64_t fingerprint() const;
  /// Child `index` as an Entry whose `path` is its bare name, with its details if it has any.
  [[nodiscard]] Entry entry(std::size_t index) const;

 private:
  struct Child {
    std::uint32_t name_offset;
    std::uint32_t name_length;
    ItemType type;
    std::uint32_t details_index;  // into details_, or kNoDetails
  };
  static constexpr std::uint32_t kNoDetails = UINT32_MAX;

  std::string names_;  // every name, back to back
  std::vector<Child> children_;
  std::vector<ItemDetails> details_;
};

}  // namespace arty

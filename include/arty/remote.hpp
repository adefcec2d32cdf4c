// The one interface every kind of remote tree implements (Artifactory over the Storage API, test
// fakes, later local trees). Operations are asynchronous so that many can be in flight at once.
#pragma once

#include <functional>
#include <string>

#include "arty/entry.hpp"
#include "arty/error.hpp"
#include "arty/folder_listing.hpp"

namespace arty {

using ListCallback = std::function<void(Result<FolderListing>)>;
using StatCallback = std::function<void(Result<Entry>)>;

class Remote {
 public:
  virtual ~Remote() = default;

  /// Lists the direct children of `folder`, a path relative to the remote's root ("" = the root).
  /// `done` is called exactly once, from any thread, possibly before this returns. It must not
  /// block. Errors: the remote's (HttpStatus, Network, BadResponse, NotAFolder, Cancelled).
  virtual void list_folder(const std::string& folder, ListCallback done) = 0;

  /// Size, modification time and checksums of one item (`path` relative to the root); `done` as
  /// above. The Entry's `path` is the one asked for.
  virtual void stat(const std::string& path, StatCallback done) = 0;
};

}  // namespace arty

// The one interface every kind of remote tree implements (Artifactory over the Storage API, test
// fakes, later local trees). Operations are asynchronous so that many can be in flight at once.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "arty/entry.hpp"
#include "arty/error.hpp"
#include "arty/folder_listing.hpp"
#include "arty/transfer_engine.hpp"

namespace arty {

using ListCallback = std::function<void(Result<FolderListing>)>;
using StatCallback = std::function<void(Result<Entry>)>;
/// Success: the whole body went to the sink (the sink saw its ResponseHead).
using DownloadCallback = std::function<void(Result<void>)>;

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

  /// Streams the content of file `path` into `sink` (see DownloadSink for the calls it gets and
  /// how retries resume). `done` as above. Errors: HttpStatus with the server's message, Network,
  /// LocalIo (the sink gave up), Cancelled; a remote that cannot download says InvalidArgument.
  virtual void download(const std::string& path, std::shared_ptr<DownloadSink> sink,
                        DownloadCallback done) {
    (void)path;
    (void)sink;
    done(fail(ErrorKind::InvalidArgument, "this remote cannot download files"));
  }
};

}  // namespace arty

// The one interface every kind of remote tree implements (Artifactory over the Storage API, test
// fakes, later local trees). Operations are asynchronous so that many can be in flight at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "arty/entry.hpp"
#include "arty/error.hpp"
#include "arty/folder_listing.hpp"
#include "arty/transfer_engine.hpp"

namespace arty {

using ListCallback = std::function<void(Result<FolderListing>)>;
using StatCallback = std::function<void(Result<Entry>)>;
/// Success: the whole body went to the sink (the sink saw its ResponseHead).
using DownloadCallback = std::function<void(Result<void>)>;

/// The ways a remote may list a whole subtree in few requests. Artifactory: File List (Pro, a
/// logged-in user: one unpaged document) and AQL (a logged-in user: paged queries).
enum class BulkMethod { FileList, Aql };

struct SubtreeQuery {
  BulkMethod method = BulkMethod::FileList;
  /// Levels below the folder to include: 1 = its children only; none = the whole subtree.
  std::optional<int> depth;
  /// A response larger than this fails with ErrorKind::BadResponse while it arrives (it is never
  /// received whole); 0 = the transfer engine's limit.
  std::uint64_t max_response_bytes = 0;
  /// true: nothing is retried, a refusal or a rate limit (429) comes back at once, because the
  /// caller has another way (walking). false: retried like any request.
  bool fail_fast = true;
  std::size_t page_items = 10'000;  ///< AQL: results asked per request.
  /// AQL: criteria ANDed to the subtree's, a JSON object (e.g. {"name":{"$match":"*.jar"}}) or "";
  /// the remote still reports every folder (only files are filtered), so the tree stays whole.
  std::string file_criteria;
};

/// Folders of a subtree whose children are all known, each with its path relative to the
/// remote's root. A folder at the query's depth bound appears in its parent's listing but is not
/// itself listed (its children are unknown).
struct SubtreePart {
  std::vector<std::pair<std::string, FolderListing>> folders;
  bool last = false;  ///< No more parts follow.
};
/// Called one or more times, one call at a time, from any thread; the last call is an error or a
/// part with `last` set. Parts delivered before an error stay valid. Must not block.
using SubtreeCallback = std::function<void(Result<SubtreePart>)>;

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

  /// Lists the subtree under `folder` (relative to the root) with `query.method`, as parts (see
  /// SubtreePart), `folder` itself included. Errors: the method's HttpStatus (e.g. 403 or 405 when
  /// the server does not allow it, 429 when rate-limited), Network, BadResponse (also: over
  /// `max_response_bytes`), Cancelled; a remote without bulk listing says InvalidArgument.
  virtual void list_subtree(const std::string& folder, const SubtreeQuery& query,
                            SubtreeCallback done) {
    (void)folder;
    (void)query;
    done(fail(ErrorKind::InvalidArgument, "this remote cannot list subtrees in bulk"));
  }
};

}  // namespace arty

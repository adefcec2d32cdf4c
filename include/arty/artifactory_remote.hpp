// A Remote backed by Artifactory's Storage API, one request per folder (Folder Info) or item
// (File Info). Works for every edition, anonymous users and virtual repositories.
// Source: https://jfrog.com/help/r/jfrog-rest-apis/folder-info and .../file-info
#pragma once

#include <memory>

#include "arty/location.hpp"
#include "arty/remote.hpp"
#include "arty/transfer_engine.hpp"

namespace arty {

class ArtifactoryRemote final : public Remote {
 public:
  /// `engine` must outlive this object. The root of the tree is `root` (repository + path).
  ArtifactoryRemote(TransferEngine& engine, Location root);
  ~ArtifactoryRemote() override;  ///< Waits for parsing still running on the CPU pool.

  /// GET {base}/api/storage/{repo}/{root}/{folder}. A 200 that is not a well-formed Folder Info
  /// (HTML, invalid JSON, wrong shape, unsafe child names) is ErrorKind::BadResponse; a File Info
  /// is ErrorKind::NotAFolder; other statuses are ErrorKind::HttpStatus with the server's message.
  void list_folder(const std::string& folder, ListCallback done) override;

  /// GET {base}/api/storage/{repo}/{root}/{path}: File Info (or Folder Info for a folder).
  void stat(const std::string& path, StatCallback done) override;

  /// GET {base}/{repo}/{root}/{path} (Artifactory's Retrieve Artifact; redirects to storage are
  /// followed without credentials), body into `sink`. A non-2xx answer is ErrorKind::HttpStatus.
  /// Source: https://jfrog.com/help/r/jfrog-rest-apis/retrieve-artifact
  void download(const std::string& path, std::shared_ptr<DownloadSink> sink,
                DownloadCallback done) override;

  /// File List: GET {storage URL of folder}?list&deep=1&listFolders=1&mdTimestamps=0[&depth=N]
  /// (Artifactory Pro, a logged-in user; https://jfrog.com/help/r/jfrog-rest-apis/file-list).
  /// AQL: POST {base}/api/search/aql, pages of `page_items` by key (see
  /// remote/artifactory/aql_query.hpp; a logged-in user;
  /// https://jfrog.com/help/r/jfrog-artifactory-documentation/aql-execution).
  /// Names are checked as for list_folder; an unsafe one fails the subtree (BadResponse).
  void list_subtree(const std::string& folder, const SubtreeQuery& query,
                    SubtreeCallback done) override;

  [[nodiscard]] const Location& root() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arty

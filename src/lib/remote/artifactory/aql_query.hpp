// The AQL text arty sends to list a subtree page by page.
// Source: https://jfrog.com/help/r/jfrog-artifactory-documentation/artifactory-query-language
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace arty::artifactory {

/// The (path, name) of the last result of a page, as the server sent them: the next page starts
/// after it (paging by key, which stays correct when results are trimmed or filtered after the
/// limit, and does not slow down with the offset as `.offset(N)` does).
struct AqlKey {
  std::string path;
  std::string name;
};

/// One page of every item (files and folders) under `folder` of `repo` (a path in the repository,
/// "" = the repository's root), sorted by repo, path and name:
///   items.find({"$and":[{"repo":R,"type":"any"}, SUBTREE, FILES, AFTER]})
///     .include("repo","path","name","type","size","modified","actual_md5","actual_sha1","sha256")
///     .sort({"$asc":["repo","path","name"]}).limit(LIMIT)
/// SUBTREE = {"$or":[{"path":F},{"path":{"$match":"F/*"}}]} (absent at the root); FILES =
/// {"$or":[{"type":"folder"},{"$and":[{"type":"file"},file_criteria]}]} when `file_criteria` (a
/// JSON object) is not empty, so that folders always come; AFTER = {"$or":[{"path":{"$gt":P}},
/// {"path":P,"name":{"$gt":N}}]} for `after`. A folder whose path has '*' or '?' matches more
/// than its subtree with $match: callers drop results outside it.
[[nodiscard]] std::string subtree_page_query(std::string_view repo, std::string_view folder,
                                             std::string_view file_criteria,
                                             const std::optional<AqlKey>& after, std::size_t limit);

}  // namespace arty::artifactory

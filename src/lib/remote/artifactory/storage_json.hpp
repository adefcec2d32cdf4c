// Artifactory's Storage API JSON shapes and their parser: the only code of arty that reads server
// JSON (and the only user of simdjson). Every input is untrusted: anything that is not exactly the
// documented shape is an ErrorKind::BadResponse with a one-line reason, never a partial result.
//
// Sources:
//   Folder Info  https://jfrog.com/help/r/jfrog-rest-apis/folder-info
//     {"repo","path","created","createdBy","lastModified","modifiedBy","lastUpdated","uri",
//      "children":[{"uri":"/name","folder":true|false}]}
//   File Info    https://jfrog.com/help/r/jfrog-rest-apis/file-info
//     {"repo","path",...,"downloadUri","mimeType","size":"1234",
//      "checksums":{"sha1","md5","sha256"},"originalChecksums":{...},"uri"}
//   File List    https://jfrog.com/help/r/jfrog-rest-apis/file-list  (?list&deep=1&listFolders=1)
//     {"uri","created","files":[{"uri":"/a/b.jar","size":123,"lastModified","folder":false,
//      "sha1","sha2"},{"uri":"/a","size":-1,"lastModified","folder":true}]}
//   AQL          https://jfrog.com/help/r/jfrog-artifactory-documentation/aql-execution
//     {"results":[{"repo","path","name","type":"file"|"folder","size","modified","actual_sha1",
//      "actual_md5","sha256",...}],"range":{"start_pos","end_pos","total","limit",
//      "notification" (when the server trimmed the results to its hard limit)}}
//   Errors       {"errors":[{"status":404,"message":"..."}]}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arty/error.hpp"
#include "arty/remote.hpp"

namespace arty::artifactory {

/// Parses a Folder Info body into its children (each Entry's `path` is the child's bare name).
/// A File Info body gives ErrorKind::NotAFolder. Child names are checked as safe path segments;
/// a repeated name is listed once. With `expected_path` (the folder's path in its repository), a
/// body whose "path" names another folder is refused: a proxy or a virtual repository answering
/// for the wrong folder must not put entries at the wrong place. `body` needs no padding (it is
/// copied when it lacks room).
[[nodiscard]] Result<FolderListing> parse_folder_info(
    const std::string& body, std::optional<std::string_view> expected_path = std::nullopt);

/// Parses a File Info (or Folder Info) body into an Entry whose `path` is the item's name (the
/// last segment of the "path" field; "" for a repository root), with size, lastModified and
/// checksums. `size` may be a JSON string (as Artifactory sends it) or a number.
[[nodiscard]] Result<Entry> parse_item_info(const std::string& body);

/// Parses a File List body: every item under the listed folder, with its path relative to it
/// (each segment checked as a safe name), size (files), lastModified and sha1/sha256 ("sha2").
[[nodiscard]] Result<std::vector<Entry>> parse_file_list(const std::string& body);

/// One AQL result, fields as sent (path "." = the repository root; names not yet checked).
struct AqlItem {
  std::string path;
  std::string name;
  ItemType type = ItemType::File;
  std::optional<std::uint64_t> size;
  std::string modified;  ///< ISO 8601.
  Checksums checksums;   ///< actual_md5, actual_sha1, sha256.
};

struct AqlPage {
  std::vector<AqlItem> items;
  /// range.notification: set when the server trimmed the results (its hard limit).
  std::string notification;
};

/// Parses one AQL `items.find` answer.
[[nodiscard]] Result<AqlPage> parse_aql_page(const std::string& body);

/// The first `errors[].message` of an Artifactory error body, or "" if it has none.
[[nodiscard]] std::string parse_error_message(const std::string& body);

}  // namespace arty::artifactory

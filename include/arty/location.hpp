// Where a tree lives: an Artifactory base URL, a repository key and a path inside it, parsed from
// what users type or copy from a browser.
#pragma once

#include <string>
#include <string_view>

#include "arty/error.hpp"

namespace arty {

/// User and password found in a URL's user information ("https://user:pass@host/...").
struct UrlCredentials {
  std::string user;
  std::string password;
};

struct Location {
  std::string
      base_url;      ///< "scheme://host[:port]/context", no trailing slash, no user information.
  std::string repo;  ///< Repository key, e.g. "maven-local".
  std::string path;  ///< Decoded path in the repository, no leading/trailing '/'; "" = root.
  UrlCredentials credentials;  ///< From the URL's user information, if it had any.

  /// Storage API URL of `relative` (a decoded path under `path`, "" for `path` itself):
  /// base/api/storage/repo/path/relative, each segment percent-encoded.
  /// Source: https://jfrog.com/help/r/jfrog-rest-apis/folder-info
  [[nodiscard]] std::string storage_url(std::string_view relative) const;

  /// Download URL of `relative`: base/repo/path/relative, each segment percent-encoded.
  [[nodiscard]] std::string download_url(std::string_view relative) const;

  /// "repo/path" for messages.
  [[nodiscard]] std::string display() const;
};

/// Parses a URL as copied from a browser, "https://host/artifactory/REPO/PATH": the base URL ends
/// at the first "/artifactory" segment, the next segment is the repository key. Percent-encoded
/// segments are decoded. Errors: InvalidArgument when the scheme is not http(s), there is no
/// "/artifactory/" segment or no repository key.
[[nodiscard]] Result<Location> parse_artifactory_url(std::string_view url);

/// For servers with another context path: `base_url` is the Artifactory root
/// (e.g. "https://host/my/context") and `repo_path` is "REPO/PATH" (decoded as above).
[[nodiscard]] Result<Location> make_location(std::string_view base_url, std::string_view repo_path);

}  // namespace arty

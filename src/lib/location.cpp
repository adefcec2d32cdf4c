// Parsing of Artifactory URLs into a Location, and building of Storage API and download URLs.
#include "arty/location.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "util/path_segment.hpp"
#include "util/percent_encoding.hpp"

namespace arty {
namespace {

struct SplitUrl {
  std::string origin;                 // scheme://host[:port], without user information
  std::vector<std::string> segments;  // decoded, empty ones dropped
  UrlCredentials credentials;
};

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

Result<SplitUrl> split_url(std::string_view url) {
  std::size_t scheme_end = 0;
  if (starts_with_ci(url, "https://")) {
    scheme_end = 8;
  } else if (starts_with_ci(url, "http://")) {
    scheme_end = 7;
  } else {
    return fail(ErrorKind::InvalidArgument, "the URL must start with http:// or https://");
  }
  url = url.substr(0, std::min(url.find('?'), url.find('#')));
  const std::size_t path_start = std::min(url.find('/', scheme_end), url.size());
  std::string_view authority = url.substr(scheme_end, path_start - scheme_end);
  SplitUrl out;
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    out.credentials.user = util::decode_percent(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      out.credentials.password = util::decode_percent(userinfo.substr(colon + 1));
    }
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) return fail(ErrorKind::InvalidArgument, "the URL has no host");
  const bool host_ok = std::all_of(authority.begin(), authority.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) ||
           std::string_view("-._~:[]%").find(ch) != std::string_view::npos;
  });
  if (!host_ok) return fail(ErrorKind::InvalidArgument, "the URL's host name is not valid");
  out.origin = std::string(url.substr(0, scheme_end)) + std::string(authority);
  out.segments = util::decoded_segments(url.substr(path_start));
  return out;
}

Result<Location> finish(std::string base_url, const std::vector<std::string>& segments,
                        std::size_t repo_index, UrlCredentials credentials) {
  if (repo_index >= segments.size()) {
    return fail(ErrorKind::InvalidArgument, "the URL names no repository key after the base URL");
  }
  Location location;
  location.base_url = std::move(base_url);
  location.repo = segments[repo_index];
  location.credentials = std::move(credentials);
  for (std::size_t i = repo_index; i < segments.size(); ++i) {
    if (const char* reason = util::unsafe_segment_reason(segments[i])) {
      return fail(ErrorKind::InvalidArgument,
                  std::string("the path in the URL is not usable: ") + reason);
    }
    if (i > repo_index) location.path = util::join_path(location.path, segments[i]);
  }
  return location;
}

}  // namespace

std::string Location::storage_url(std::string_view relative) const {
  std::string url = base_url + "/api/storage/" + util::encode_path_segment(repo);
  const std::string inside = relative.empty() ? path : util::join_path(path, relative);
  if (!inside.empty()) url.append("/").append(util::encode_path(inside));
  return url;
}

std::string Location::download_url(std::string_view relative) const {
  std::string url = base_url + "/" + util::encode_path_segment(repo);
  const std::string inside = relative.empty() ? path : util::join_path(path, relative);
  if (!inside.empty()) url.append("/").append(util::encode_path(inside));
  return url;
}

std::string Location::display() const {
  return path.empty() ? repo : repo + "/" + path;
}

Result<Location> parse_artifactory_url(std::string_view url) {
  auto split = split_url(url);
  if (!split) return tl::unexpected(split.error());
  const auto& segments = split->segments;
  const auto context = std::find(segments.begin(), segments.end(), "artifactory");
  if (context == segments.end()) {
    return fail(ErrorKind::InvalidArgument,
                "no /artifactory/ in the URL; for another context path, give the base with --url "
                "and REPO/PATH as the argument");
  }
  const auto context_index = static_cast<std::size_t>(context - segments.begin());
  std::string base = split->origin;
  for (std::size_t i = 0; i <= context_index; ++i) {
    base.append("/").append(util::encode_path_segment(segments[i]));
  }
  return finish(std::move(base), segments, context_index + 1, std::move(split->credentials));
}

Result<Location> make_location(std::string_view base_url, std::string_view repo_path) {
  auto split = split_url(base_url);
  if (!split) return tl::unexpected(split.error());
  std::string base = split->origin;
  for (const auto& segment : split->segments) {
    base.append("/").append(util::encode_path_segment(segment));
  }
  const std::vector<std::string> segments = util::decoded_segments(repo_path);
  return finish(std::move(base), segments, 0, std::move(split->credentials));
}

}  // namespace arty

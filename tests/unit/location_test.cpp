// Tests of arty/location.hpp: parsing Artifactory URLs and building Storage API / download URLs.
#include "arty/location.hpp"

#include <gtest/gtest.h>

namespace arty {
namespace {

Location parse_ok(std::string_view url) {
  auto location = parse_artifactory_url(url);
  EXPECT_TRUE(location) << url << ": " << (location ? "" : location.error().describe());
  return location ? *location : Location{};
}

void expect_invalid(std::string_view url) {
  const auto location = parse_artifactory_url(url);
  ASSERT_FALSE(location) << url << " parsed as base=" << location->base_url
                         << " repo=" << location->repo << " path=" << location->path;
  EXPECT_EQ(location.error().kind, ErrorKind::InvalidArgument) << url;
  EXPECT_FALSE(location.error().message.empty()) << url;
}

TEST(LocationTest, ParsesRepoAndPath) {
  const Location location = parse_ok("https://host/artifactory/repo/a/b");
  EXPECT_EQ(location.base_url, "https://host/artifactory");
  EXPECT_EQ(location.repo, "repo");
  EXPECT_EQ(location.path, "a/b");
  EXPECT_TRUE(location.credentials.user.empty());
  EXPECT_TRUE(location.credentials.password.empty());
  EXPECT_EQ(location.display(), "repo/a/b");
}

TEST(LocationTest, ParsesRepoRoot) {
  const Location location = parse_ok("https://host/artifactory/maven-local");
  EXPECT_EQ(location.base_url, "https://host/artifactory");
  EXPECT_EQ(location.repo, "maven-local");
  EXPECT_EQ(location.path, "");
  EXPECT_EQ(location.display(), "maven-local");
}

TEST(LocationTest, KeepsThePort) {
  const Location location = parse_ok("http://host.example:8081/artifactory/repo/x");
  EXPECT_EQ(location.base_url, "http://host.example:8081/artifactory");
  EXPECT_EQ(location.repo, "repo");
  EXPECT_EQ(location.path, "x");
}

TEST(LocationTest, TrailingAndDoubleSlashes) {
  const Location location = parse_ok("https://host/artifactory/repo/a/b/");
  EXPECT_EQ(location.repo, "repo");
  EXPECT_EQ(location.path, "a/b");
  const Location doubled = parse_ok("https://host/artifactory//repo//a//b//");
  EXPECT_EQ(doubled.repo, "repo");
  EXPECT_EQ(doubled.path, "a/b");
  const Location root = parse_ok("https://host/artifactory/repo/");
  EXPECT_EQ(root.path, "");
}

TEST(LocationTest, DecodesPercentEncodedSegments) {
  const Location location = parse_ok("https://host/artifactory/repo/a%20b/c%3Bd%3De/%C3%A9+x");
  EXPECT_EQ(location.repo, "repo");
  EXPECT_EQ(location.path, "a b/c;d=e/\xC3\xA9+x");
}

TEST(LocationTest, IgnoresQueryAndFragment) {
  const Location location = parse_ok("https://host/artifactory/repo/a/b?x=1#frag");
  EXPECT_EQ(location.repo, "repo");
  EXPECT_EQ(location.path, "a/b");
}

TEST(LocationTest, ContextPathBeforeArtifactory) {
  const Location location = parse_ok("https://host/tools/artifactory/repo/a");
  EXPECT_EQ(location.base_url, "https://host/tools/artifactory");
  EXPECT_EQ(location.repo, "repo");
  EXPECT_EQ(location.path, "a");
}

TEST(LocationTest, ExtractsCredentials) {
  const Location location = parse_ok("https://alice:s3cr%40t@host:8443/artifactory/repo/a");
  EXPECT_EQ(location.credentials.user, "alice");
  EXPECT_EQ(location.credentials.password, "s3cr@t");
  EXPECT_EQ(location.base_url, "https://host:8443/artifactory");
  EXPECT_EQ(location.base_url.find("alice"), std::string::npos);
  EXPECT_EQ(location.base_url.find("s3cr"), std::string::npos);
  EXPECT_EQ(location.storage_url("").find("s3cr"), std::string::npos);
  EXPECT_EQ(location.download_url("x").find("alice"), std::string::npos);
  EXPECT_EQ(location.repo, "repo");
  EXPECT_EQ(location.path, "a");
}

TEST(LocationTest, UserWithoutPassword) {
  const Location location = parse_ok("https://bob@host/artifactory/repo");
  EXPECT_EQ(location.credentials.user, "bob");
  EXPECT_EQ(location.credentials.password, "");
  EXPECT_EQ(location.base_url, "https://host/artifactory");
}

TEST(LocationTest, SchemeIsCaseInsensitive) {
  const auto location = parse_artifactory_url("HTTPS://host/artifactory/repo");
  ASSERT_TRUE(location);
  EXPECT_EQ(location->repo, "repo");
}

TEST(LocationTest, RejectsUrlWithoutArtifactorySegment) {
  expect_invalid("https://host/repo/a/b");
  expect_invalid("https://host/");
  expect_invalid("https://host");
  expect_invalid("https://host/artifactoryx/repo");
}

TEST(LocationTest, RejectsUrlWithoutRepo) {
  expect_invalid("https://host/artifactory");
  expect_invalid("https://host/artifactory/");
  expect_invalid("https://host/artifactory//");
}

TEST(LocationTest, RejectsOtherSchemes) {
  expect_invalid("ftp://host/artifactory/repo/a");
  expect_invalid("file:///artifactory/repo/a");
  expect_invalid("host/artifactory/repo/a");
  expect_invalid("");
}

TEST(LocationTest, RejectsUrlWithoutHost) {
  expect_invalid("https:///artifactory/repo");
  expect_invalid("https://user:pw@/artifactory/repo");
}

TEST(LocationTest, RejectsDotSegments) {
  expect_invalid("https://host/artifactory/repo/../other");
  expect_invalid("https://host/artifactory/repo/a/..");
  expect_invalid("https://host/artifactory/repo/a/%2E%2E/b");
  expect_invalid("https://host/artifactory/repo/./a");
  expect_invalid("https://host/artifactory/../x");
}

TEST(LocationTest, RejectsUnsafeDecodedSegments) {
  expect_invalid("https://host/artifactory/repo/a%2Fb");
  expect_invalid("https://host/artifactory/repo/a%00b");
  expect_invalid("https://host/artifactory/repo/a%0Ab");
}

TEST(LocationTest, MakeLocationWithCustomContext) {
  const auto location = make_location("https://host:8443/my/context", "repo/a b/c");
  ASSERT_TRUE(location) << location.error().describe();
  EXPECT_EQ(location->base_url, "https://host:8443/my/context");
  EXPECT_EQ(location->repo, "repo");
  EXPECT_EQ(location->path, "a b/c");
  EXPECT_EQ(location->storage_url(""), "https://host:8443/my/context/api/storage/repo/a%20b/c");
  EXPECT_EQ(location->download_url("d"), "https://host:8443/my/context/repo/a%20b/c/d");
}

TEST(LocationTest, MakeLocationBaseWithTrailingSlashAndEncodedPath) {
  const auto location = make_location("http://host/ctx/", "/repo/x%20y/");
  ASSERT_TRUE(location) << location.error().describe();
  EXPECT_EQ(location->base_url, "http://host/ctx");
  EXPECT_EQ(location->repo, "repo");
  EXPECT_EQ(location->path, "x y");
}

TEST(LocationTest, MakeLocationRepoOnlyAndHostOnly) {
  const auto location = make_location("https://host", "repo");
  ASSERT_TRUE(location) << location.error().describe();
  EXPECT_EQ(location->base_url, "https://host");
  EXPECT_EQ(location->repo, "repo");
  EXPECT_EQ(location->path, "");
  EXPECT_EQ(location->storage_url(""), "https://host/api/storage/repo");
}

TEST(LocationTest, MakeLocationErrors) {
  const auto no_repo = make_location("https://host/ctx", "");
  ASSERT_FALSE(no_repo);
  EXPECT_EQ(no_repo.error().kind, ErrorKind::InvalidArgument);
  const auto bad_scheme = make_location("ftp://host/ctx", "repo");
  ASSERT_FALSE(bad_scheme);
  EXPECT_EQ(bad_scheme.error().kind, ErrorKind::InvalidArgument);
  const auto dotdot = make_location("https://host/ctx", "repo/../x");
  ASSERT_FALSE(dotdot);
  EXPECT_EQ(dotdot.error().kind, ErrorKind::InvalidArgument);
}

TEST(LocationTest, MakeLocationExtractsCredentials) {
  const auto location = make_location("https://u:p@host/ctx", "repo");
  ASSERT_TRUE(location);
  EXPECT_EQ(location->credentials.user, "u");
  EXPECT_EQ(location->credentials.password, "p");
  EXPECT_EQ(location->base_url, "https://host/ctx");
}

TEST(LocationTest, StorageAndDownloadUrls) {
  const Location location = parse_ok("https://host/artifactory/repo/a/b");
  EXPECT_EQ(location.storage_url(""), "https://host/artifactory/api/storage/repo/a/b");
  EXPECT_EQ(location.storage_url("c/d"), "https://host/artifactory/api/storage/repo/a/b/c/d");
  EXPECT_EQ(location.download_url(""), "https://host/artifactory/repo/a/b");
  EXPECT_EQ(location.download_url("c.jar"), "https://host/artifactory/repo/a/b/c.jar");
}

TEST(LocationTest, UrlsOfRepositoryRoot) {
  const Location location = parse_ok("https://host/artifactory/repo");
  EXPECT_EQ(location.storage_url(""), "https://host/artifactory/api/storage/repo");
  EXPECT_EQ(location.storage_url("x"), "https://host/artifactory/api/storage/repo/x");
  EXPECT_EQ(location.download_url(""), "https://host/artifactory/repo");
  EXPECT_EQ(location.download_url("x/y"), "https://host/artifactory/repo/x/y");
}

TEST(LocationTest, UrlsEncodeEverySegment) {
  Location location;
  location.base_url = "https://host/artifactory";
  location.repo = "my repo";
  location.path = "dir #1";
  EXPECT_EQ(location.storage_url("a b;c=d#?"),
            "https://host/artifactory/api/storage/my%20repo/dir%20%231/a%20b%3Bc%3Dd%23%3F");
  EXPECT_EQ(location.download_url("a b;c=d#?"),
            "https://host/artifactory/my%20repo/dir%20%231/a%20b%3Bc%3Dd%23%3F");
  EXPECT_EQ(location.storage_url("sub/100%/\xC3\xA9"),
            "https://host/artifactory/api/storage/my%20repo/dir%20%231/sub/100%25/%C3%A9");
}

TEST(LocationTest, ParsedSpecialNamesRoundTripIntoUrls) {
  const Location location =
      parse_ok("https://host/artifactory/repo/a%20b%3Bc%3Dd%23%3F/%5Bx%5D%2B");
  EXPECT_EQ(location.path, "a b;c=d#?/[x]+");
  EXPECT_EQ(location.storage_url(""),
            "https://host/artifactory/api/storage/repo/a%20b%3Bc%3Dd%23%3F/%5Bx%5D%2B");
}

}  // namespace
}  // namespace arty

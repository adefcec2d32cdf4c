// Tests of the AQL side of the Artifactory remote: remote/artifactory/aql_query.hpp (the query
// text) and parse_aql_page (storage_json.hpp), plus the leniency of parse_file_list towards the
// shapes of the File List documentation.
#include "remote/artifactory/aql_query.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "remote/artifactory/storage_json.hpp"

namespace arty::artifactory {
namespace {

const std::string kInclude =
    R"(.include("repo","path","name","type","size","modified","actual_md5","actual_sha1","sha256"))"
    R"(.sort({"$asc":["repo","path","name"]}))";

// Shaped like a real answer of Artifactory 7 to arty's query.
const std::string kAqlAnswer = R"({
"results" : [ {
  "repo" : "libs-release-local",
  "path" : ".",
  "name" : "org",
  "type" : "folder",
  "size" : 0,
  "modified" : "2024-03-01T10:15:30.123Z"
},{
  "repo" : "libs-release-local",
  "path" : "org/acme",
  "name" : "acme-1.0.jar",
  "type" : "file",
  "size" : 1234567,
  "modified" : "2024-03-01T10:15:31.456Z",
  "actual_sha1" : "da39a3ee5e6b4b0d3255bfef95601890afd80709",
  "actual_md5" : "d41d8cd98f00b204e9800998ecf8427e",
  "sha256" : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "created" : "2024-03-01T10:15:30.123Z",
  "created_by" : "admin"
},{
  "repo" : "libs-release-local",
  "path" : "org/acme",
  "name" : "caf\u00e9 \"q\".txt",
  "type" : "file",
  "size" : 0,
  "modified" : "2024-03-02T00:00:00.000Z"
} ],
"range" : {
  "start_pos" : 0,
  "end_pos" : 3,
  "total" : 3,
  "limit" : 10000
}
})";

void expect_bad_page(const std::string& body, const std::string& what) {
  const auto page = parse_aql_page(body);
  ASSERT_FALSE(page) << what << ": accepted with " << page->items.size() << " items";
  EXPECT_EQ(page.error().kind, ErrorKind::BadResponse) << what;
  EXPECT_FALSE(page.error().message.empty()) << what;
}

std::string page_with(const std::string& result) {
  return R"({"results":[)" + result + R"(],"range":{"start_pos":0,"end_pos":1,"total":1}})";
}

// --- parse_aql_page ---------------------------------------------------------------------------

TEST(AqlPageTest, ParsesARealisticAnswer) {
  const auto page = parse_aql_page(kAqlAnswer);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->notification.empty());
  ASSERT_EQ(page->items.size(), 3u);
  const AqlItem& folder = page->items[0];
  EXPECT_EQ(folder.path, ".");
  EXPECT_EQ(folder.name, "org");
  EXPECT_EQ(folder.type, ItemType::Folder);
  const AqlItem& jar = page->items[1];
  EXPECT_EQ(jar.path, "org/acme");
  EXPECT_EQ(jar.name, "acme-1.0.jar");
  EXPECT_EQ(jar.type, ItemType::File);
  EXPECT_EQ(jar.size, std::optional<std::uint64_t>(1234567));
  EXPECT_EQ(jar.modified, "2024-03-01T10:15:31.456Z");
  EXPECT_EQ(jar.checksums.sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(jar.checksums.md5, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(jar.checksums.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const AqlItem& escaped = page->items[2];
  EXPECT_EQ(escaped.name, "caf\xC3\xA9 \"q\".txt");
  EXPECT_EQ(escaped.size, std::optional<std::uint64_t>(0));
  EXPECT_TRUE(escaped.checksums.sha1.empty());
}

TEST(AqlPageTest, RangeWithNotification) {
  const std::string body =
      R"({"results":[{"repo":"r","path":"a","name":"b","type":"file","size":1}],)"
      R"("range":{"start_pos":0,"end_pos":1,"total":1,"limit":10000,)"
      R"("notification":"AQL query reached the search hard limit, results are trimmed."}})";
  const auto page = parse_aql_page(body);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->notification, "AQL query reached the search hard limit, results are trimmed.");
  ASSERT_EQ(page->items.size(), 1u);
}

TEST(AqlPageTest, RangeFirstAndNoRange) {
  const auto first = parse_aql_page(
      R"({"range":{"start_pos":0,"end_pos":0,"total":0},"results":[]})");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->items.empty());
  const auto bare = parse_aql_page(R"({"results":[]})");
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_TRUE(bare->items.empty());
  EXPECT_TRUE(bare->notification.empty());
}

TEST(AqlPageTest, SizeAsAStringOfDigitsIsAccepted) {
  const auto page =
      parse_aql_page(page_with(R"({"repo":"r","path":"a","name":"b","type":"file","size":"12"})"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].size, std::optional<std::uint64_t>(12));
}

TEST(AqlPageTest, ItemWithoutSizeHasNone) {
  const auto page =
      parse_aql_page(page_with(R"({"repo":"r","path":"a","name":"b","type":"folder"})"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_FALSE(page->items[0].size);
}

TEST(AqlPageTest, MalformedAnswersAreRefused) {
  expect_bad_page(R"({"range":{"total":0}})", "no results");
  expect_bad_page(R"({})", "empty object");
  expect_bad_page(R"([])", "not an object");
  expect_bad_page(R"({"results":{}})", "results not an array");
  expect_bad_page(R"({"results":[1]})", "result not an object");
  expect_bad_page(page_with(R"({"repo":"r","path":"a","name":"b","type":"archive"})"),
                  "unknown type");
  expect_bad_page(page_with(R"({"repo":"r","path":"a","name":"b","type":"any"})"), "type any");
  expect_bad_page(page_with(R"({"repo":"r","path":"a","type":"file","size":1})"), "no name");
  expect_bad_page(page_with(R"({"repo":"r","name":"b","type":"file","size":1})"), "no path");
  expect_bad_page(page_with(R"({"repo":"r","path":"a","name":"b","size":1})"), "no type");
  expect_bad_page(page_with(R"({"repo":"r","path":"a","name":7,"type":"file"})"),
                  "name not a string");
  expect_bad_page(page_with(R"({"repo":"r","path":"a","name":"b","type":"file","size":"12x"})"),
                  "size not digits");
  expect_bad_page(page_with(R"({"repo":"r","path":"a","name":"b","type":"file","size":-1})"),
                  "negative size");
  expect_bad_page(R"({"results":[],"range":{"notification":5}})", "notification not a string");
  expect_bad_page(R"({"results":[]} x)", "trailing garbage");
  expect_bad_page("<html>502 Bad Gateway</html>", "HTML");
}

// --- subtree_page_query -----------------------------------------------------------------------

TEST(AqlQueryTest, RootOfTheRepository) {
  EXPECT_EQ(subtree_page_query("libs-release-local", "", "", std::nullopt, 10000),
            R"(items.find({"$and":[{"repo":"libs-release-local","type":"any"}]}))" + kInclude +
                ".limit(10000)");
}

TEST(AqlQueryTest, AFolder) {
  EXPECT_EQ(subtree_page_query("libs", "org/acme", "", std::nullopt, 500),
            R"(items.find({"$and":[{"repo":"libs","type":"any"},)"
            R"({"$or":[{"path":"org/acme"},{"path":{"$match":"org/acme/*"}}]}]}))" +
                kInclude + ".limit(500)");
}

TEST(AqlQueryTest, FileCriteriaKeepFolders) {
  EXPECT_EQ(subtree_page_query("libs", "org", R"({"name":{"$match":"*.jar"}})", std::nullopt, 7),
            R"(items.find({"$and":[{"repo":"libs","type":"any"},)"
            R"({"$or":[{"path":"org"},{"path":{"$match":"org/*"}}]},)"
            R"({"$or":[{"type":"folder"},{"$and":[{"type":"file"},{"name":{"$match":"*.jar"}}]}]}]}))" +
                kInclude + ".limit(7)");
}

TEST(AqlQueryTest, AfterAKey) {
  EXPECT_EQ(subtree_page_query("libs", "", "", AqlKey{"org/acme", "x.jar"}, 10000),
            R"(items.find({"$and":[{"repo":"libs","type":"any"},)"
            R"({"$or":[{"path":{"$gt":"org/acme"}},{"path":"org/acme","name":{"$gt":"x.jar"}}]}]}))" +
                kInclude + ".limit(10000)");
}

TEST(AqlQueryTest, EverythingTogether) {
  EXPECT_EQ(subtree_page_query("r", "f", R"({"size":{"$gt":0}})", AqlKey{"f/g", "h"}, 1),
            R"(items.find({"$and":[{"repo":"r","type":"any"},)"
            R"({"$or":[{"path":"f"},{"path":{"$match":"f/*"}}]},)"
            R"({"$or":[{"type":"folder"},{"$and":[{"type":"file"},{"size":{"$gt":0}}]}]},)"
            R"({"$or":[{"path":{"$gt":"f/g"}},{"path":"f/g","name":{"$gt":"h"}}]}]}))" +
                kInclude + ".limit(1)");
}

TEST(AqlQueryTest, QuotesAndBackslashesAreEscaped) {
  const std::string query = subtree_page_query(R"(re"po)", R"(a"b\c)", "",
                                               AqlKey{R"(p"q\r)", R"(n"\m)"}, 3);
  EXPECT_NE(query.find(R"({"repo":"re\"po","type":"any"})"), std::string::npos) << query;
  EXPECT_NE(query.find(R"({"path":"a\"b\\c"})"), std::string::npos) << query;
  EXPECT_NE(query.find(R"({"path":{"$match":"a\"b\\c/*"}})"), std::string::npos) << query;
  EXPECT_NE(query.find(R"({"path":{"$gt":"p\"q\\r"}})"), std::string::npos) << query;
  EXPECT_NE(query.find(R"({"path":"p\"q\\r","name":{"$gt":"n\"\\m"}})"), std::string::npos)
      << query;
  // No raw (unescaped) form anywhere.
  EXPECT_EQ(query.find(R"("a"b)"), std::string::npos) << query;
  EXPECT_EQ(query.find(R"(b\c)"), std::string::npos) << query;  // "b\\c" escaped is fine
  EXPECT_EQ(query.find(R"(q\r)"), std::string::npos) << query;
  // The criteria between find( and ).include are balanced JSON: count braces and brackets outside
  // strings.
  const auto begin = query.find("items.find(") + std::string("items.find(").size();
  const auto end = query.find(").include(");
  ASSERT_NE(end, std::string::npos);
  int braces = 0;
  int brackets = 0;
  bool in_string = false;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = query[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    braces += c == '{' ? 1 : c == '}' ? -1 : 0;
    brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
    ASSERT_GE(braces, 0) << query;
    ASSERT_GE(brackets, 0) << query;
  }
  EXPECT_FALSE(in_string) << query;
  EXPECT_EQ(braces, 0) << query;
  EXPECT_EQ(brackets, 0) << query;
  EXPECT_TRUE(query.ends_with(".limit(3)")) << query;
}

TEST(AqlQueryTest, ControlCharactersAreEscaped) {
  const std::string query = subtree_page_query("r", "a\nb\tc", "", std::nullopt, 1);
  EXPECT_EQ(query.find('\n'), std::string::npos) << query;
  EXPECT_EQ(query.find('\t'), std::string::npos) << query;
  EXPECT_NE(query.find(R"("a\nb\tc")"), std::string::npos) << query;
}

TEST(AqlQueryTest, LimitIsPrintedAsIs) {
  EXPECT_TRUE(subtree_page_query("r", "", "", std::nullopt, 1).ends_with(".limit(1)"));
  EXPECT_TRUE(
      subtree_page_query("r", "", "", std::nullopt, 123456789).ends_with(".limit(123456789)"));
}

// --- parse_file_list leniency -----------------------------------------------------------------

// The sample of https://jfrog.com/help/r/jfrog-rest-apis/file-list: sizes and flags as strings.
const std::string kDocumentedFileList = R"({
"uri": "http://localhost:8081/artifactory/api/storage/libs-release-local/org/acme",
"created": "ISO8601",
"files" : [
    {
        "uri": "/archived",
        "size": "-1",
        "lastModified": "ISO8601",
        "folder": "true"
    },
    {
        "uri": "/doc.txt",
        "size": "253207",
        "lastModified": "ISO8601",
        "folder": "false",
        "sha1": "962c287c760e03b03c17eb920f5358d05f44dd3b",
        "sha2": "aa3d1f53a5a2b3a4e0b8b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7"
    },
    {
        "uri": "/archived/doc1.txt",
        "size": "253100",
        "lastModified": "ISO8601",
        "folder": "false",
        "sha1": "542c287c760e03b03c17eb920f5358d05f44dd3b"
    }
]
})";

TEST(FileListLeniencyTest, DocumentedSampleWithStrings) {
  const auto items = parse_file_list(kDocumentedFileList);
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].path, "archived");
  EXPECT_TRUE((*items)[0].is_folder());
  EXPECT_FALSE((*items)[0].size) << "-1 of a folder is no size";
  EXPECT_EQ((*items)[1].path, "doc.txt");
  EXPECT_FALSE((*items)[1].is_folder());
  EXPECT_EQ((*items)[1].size, std::optional<std::uint64_t>(253207));
  EXPECT_EQ((*items)[1].last_modified, "ISO8601");
  EXPECT_EQ((*items)[1].checksums.sha1, "962c287c760e03b03c17eb920f5358d05f44dd3b");
  EXPECT_EQ((*items)[1].checksums.sha256,
            "aa3d1f53a5a2b3a4e0b8b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7");
  EXPECT_EQ((*items)[2].path, "archived/doc1.txt");
  EXPECT_EQ((*items)[2].size, std::optional<std::uint64_t>(253100));
}

TEST(FileListLeniencyTest, NumbersAndBooleansToo) {
  const auto items = parse_file_list(
      R"({"uri":"u","files":[{"uri":"/d","size":-1,"folder":true},)"
      R"({"uri":"/d/f","size":253207,"folder":false},)"
      R"({"uri":"/e","size":"-1","folder":true},{"uri":"/g","size":0,"folder":"false"}]})");
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 4u);
  EXPECT_TRUE((*items)[0].is_folder());
  EXPECT_FALSE((*items)[0].size);
  EXPECT_EQ((*items)[1].size, std::optional<std::uint64_t>(253207));
  EXPECT_TRUE((*items)[2].is_folder());
  EXPECT_FALSE((*items)[3].is_folder());
  EXPECT_EQ((*items)[3].size, std::optional<std::uint64_t>(0));
}

TEST(FileListLeniencyTest, FolderWithoutSizeIsFine) {
  const auto items = parse_file_list(R"({"uri":"u","files":[{"uri":"/d","folder":"true"}]})");
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 1u);
  EXPECT_TRUE((*items)[0].is_folder());
}

TEST(FileListLeniencyTest, StillStrictAboutEverythingElse) {
  const auto bad = [](const std::string& item, const char* what) {
    const auto result = parse_file_list(R"({"uri":"u","files":[)" + item + "]}");
    EXPECT_FALSE(result) << what;
    if (!result) {
      EXPECT_EQ(result.error().kind, ErrorKind::BadResponse) << what;
    }
  };
  bad(R"({"uri":"/a","size":"12x","folder":false})", "size not digits");
  bad(R"({"uri":"/a","size":"","folder":false})", "empty size");
  bad(R"({"uri":"/a","size":" 12","folder":false})", "size with a space");
  bad(R"({"uri":"/a","size":"-1","folder":"false"})", "file with size -1");
  bad(R"({"uri":"/a","size":-1,"folder":false})", "file with size -1 (number)");
  bad(R"({"uri":"/a","size":1,"folder":"yes"})", "folder neither true nor false");
  bad(R"({"uri":"/a","size":1,"folder":"True"})", "folder \"True\"");
  bad(R"({"uri":"/a","size":1,"folder":1})", "folder as a number");
  bad(R"({"uri":"/a","size":1.5,"folder":false})", "fractional size");
}

}  // namespace
}  // namespace arty::artifactory

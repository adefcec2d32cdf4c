// Tests of remote/artifactory/storage_json.hpp: the parser of untrusted Storage API bodies.
#include "remote/artifactory/storage_json.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace arty::artifactory {
namespace {

// Shaped like a real Artifactory 7 Folder Info response.
const std::string kFolderInfo = R"({
  "repo" : "libs-release-local",
  "path" : "/org/acme",
  "created" : "2024-03-01T10:15:30.123Z",
  "createdBy" : "admin",
  "lastModified" : "2024-03-02T11:00:00.000Z",
  "modifiedBy" : "admin",
  "lastUpdated" : "2024-03-02T11:00:00.000Z",
  "children" : [ {
    "uri" : "/lib",
    "folder" : true
  }, {
    "uri" : "/acme-1.0.jar",
    "folder" : false
  }, {
    "uri" : "/caf\u00e9 \"quoted\" \u0041 x",
    "folder" : false
  }, {
    "uri" : "/日本語",
    "folder" : true
  }, {
    "uri" : "/a b;c=d#?%",
    "folder" : false
  } ],
  "uri" : "https://host/artifactory/api/storage/libs-release-local/org/acme"
})";

// Shaped like a real File Info response.
const std::string kFileInfo = R"({
  "repo" : "libs-release-local",
  "path" : "/org/acme/acme-1.0.jar",
  "created" : "2024-03-01T10:15:30.123Z",
  "createdBy" : "admin",
  "lastModified" : "2024-03-01T10:15:31.456Z",
  "modifiedBy" : "admin",
  "lastUpdated" : "2024-03-01T10:15:31.456Z",
  "downloadUri" : "https://host/artifactory/libs-release-local/org/acme/acme-1.0.jar",
  "mimeType" : "application/java-archive",
  "size" : "1234567",
  "checksums" : {
    "sha1" : "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "md5" : "d41d8cd98f00b204e9800998ecf8427e",
    "sha256" : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
  },
  "originalChecksums" : {
    "sha1" : "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "md5" : "d41d8cd98f00b204e9800998ecf8427e",
    "sha256" : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
  },
  "uri" : "https://host/artifactory/api/storage/libs-release-local/org/acme/acme-1.0.jar"
})";

std::string folder_with_children(const std::string& children) {
  return R"({"repo":"r","path":"/x","children":[)" + children + R"(],"uri":"https://h/x"})";
}

/// Expects `body` to be rejected as BadResponse by parse_folder_info, never accepted partially.
void expect_bad_folder(const std::string& body, const std::string& what) {
  const auto result = parse_folder_info(body);
  ASSERT_FALSE(result) << what << ": accepted with " << result->size() << " children";
  EXPECT_EQ(result.error().kind, ErrorKind::BadResponse) << what << ": " << result.error().message;
  EXPECT_FALSE(result.error().message.empty()) << what;
  EXPECT_EQ(result.error().message.find('\n'), std::string::npos) << what;
}

TEST(StorageJsonTest, ParsesFolderInfo) {
  const auto listing = parse_folder_info(kFolderInfo);
  ASSERT_TRUE(listing) << listing.error().message;
  const FolderListing& children = *listing;
  ASSERT_EQ(children.size(), 5u);
  EXPECT_EQ(children.entry(0).path, "lib");
  EXPECT_EQ(children.entry(0).type, ItemType::Folder);
  EXPECT_EQ(children.entry(1).path, "acme-1.0.jar");
  EXPECT_EQ(children.entry(1).type, ItemType::File);
  EXPECT_EQ(children.entry(2).path, "caf\xC3\xA9 \"quoted\" A x");
  EXPECT_EQ(children.entry(2).type, ItemType::File);
  EXPECT_EQ(children.entry(3).path, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E");
  EXPECT_EQ(children.entry(3).type, ItemType::Folder);
  EXPECT_EQ(children.entry(4).path, "a b;c=d#?%");
  for (std::size_t i = 0; i < children.size(); ++i) {
    const Entry child = children.entry(i);
    EXPECT_FALSE(child.size) << child.path;
    EXPECT_TRUE(child.last_modified.empty()) << child.path;
  }
}

TEST(StorageJsonTest, ParsesFolderInfoOfRepositoryRoot) {
  const std::string body =
      R"({"repo":"r","path":"/","created":"2024-01-01T00:00:00.000Z","lastModified":"2024-01-01T00:00:00.000Z","lastUpdated":"2024-01-01T00:00:00.000Z","children":[{"uri":"/a","folder":true},{"uri":"/b.txt","folder":false}],"uri":"https://h/artifactory/api/storage/r"})";
  const auto listing = parse_folder_info(body);
  ASSERT_TRUE(listing) << listing.error().message;
  ASSERT_EQ(listing->size(), 2u);
  EXPECT_EQ(listing->entry(0).path, "a");
  EXPECT_TRUE(listing->entry(0).is_folder());
  EXPECT_EQ(listing->entry(1).path, "b.txt");
  EXPECT_FALSE(listing->entry(1).is_folder());
}

TEST(StorageJsonTest, EmptyFolder) {
  const auto listing = parse_folder_info(folder_with_children(""));
  ASSERT_TRUE(listing) << listing.error().message;
  EXPECT_TRUE(listing->empty());
}

TEST(StorageJsonTest, ChildFieldsInAnyOrderAndExtraFields) {
  const auto listing =
      parse_folder_info(folder_with_children(R"({"folder":false,"extra":{"x":[1,2]},"uri":"/f"})"));
  ASSERT_TRUE(listing) << listing.error().message;
  ASSERT_EQ(listing->size(), 1u);
  EXPECT_EQ(listing->entry(0).path, "f");
  EXPECT_FALSE(listing->entry(0).is_folder());
}

TEST(StorageJsonTest, WorksWithAndWithoutPadding) {
  std::string tight = folder_with_children(R"({"uri":"/a","folder":true})");
  tight.shrink_to_fit();
  const auto first = parse_folder_info(tight);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->size(), 1u);

  std::string roomy = tight;
  roomy.reserve(roomy.size() + 4096);
  const auto second = parse_folder_info(roomy);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->size(), 1u);
}

TEST(StorageJsonTest, FileInfoIsNotAFolder) {
  const auto result = parse_folder_info(kFileInfo);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::NotAFolder);
}

TEST(StorageJsonTest, DuplicateChildrenAreListedOnce) {
  const auto listing = parse_folder_info(folder_with_children(
      R"({"uri":"/a","folder":true},{"uri":"/b","folder":false},{"uri":"/a","folder":true},)"
      R"({"uri":"/b","folder":false},{"uri":"/c","folder":false})"));
  ASSERT_TRUE(listing) << listing.error().message;
  ASSERT_EQ(listing->size(), 3u);
  EXPECT_EQ(listing->entry(0).path, "a");
  EXPECT_EQ(listing->entry(1).path, "b");
  EXPECT_EQ(listing->entry(2).path, "c");
}

TEST(StorageJsonTest, NotJson) {
  expect_bad_folder("not json at all", "plain text");
  expect_bad_folder("{\"children\": [", "truncated");
  expect_bad_folder("{\"children\": [{\"uri\":\"/a\",\"folder\":true},]}", "trailing comma");
  expect_bad_folder("{'children': []}", "single quotes");
  expect_bad_folder("{\"children\": [{\"uri\":\"/a\",\"folder\":tru}]}", "bad literal");
}

TEST(StorageJsonTest, Html) {
  expect_bad_folder("<!DOCTYPE html><html><body>Login</body></html>", "HTML page");
  expect_bad_folder("\n  <html><head><title>502 Bad Gateway</title></head></html>\n", "proxy page");
}

TEST(StorageJsonTest, TrailingGarbage) {
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true})") + " garbage",
                    "trailing word");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true})") + "{}", "second object");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true})") + "]", "stray bracket");
}

TEST(StorageJsonTest, TrailingWhitespaceIsFine) {
  const auto listing =
      parse_folder_info(folder_with_children(R"({"uri":"/a","folder":true})") + " \n\t\r\n");
  ASSERT_TRUE(listing) << listing.error().message;
  EXPECT_EQ(listing->size(), 1u);
}

TEST(StorageJsonTest, EmptyBody) {
  expect_bad_folder("", "empty");
  expect_bad_folder("   \n", "whitespace only");
}

TEST(StorageJsonTest, WrongTopLevel) {
  expect_bad_folder("[]", "empty array");
  expect_bad_folder(R"([{"uri":"/a","folder":true}])", "array of children");
  expect_bad_folder("\"children\"", "string");
  expect_bad_folder("42", "number");
  expect_bad_folder("null", "null");
  expect_bad_folder("{}", "empty object");
}

TEST(StorageJsonTest, MissingChildren) {
  expect_bad_folder(R"({"repo":"r","path":"/x","uri":"https://h/x"})", "no children");
}

TEST(StorageJsonTest, ChildrenNotAnArray) {
  expect_bad_folder(R"({"children":{"uri":"/a","folder":true}})", "object");
  expect_bad_folder(R"({"children":"a"})", "string");
  expect_bad_folder(R"({"children":null})", "null");
}

TEST(StorageJsonTest, ChildNotAnObject) {
  expect_bad_folder(folder_with_children(R"("/a")"), "string child");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true},42)"), "number child");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true},null)"), "null child");
  expect_bad_folder(folder_with_children(R"([{"uri":"/a","folder":true}])"), "array child");
}

TEST(StorageJsonTest, BadFolderFlag) {
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":"true"})"), "folder as string");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":1})"), "folder as number");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":null})"), "folder null");
  expect_bad_folder(folder_with_children(R"({"uri":"/a"})"), "folder missing");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true},{"uri":"/b"})"),
                    "second child's folder missing");
}

TEST(StorageJsonTest, BadUri) {
  expect_bad_folder(folder_with_children(R"({"folder":true})"), "uri missing");
  expect_bad_folder(folder_with_children(R"({"uri":"","folder":true})"), "uri empty");
  expect_bad_folder(folder_with_children(R"({"uri":"/","folder":true})"), "uri just a slash");
  expect_bad_folder(folder_with_children(R"({"uri":"a","folder":true})"), "no leading slash");
  expect_bad_folder(folder_with_children(R"({"uri":"/a/b","folder":true})"), "slash inside");
  expect_bad_folder(folder_with_children(R"({"uri":"/a\\b","folder":true})"), "backslash");
  expect_bad_folder(folder_with_children(R"({"uri":"/..","folder":true})"), "dot dot");
  expect_bad_folder(folder_with_children(R"({"uri":"/.","folder":true})"), "dot");
  expect_bad_folder(folder_with_children(R"({"uri":"/a\u0000b","folder":false})"), "NUL");
  expect_bad_folder(folder_with_children(R"({"uri":"/a\u0001","folder":false})"), "control 01");
  expect_bad_folder(folder_with_children(R"({"uri":"/a\nb","folder":false})"), "newline");
  expect_bad_folder(folder_with_children(R"({"uri":"/a\u007f","folder":false})"), "DEL");
  expect_bad_folder(folder_with_children(R"({"uri":"/\u002e\u002e","folder":true})"),
                    "escaped dot dot");
  expect_bad_folder(folder_with_children(R"({"uri":"\/a\/b","folder":true})"), "escaped slash");
  expect_bad_folder(folder_with_children(R"({"uri":42,"folder":true})"), "uri a number");
}

TEST(StorageJsonTest, OneBadChildAmongManyRejectsAll) {
  std::string children;
  for (int i = 0; i < 100; ++i) {
    children += R"({"uri":"/f)" + std::to_string(i) + R"(","folder":false},)";
  }
  children += R"({"uri":"/..","folder":true})";
  expect_bad_folder(folder_with_children(children), "bad last child");
}

TEST(StorageJsonTest, RawControlCharacterInStringIsInvalidJson) {
  expect_bad_folder(folder_with_children(std::string("{\"uri\":\"/a\x01\",\"folder\":false}")),
                    "raw control character");
}

TEST(StorageJsonTest, InvalidUtf8IsRejected) {
  expect_bad_folder(folder_with_children("{\"uri\":\"/a\xFF\",\"folder\":false}"), "invalid UTF-8");
}

TEST(StorageJsonTest, DeeplyNestedIgnoredFieldDoesNotCrash) {
  // Valid JSON nested 5,000 deep in a field the parser skips: no stack overflow; either refused
  // (BadResponse) or the one child.
  const std::string nested = std::string(5000, '[') + std::string(5000, ']');
  const auto result =
      parse_folder_info(folder_with_children(R"({"uri":"/a","folder":true,"x":)" + nested + "}"));
  if (result) {
    ASSERT_EQ(result->size(), 1u);
    EXPECT_EQ(result->entry(0).path, "a");
  } else {
    EXPECT_EQ(result.error().kind, ErrorKind::BadResponse);
  }
}

// simdjson's On-Demand API does not validate values it skips: invalid JSON in a field arty
// ignores ("repo", "created", unknown fields of a child, ...) must still be BadResponse.
TEST(StorageJsonTest, InvalidJsonInIgnoredFieldsIsRejected) {
  const std::string child = R"({"uri":"/a","folder":true})";
  expect_bad_folder(R"({"repo":tru,"children":[)" + child + "]}", "bad literal in repo");
  expect_bad_folder(R"({"repo":nul,"children":[)" + child + "]}", "bad null in repo");
  expect_bad_folder(R"({"created":01,"children":[)" + child + "]}", "leading zero");
  expect_bad_folder(R"({"repo":[1,,2],"children":[)" + child + "]}", "double comma");
  expect_bad_folder(R"({"repo":{"a" 1},"children":[)" + child + "]}", "missing colon");
  expect_bad_folder(R"({"repo":"\q","children":[)" + child + "]}", "bad escape");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true,"x":[1 2]})"),
                    "missing comma in a child's extra field");
  expect_bad_folder(folder_with_children(R"({"uri":"/a","folder":true,"x":{"k":]}})"),
                    "mismatched bracket in a child's extra field");
  const auto item = parse_item_info(R"({"repo":tru,"path":"/a","size":"1"})");
  EXPECT_FALSE(item) << "File Info with invalid JSON accepted";
}

TEST(StorageJsonTest, HugeFolder) {
  constexpr int kChildren = 200'000;
  std::string body = R"({"repo":"r","path":"/big","children":[)";
  body.reserve(static_cast<std::size_t>(kChildren) * 48);
  for (int i = 0; i < kChildren; ++i) {
    if (i > 0) body += ',';
    body += R"({"uri":"/item-)";
    body += std::to_string(i);
    body += (i % 10 == 0) ? R"(","folder":true})" : R"(.bin","folder":false})";
  }
  body += R"(],"uri":"https://h/big"})";
  const auto listing = parse_folder_info(body);
  ASSERT_TRUE(listing) << listing.error().message;
  ASSERT_EQ(listing->size(), static_cast<std::size_t>(kChildren));
  std::size_t folders = 0;
  for (std::size_t i = 0; i < listing->size(); ++i)
    folders += listing->entry(i).is_folder() ? 1 : 0;
  EXPECT_EQ(folders, static_cast<std::size_t>(kChildren / 10));
  EXPECT_EQ(listing->entry(0).path, "item-0");
  EXPECT_EQ(listing->entry(listing->size() - 1).path, "item-199999.bin");
}

TEST(StorageJsonTest, ParsesFileInfo) {
  const auto entry = parse_item_info(kFileInfo);
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->path, "acme-1.0.jar");
  EXPECT_EQ(entry->type, ItemType::File);
  ASSERT_TRUE(entry->size);
  EXPECT_EQ(*entry->size, 1234567u);
  EXPECT_EQ(entry->last_modified, "2024-03-01T10:15:31.456Z");
  EXPECT_EQ(entry->checksums.sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(entry->checksums.md5, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(entry->checksums.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(StorageJsonTest, FileInfoSizeAsNumber) {
  const auto entry = parse_item_info(
      R"({"repo":"r","path":"/a/b.bin","lastModified":"2024-01-01T00:00:00.000Z","size":18446744073709551615})");
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->path, "b.bin");
  ASSERT_TRUE(entry->size);
  EXPECT_EQ(*entry->size, 18446744073709551615ULL);
  EXPECT_TRUE(entry->checksums.sha1.empty());
  EXPECT_TRUE(entry->checksums.md5.empty());
  EXPECT_TRUE(entry->checksums.sha256.empty());
}

TEST(StorageJsonTest, FileInfoSizeZero) {
  const auto as_string = parse_item_info(R"({"path":"/e","size":"0"})");
  ASSERT_TRUE(as_string) << as_string.error().message;
  EXPECT_EQ(as_string->size, 0u);
  const auto as_number = parse_item_info(R"({"path":"/e","size":0})");
  ASSERT_TRUE(as_number) << as_number.error().message;
  EXPECT_EQ(as_number->size, 0u);
}

TEST(StorageJsonTest, FileInfoBadSize) {
  for (const std::string size : {R"("")", R"("12a")", R"("-1")", R"(" 12")", R"("1.5")", "-1",
                                 "1.5", "true", "null", R"("99999999999999999999")", "{}"}) {
    const auto entry = parse_item_info(R"({"path":"/a","size":)" + size + "}");
    ASSERT_FALSE(entry) << "size " << size << " accepted as " << entry->size.value_or(0);
    EXPECT_EQ(entry.error().kind, ErrorKind::BadResponse) << size;
  }
}

TEST(StorageJsonTest, FileInfoWithoutSizeIsAnError) {
  const auto entry = parse_item_info(R"({"repo":"r","path":"/a/b.bin","lastModified":"x"})");
  ASSERT_FALSE(entry);
  EXPECT_EQ(entry.error().kind, ErrorKind::BadResponse);
}

TEST(StorageJsonTest, ItemInfoWithoutPathIsAnError) {
  const auto entry = parse_item_info(R"({"size":"1"})");
  ASSERT_FALSE(entry);
  EXPECT_EQ(entry.error().kind, ErrorKind::BadResponse);
}

TEST(StorageJsonTest, ItemInfoOfAFolder) {
  const auto entry = parse_item_info(kFolderInfo);
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->path, "acme");
  EXPECT_EQ(entry->type, ItemType::Folder);
  EXPECT_FALSE(entry->size);
  EXPECT_EQ(entry->last_modified, "2024-03-02T11:00:00.000Z");
}

TEST(StorageJsonTest, ItemInfoOfRepositoryRootHasEmptyName) {
  const auto entry = parse_item_info(R"({"repo":"r","path":"/","children":[]})");
  ASSERT_TRUE(entry) << entry.error().message;
  EXPECT_EQ(entry->path, "");
  EXPECT_EQ(entry->type, ItemType::Folder);
}

TEST(StorageJsonTest, ItemInfoPathBasename) {
  for (const auto& [path, name] :
       std::vector<std::pair<std::string, std::string>>{{"/a/b/c.jar", "c.jar"},
                                                        {"/c.jar", "c.jar"},
                                                        {"c.jar", "c.jar"},
                                                        {"/a/dir/", "dir"},
                                                        {"/a b/c d", "c d"}}) {
    const auto entry = parse_item_info(R"({"path":")" + path + R"(","size":"1"})");
    ASSERT_TRUE(entry) << path << ": " << entry.error().message;
    EXPECT_EQ(entry->path, name) << path;
  }
}

TEST(StorageJsonTest, ItemInfoMalformed) {
  for (const std::string body :
       {"", "<html></html>", "[]", R"({"path":"/a","size":"1"} x)", R"({"path":42,"size":"1"})",
        R"({"path":"/a","size":"1","checksums":"x"})",
        R"({"path":"/a","size":"1","lastModified":5})"}) {
    const auto entry = parse_item_info(body);
    ASSERT_FALSE(entry) << body;
    EXPECT_EQ(entry.error().kind, ErrorKind::BadResponse) << body;
  }
}

TEST(StorageJsonTest, ErrorMessage) {
  EXPECT_EQ(parse_error_message(R"({"errors":[{"status":404,"message":"Unable to find item"}]})"),
            "Unable to find item");
  EXPECT_EQ(
      parse_error_message(
          R"({"errors":[{"status":401,"message":"Bad credentials"},{"status":401,"message":"second"}]})"),
      "Bad credentials");
  EXPECT_EQ(parse_error_message(R"({"errors":[{"message":"first","status":500}]})"), "first");
}

TEST(StorageJsonTest, ErrorMessageOfGarbage) {
  EXPECT_EQ(parse_error_message(""), "");
  EXPECT_EQ(parse_error_message("<html>Not Found</html>"), "");
  EXPECT_EQ(parse_error_message("{"), "");
  EXPECT_EQ(parse_error_message("[]"), "");
  EXPECT_EQ(parse_error_message(R"({"errors":[]})"), "");
  EXPECT_EQ(parse_error_message(R"({"errors":"x"})"), "");
  EXPECT_EQ(parse_error_message(R"({"errors":[{"status":404}]})"), "");
  EXPECT_EQ(parse_error_message(R"({"errors":[{"message":5}]})"), "");
}

TEST(StorageJsonTest, FolderInfoForAnotherPathIsRefused) {
  const std::string body = R"({"repo":"r","path":"/a/b","children":[{"uri":"/c","folder":false}]})";
  EXPECT_TRUE(parse_folder_info(body, "a/b"));
  EXPECT_TRUE(parse_folder_info(body, "/a/b/"));
  const auto other = parse_folder_info(body, "a");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, ErrorKind::BadResponse);
  const std::string root = R"({"repo":"r","path":"/","children":[]})";
  EXPECT_TRUE(parse_folder_info(root, ""));
  EXPECT_FALSE(parse_folder_info(root, "a"));
}

TEST(StorageJsonTest, ParsesFileList) {
  const std::string body =
      R"({"uri":"http://h/artifactory/api/storage/r","created":"2024-01-01T00:00:00.000Z","files":[)"
      R"({"uri":"/doc.txt","size":253207,"lastModified":"2024-03-01T10:15:30.123Z","folder":false,"sha1":"962c287c760e03b03c17eb920f5358d05f44dd3b","sha2":"b2a3f2a5d0a5a9f1e6b1c8b9a3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2","mdTimestamps":{"properties":"2024-03-01T10:15:30.123Z"}},)"
      R"({"uri":"/some folder","size":-1,"lastModified":"2024-03-01T10:15:30.123Z","folder":true},)"
      R"({"uri":"/some folder/a+b;c=d.jar","size":0,"lastModified":"2024-03-01T10:15:30.123Z","folder":false}]})";
  const auto items = parse_file_list(body);
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].path, "doc.txt");
  EXPECT_EQ((*items)[0].size, 253207u);
  EXPECT_EQ((*items)[0].checksums.sha1, "962c287c760e03b03c17eb920f5358d05f44dd3b");
  EXPECT_EQ((*items)[0].checksums.sha256.size(), 64u);
  EXPECT_TRUE((*items)[1].is_folder());
  EXPECT_FALSE((*items)[1].size);
  EXPECT_EQ((*items)[2].path, "some folder/a+b;c=d.jar");
  EXPECT_EQ((*items)[2].size, 0u);
}

TEST(StorageJsonTest, MalformedFileListsAreRefused) {
  const auto bad = [](const std::string& files, const char* what) {
    const auto result = parse_file_list(R"({"uri":"u","files":[)" + files + "]}");
    EXPECT_FALSE(result) << what;
    if (!result) {
      EXPECT_EQ(result.error().kind, ErrorKind::BadResponse) << what;
    }
  };
  bad(R"({"uri":"/../x","size":1,"folder":false})", "dot-dot segment");
  bad(R"({"uri":"/a//b","size":1,"folder":false})", "empty segment");
  bad(R"({"uri":"a","size":1,"folder":false})", "no leading slash");
  bad(R"({"uri":"/a","folder":false})", "file without size");
  // A size as a string of digits and a folder flag as "true"/"false" are accepted (the File List
  // documentation's sample): see FileListLeniencyTest in aql_test.cpp.
  bad(R"({"uri":"/a\u0001","size":1,"folder":false})", "control character");
  EXPECT_FALSE(parse_file_list(R"({"uri":"u"})"));
  EXPECT_FALSE(parse_file_list(R"({"files":{}})"));
}

}  // namespace
}  // namespace arty::artifactory

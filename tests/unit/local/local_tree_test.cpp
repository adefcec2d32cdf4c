// Tests of list_local_folder and LocalTreeScanner (src/lib/local/local_tree.cpp) on real files.
#include "arty/local_tree.hpp"

#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "local/temp_tree.hpp"

namespace arty {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempTree;

/// Everything a scan reports: files with their sizes, failures with their messages.
struct Scanned {
  std::vector<std::string> order;  // paths, in the order reported
  std::map<std::string, std::uint64_t> files;
  std::map<std::string, std::string> failures;
};

Scanned scan(const std::filesystem::path& root, std::string start = {}) {
  Scanned scanned;
  LocalTreeScanner scanner(root, std::move(start));
  while (auto item = scanner.next()) {
    scanned.order.push_back(item->path);
    if (item->error) {
      scanned.failures[item->path] = item->error->message;
    } else {
      EXPECT_EQ(item->type, LocalItemType::File) << item->path;
      scanned.files[item->path] = item->size;
    }
  }
  return scanned;
}

TEST(ListLocalFolder, SortedChildrenWithTypesAndSizes) {
  TempTree tree;
  tree.write("b.txt", "12345");
  tree.write("a.txt", "");
  tree.make_folder("c");
  tree.link("d", "b.txt");
  const auto listed = list_local_folder(tree.root());
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ((*listed)[0].path, "a.txt");
  EXPECT_EQ((*listed)[1].path, "b.txt");
  EXPECT_EQ((*listed)[1].type, LocalItemType::File);
  EXPECT_EQ((*listed)[1].size, 5u);
  EXPECT_GT((*listed)[1].modified_ns, 0);
  EXPECT_EQ((*listed)[2].type, LocalItemType::Folder);
  EXPECT_EQ((*listed)[3].path, "d");
  EXPECT_EQ((*listed)[3].type, LocalItemType::File) << "links are followed";
  EXPECT_EQ((*listed)[3].size, 5u);
  for (const auto& item : *listed) EXPECT_FALSE(item.error) << item.path;
}

TEST(ListLocalFolder, UnusableChildrenCarryTheirReason) {
  TempTree tree;
  tree.link("broken", "nowhere");
  tree.fifo("pipe");
  tree.link("self", "self");
  const auto listed = list_local_folder(tree.root());
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 3u);
  for (const auto& item : *listed) {
    EXPECT_EQ(item.type, LocalItemType::Other) << item.path;
    ASSERT_TRUE(item.error) << item.path;
    EXPECT_EQ(item.error->kind, ErrorKind::LocalIo);
  }
  EXPECT_EQ((*listed)[0].error->message, "broken symbolic link");
  EXPECT_THAT((*listed)[1].error->message, HasSubstr("FIFO"));
  EXPECT_THAT((*listed)[2].error->message, HasSubstr("symbolic link loop"));
}

TEST(ListLocalFolder, MissingOrFileIsAnError) {
  TempTree tree;
  tree.write("file", "x");
  const auto missing = list_local_folder(tree / "nothing");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::LocalIo);
  EXPECT_FALSE(list_local_folder(tree / "file").has_value());
}

TEST(LocalPathOf, JoinsOrKeepsTheRoot) {
  EXPECT_EQ(local_path_of("/r", ""), std::filesystem::path("/r"));
  EXPECT_EQ(local_path_of("/r", "a/b"), std::filesystem::path("/r/a/b"));
}

TEST(LocalTreeScanner, FilesDepthFirstSortedWithRelativePaths) {
  TempTree tree;
  tree.write("z.txt", "zz");
  tree.write("a/2.txt", "2");
  tree.write("a/1.txt", "1");
  tree.write("a/b/deep.bin", "deep");
  tree.make_folder("empty");
  tree.write("m.txt", "");
  const Scanned scanned = scan(tree.root());
  EXPECT_THAT(scanned.order, ElementsAre("a/1.txt", "a/2.txt", "a/b/deep.bin", "m.txt", "z.txt"));
  EXPECT_EQ(scanned.files.at("a/b/deep.bin"), 4u);
  EXPECT_EQ(scanned.files.at("m.txt"), 0u);
  EXPECT_TRUE(scanned.failures.empty());
}

TEST(LocalTreeScanner, NamesWithAnyBytesButSlash) {
  TempTree tree;
  const std::vector<std::string> names{"new\nline", "back\\slash", "cr\rx", "sp ace", "\xff\xfe"};
  for (const auto& name : names) tree.write("d/" + name, name);
  const Scanned scanned = scan(tree.root());
  ASSERT_EQ(scanned.files.size(), names.size());
  for (const auto& name : names) EXPECT_EQ(scanned.files.count("d/" + name), 1u) << name;
}

TEST(LocalTreeScanner, FollowsLinksLikeFindL) {
  TempTree tree;
  tree.write("real/f.txt", "f");
  tree.link("to_folder", "real");
  tree.link("to_file", "real/f.txt");
  const Scanned scanned = scan(tree.root());
  EXPECT_THAT(scanned.order, ElementsAre("real/f.txt", "to_file", "to_folder/f.txt"));
  EXPECT_TRUE(scanned.failures.empty());
}

TEST(LocalTreeScanner, ReportsBrokenLinksFifosAndLoopsAndGoesOn) {
  TempTree tree;
  tree.write("a/ok.txt", "ok");
  tree.link("a/broken", "../nowhere");
  tree.fifo("a/pipe");
  tree.link("a/up", "..");   // the root: a loop
  tree.link("a/self", ".");  // a itself: a loop
  tree.write("b/ok.txt", "ok");
  const Scanned scanned = scan(tree.root());
  EXPECT_EQ(scanned.files.size(), 2u);
  EXPECT_EQ(scanned.files.count("a/ok.txt"), 1u);
  EXPECT_EQ(scanned.files.count("b/ok.txt"), 1u);
  ASSERT_EQ(scanned.failures.size(), 4u);
  EXPECT_EQ(scanned.failures.at("a/broken"), "broken symbolic link");
  EXPECT_THAT(scanned.failures.at("a/pipe"), HasSubstr("FIFO"));
  EXPECT_THAT(scanned.failures.at("a/up"), HasSubstr("file system loop"));
  EXPECT_THAT(scanned.failures.at("a/self"), HasSubstr("ancestor 'a'"));
}

TEST(LocalTreeScanner, RootThatIsAFileIsReportedAlone) {
  TempTree tree;
  tree.write("only.txt", "abc");
  const Scanned scanned = scan(tree / "only.txt");
  EXPECT_THAT(scanned.order, ElementsAre(""));
  EXPECT_EQ(scanned.files.at(""), 3u);
}

TEST(LocalTreeScanner, MissingRootIsOneFailure) {
  TempTree tree;
  const Scanned scanned = scan(tree / "nothing");
  EXPECT_THAT(scanned.order, ElementsAre(""));
  EXPECT_THAT(scanned.failures.at(""), HasSubstr("No such file"));
}

TEST(LocalTreeScanner, StartScansASubtreeWithPathsRelativeToTheRoot) {
  TempTree tree;
  tree.write("a/b/x.txt", "x");
  tree.write("a/b/c/y.txt", "y");
  tree.write("a/other.txt", "o");
  tree.link("a/b/c/back", "../..");  // a: above the start, still a loop
  const Scanned scanned = scan(tree.root(), "a/b");
  EXPECT_THAT(scanned.order, ElementsAre("a/b/c/back", "a/b/c/y.txt", "a/b/x.txt"));
  EXPECT_THAT(scanned.failures.at("a/b/c/back"), HasSubstr("ancestor 'a'"));
}

TEST(LocalTreeScanner, StartThatIsAFileOrALoop) {
  TempTree tree;
  tree.write("a/f.txt", "f");
  tree.link("a/loop", "..");
  EXPECT_THAT(scan(tree.root(), "a/f.txt").order, ElementsAre("a/f.txt"));
  const Scanned loop = scan(tree.root(), "a/loop");
  EXPECT_THAT(loop.order, ElementsAre("a/loop"));
  EXPECT_THAT(loop.failures.at("a/loop"), HasSubstr("file system loop"));
}

TEST(LocalTreeScanner, WideAndDeepTrees) {
  TempTree tree;
  for (int i = 0; i < 300; ++i) tree.write("wide/f" + std::to_string(i), "x");
  std::string deep = "deep";
  for (int i = 0; i < 60; ++i) deep += "/d";
  tree.write(deep + "/leaf", "leaf");
  const Scanned scanned = scan(tree.root());
  EXPECT_EQ(scanned.files.size(), 301u);
  EXPECT_EQ(scanned.files.count(deep + "/leaf"), 1u);
}

}  // namespace
}  // namespace arty

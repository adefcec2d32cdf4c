// Tests of remote/subtree_assembler.hpp: flat File List / AQL items -> complete folder listings.
#include "remote/subtree_assembler.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace arty::remote {
namespace {

using ::testing::IsEmpty;

/// A folder's children as (name, 'd' or 'f'), in the order the listing holds them.
using Children = std::vector<std::pair<std::string, char>>;
using Tree = std::map<std::string, Children>;

Children children_of(const FolderListing& listing) {
  Children out;
  for (std::size_t i = 0; i < listing.size(); ++i) {
    out.emplace_back(std::string(listing.name(i)),
                     listing.type(i) == ItemType::Folder ? 'd' : 'f');
  }
  return out;
}

/// The folders as a map (the assembler gives them in no particular order); a folder returned
/// twice fails the test.
Tree tree_of(const SubtreeAssembler::Folders& folders) {
  Tree out;
  for (const auto& [path, listing] : folders) {
    EXPECT_TRUE(out.emplace(path, children_of(listing)).second) << "folder twice: " << path;
  }
  return out;
}

void add_ok(SubtreeAssembler& assembler, std::string_view parent, std::string_view name,
            ItemType type, std::optional<ItemDetails> details = std::nullopt) {
  const auto added = assembler.add(parent, name, type, std::move(details));
  ASSERT_TRUE(added) << parent << " / " << name << ": " << added.error().message;
}

constexpr ItemType kDir = ItemType::Folder;
constexpr ItemType kFile = ItemType::File;

/// File List order: a folder, then its subtree, then the folder's siblings (and the root's files
/// wherever they fall).
void add_file_list_items(SubtreeAssembler& assembler) {
  add_ok(assembler, "", "a", kDir);
  add_ok(assembler, "a", "one.txt", kFile);
  add_ok(assembler, "a", "empty", kDir);
  add_ok(assembler, "a", "sub", kDir);
  add_ok(assembler, "a/sub", "deep.bin", kFile);
  add_ok(assembler, "a", "two.txt", kFile);  // back to "a" after its subfolder's children
  add_ok(assembler, "", "README.md", kFile);
  add_ok(assembler, "", "b", kDir);
  add_ok(assembler, "b", "c", kDir);
  add_ok(assembler, "b/c", "x", kFile);
}

TEST(SubtreeAssemblerTest, UngroupedWholeTree) {
  SubtreeAssembler assembler("", std::nullopt, /*grouped=*/false);
  add_file_list_items(assembler);
  const Tree tree = tree_of(assembler.finish());
  const Tree expected{
      {"", {{"a", 'd'}, {"README.md", 'f'}, {"b", 'd'}}},
      {"a", {{"one.txt", 'f'}, {"empty", 'd'}, {"sub", 'd'}, {"two.txt", 'f'}}},
      {"a/empty", {}},
      {"a/sub", {{"deep.bin", 'f'}}},
      {"b", {{"c", 'd'}}},
      {"b/c", {{"x", 'f'}}},
  };
  EXPECT_EQ(tree, expected);
}

TEST(SubtreeAssemblerTest, UngroupedDepthBoundMakesFrontierFolders) {
  SubtreeAssembler assembler("", 2, /*grouped=*/false);
  add_file_list_items(assembler);
  // Depth 2: the root and its child folders are listed; "a/empty", "a/sub", "b/c" are frontier
  // folders (in their parents' listings, not listed); "a/sub/deep.bin", "b/c/x" are dropped.
  const Tree expected{
      {"", {{"a", 'd'}, {"README.md", 'f'}, {"b", 'd'}}},
      {"a", {{"one.txt", 'f'}, {"empty", 'd'}, {"sub", 'd'}, {"two.txt", 'f'}}},
      {"b", {{"c", 'd'}}},
  };
  EXPECT_EQ(tree_of(assembler.finish()), expected);
}

TEST(SubtreeAssemblerTest, DepthOneListsTheRootOnly) {
  SubtreeAssembler assembler("", 1, /*grouped=*/false);
  add_file_list_items(assembler);
  const Tree expected{{"", {{"a", 'd'}, {"README.md", 'f'}, {"b", 'd'}}}};
  EXPECT_EQ(tree_of(assembler.finish()), expected);
}

TEST(SubtreeAssemblerTest, EmptySubtreeGivesTheRootEmpty) {
  SubtreeAssembler assembler("x/y", std::nullopt, /*grouped=*/false);
  const Tree expected{{"x/y", {}}};
  EXPECT_EQ(tree_of(assembler.finish()), expected);
}

TEST(SubtreeAssemblerTest, NonEmptyRootJoinsAbsolutePaths) {
  SubtreeAssembler assembler("a/b", std::nullopt, /*grouped=*/false);
  add_ok(assembler, "", "c", kDir);
  add_ok(assembler, "c", "f.txt", kFile);
  add_ok(assembler, "c", "e", kDir);
  add_ok(assembler, "", "g.txt", kFile);
  const Tree expected{
      {"a/b", {{"c", 'd'}, {"g.txt", 'f'}}},
      {"a/b/c", {{"f.txt", 'f'}, {"e", 'd'}}},
      {"a/b/c/e", {}},
  };
  EXPECT_EQ(tree_of(assembler.finish()), expected);
}

TEST(SubtreeAssemblerTest, NonEmptyRootWithDepthBound) {
  SubtreeAssembler assembler("r", 1, /*grouped=*/false);
  add_ok(assembler, "", "c", kDir);
  add_ok(assembler, "c", "f.txt", kFile);
  add_ok(assembler, "", "g.txt", kFile);
  const Tree expected{{"r", {{"c", 'd'}, {"g.txt", 'f'}}}};
  EXPECT_EQ(tree_of(assembler.finish()), expected);
}

TEST(SubtreeAssemblerTest, ChildrenBeforeTheirFolderItem) {
  // Any order is allowed ungrouped: "a"'s children may come before the item "a" itself; "a" must
  // not then be reported a second time (as an empty folder).
  SubtreeAssembler assembler("", std::nullopt, /*grouped=*/false);
  add_ok(assembler, "a", "f", kFile);
  add_ok(assembler, "", "a", kDir);
  const Tree expected{{"", {{"a", 'd'}}}, {"a", {{"f", 'f'}}}};
  EXPECT_EQ(tree_of(assembler.finish()), expected);
}

TEST(SubtreeAssemblerTest, DetailsStayWithTheirFiles) {
  SubtreeAssembler assembler("", std::nullopt, /*grouped=*/false);
  add_ok(assembler, "", "dir", kDir);  // folders come without details (as the remotes pass them)
  add_ok(assembler, "", "f", kFile,
         ItemDetails{7, "2024-01-01T00:00:00.000Z", Checksums{"m", "s1", "s256"}});
  add_ok(assembler, "", "g", kFile, ItemDetails{0, "2024-01-02T00:00:00.000Z", {}});
  add_ok(assembler, "", "f", kFile, ItemDetails{99, "dup", {}});  // a repeated name: first wins
  add_ok(assembler, "dir", "h", kFile, ItemDetails{12, "", {}});
  auto folders = assembler.finish();
  ASSERT_EQ(folders.size(), 2u);
  std::map<std::string, FolderListing> by_path;
  for (auto& [path, listing] : folders) by_path.emplace(path, std::move(listing));
  const FolderListing& root = by_path.at("");
  ASSERT_EQ(children_of(root), (Children{{"dir", 'd'}, {"f", 'f'}, {"g", 'f'}}));
  EXPECT_FALSE(root.has_details(0));
  EXPECT_FALSE(root.entry(0).size);
  ASSERT_TRUE(root.has_details(1));
  const Entry f = root.entry(1);
  EXPECT_EQ(f.path, "f");
  EXPECT_EQ(f.size, std::optional<std::uint64_t>(7));
  EXPECT_EQ(f.last_modified, "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(f.checksums.md5, "m");
  EXPECT_EQ(f.checksums.sha1, "s1");
  EXPECT_EQ(f.checksums.sha256, "s256");
  ASSERT_TRUE(root.has_details(2));
  EXPECT_EQ(root.entry(2).size, std::optional<std::uint64_t>(0));
  EXPECT_EQ(root.entry(2).last_modified, "2024-01-02T00:00:00.000Z");
  const FolderListing& dir = by_path.at("dir");
  ASSERT_EQ(dir.size(), 1u);
  ASSERT_TRUE(dir.has_details(0));
  EXPECT_EQ(dir.entry(0).size, std::optional<std::uint64_t>(12));
}

// --- Grouped input (AQL sorted by path) -------------------------------------------------------

TEST(SubtreeAssemblerTest, GroupedFoldersCloseWhenTheirRunEnds) {
  SubtreeAssembler assembler("", std::nullopt, /*grouped=*/true);
  // path "." (the root), sorted by name
  add_ok(assembler, "", "a", kDir);
  add_ok(assembler, "", "b", kDir);
  add_ok(assembler, "", "top.txt", kFile);
  EXPECT_THAT(assembler.take_closed(), IsEmpty()) << "the root's run has not ended";
  add_ok(assembler, "a", "e", kDir);  // empty folder
  add_ok(assembler, "a", "x.txt", kFile);
  EXPECT_EQ(tree_of(assembler.take_closed()),
            (Tree{{"", {{"a", 'd'}, {"b", 'd'}, {"top.txt", 'f'}}}}));
  EXPECT_THAT(assembler.take_closed(), IsEmpty()) << "each folder once; \"a\" still open";
  add_ok(assembler, "a", "y.txt", kFile);  // a page may end inside a run
  EXPECT_THAT(assembler.take_closed(), IsEmpty());
  add_ok(assembler, "b", "z", kDir);
  add_ok(assembler, "b/z", "w.txt", kFile);
  // "a" and "b" both ended; "b/z" is being added to.
  EXPECT_EQ(tree_of(assembler.take_closed()),
            (Tree{{"a", {{"e", 'd'}, {"x.txt", 'f'}, {"y.txt", 'f'}}}, {"b", {{"z", 'd'}}}}));
  // finish: the open one and the empty ones.
  EXPECT_EQ(tree_of(assembler.finish()), (Tree{{"b/z", {{"w.txt", 'f'}}}, {"a/e", {}}}));
}

TEST(SubtreeAssemblerTest, GroupedRootWithoutChildrenIsReturnedByFinish) {
  SubtreeAssembler assembler("repo/dir", std::nullopt, /*grouped=*/true);
  EXPECT_THAT(assembler.take_closed(), IsEmpty());
  EXPECT_EQ(tree_of(assembler.finish()), (Tree{{"repo/dir", {}}}));
}

TEST(SubtreeAssemblerTest, GroupedAbsolutePathsUnderARoot) {
  SubtreeAssembler assembler("r/s", std::nullopt, /*grouped=*/true);
  add_ok(assembler, "", "d", kDir);
  add_ok(assembler, "d", "f", kFile);
  EXPECT_EQ(tree_of(assembler.take_closed()), (Tree{{"r/s", {{"d", 'd'}}}}));
  EXPECT_EQ(tree_of(assembler.finish()), (Tree{{"r/s/d", {{"f", 'f'}}}}));
}

TEST(SubtreeAssemblerTest, GroupedChildrenInTwoRunsAreABadResponse) {
  SubtreeAssembler assembler("", std::nullopt, /*grouped=*/true);
  add_ok(assembler, "", "a", kDir);
  add_ok(assembler, "a", "x", kFile);
  const auto again = assembler.add("", "b", kFile, std::nullopt);
  ASSERT_FALSE(again) << "the root's children came in two runs";
  EXPECT_EQ(again.error().kind, ErrorKind::BadResponse);
}

TEST(SubtreeAssemblerTest, GroupedSecondRunAfterTakeClosedIsABadResponse) {
  SubtreeAssembler assembler("", std::nullopt, /*grouped=*/true);
  add_ok(assembler, "", "a", kDir);
  add_ok(assembler, "", "b", kDir);
  add_ok(assembler, "a", "x", kFile);
  add_ok(assembler, "b", "y", kFile);
  EXPECT_EQ(tree_of(assembler.take_closed()).size(), 2u);  // "" and "a"
  const auto again = assembler.add("a", "z", kFile, std::nullopt);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::BadResponse);
}

TEST(SubtreeAssemblerTest, UngroupedAllowsChildrenInSeveralRuns) {
  SubtreeAssembler assembler("", std::nullopt, /*grouped=*/false);
  add_ok(assembler, "", "a", kDir);
  add_ok(assembler, "a", "x", kFile);
  add_ok(assembler, "", "b", kFile);
  add_ok(assembler, "a", "y", kFile);
  EXPECT_EQ(tree_of(assembler.finish()),
            (Tree{{"", {{"a", 'd'}, {"b", 'f'}}}, {"a", {{"x", 'f'}, {"y", 'f'}}}}));
}

TEST(SubtreeAssemblerTest, GroupedDepthBoundDropsDeeperItems) {
  SubtreeAssembler assembler("", 1, /*grouped=*/true);
  add_ok(assembler, "", "a", kDir);
  add_ok(assembler, "", "b", kDir);
  add_ok(assembler, "a", "x", kFile);    // dropped (depth 2)
  add_ok(assembler, "a/x", "y", kFile);  // dropped (depth 3)
  add_ok(assembler, "b", "z", kDir);     // dropped
  EXPECT_THAT(assembler.take_closed(), IsEmpty()) << "dropped items end no run";
  EXPECT_EQ(tree_of(assembler.finish()), (Tree{{"", {{"a", 'd'}, {"b", 'd'}}}}));
}

TEST(SubtreeAssemblerTest, GroupedDepthTwoFrontierFolders) {
  SubtreeAssembler assembler("base", 2, /*grouped=*/true);
  add_ok(assembler, "", "a", kDir);
  add_ok(assembler, "a", "f", kDir);   // frontier
  add_ok(assembler, "a", "g", kFile);
  add_ok(assembler, "a/f", "deep", kFile);  // dropped
  SubtreeAssembler::Folders all = assembler.take_closed();
  for (auto& folder : assembler.finish()) all.push_back(std::move(folder));
  // "a/f" is a frontier folder: in "a"'s listing, not listed itself (not even as empty).
  EXPECT_EQ(tree_of(all),
            (Tree{{"base", {{"a", 'd'}}}, {"base/a", {{"f", 'd'}, {"g", 'f'}}}}));
}

}  // namespace
}  // namespace arty::remote

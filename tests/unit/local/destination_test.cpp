// Destination: server paths become local paths only inside the root, never through a link.
#include "local/destination.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "local/temp_tree.hpp"

namespace arty::local {
namespace {

namespace fs = std::filesystem;

class DestinationTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(base_ / "outside"); }
  arty::testing::TempTree temp_;
  const fs::path base_ = temp_.root();
};

TEST_F(DestinationTest, CreatesTheRootAndNestedFolders) {
  auto destination = Destination::open(base_ / "root" / "deeper");
  ASSERT_TRUE(destination);
  ASSERT_TRUE(destination->ensure_folder("a/b/c"));
  EXPECT_TRUE(fs::is_directory(base_ / "root/deeper/a/b/c"));
  const auto file = destination->file_path("a/b/c/x.jar");
  ASSERT_TRUE(file);
  EXPECT_EQ(*file, base_ / "root/deeper/a/b/c/x.jar");
  const auto top = destination->file_path("top.pom");
  ASSERT_TRUE(top);
  EXPECT_EQ(*top, base_ / "root/deeper/top.pom");
}

TEST_F(DestinationTest, RefusesUnsafeSegments) {
  auto destination = Destination::open(base_ / "root");
  ASSERT_TRUE(destination);
  for (const char* path : {"../outside/x", "a/../../x", "a//b", "/etc/passwd", "a/./b", "a\\b/c",
                           "a/b\x01/c", "", "a/"}) {
    const auto file = destination->file_path(path);
    ASSERT_FALSE(file) << path;
    EXPECT_EQ(file.error().kind, ErrorKind::InvalidArgument) << path;
  }
  EXPECT_TRUE(fs::is_empty(base_ / "outside"));
  EXPECT_TRUE(fs::is_empty(base_ / "root"));
}

TEST_F(DestinationTest, NeverFollowsALinkOutOfTheRoot) {
  auto destination = Destination::open(base_ / "root");
  ASSERT_TRUE(destination);
  fs::create_directory_symlink(base_ / "outside", base_ / "root" / "link");
  const auto file = destination->file_path("link/x.jar");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().kind, ErrorKind::LocalIo);
  EXPECT_NE(file.error().message.find("symbolic link"), std::string::npos);
  const auto deeper = destination->ensure_folder("link/sub");
  ASSERT_FALSE(deeper);
  EXPECT_TRUE(fs::is_empty(base_ / "outside"));
}

TEST_F(DestinationTest, AFileWhereAFolderShouldBeIsAnError) {
  auto destination = Destination::open(base_ / "root");
  ASSERT_TRUE(destination);
  std::ofstream(base_ / "root" / "plain") << "x";
  const auto file = destination->file_path("plain/x.jar");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message.find("not a folder"), std::string::npos);
}

TEST(DestinationPartName, HiddenNextToTheFileAndWithinTheNameLimit) {
  EXPECT_EQ(Destination::part_name("a.jar"), ".a.jar.arty-part");
  const std::string long_name(250, 'x');
  const std::string part = Destination::part_name(long_name);
  EXPECT_LE(part.size(), 255U);
  EXPECT_EQ(part.rfind(".arty-", 0), 0U);
  EXPECT_NE(Destination::part_name(long_name + "y"), part);
}

}  // namespace
}  // namespace arty::local

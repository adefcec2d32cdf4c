// The checksum cache in extended attributes: trusted only for the recorded size and mtime.
#include "local/checksum_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "local/temp_tree.hpp"

namespace arty::local {
namespace {

namespace fs = std::filesystem;

struct stat lstat_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0);
  return info;
}

class ChecksumCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(path_) << "content";
    fd_ = ::open(path_.c_str(), O_RDWR);
    ASSERT_GE(fd_, 0);
    if (!remember_checksum(fd_, HashAlgorithm::Sha256, "abc123")) {
      GTEST_SKIP() << "no user extended attributes on " << path_;
    }
  }
  void TearDown() override {
    if (fd_ >= 0) ::close(fd_);
  }
  arty::testing::TempTree temp_;
  const fs::path path_ = temp_ / "file";
  int fd_ = -1;
};

TEST_F(ChecksumCacheTest, RecallsWhatWasRememberedForTheSameSizeAndTime) {
  EXPECT_EQ(recall_checksum(path_, HashAlgorithm::Sha256, lstat_of(path_)), "abc123");
  EXPECT_FALSE(recall_checksum(path_, HashAlgorithm::Sha1, lstat_of(path_)));
}

TEST_F(ChecksumCacheTest, ForgetsWhenTheFileChanges) {
  struct stat before = lstat_of(path_);
  ASSERT_EQ(::pwrite(fd_, "X", 1, 0), 1);  // same size, new mtime
  const struct timespec later[2] = {{before.st_mtim.tv_sec + 5, 0}, {before.st_mtim.tv_sec + 5, 0}};
  ASSERT_EQ(::futimens(fd_, later), 0);
  EXPECT_FALSE(recall_checksum(path_, HashAlgorithm::Sha256, lstat_of(path_)));
  ASSERT_EQ(::ftruncate(fd_, 3), 0);
  EXPECT_FALSE(recall_checksum(path_, HashAlgorithm::Sha256, lstat_of(path_)));
}

TEST_F(ChecksumCacheTest, ValidatorRoundTrip) {
  EXPECT_EQ(recall_validator(fd_), "");
  ASSERT_TRUE(remember_validator(fd_, "\"etag-1\""));
  EXPECT_EQ(recall_validator(fd_), "\"etag-1\"");
  forget_validator(fd_);
  EXPECT_EQ(recall_validator(fd_), "");
}

}  // namespace
}  // namespace arty::local

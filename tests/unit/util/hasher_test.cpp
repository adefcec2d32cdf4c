// Hasher and hash_file against the published test vectors (FIPS 180-4 "abc", RFC 1321) and files.
#include "arty/hasher.hpp"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace arty {
namespace {

TEST(Hasher, KnownVectorsOfAbc) {
  Hasher md5(HashAlgorithm::Md5), sha1(HashAlgorithm::Sha1), sha256(HashAlgorithm::Sha256);
  md5.update("abc");
  sha1.update("abc");
  sha256.update("abc");
  EXPECT_EQ(md5.finish(), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(sha1.finish(), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(sha256.finish(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hasher, IncrementalEqualsOneShotAndFinishResets) {
  Hasher hasher(HashAlgorithm::Sha256);
  hasher.update("a");
  hasher.update("");
  hasher.update("bc");
  const std::string first = hasher.finish();
  hasher.update("abc");
  EXPECT_EQ(hasher.finish(), first);
  EXPECT_EQ(hasher.finish(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Hasher, NamesRoundTrip) {
  for (auto algorithm : {HashAlgorithm::Md5, HashAlgorithm::Sha1, HashAlgorithm::Sha256}) {
    EXPECT_EQ(parse_hash_algorithm(hash_algorithm_name(algorithm)), algorithm);
  }
  EXPECT_EQ(parse_hash_algorithm("SHA256"), HashAlgorithm::Sha256);
  EXPECT_FALSE(parse_hash_algorithm("sha512").has_value());
  EXPECT_FALSE(parse_hash_algorithm("").has_value());
}

TEST(Hasher, StrongestKnownPrefersSha256ThenSha1) {
  Checksums checksums;
  EXPECT_FALSE(strongest_known(checksums).has_value());
  checksums.md5 = "x";
  EXPECT_EQ(strongest_known(checksums), HashAlgorithm::Md5);
  checksums.sha1 = "y";
  EXPECT_EQ(strongest_known(checksums), HashAlgorithm::Sha1);
  checksums.sha256 = "z";
  EXPECT_EQ(strongest_known(checksums), HashAlgorithm::Sha256);
  EXPECT_EQ(checksum_of(checksums, HashAlgorithm::Sha1), "y");
}

TEST(HashFile, ReadsTheWholeFileWithSmallReads) {
  const std::string path = ::testing::TempDir() + "/arty_hash_file_test.bin";
  std::string content;
  for (int i = 0; i < 10000; ++i) content += static_cast<char>(i * 7);
  std::ofstream(path, std::ios::binary) << content;
  Hasher expected(HashAlgorithm::Sha1);
  expected.update(content);
  const auto digest = hash_file(path, HashAlgorithm::Sha1, 333);
  ASSERT_TRUE(digest.has_value()) << digest.error().message;
  EXPECT_EQ(*digest, expected.finish());
  std::remove(path.c_str());
}

TEST(HashFile, MissingFileIsLocalIoNamingThePath) {
  const auto digest = hash_file("/nonexistent/arty/file", HashAlgorithm::Sha256);
  ASSERT_FALSE(digest.has_value());
  EXPECT_EQ(digest.error().kind, ErrorKind::LocalIo);
  EXPECT_NE(digest.error().message.find("/nonexistent/arty/file"), std::string::npos);
}

TEST(HashFile, StopFlagGivesUpBeforeReading) {
  const std::string path = ::testing::TempDir() + "/arty_hash_file_stop_test.bin";
  std::ofstream(path, std::ios::binary) << "some content";
  std::atomic<bool> stop{false};
  EXPECT_TRUE(hash_file(path, HashAlgorithm::Md5, kHashReadBytes, &stop).has_value());
  stop = true;
  const auto digest = hash_file(path, HashAlgorithm::Md5, kHashReadBytes, &stop);
  ASSERT_FALSE(digest.has_value());
  EXPECT_EQ(digest.error().kind, ErrorKind::Cancelled);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace arty

// Tests of arty::sum_tree (src/lib/ops/sum_tree.cpp) on real temporary files.
#include "arty/sum_tree.hpp"

#include <atomic>
#include <map>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "local/temp_tree.hpp"

namespace arty {
namespace {

using ::testing::HasSubstr;
using testing::TempTree;

struct Collected {
  std::map<std::string, FileChecksum> files;
  std::map<std::string, Error> failures;
  std::thread::id caller = std::this_thread::get_id();
  bool other_thread = false;
  std::size_t stop_after = 0;  ///< on_file answers false after this many files (0: never).

  SumObserver observer() {
    SumObserver observer;
    observer.on_file = [this](const FileChecksum& file) {
      other_thread |= std::this_thread::get_id() != caller;
      files[file.path] = file;
      return stop_after == 0 || files.size() < stop_after;
    };
    observer.on_failure = [this](const std::string& path, const Error& error) {
      other_thread |= std::this_thread::get_id() != caller;
      failures.emplace(path, error);
    };
    return observer;
  }
};

class SumTreeTest : public ::testing::Test {
 protected:
  SumTreeTest() {
    tree.write("a.txt", "abc");
    tree.write("empty", "");
    tree.write("dir/b.bin", std::string(3 << 20, 'b'));  // three 1 MiB reads
    tree.write("dir/sub/c.txt", "c");
    tree.link("dir/link.txt", "../a.txt");
  }
  TempTree tree;
};

TEST_F(SumTreeTest, HashesEveryFileOnTheCallingThread) {
  Collected collected;
  SumOptions options;
  options.threads = 3;
  const SumSummary summary = sum_tree(tree.root(), options, collected.observer());
  EXPECT_EQ(summary.files, 5u);
  EXPECT_EQ(summary.failed, 0u);
  EXPECT_FALSE(summary.stopped);
  EXPECT_EQ(summary.bytes, 3u + 0u + (3u << 20) + 1u + 3u);
  ASSERT_EQ(collected.files.size(), 5u);
  EXPECT_FALSE(collected.other_thread) << "the observer runs on the caller's thread";
  EXPECT_EQ(collected.files.at("a.txt").checksum,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(collected.files.at("empty").checksum,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(collected.files.at("dir/link.txt").checksum, collected.files.at("a.txt").checksum);
  EXPECT_EQ(collected.files.at("dir/b.bin").size, 3u << 20);
  EXPECT_EQ(collected.files.at("dir/b.bin").checksum,
            hash_file(tree / "dir/b.bin", HashAlgorithm::Sha256).value());
  EXPECT_EQ(collected.files.at("dir/sub/c.txt").algorithm, HashAlgorithm::Sha256);
}

TEST_F(SumTreeTest, OtherAlgorithms) {
  for (const auto algorithm : {HashAlgorithm::Md5, HashAlgorithm::Sha1}) {
    Collected collected;
    SumOptions options;
    options.algorithm = algorithm;
    sum_tree(tree.root(), options, collected.observer());
    ASSERT_EQ(collected.files.size(), 5u);
    for (const auto& [path, file] : collected.files) {
      EXPECT_EQ(file.algorithm, algorithm);
      EXPECT_EQ(file.checksum, hash_file(tree / path, algorithm).value()) << path;
    }
  }
  Collected md5;
  SumOptions options;
  options.algorithm = HashAlgorithm::Md5;
  sum_tree(tree.root(), options, md5.observer());
  EXPECT_EQ(md5.files.at("a.txt").checksum, "900150983cd24fb0d6963f7d28e17f72");
}

TEST_F(SumTreeTest, FailuresAreReportedAndTheRestGoesOn) {
  tree.link("broken", "nowhere");
  tree.fifo("dir/pipe");
  tree.link("dir/sub/loop", "../..");
  Collected collected;
  const SumSummary summary = sum_tree(tree.root(), SumOptions{}, collected.observer());
  EXPECT_EQ(summary.files, 5u);
  EXPECT_EQ(summary.failed, 3u);
  ASSERT_EQ(collected.failures.size(), 3u);
  EXPECT_EQ(collected.failures.at("broken").message, "broken symbolic link");
  EXPECT_EQ(collected.failures.at("broken").kind, ErrorKind::LocalIo);
  EXPECT_THAT(collected.failures.at("dir/pipe").message, HasSubstr("FIFO"));
  EXPECT_THAT(collected.failures.at("dir/sub/loop").message, HasSubstr("loop"));
}

TEST_F(SumTreeTest, RootFileAndMissingRoot) {
  Collected file;
  EXPECT_EQ(sum_tree(tree / "a.txt", SumOptions{}, file.observer()).files, 1u);
  ASSERT_EQ(file.files.count(""), 1u);
  EXPECT_EQ(file.files.at("").size, 3u);

  Collected missing;
  const SumSummary summary = sum_tree(tree / "nothing", SumOptions{}, missing.observer());
  EXPECT_EQ(summary.files, 0u);
  EXPECT_EQ(summary.failed, 1u);
  EXPECT_EQ(missing.failures.count(""), 1u);
}

TEST_F(SumTreeTest, StopFlagAlreadySet) {
  std::atomic<bool> stop{true};
  Collected collected;
  SumOptions options;
  options.stop_flag = &stop;
  const SumSummary summary = sum_tree(tree.root(), options, collected.observer());
  EXPECT_TRUE(summary.stopped);
  EXPECT_TRUE(collected.files.empty());
}

TEST_F(SumTreeTest, ObserverCanStop) {
  for (int i = 0; i < 50; ++i) tree.write("more/f" + std::to_string(i), "x");
  Collected collected;
  collected.stop_after = 2;
  SumOptions options;
  options.threads = 1;
  const SumSummary summary = sum_tree(tree.root(), options, collected.observer());
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(collected.files.size(), 2u);
  EXPECT_EQ(summary.files, 2u);
}

TEST_F(SumTreeTest, ManyFilesFewThreads) {
  for (int i = 0; i < 500; ++i) tree.write("many/" + std::to_string(i), std::to_string(i));
  Collected collected;
  SumOptions options;
  options.threads = 2;
  const SumSummary summary = sum_tree(tree.root(), options, collected.observer());
  EXPECT_EQ(summary.files, 505u);
  EXPECT_EQ(collected.files.at("many/42").checksum,
            "73475cb40a568e8da8a045ced110137e159f890ac4da883b6b17dc651b3a8049");
}

}  // namespace
}  // namespace arty

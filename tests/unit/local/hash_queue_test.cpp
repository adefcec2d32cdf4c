// Tests of HashQueue (src/lib/local/hash_queue.cpp): results equal hash_file's, the bound on
// pending jobs, errors and cancellation.
#include "local/hash_queue.hpp"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "local/temp_tree.hpp"

namespace arty {
namespace {

using namespace std::chrono_literals;
using testing::TempTree;

/// Takes results until nothing is pending.
std::vector<HashResult> drain(HashQueue& queue) {
  std::vector<HashResult> all;
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  while (queue.pending() > 0 && std::chrono::steady_clock::now() < give_up) {
    for (auto& result : queue.take(100ms)) all.push_back(std::move(result));
  }
  return all;
}

TEST(HashQueue, HashesLikeHashFileWithinTheBound) {
  TempTree tree;
  for (int i = 0; i < 40; ++i) {
    tree.write("f" + std::to_string(i),
               std::string(static_cast<std::size_t>(1000 + i), static_cast<char>('a' + i % 26)));
  }
  HashQueue queue(3, 4);
  EXPECT_EQ(queue.threads(), 3u);
  std::map<std::string, std::string> sums;
  for (int i = 0; i < 40; ++i) {
    while (queue.full()) {
      for (auto& result : queue.take(100ms)) sums[result.job.path] = result.checksum.value();
    }
    EXPECT_LE(queue.pending(), 4u);
    const std::string name = "f" + std::to_string(i);
    queue.submit(HashJob{name, tree / name, HashAlgorithm::Sha1, 0, "carried"});
    EXPECT_LE(queue.pending(), 4u);
  }
  for (auto& result : drain(queue)) {
    EXPECT_EQ(result.job.expected, "carried");
    sums[result.job.path] = result.checksum.value();
  }
  ASSERT_EQ(sums.size(), 40u);
  for (const auto& [name, sum] : sums) {
    EXPECT_EQ(sum, hash_file(tree / name, HashAlgorithm::Sha1).value()) << name;
  }
}

TEST(HashQueue, DefaultThreadsAndBound) {
  HashQueue queue(0, 0);
  EXPECT_GE(queue.threads(), 1u);
  EXPECT_FALSE(queue.full());
  EXPECT_TRUE(queue.take().empty());
}

TEST(HashQueue, UnreadableFileIsLocalIo) {
  TempTree tree;
  HashQueue queue(1, 2);
  queue.submit(HashJob{"gone", tree / "gone", HashAlgorithm::Md5, 0, {}});
  const auto results = drain(queue);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].checksum.has_value());
  EXPECT_EQ(results[0].checksum.error().kind, ErrorKind::LocalIo);
}

TEST(HashQueue, CancelEndsEveryJobQuickly) {
  TempTree tree;
  tree.write("big", std::string(8 << 20, 'x'));  // 8 reads of 1 MiB each
  HashQueue queue(2, 16);
  queue.cancel();
  for (int i = 0; i < 16; ++i) {
    queue.submit(HashJob{"big" + std::to_string(i), tree / "big", HashAlgorithm::Sha256, 0, {}});
  }
  const auto results = drain(queue);
  ASSERT_EQ(results.size(), 16u);
  for (const auto& result : results) {
    ASSERT_FALSE(result.checksum.has_value());
    EXPECT_EQ(result.checksum.error().kind, ErrorKind::Cancelled);
  }
}

TEST(HashQueue, DestructorWaitsForRunningJobs) {
  TempTree tree;
  tree.write("big", std::string(4 << 20, 'y'));
  for (int round = 0; round < 5; ++round) {
    HashQueue queue(2, 8);
    for (int i = 0; i < 8; ++i)
      queue.submit(HashJob{"big", tree / "big", HashAlgorithm::Md5, 0, {}});
  }  // destroyed with jobs running: must neither crash nor leak (ASan/TSan runs)
}

TEST(HashQueue, ManyJobsOfOneFileAgree) {
  TempTree tree;
  tree.write("f", std::string(1 << 20, 'z'));
  HashQueue queue(2, 64);
  for (int i = 0; i < 64; ++i) queue.submit(HashJob{"f", tree / "f", HashAlgorithm::Sha256, 0, {}});
  const auto results = drain(queue);
  EXPECT_EQ(results.size(), 64u);
  std::set<std::string> sums;
  for (const auto& result : results) sums.insert(result.checksum.value());
  EXPECT_EQ(sums.size(), 1u);
}

}  // namespace
}  // namespace arty

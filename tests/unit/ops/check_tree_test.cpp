// Tests of arty::check_tree (src/lib/ops/check_tree.cpp): the in-memory FakeRemote against real
// temporary files.
#include "arty/check_tree.hpp"

#include <atomic>
#include <map>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "local/temp_tree.hpp"
#include "walk/fake_tree.hpp"

namespace arty {
namespace {

using testing::Completion;
using testing::FakeRemote;
using ::testing::HasSubstr;
using testing::TempTree;

Checksums checksums_of(const std::string& content) {
  Checksums sums;
  Hasher md5(HashAlgorithm::Md5), sha1(HashAlgorithm::Sha1), sha256(HashAlgorithm::Sha256);
  md5.update(content);
  sha1.update(content);
  sha256.update(content);
  return Checksums{md5.finish(), sha1.finish(), sha256.finish()};
}

struct Collected {
  std::map<std::string, CheckRecord> records;
  std::size_t duplicates = 0;
  bool other_thread = false;
  std::thread::id caller = std::this_thread::get_id();
  std::size_t stop_after = 0;  ///< on_record answers false after this many (0: never).

  CheckObserver observer() {
    CheckObserver observer;
    observer.on_record = [this](const CheckRecord& record) {
      other_thread |= std::this_thread::get_id() != caller;
      duplicates += records.count(record.path);
      records[record.path] = record;
      return stop_after == 0 || records.size() < stop_after;
    };
    return observer;
  }

  [[nodiscard]] std::map<std::string, CheckState> states() const {
    std::map<std::string, CheckState> out;
    for (const auto& [path, record] : records) out[path] = record.state;
    return out;
  }
};

class CheckTreeTest : public ::testing::TestWithParam<Completion> {
 protected:
  CheckTreeTest() {
    both("README.md", "read me");
    both("a/one.txt", "one");
    both("a/two.txt", "two two");
    both("b/c/deep.bin", std::string(100000, 'd'));
    remote.add_folder("empty");  // empty on the remote side, missing locally: not reported
  }

  /// The same file on both sides.
  void both(const std::string& path, const std::string& content) {
    remote_only(path, content);
    local.write(path, content);
  }
  void remote_only(const std::string& path, const std::string& content) {
    remote.add_file(path, content.size(), "2024-01-01T00:00:00.000Z", checksums_of(content));
  }

  CheckSummary check(Collected& collected, CheckOptions options = {}) {
    if (options.hash_threads == 0) options.hash_threads = 2;
    return check_tree(remote, local.root(), options, collected.observer());
  }

  FakeRemote remote{GetParam(), 4};
  TempTree local;
};

INSTANTIATE_TEST_SUITE_P(Completions, CheckTreeTest,
                         ::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                         testing::CompletionName());

TEST_P(CheckTreeTest, IdenticalTreesAreAllIdentical) {
  Collected collected;
  const CheckSummary summary = check(collected);
  EXPECT_FALSE(summary.fatal);
  EXPECT_FALSE(summary.stopped);
  EXPECT_FALSE(summary.differs());
  EXPECT_EQ(summary.identical, 4u);
  EXPECT_EQ(summary.errors, 0u);
  EXPECT_EQ(summary.hashed_files, 4u);
  EXPECT_EQ(summary.hashed_bytes, 7u + 3u + 7u + 100000u);
  EXPECT_EQ(summary.folders, 5u);  // the root, a, b, b/c, empty
  EXPECT_EQ(collected.states(),
            (std::map<std::string, CheckState>{{"README.md", CheckState::Identical},
                                               {"a/one.txt", CheckState::Identical},
                                               {"a/two.txt", CheckState::Identical},
                                               {"b/c/deep.bin", CheckState::Identical}}));
  EXPECT_EQ(collected.duplicates, 0u);
  EXPECT_FALSE(collected.other_thread) << "records are reported on the caller's thread";
  const CheckRecord& one = collected.records.at("a/one.txt");
  EXPECT_EQ(one.algorithm, HashAlgorithm::Sha256) << "the strongest checksum given";
  EXPECT_EQ(one.checksum, checksums_of("one").sha256);
  EXPECT_EQ(one.local_checksum, one.checksum);
  EXPECT_EQ(one.size, 3u);
}

TEST_P(CheckTreeTest, EachOfTheFiveStates) {
  remote_only("a/missing.txt", "missing");
  local.write("a/extra.txt", "extra");
  remote_only("sizes.txt", "12345");
  local.write("sizes.txt", "123456");
  remote_only("bytes.txt", "abcdef");
  local.write("bytes.txt", "abcdeX");
  both("broken.txt", "fine locally");
  remote.fail_stat("broken.txt", Error{ErrorKind::HttpStatus, "Internal Server Error", "u", 500});

  Collected collected;
  const CheckSummary summary = check(collected);
  EXPECT_FALSE(summary.fatal);
  EXPECT_TRUE(summary.differs());
  EXPECT_EQ(summary.identical, 4u);
  EXPECT_EQ(summary.missing, 1u);
  EXPECT_EQ(summary.extra, 1u);
  EXPECT_EQ(summary.differ, 2u);
  EXPECT_EQ(summary.errors, 1u);
  const auto& records = collected.records;
  ASSERT_EQ(records.size(), 9u);
  EXPECT_EQ(records.at("a/missing.txt").state, CheckState::Missing);
  EXPECT_EQ(records.at("a/missing.txt").size, 7u);
  EXPECT_EQ(records.at("a/extra.txt").state, CheckState::Extra);
  EXPECT_EQ(records.at("a/extra.txt").local_size, 5u);
  const CheckRecord& sizes = records.at("sizes.txt");
  EXPECT_EQ(sizes.state, CheckState::Differ);
  EXPECT_EQ(sizes.difference, Difference::Size);
  EXPECT_EQ(sizes.size, 5u);
  EXPECT_EQ(sizes.local_size, 6u);
  EXPECT_FALSE(sizes.algorithm) << "different sizes are not hashed";
  const CheckRecord& bytes = records.at("bytes.txt");
  EXPECT_EQ(bytes.state, CheckState::Differ);
  EXPECT_EQ(bytes.difference, Difference::Checksum);
  EXPECT_EQ(bytes.checksum, checksums_of("abcdef").sha256);
  EXPECT_EQ(bytes.local_checksum, checksums_of("abcdeX").sha256);
  const CheckRecord& broken = records.at("broken.txt");
  EXPECT_EQ(broken.state, CheckState::Error);
  ASSERT_TRUE(broken.error);
  EXPECT_EQ(broken.error->http_status, 500);
  EXPECT_EQ(summary.hashed_files, 5u);
}

TEST_P(CheckTreeTest, WholeFoldersOnOneSideOnly) {
  remote_only("gone/x/1.txt", "1");
  remote_only("gone/2.txt", "2");
  local.write("new/deeper/3.txt", "3");
  local.write("new/4.txt", "4");
  local.make_folder("new/empty");
  local.make_folder("local-empty");
  Collected collected;
  const CheckSummary summary = check(collected);
  EXPECT_EQ(summary.missing, 2u);
  EXPECT_EQ(summary.extra, 2u);
  EXPECT_EQ(collected.records.at("gone/x/1.txt").state, CheckState::Missing);
  EXPECT_EQ(collected.records.at("gone/2.txt").state, CheckState::Missing);
  EXPECT_EQ(collected.records.at("new/deeper/3.txt").state, CheckState::Extra);
  EXPECT_EQ(collected.records.at("new/4.txt").state, CheckState::Extra);
  EXPECT_EQ(collected.records.size(), 8u) << "empty folders are not reported";
}

TEST_P(CheckTreeTest, FileOnOneSideFolderOnTheOther) {
  remote_only("was-file", "f");
  local.write("was-file/inside.txt", "i");
  remote_only("was-folder/x.txt", "x");
  local.write("was-folder", "now a file");
  Collected collected;
  const CheckSummary summary = check(collected);
  EXPECT_EQ(collected.records.at("was-file").state, CheckState::Error);
  EXPECT_THAT(collected.records.at("was-file").error->message, HasSubstr("a folder here"));
  EXPECT_EQ(collected.records.at("was-file/inside.txt").state, CheckState::Extra);
  EXPECT_EQ(collected.records.at("was-folder").state, CheckState::Error);
  EXPECT_THAT(collected.records.at("was-folder").error->message, HasSubstr("a file here"));
  EXPECT_EQ(collected.records.at("was-folder/x.txt").state, CheckState::Missing);
  EXPECT_EQ(summary.errors, 2u);
  EXPECT_TRUE(summary.differs());
}

TEST_P(CheckTreeTest, UnusableLocalItems) {
  local.link("a/one.txt.link", "nowhere");
  remote_only("a/one.txt.link", "x");
  local.fifo("a/pipe");
  local.link("a/loop", "..");
  Collected collected;
  const CheckSummary summary = check(collected);
  EXPECT_EQ(summary.errors, 3u);
  EXPECT_FALSE(summary.differs());
  EXPECT_EQ(collected.records.at("a/one.txt.link").error->message, "broken symbolic link");
  EXPECT_THAT(collected.records.at("a/pipe").error->message, HasSubstr("FIFO"));
  EXPECT_THAT(collected.records.at("a/loop").error->message, HasSubstr("loop"));
}

TEST_P(CheckTreeTest, FailedRemoteFolderIsOneErrorAndItsLocalSideIsNotCompared) {
  local.write("b/c/local-only.txt", "not extra: the remote folder is unknown");
  remote.fail_listing("b", Error{ErrorKind::HttpStatus, "Bad Gateway", "u", 502});
  Collected collected;
  const CheckSummary summary = check(collected);
  EXPECT_FALSE(summary.fatal);
  EXPECT_EQ(summary.errors, 1u);
  EXPECT_EQ(collected.records.at("b").state, CheckState::Error);
  EXPECT_EQ(collected.records.count("b/c/local-only.txt"), 0u);
  EXPECT_EQ(collected.records.count("b/c/deep.bin"), 0u);
  EXPECT_FALSE(summary.differs());
}

TEST_P(CheckTreeTest, UsesTheStrongestChecksumGiven) {
  remote.add_file("md5-only.txt", 3, "", Checksums{checksums_of("md5").md5, "", ""});
  local.write("md5-only.txt", "md5");
  remote.add_file("sha1-only.txt", 4, "", Checksums{"", checksums_of("sha1").sha1, ""});
  local.write("sha1-only.txt", "sha1");
  remote.add_file("none.txt", 4, "", Checksums{});
  local.write("none.txt", "none");
  Collected collected;
  const CheckSummary summary = check(collected);
  EXPECT_EQ(collected.records.at("md5-only.txt").state, CheckState::Identical);
  EXPECT_EQ(collected.records.at("md5-only.txt").algorithm, HashAlgorithm::Md5);
  EXPECT_EQ(collected.records.at("sha1-only.txt").algorithm, HashAlgorithm::Sha1);
  EXPECT_EQ(collected.records.at("none.txt").state, CheckState::Error);
  EXPECT_EQ(collected.records.at("none.txt").error->kind, ErrorKind::BadResponse);
  EXPECT_EQ(summary.identical, 6u);
}

TEST_P(CheckTreeTest, FileInfoWithoutSizeIsAnError) {
  Entry sizeless;
  sizeless.path = "a/one.txt";
  sizeless.type = ItemType::File;
  remote.set_stat("a/one.txt", sizeless);
  Collected collected;
  check(collected);
  EXPECT_EQ(collected.records.at("a/one.txt").state, CheckState::Error);
  EXPECT_THAT(collected.records.at("a/one.txt").error->message, HasSubstr("no size"));
}

TEST_P(CheckTreeTest, LocalRootThatCannotBeReadIsOneError) {
  Collected collected;
  const CheckSummary summary =
      check_tree(remote, local / "nothing", CheckOptions{}, collected.observer());
  EXPECT_FALSE(summary.fatal);
  ASSERT_EQ(collected.records.size(), 1u);
  EXPECT_EQ(collected.records.at("").state, CheckState::Error);
  EXPECT_EQ(collected.records.at("").error->kind, ErrorKind::LocalIo);
}

TEST_P(CheckTreeTest, RootFailuresAreFatal) {
  remote.fail_listing("", Error{ErrorKind::HttpStatus, "Unable to find item", "u", 404});
  Collected collected;
  const CheckSummary summary = check(collected);
  ASSERT_TRUE(summary.fatal);
  EXPECT_EQ(summary.fatal->http_status, 404);
  EXPECT_TRUE(summary.stopped);
  EXPECT_TRUE(collected.records.empty());
}

TEST_P(CheckTreeTest, UnauthorizedIsFatal) {
  remote.fail_listing("b/c", Error{ErrorKind::HttpStatus, "Bad credentials", "u", 401});
  Collected collected;
  const CheckSummary summary = check(collected);
  ASSERT_TRUE(summary.fatal);
  EXPECT_EQ(summary.fatal->http_status, 401);
}

TEST_P(CheckTreeTest, RootThatIsAFileIsFatal) {
  remote.fail_listing("", Error{ErrorKind::NotAFolder, "the item is a file", "", 0});
  Entry file;
  file.path = "app.jar";
  file.type = ItemType::File;
  file.size = 1;
  remote.set_stat("", file);
  Collected collected;
  const CheckSummary summary = check(collected);
  ASSERT_TRUE(summary.fatal);
  EXPECT_EQ(summary.fatal->kind, ErrorKind::InvalidArgument);
  EXPECT_TRUE(collected.records.empty());
}

TEST_P(CheckTreeTest, StopFlagAlreadySet) {
  std::atomic<bool> stop{true};
  CheckOptions options;
  options.stop_flag = &stop;
  Collected collected;
  const CheckSummary summary = check(collected, options);
  EXPECT_TRUE(summary.stopped);
  EXPECT_FALSE(summary.fatal);
}

TEST_P(CheckTreeTest, ObserverCanStop) {
  for (int i = 0; i < 100; ++i) remote_only("many/" + std::to_string(i), "m");
  Collected collected;
  collected.stop_after = 3;
  CheckOptions options;
  options.jobs = 1;
  const CheckSummary summary = check(collected, options);
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(collected.records.size(), 3u);
}

TEST_P(CheckTreeTest, ManyFilesFewHashThreads) {
  for (int i = 0; i < 300; ++i)
    both("many/" + std::to_string(i % 7) + "/" + std::to_string(i), std::to_string(i));
  Collected collected;
  CheckOptions options;
  options.hash_threads = 1;
  options.jobs = 3;
  const CheckSummary summary = check(collected, options);
  EXPECT_EQ(summary.identical, 304u);
  EXPECT_EQ(collected.records.size(), 304u);
  EXPECT_EQ(collected.duplicates, 0u);
}

}  // namespace
}  // namespace arty

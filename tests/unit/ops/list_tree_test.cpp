// Tests of arty::list_tree (src/lib/ops/list_tree.cpp) over the in-memory FakeRemote.
#include "arty/list_tree.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "walk/fake_tree.hpp"

namespace arty {
namespace {

using testing::Completion;
using ::testing::ElementsAre;
using testing::FakeRemote;
using ::testing::IsEmpty;

Error http_error(long status, std::string message = "server says no") {
  return Error{ErrorKind::HttpStatus, std::move(message), "https://h/x", status};
}

/// Collects what list_tree reports.
struct Collected {
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, Error>> failures;
  int folders_done = 0;
  std::function<bool(const Entry&)> keep_going;  ///< on_entry's answer; true when unset.

  ListObserver observer() {
    ListObserver observer;
    observer.on_entry = [this](const Entry& entry) {
      entries.push_back(entry);
      return keep_going ? keep_going(entry) : true;
    };
    observer.on_failure = [this](const std::string& path, const Error& error) {
      failures.emplace_back(path, error);
    };
    observer.on_folder_done = [this] { ++folders_done; };
    return observer;
  }

  [[nodiscard]] std::set<std::string> paths() const {
    std::set<std::string> out;
    for (const auto& entry : entries) out.insert(entry.path);
    return out;
  }

  [[nodiscard]] const Entry* find(const std::string& path) const {
    for (const auto& entry : entries) {
      if (entry.path == path) return &entry;
    }
    return nullptr;
  }
};

class ListTreeTest : public ::testing::TestWithParam<Completion> {
 protected:
  ListTreeTest() {
    remote.add_file("README.md", 10, "2024-01-01T00:00:00.000Z");
    remote.add_file("a/one.txt", 1, "2024-01-02T00:00:00.000Z",
                    Checksums{"md5one", "sha1one", "sha256one"});
    remote.add_file("a/two.txt", 2, "2024-01-03T00:00:00.000Z");
    remote.add_folder("a/empty");
    remote.add_file("b/c/deep.bin", 3, "2024-01-04T00:00:00.000Z");
    remote.add_folder("d");
  }
  // 5 folders (a, a/empty, b, b/c, d), 4 files.
  FakeRemote remote{GetParam(), 4};
};

INSTANTIATE_TEST_SUITE_P(Completions, ListTreeTest,
                         ::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                         testing::CompletionName());

TEST_P(ListTreeTest, CountsFoldersAndFiles) {
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  EXPECT_EQ(summary.folders, 5u);
  EXPECT_EQ(summary.files, 4u);
  EXPECT_EQ(summary.failed, 0u);
  EXPECT_FALSE(summary.stopped);
  EXPECT_FALSE(summary.fatal);
  EXPECT_EQ(collected.paths(), remote.all_paths());
  EXPECT_EQ(collected.entries.size(), 9u);
  EXPECT_THAT(collected.failures, IsEmpty());
  EXPECT_EQ(collected.folders_done, 6);  // the root and the 5 folders
  EXPECT_EQ(remote.total_stat_calls(), 0u) << "stat without details";
  const Entry* file = collected.find("a/one.txt");
  ASSERT_NE(file, nullptr);
  EXPECT_FALSE(file->is_folder());
  EXPECT_FALSE(file->size) << "no size without details";
  EXPECT_TRUE(collected.find("b/c")->is_folder());
}

TEST_P(ListTreeTest, MaxDepthAndJobsArePassedOn) {
  Collected collected;
  ListOptions options;
  options.max_depth = 1;
  options.jobs = 2;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_EQ(collected.paths(), (std::set<std::string>{"README.md", "a", "b", "d"}));
  EXPECT_EQ(summary.folders, 3u);
  EXPECT_EQ(summary.files, 1u);
  EXPECT_EQ(remote.total_list_calls(), 1u);
  EXPECT_LE(remote.max_outstanding(), 2u);
}

TEST_P(ListTreeTest, JobsLimitListingsInFlight) {
  for (int i = 0; i < 50; ++i) remote.add_file("wide/f" + std::to_string(i) + "/x");
  Collected collected;
  ListOptions options;
  options.jobs = 3;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_LE(remote.max_outstanding(), 3u);
  EXPECT_EQ(summary.folders, 5u + 1u + 50u);
  EXPECT_EQ(summary.files, 4u + 50u);
}

TEST_P(ListTreeTest, RootFailureIsFatal) {
  remote.fail_listing("", http_error(404, "Unable to find item"));
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  ASSERT_TRUE(summary.fatal);
  EXPECT_EQ(summary.fatal->kind, ErrorKind::HttpStatus);
  EXPECT_EQ(summary.fatal->http_status, 404);
  EXPECT_EQ(summary.fatal->message, "Unable to find item");
  EXPECT_TRUE(summary.stopped);
  EXPECT_THAT(collected.entries, IsEmpty());
  EXPECT_EQ(summary.folders, 0u);
  EXPECT_EQ(summary.files, 0u);
}

TEST_P(ListTreeTest, RootNetworkFailureIsFatal) {
  remote.fail_listing("", Error{ErrorKind::Network, "Could not resolve host", "", 0});
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  ASSERT_TRUE(summary.fatal);
  EXPECT_EQ(summary.fatal->kind, ErrorKind::Network);
}

TEST_P(ListTreeTest, UnauthorizedSubfolderIsFatal) {
  remote.fail_listing("b", http_error(401, "Bad credentials"));
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  ASSERT_TRUE(summary.fatal);
  EXPECT_EQ(summary.fatal->http_status, 401);
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(collected.find("b/c"), nullptr);
}

TEST_P(ListTreeTest, ServerErrorOnSubfolderIsReportedAndListingGoesOn) {
  remote.fail_listing("a", http_error(500, "Internal Server Error"));
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  EXPECT_FALSE(summary.fatal);
  EXPECT_FALSE(summary.stopped);
  EXPECT_EQ(summary.failed, 1u);
  ASSERT_EQ(collected.failures.size(), 1u);
  EXPECT_EQ(collected.failures[0].first, "a");
  EXPECT_EQ(collected.failures[0].second.http_status, 500);
  EXPECT_EQ(collected.paths(),
            (std::set<std::string>{"README.md", "a", "b", "b/c", "b/c/deep.bin", "d"}));
  EXPECT_EQ(summary.folders, 3u + 0u + 1u);  // a, b, d; b/c
  EXPECT_EQ(summary.files, 2u);
}

TEST_P(ListTreeTest, ForbiddenSubfolderIsNotFatal) {
  remote.fail_listing("b/c", http_error(403, "Forbidden"));
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  EXPECT_FALSE(summary.fatal);
  EXPECT_EQ(summary.failed, 1u);
  ASSERT_EQ(collected.failures.size(), 1u);
  EXPECT_EQ(collected.failures[0].first, "b/c");
}

TEST_P(ListTreeTest, ObserverCanStop) {
  Collected collected;
  collected.keep_going = [](const Entry& entry) { return entry.path != "a"; };
  ListOptions options;
  options.jobs = 1;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_TRUE(summary.stopped);
  EXPECT_FALSE(summary.fatal);
  ASSERT_FALSE(collected.entries.empty());
  EXPECT_EQ(collected.entries.back().path, "a");
  EXPECT_EQ(remote.list_calls("a"), 0u);
}

TEST_P(ListTreeTest, StopFlagAlreadySet) {
  std::atomic<bool> stop{true};
  Collected collected;
  ListOptions options;
  options.stop_flag = &stop;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_TRUE(summary.stopped);
  EXPECT_FALSE(summary.fatal);
  EXPECT_THAT(collected.entries, IsEmpty());
}

TEST_P(ListTreeTest, DetailsFillSizeDateAndChecksums) {
  Collected collected;
  ListOptions options;
  options.details = true;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_FALSE(summary.fatal);
  EXPECT_EQ(summary.files, 4u);
  EXPECT_EQ(summary.folders, 5u);
  EXPECT_EQ(remote.total_stat_calls(), 4u) << "one File Info per file, none per folder";
  const std::map<std::string, std::pair<std::uint64_t, std::string>> expected{
      {"README.md", {10, "2024-01-01T00:00:00.000Z"}},
      {"a/one.txt", {1, "2024-01-02T00:00:00.000Z"}},
      {"a/two.txt", {2, "2024-01-03T00:00:00.000Z"}},
      {"b/c/deep.bin", {3, "2024-01-04T00:00:00.000Z"}},
  };
  for (const auto& [path, info] : expected) {
    const Entry* entry = collected.find(path);
    ASSERT_NE(entry, nullptr) << path;
    ASSERT_TRUE(entry->size) << path;
    EXPECT_EQ(*entry->size, info.first) << path;
    EXPECT_EQ(entry->last_modified, info.second) << path;
  }
  const Entry* one = collected.find("a/one.txt");
  EXPECT_EQ(one->checksums.md5, "md5one");
  EXPECT_EQ(one->checksums.sha1, "sha1one");
  EXPECT_EQ(one->checksums.sha256, "sha256one");
  const Entry* folder = collected.find("a");
  EXPECT_FALSE(folder->size);
  EXPECT_TRUE(folder->last_modified.empty());
}

TEST_P(ListTreeTest, DetailsOfManyFiles) {
  for (int i = 0; i < 300; ++i) {
    remote.add_file("many/f" + std::to_string(i), static_cast<std::uint64_t>(1000 + i));
  }
  Collected collected;
  ListOptions options;
  options.details = true;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_EQ(summary.files, 304u);
  for (int i = 0; i < 300; ++i) {
    const Entry* entry = collected.find("many/f" + std::to_string(i));
    ASSERT_NE(entry, nullptr);
    ASSERT_TRUE(entry->size);
    EXPECT_EQ(*entry->size, static_cast<std::uint64_t>(1000 + i));
  }
}

TEST_P(ListTreeTest, DetailsFailureOfOneFileIsReported) {
  remote.fail_stat("a/two.txt", http_error(500));
  Collected collected;
  ListOptions options;
  options.details = true;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_FALSE(summary.fatal);
  EXPECT_FALSE(summary.stopped);
  EXPECT_EQ(summary.failed, 1u);
  ASSERT_EQ(collected.failures.size(), 1u);
  EXPECT_EQ(collected.failures[0].first, "a/two.txt");
  EXPECT_EQ(summary.files, 4u);
  const Entry* two = collected.find("a/two.txt");
  ASSERT_NE(two, nullptr);
  EXPECT_FALSE(two->size);
  ASSERT_TRUE(collected.find("a/one.txt")->size);
}

TEST_P(ListTreeTest, DetailsWithFailingFolder) {
  remote.fail_listing("b", http_error(502));
  Collected collected;
  ListOptions options;
  options.details = true;
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_FALSE(summary.fatal);
  EXPECT_EQ(summary.failed, 1u);
  ASSERT_EQ(collected.failures.size(), 1u);
  EXPECT_EQ(collected.failures[0].first, "b");
}

TEST_P(ListTreeTest, FolderListedNamesEachFolderAfterItsEntriesAndFileFailures) {
  remote.fail_stat("a/two.txt", http_error(500));
  std::vector<std::string> listed;
  std::set<std::string> seen;  // entries and failures so far
  ListObserver observer;
  observer.on_entry = [&](const Entry& entry) {
    seen.insert(entry.path);
    return true;
  };
  observer.on_failure = [&](const std::string& path, const Error&) {
    seen.insert("failed:" + path);
  };
  observer.on_folder_listed = [&](const std::string& folder) {
    listed.push_back(folder);
    if (folder == "a") {
      EXPECT_TRUE(seen.count("a/one.txt") && seen.count("a/two.txt") && seen.count("a/empty"));
      EXPECT_TRUE(seen.count("failed:a/two.txt")) << "a file's failure comes before its folder";
    }
    if (folder == "b/c") {
      EXPECT_TRUE(seen.count("b/c/deep.bin"));
    }
  };
  ListOptions options;
  options.details = true;
  list_tree(remote, options, observer);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()),
            (std::set<std::string>{"", "a", "a/empty", "b", "b/c", "d"}));
  EXPECT_EQ(listed.size(), 6u);
}

class ListTreeRootFileTest : public ::testing::TestWithParam<Completion> {
 protected:
  ListTreeRootFileTest() {
    // The Location points at a file: Folder Info of "" answers File Info (NotAFolder).
    remote.fail_listing("", Error{ErrorKind::NotAFolder, "the item is a file", "", 0});
    Entry file;
    file.path = "app-1.0.jar";
    file.type = ItemType::File;
    file.size = 4242;
    file.last_modified = "2024-05-05T05:05:05.000Z";
    file.checksums.sha1 = "abc";
    remote.set_stat("", file);
  }
  FakeRemote remote{GetParam(), 2};
};

INSTANTIATE_TEST_SUITE_P(Completions, ListTreeRootFileTest,
                         ::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                         testing::CompletionName());

TEST_P(ListTreeRootFileTest, ReportsTheFileAlone) {
  for (const bool details : {false, true}) {
    Collected collected;
    ListOptions options;
    options.details = details;
    const ListSummary summary = list_tree(remote, options, collected.observer());
    EXPECT_FALSE(summary.fatal) << summary.fatal->describe();
    EXPECT_FALSE(summary.stopped);
    EXPECT_EQ(summary.files, 1u);
    EXPECT_EQ(summary.folders, 0u);
    EXPECT_EQ(summary.failed, 0u);
    ASSERT_EQ(collected.entries.size(), 1u);
    EXPECT_EQ(collected.entries[0].path, "app-1.0.jar");
    EXPECT_FALSE(collected.entries[0].is_folder());
    EXPECT_EQ(collected.entries[0].size, 4242u);
    EXPECT_EQ(collected.entries[0].last_modified, "2024-05-05T05:05:05.000Z");
    EXPECT_EQ(collected.entries[0].checksums.sha1, "abc");
    EXPECT_THAT(collected.failures, IsEmpty());
  }
}

TEST_P(ListTreeRootFileTest, StopMachineryDoesNotCancelTheFileInfo) {
  // In the CLI cancel_in_flight is TransferEngine::cancel(), after which every request fails:
  // finding that the root is a file must not cancel the File Info request that follows.
  Collected collected;
  ListOptions options;
  options.cancel_in_flight = [this] { remote.cancel_everything(); };
  const ListSummary summary = list_tree(remote, options, collected.observer());
  EXPECT_FALSE(summary.fatal) << summary.fatal->describe();
  ASSERT_EQ(collected.entries.size(), 1u);
  EXPECT_EQ(collected.entries[0].path, "app-1.0.jar");
}

TEST_P(ListTreeRootFileTest, FailingFileInfoIsFatal) {
  remote.fail_stat("", http_error(403, "Forbidden"));
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  ASSERT_TRUE(summary.fatal);
  EXPECT_EQ(summary.fatal->http_status, 403);
  EXPECT_THAT(collected.entries, IsEmpty());
  EXPECT_EQ(summary.files, 0u);
}

TEST_P(ListTreeTest, CancelledSubfolderStopsWithoutFatalError) {
  remote.fail_listing("b", Error{ErrorKind::Cancelled, "cancelled", "", 0});
  Collected collected;
  const ListSummary summary = list_tree(remote, ListOptions{}, collected.observer());
  EXPECT_TRUE(summary.stopped);
  EXPECT_FALSE(summary.fatal);
  EXPECT_THAT(collected.failures, IsEmpty());
}

}  // namespace
}  // namespace arty

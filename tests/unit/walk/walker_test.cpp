// Tests of arty::Walker (src/lib/walk/walker.cpp) against the in-memory FakeRemote, with listings
// completed both synchronously inside the call and asynchronously from worker threads.
#include "arty/walker.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/path_segment.hpp"
#include "walk/fake_tree.hpp"

namespace arty {
namespace {

using testing::Completion;
using ::testing::ElementsAre;
using testing::FakeRemote;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

int depth_of(const std::string& path) {
  return path.empty() ? 0 : 1 + static_cast<int>(std::count(path.begin(), path.end(), '/'));
}

Error http_error(long status) {
  return Error{ErrorKind::HttpStatus, "server says no", "https://h/x", status};
}

/// Records everything the walker tells its visitor, and checks on every call that callbacks run
/// on the walking thread, one at a time.
class Recorder {
 public:
  std::vector<std::string> visited;  ///< Entry paths, in visiting order.
  std::map<std::string, ItemType> types;
  std::vector<std::pair<std::string, Error>> failed;
  std::vector<std::pair<std::string, std::size_t>> listed;  ///< on_folder_listed, in order.
  std::atomic<int> ticks{0};
  std::atomic<int> max_inside{0};
  bool wrong_thread = false;

  /// Decides on_entry's answer; Continue when unset.
  std::function<WalkAction(const Entry&)> entry_action;
  /// Decides on_folder_failed's answer; Continue when unset.
  std::function<WalkAction(const std::string&, const Error&)> failure_action;

  WalkVisitor visitor() {
    WalkVisitor visitor;
    visitor.on_entry = [this](const Entry& entry) {
      Inside inside(*this);
      visited.push_back(entry.path);
      types[entry.path] = entry.type;
      return entry_action ? entry_action(entry) : WalkAction::Continue;
    };
    visitor.on_folder_listed = [this](const std::string& folder, std::size_t children) {
      Inside inside(*this);
      listed.emplace_back(folder, children);
    };
    visitor.on_folder_failed = [this](const std::string& folder, const Error& error) {
      Inside inside(*this);
      failed.emplace_back(folder, error);
      return failure_action ? failure_action(folder, error) : WalkAction::Continue;
    };
    visitor.on_tick = [this] {
      Inside inside(*this);
      ++ticks;
    };
    return visitor;
  }

  WalkSummary walk(Walker& walker) {
    walk_thread_ = std::this_thread::get_id();
    return walker.walk(visitor());
  }

  [[nodiscard]] std::map<std::string, int> visit_counts() const {
    std::map<std::string, int> counts;
    for (const auto& path : visited) ++counts[path];
    return counts;
  }

  [[nodiscard]] std::set<std::string> visited_set() const {
    return {visited.begin(), visited.end()};
  }

  [[nodiscard]] std::set<std::string> listed_set() const {
    std::set<std::string> folders;
    for (const auto& [folder, children] : listed) folders.insert(folder);
    return folders;
  }

 private:
  /// Marks the time spent inside a callback; yields to give overlapping callbacks a chance.
  class Inside {
   public:
    explicit Inside(Recorder& recorder) : recorder_(recorder) {
      const int now = ++recorder_.inside_;
      int seen = recorder_.max_inside.load();
      while (now > seen && !recorder_.max_inside.compare_exchange_weak(seen, now)) {
      }
      if (std::this_thread::get_id() != recorder_.walk_thread_) recorder_.wrong_thread = true;
      std::this_thread::yield();
    }
    ~Inside() { --recorder_.inside_; }
    Inside(const Inside&) = delete;
    Inside& operator=(const Inside&) = delete;

   private:
    Recorder& recorder_;
  };

  std::atomic<int> inside_{0};
  std::thread::id walk_thread_;
};

/// Every entry exactly once, parents before children, callbacks one at a time on one thread.
void expect_sound_walk(const Recorder& recorder) {
  EXPECT_EQ(recorder.max_inside.load(), 1) << "visitor callbacks ran concurrently";
  EXPECT_FALSE(recorder.wrong_thread) << "a visitor callback ran on another thread";
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < recorder.visited.size(); ++i) {
    EXPECT_TRUE(position.emplace(recorder.visited[i], i).second)
        << recorder.visited[i] << " visited twice";
  }
  for (const auto& [path, index] : position) {
    const std::string parent = parent_of(path);
    if (parent.empty()) continue;
    const auto found = position.find(parent);
    ASSERT_NE(found, position.end()) << path << " visited without its parent " << parent;
    EXPECT_LT(found->second, index) << path << " visited before its parent " << parent;
  }
}

class WalkerTest : public ::testing::TestWithParam<Completion> {
 protected:
  FakeRemote remote{GetParam(), 4};
};

INSTANTIATE_TEST_SUITE_P(Completions, WalkerTest,
                         ::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                         testing::CompletionName());

void build_sample_tree(FakeRemote& remote) {
  remote.add_file("README.md");
  remote.add_file("a/one.txt");
  remote.add_file("a/two.txt");
  remote.add_folder("a/empty");
  remote.add_file("a/deep/er/est/leaf.bin");
  remote.add_file("b/x y;z=1#?.jar");
  remote.add_file("b/caf\xC3\xA9/\xE6\x97\xA5.txt");
  remote.add_folder("c");
}

TEST_P(WalkerTest, EmptyRoot) {
  Walker walker(remote.list_fn(), WalkOptions{});
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_THAT(recorder.visited, IsEmpty());
  EXPECT_THAT(recorder.listed, ElementsAre(std::pair<std::string, std::size_t>("", 0)));
  EXPECT_EQ(summary.folders_listed, 1u);
  EXPECT_EQ(summary.folders_failed, 0u);
  EXPECT_EQ(summary.entries, 0u);
  EXPECT_FALSE(summary.stopped);
  EXPECT_EQ(remote.list_calls(""), 1u);
}

TEST_P(WalkerTest, VisitsEveryEntryOnceWithItsPath) {
  build_sample_tree(remote);
  WalkOptions options;
  options.max_in_flight = 3;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);

  expect_sound_walk(recorder);
  EXPECT_EQ(recorder.visited_set(), remote.all_paths());
  EXPECT_EQ(recorder.visited.size(), remote.all_paths().size());
  EXPECT_EQ(recorder.types["a"], ItemType::Folder);
  EXPECT_EQ(recorder.types["a/deep/er/est"], ItemType::Folder);
  EXPECT_EQ(recorder.types["a/deep/er/est/leaf.bin"], ItemType::File);
  EXPECT_EQ(recorder.types["b/x y;z=1#?.jar"], ItemType::File);
  EXPECT_EQ(recorder.types["b/caf\xC3\xA9/\xE6\x97\xA5.txt"], ItemType::File);
  EXPECT_EQ(recorder.types["README.md"], ItemType::File);

  // Every folder listed exactly once, each reported with its number of children.
  EXPECT_EQ(recorder.listed_set(), remote.folders());
  EXPECT_EQ(recorder.listed.size(), remote.folders().size());
  for (const auto& folder : remote.folders()) EXPECT_EQ(remote.list_calls(folder), 1u) << folder;
  for (const auto& [folder, children] : recorder.listed) {
    std::size_t expected = 0;
    for (const auto& path : remote.all_paths()) expected += parent_of(path) == folder ? 1 : 0;
    EXPECT_EQ(children, expected) << folder;
  }
  EXPECT_EQ(summary.entries, remote.all_paths().size());
  EXPECT_EQ(summary.folders_listed, remote.folders().size());
  EXPECT_EQ(summary.folders_failed, 0u);
  EXPECT_FALSE(summary.stopped);
  EXPECT_THAT(recorder.failed, IsEmpty());
  EXPECT_EQ(remote.outstanding(), 0u);
}

TEST_P(WalkerTest, ChildrenOfAFolderAreVisitedInListingOrder) {
  for (const char* name : {"zeta", "alpha", "mid", "beta"})
    remote.add_file(std::string("d/") + name);
  WalkOptions options;
  options.max_in_flight = 1;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  recorder.walk(walker);
  EXPECT_THAT(recorder.visited, ElementsAre("d", "d/zeta", "d/alpha", "d/mid", "d/beta"));
}

TEST_P(WalkerTest, FolderListedAfterItsChildrenWereVisited) {
  build_sample_tree(remote);
  Walker walker(remote.list_fn(), WalkOptions{});
  Recorder recorder;
  // on_folder_listed(F) must come after every child of F was visited: track per folder.
  std::map<std::string, std::size_t> children_seen;
  std::vector<std::string> problems;
  WalkVisitor visitor = recorder.visitor();
  auto on_entry = visitor.on_entry;
  visitor.on_entry = [&](const Entry& entry) {
    ++children_seen[parent_of(entry.path)];
    return on_entry(entry);
  };
  auto on_listed = visitor.on_folder_listed;
  visitor.on_folder_listed = [&](const std::string& folder, std::size_t children) {
    if (children_seen[folder] != children) problems.push_back(folder);
    on_listed(folder, children);
  };
  walker.walk(visitor);
  EXPECT_THAT(problems, IsEmpty());
  EXPECT_EQ(recorder.listed.size(), remote.folders().size());
}

TEST_P(WalkerTest, MaxDepthOne) {
  build_sample_tree(remote);
  WalkOptions options;
  options.max_depth = 1;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_THAT(recorder.visited, UnorderedElementsAre("README.md", "a", "b", "c"));
  EXPECT_THAT(remote.requested_folders(), ElementsAre(""));
  EXPECT_EQ(summary.folders_listed, 1u);
  EXPECT_FALSE(summary.stopped);
}

TEST_P(WalkerTest, MaxDepthTwo) {
  build_sample_tree(remote);
  WalkOptions options;
  options.max_depth = 2;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  expect_sound_walk(recorder);
  std::set<std::string> expected;
  for (const auto& path : remote.all_paths()) {
    if (depth_of(path) <= 2) expected.insert(path);
  }
  EXPECT_EQ(recorder.visited_set(), expected);
  EXPECT_EQ(recorder.visited.size(), expected.size());
  const auto requested = remote.requested_folders();
  EXPECT_THAT(std::set<std::string>(requested.begin(), requested.end()),
              UnorderedElementsAre("", "a", "b", "c"));
  EXPECT_EQ(summary.folders_listed, 4u);
}

TEST_P(WalkerTest, MaxInFlightIsRespected) {
  for (const std::size_t limit : {1u, 2u, 5u}) {
    FakeRemote fresh(GetParam(), 4);
    for (int i = 0; i < 30; ++i) {
      for (int j = 0; j < 5; ++j) {
        fresh.add_file("f" + std::to_string(i) + "/g" + std::to_string(j) + "/file");
      }
    }
    WalkOptions options;
    options.max_in_flight = limit;
    Walker walker(fresh.list_fn(), options);
    Recorder recorder;
    const WalkSummary summary = recorder.walk(walker);
    EXPECT_LE(fresh.max_outstanding(), limit) << "limit " << limit;
    EXPECT_GE(fresh.max_outstanding(), 1u);
    EXPECT_EQ(recorder.visited_set(), fresh.all_paths()) << "limit " << limit;
    EXPECT_EQ(summary.folders_listed, 1u + 30u + 150u);
    expect_sound_walk(recorder);
  }
}

TEST_P(WalkerTest, ZeroMaxInFlightMeansOne) {
  build_sample_tree(remote);
  WalkOptions options;
  options.max_in_flight = 0;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  recorder.walk(walker);
  EXPECT_EQ(remote.max_outstanding(), 1u);
  EXPECT_EQ(recorder.visited_set(), remote.all_paths());
}

TEST_P(WalkerTest, WideTreeReachesTheLimitAndNeverExceedsIt) {
  for (int i = 0; i < 100; ++i) remote.add_file("dir" + std::to_string(i) + "/file");
  constexpr std::size_t kLimit = 8;
  // Hold listings until kLimit are outstanding at once: they are only released if the walker
  // really puts kLimit listings in flight (else this test hangs and CTest's timeout fails it).
  remote.hold_until_outstanding(kLimit);
  WalkOptions options;
  options.max_in_flight = kLimit;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_EQ(remote.max_outstanding(), kLimit);
  EXPECT_EQ(recorder.visited.size(), 200u);
  EXPECT_EQ(summary.folders_listed, 101u);
  expect_sound_walk(recorder);
}

TEST_P(WalkerTest, FailingFolderIsReportedAndTheRestIsListed) {
  build_sample_tree(remote);
  remote.fail_listing("a/deep", http_error(500));
  remote.fail_listing("b", Error{ErrorKind::Network, "connection reset", "", 0});
  Walker walker(remote.list_fn(), WalkOptions{});
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);

  expect_sound_walk(recorder);
  ASSERT_EQ(recorder.failed.size(), 2u);
  std::map<std::string, Error> failed(recorder.failed.begin(), recorder.failed.end());
  ASSERT_TRUE(failed.count("a/deep"));
  EXPECT_EQ(failed["a/deep"].kind, ErrorKind::HttpStatus);
  EXPECT_EQ(failed["a/deep"].http_status, 500);
  ASSERT_TRUE(failed.count("b"));
  EXPECT_EQ(failed["b"].kind, ErrorKind::Network);

  std::set<std::string> expected;
  for (const auto& path : remote.all_paths()) {
    if (path.rfind("a/deep/", 0) != 0 && path.rfind("b/", 0) != 0) expected.insert(path);
  }
  EXPECT_EQ(recorder.visited_set(), expected);  // the failed folders themselves are entries
  EXPECT_TRUE(recorder.visited_set().count("a/deep"));
  EXPECT_FALSE(recorder.listed_set().count("a/deep"));
  EXPECT_FALSE(recorder.listed_set().count("b"));
  EXPECT_EQ(summary.folders_failed, 2u);
  EXPECT_EQ(summary.folders_listed, remote.folders().size() - 2 - 3);  // minus b/café, deep/er...
  EXPECT_FALSE(summary.stopped);
}

TEST_P(WalkerTest, RootFailureIsReportedAsTheEmptyFolder) {
  build_sample_tree(remote);
  remote.fail_listing("", http_error(404));
  bool cancelled = false;
  WalkOptions options;
  options.cancel_in_flight = [&] { cancelled = true; };
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  ASSERT_EQ(recorder.failed.size(), 1u);
  EXPECT_EQ(recorder.failed[0].first, "");
  EXPECT_EQ(recorder.failed[0].second.http_status, 404);
  EXPECT_THAT(recorder.visited, IsEmpty());
  EXPECT_THAT(recorder.listed, IsEmpty());
  EXPECT_EQ(summary.folders_failed, 1u);
  EXPECT_EQ(summary.folders_listed, 0u);
  EXPECT_FALSE(summary.stopped);
  EXPECT_FALSE(cancelled);
}

TEST_P(WalkerTest, RootFailureWithStop) {
  remote.fail_listing("", http_error(401));
  Walker walker(remote.list_fn(), WalkOptions{});
  Recorder recorder;
  recorder.failure_action = [](const std::string&, const Error&) { return WalkAction::Stop; };
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_TRUE(summary.stopped);
  ASSERT_EQ(recorder.failed.size(), 1u);
  EXPECT_EQ(recorder.failed[0].first, "");
}

TEST_P(WalkerTest, StopFromOnFolderFailedEndsTheWalkAndCancels) {
  // The root has folders a..e; with 4 in flight, a..d are requested and e waits. a fails, b..d
  // are held until cancel_in_flight, which completes them as Cancelled.
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    remote.add_file(std::string(name) + "/inner/file");
  }
  remote.fail_listing("a", http_error(401));
  for (const char* name : {"b", "c", "d"}) remote.hold(name);
  int cancels = 0;
  WalkOptions options;
  options.max_in_flight = 4;
  options.cancel_in_flight = [&] {
    ++cancels;
    remote.release_held(Error{ErrorKind::Cancelled, "cancelled", "", 0});
  };
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  recorder.failure_action = [](const std::string&, const Error&) { return WalkAction::Stop; };
  const WalkSummary summary = recorder.walk(walker);

  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(cancels, 1);
  // Only a's failure is reported: the cancelled listings are drained without visiting them.
  ASSERT_EQ(recorder.failed.size(), 1u);
  EXPECT_EQ(recorder.failed[0].first, "a");
  EXPECT_THAT(recorder.visited, ElementsAre("a", "b", "c", "d", "e"));
  EXPECT_EQ(remote.list_calls("e"), 0u) << "a listing was started after Stop";
  EXPECT_EQ(remote.outstanding(), 0u) << "walk returned before every listing completed";
  EXPECT_EQ(remote.held_count(), 0u);
}

TEST_P(WalkerTest, StopFromOnEntryEndsTheWalkAndCancels) {
  remote.add_file("a/a1");
  remote.add_file("a/a2");
  remote.add_file("a/a3");
  remote.add_file("b/b1");
  remote.add_file("b/sub/b2");
  remote.hold("b");
  int cancels = 0;
  WalkOptions options;
  options.max_in_flight = 4;
  options.cancel_in_flight = [&] {
    ++cancels;
    remote.release_held(Error{ErrorKind::Cancelled, "cancelled", "", 0});
  };
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  recorder.entry_action = [](const Entry& entry) {
    return entry.path == "a/a1" ? WalkAction::Stop : WalkAction::Continue;
  };
  const WalkSummary summary = recorder.walk(walker);

  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(cancels, 1);
  EXPECT_THAT(recorder.visited, ElementsAre("a", "b", "a/a1"));
  EXPECT_THAT(recorder.failed, IsEmpty());
  EXPECT_EQ(remote.list_calls("b/sub"), 0u);
  EXPECT_EQ(remote.outstanding(), 0u);
}

// A folder inside which on_entry returned Stop was not listed completely: no on_folder_listed,
// not counted in folders_listed (walker.hpp).
TEST_P(WalkerTest, FolderCutShortByStopIsNotReportedAsListed) {
  remote.add_file("a/a1");
  remote.add_file("a/a2");
  remote.add_file("a/a3");
  WalkOptions options;
  options.max_in_flight = 1;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  recorder.entry_action = [](const Entry& entry) {
    return entry.path == "a/a2" ? WalkAction::Stop : WalkAction::Continue;
  };
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_TRUE(summary.stopped);
  EXPECT_THAT(recorder.visited, ElementsAre("a", "a/a1", "a/a2"));
  EXPECT_FALSE(recorder.listed_set().count("a"))
      << "on_folder_listed(\"a\") called though a/a3 was never visited";
  EXPECT_EQ(summary.folders_listed, 1u);  // the root only
}

TEST_P(WalkerTest, StopFromOnEntryWithNothingInFlight) {
  build_sample_tree(remote);
  WalkOptions options;
  options.max_in_flight = 1;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  recorder.entry_action = [](const Entry& entry) {
    return entry.path == "a/two.txt" ? WalkAction::Stop : WalkAction::Continue;
  };
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_TRUE(summary.stopped);
  ASSERT_FALSE(recorder.visited.empty());
  EXPECT_EQ(recorder.visited.back(), "a/two.txt");
  // Nothing after the Stop: no listing of a's subfolders or of b and c.
  EXPECT_EQ(remote.list_calls("a/deep"), 0u);
  EXPECT_EQ(remote.list_calls("b"), 0u);
  EXPECT_EQ(remote.outstanding(), 0u);
}

TEST_P(WalkerTest, StopFlagSetFromAnotherThread) {
  remote.add_file("a/x");
  remote.add_file("b/y");
  remote.hold("a");
  remote.hold("b");
  std::atomic<bool> stop_flag{false};
  int cancels = 0;
  WalkOptions options;
  options.tick = std::chrono::milliseconds(5);
  options.stop_flag = &stop_flag;
  options.cancel_in_flight = [&] {
    ++cancels;
    remote.release_held(Error{ErrorKind::Cancelled, "cancelled", "", 0});
  };
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  std::thread stopper([&] {
    remote.wait_until_requested("b");
    stop_flag.store(true);
  });
  const WalkSummary summary = recorder.walk(walker);
  stopper.join();

  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(cancels, 1);
  EXPECT_THAT(recorder.visited, ElementsAre("a", "b"));
  EXPECT_THAT(recorder.failed, IsEmpty());
  EXPECT_EQ(remote.outstanding(), 0u);
  EXPECT_GE(recorder.ticks.load(), 1) << "on_tick not called while waiting";
  expect_sound_walk(recorder);
}

TEST_P(WalkerTest, StopCalledFromAnotherThread) {
  remote.add_file("a/x");
  remote.hold("a");
  int cancels = 0;
  WalkOptions options;
  options.tick = std::chrono::milliseconds(5);
  options.cancel_in_flight = [&] {
    ++cancels;
    remote.release_held();  // the listing completes normally, but must not be visited any more
  };
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  std::thread stopper([&] {
    remote.wait_until_requested("a");
    walker.stop();
  });
  const WalkSummary summary = recorder.walk(walker);
  stopper.join();

  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(cancels, 1);
  EXPECT_THAT(recorder.visited, ElementsAre("a"));
  EXPECT_EQ(remote.outstanding(), 0u);
}

TEST_P(WalkerTest, StopFlagSetBeforeTheWalkListsNothing) {
  build_sample_tree(remote);
  std::atomic<bool> stop_flag{true};
  WalkOptions options;
  options.stop_flag = &stop_flag;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_TRUE(summary.stopped);
  EXPECT_THAT(recorder.visited, IsEmpty());
  EXPECT_EQ(remote.total_list_calls(), 0u);
}

TEST_P(WalkerTest, DeepChain) {
  std::string path;
  for (int i = 0; i < 200; ++i) path = util::join_path(path, "d" + std::to_string(i));
  remote.add_file(path + "/leaf");
  Walker walker(remote.list_fn(), WalkOptions{});
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  expect_sound_walk(recorder);
  EXPECT_EQ(recorder.visited.size(), 201u);
  EXPECT_EQ(recorder.visited.back(), path + "/leaf");
  EXPECT_EQ(summary.folders_listed, 201u);
  EXPECT_EQ(depth_of(recorder.visited.back()), 201);
}

TEST_P(WalkerTest, TenThousandFolders) {
  for (int i = 0; i < 100; ++i) {
    for (int j = 0; j < 100; ++j) {
      remote.add_file("p" + std::to_string(i) + "/q" + std::to_string(j) + "/f");
    }
  }
  WalkOptions options;
  options.max_in_flight = 16;
  Walker walker(remote.list_fn(), options);
  Recorder recorder;
  const WalkSummary summary = recorder.walk(walker);
  EXPECT_EQ(summary.folders_listed, 1u + 100u + 10'000u);
  EXPECT_EQ(summary.entries, 100u + 10'000u + 10'000u);
  EXPECT_EQ(recorder.visited.size(), 20'100u);
  EXPECT_EQ(recorder.visited_set(), remote.all_paths());
  EXPECT_LE(remote.max_outstanding(), 16u);
  EXPECT_EQ(remote.total_list_calls(), 10'101u);
  expect_sound_walk(recorder);
}

// Regression test of a race found by ThreadSanitizer: the completing thread must be done with the
// walk's completion queue (a local of walk()) once the walking thread can see the last
// completion; otherwise walk() returns and destroys the queue while it is still being signalled.
// Only a TSan build (ARTY_SANITIZE=thread) reliably sees a regression here.
TEST(WalkerAsyncStressTest, ManySmallWalksFromWorkerThreads) {
  // Many short walks whose last completion comes from a worker thread: the walk must return only
  // after it is completely done with everything the completing thread touches.
  for (int round = 0; round < 200; ++round) {
    FakeRemote remote(Completion::Asynchronous, 3);
    remote.add_file("a/x");
    remote.add_file("b/y");
    remote.add_file("c/z");
    WalkOptions options;
    options.max_in_flight = 3;
    Walker walker(remote.list_fn(), options);
    Recorder recorder;
    const WalkSummary summary = recorder.walk(walker);
    ASSERT_EQ(summary.entries, 6u) << "round " << round;
  }
}

// A folder that lists itself (a virtual repository including itself): every "x" holds another "x"
// and the same file. The walk must end, report the repeat as a cycle, and list the rest.
TEST(WalkerCycleTest, FolderRepeatingItsAncestorIsReportedNotDescended) {
  std::atomic<int> listings{0};
  ListFolderFn endless = [&listings](const std::string& folder, ListCallback done) {
    ++listings;
    FolderListing listing;
    listing.add("x", ItemType::Folder);
    if (!folder.empty()) listing.add("f.txt", ItemType::File);
    done(std::move(listing));
  };
  Walker walker(endless, WalkOptions{});
  std::vector<std::string> visited;
  std::vector<std::pair<std::string, Error>> failed;
  WalkVisitor visitor;
  visitor.on_entry = [&](const Entry& entry) {
    visited.push_back(entry.path);
    return WalkAction::Continue;
  };
  visitor.on_folder_failed = [&](const std::string& folder, const Error& error) {
    failed.emplace_back(folder, error);
    return WalkAction::Continue;
  };
  const WalkSummary summary = walker.walk(visitor);
  EXPECT_EQ(listings.load(), 3);  // "", "x", "x/x"
  EXPECT_THAT(visited, ElementsAre("x", "x/x", "x/f.txt"));
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].first, "x/x");
  EXPECT_EQ(failed[0].second.kind, ErrorKind::BadResponse);
  EXPECT_THAT(failed[0].second.message, ::testing::HasSubstr("cycle"));
  EXPECT_EQ(summary.folders_failed, 1u);
}

// The same name at several depths with different contents is an ordinary tree, not a cycle.
TEST(WalkerCycleTest, RepeatedNamesWithOtherChildrenAreWalked) {
  ListFolderFn chain = [](const std::string& folder, ListCallback done) {
    FolderListing listing;
    const auto depth = static_cast<int>(std::count(folder.begin(), folder.end(), 'x'));
    if (depth < 5) listing.add("x", ItemType::Folder);
    listing.add("file-" + std::to_string(depth), ItemType::File);
    done(std::move(listing));
  };
  Walker walker(chain, WalkOptions{});
  std::size_t files = 0;
  WalkVisitor visitor;
  visitor.on_entry = [&](const Entry& entry) {
    files += entry.is_folder() ? 0 : 1;
    return WalkAction::Continue;
  };
  visitor.on_folder_failed = [](const std::string&, const Error&) { return WalkAction::Continue; };
  const WalkSummary summary = walker.walk(visitor);
  EXPECT_EQ(files, 6u);
  EXPECT_EQ(summary.folders_failed, 0u);
  EXPECT_EQ(summary.folders_listed, 6u);
}

}  // namespace
}  // namespace arty

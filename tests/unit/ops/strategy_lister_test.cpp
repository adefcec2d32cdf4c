// Tests of the listing strategies (src/lib/ops/strategy_lister.hpp) driven through list_tree, over
// an in-memory remote that can list subtrees in bulk (File List, AQL), refuse methods, fail
// subtrees and complete synchronously or from worker threads.
#include "ops/strategy_lister.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "arty/list_tree.hpp"
#include "walk/fake_tree.hpp"

namespace arty {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Completion;

enum class Method { FolderInfo, Stat, FileList, Aql };
constexpr std::size_t kMethods = 4;

Method method_of(BulkMethod method) {
  return method == BulkMethod::FileList ? Method::FileList : Method::Aql;
}

Error http_error(long status, std::string message = "refused by the fake") {
  return Error{ErrorKind::HttpStatus, std::move(message), "https://h/x", status};
}

Error over_the_limit() {
  return Error{ErrorKind::BadResponse, "the response is over the limit of 8388608 bytes",
               "https://h/x", 0};
}

int depth_of(const std::string& path) {
  return path.empty() ? 0 : 1 + static_cast<int>(std::count(path.begin(), path.end(), '/'));
}

std::pair<std::string, std::string> split_parent(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

bool is_under(const std::string& root, const std::string& path) {
  return root.empty() || path == root ||
         (path.size() > root.size() && path.starts_with(root) && path[root.size()] == '/');
}

/// An in-memory tree behind Folder Info (list_folder), File Info (stat) and both bulk methods.
/// File List answers a subtree in one part; AQL in one part per folder (in path order) and then
/// an empty last part, like pages that each close a folder. Bulk listings give files' details;
/// Folder Info does not.
class BulkFakeRemote final : public Remote {
 public:
  explicit BulkFakeRemote(Completion mode) : mode_(mode), pool_(mode == Completion::Asynchronous ? 3 : 0) {
    children_[""];
  }

  // --- The tree ----------------------------------------------------------------------------
  void add_folder(const std::string& path) {
    std::lock_guard lock(mutex_);
    add_folder_locked(path);
  }

  void add_file(const std::string& path, std::uint64_t size) {
    std::lock_guard lock(mutex_);
    const auto [parent, name] = split_parent(path);
    add_folder_locked(parent);
    children_[parent].push_back(Child{name, ItemType::File});
    Entry entry;
    entry.path = path;
    entry.type = ItemType::File;
    entry.size = size;
    entry.last_modified = "2024-01-0" + std::to_string(1 + size % 9) + "T00:00:00.000Z";
    entry.checksums.sha1 = "sha1-of-" + path;
    files_[path] = std::move(entry);
  }

  /// The remote's root is a file: Folder Info says NotAFolder, File List 400, stat gives it.
  void make_root_a_file(std::string name, std::uint64_t size) {
    std::lock_guard lock(mutex_);
    children_.clear();
    Entry entry;
    entry.path = std::move(name);
    entry.size = size;
    root_file_ = std::move(entry);
  }

  // --- Switches ------------------------------------------------------------------------------
  /// Calls of `method` after the first `after_calls` fail with `error`.
  void refuse(Method method, Error error, std::size_t after_calls = 0) {
    std::lock_guard lock(mutex_);
    refusals_[static_cast<std::size_t>(method)] = Refusal{std::move(error), after_calls};
  }
  /// Bulk listings (either method) of `folder` fail with `error`, AQL after `parts_before` parts.
  void fail_subtree(const std::string& folder, Error error, std::size_t parts_before = 0) {
    std::lock_guard lock(mutex_);
    subtree_failures_[folder] = SubtreeFailure{std::move(error), parts_before};
  }

  // --- Observations --------------------------------------------------------------------------
  std::size_t calls(Method method) const {
    std::lock_guard lock(mutex_);
    return calls_[static_cast<std::size_t>(method)];
  }
  std::size_t calls(Method method, const std::string& path) const {
    std::lock_guard lock(mutex_);
    const auto it = per_path_.find({static_cast<int>(method), path});
    return it == per_path_.end() ? 0 : it->second;
  }
  /// Paths asked with `method`, each once, sorted.
  std::set<std::string> paths_asked(Method method) const {
    std::lock_guard lock(mutex_);
    std::set<std::string> out;
    for (const auto& [key, count] : per_path_) {
      if (key.first == static_cast<int>(method)) out.insert(key.second);
    }
    return out;
  }
  /// Calls of `method` made after a refusal of it was delivered.
  std::size_t calls_after_refusal(Method method) const {
    std::lock_guard lock(mutex_);
    return calls_after_refusal_[static_cast<std::size_t>(method)];
  }
  std::vector<std::pair<std::string, SubtreeQuery>> queries() const {
    std::lock_guard lock(mutex_);
    return queries_;
  }
  /// Every item as "path" (files) or "path/" (folders), optionally down to `max_depth` only.
  std::set<std::string> items(std::optional<int> max_depth = std::nullopt) const {
    std::lock_guard lock(mutex_);
    std::set<std::string> out;
    for (const auto& [folder, kids] : children_) {
      for (const Child& child : kids) {
        const std::string path = folder.empty() ? child.name : folder + "/" + child.name;
        if (max_depth && depth_of(path) > *max_depth) continue;
        out.insert(child.type == ItemType::Folder ? path + "/" : path);
      }
    }
    return out;
  }
  std::size_t folder_count() const {
    std::lock_guard lock(mutex_);
    return children_.size() - 1;
  }
  std::map<std::string, std::uint64_t> file_sizes() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::uint64_t> out;
    for (const auto& [path, entry] : files_) out[path] = *entry.size;
    return out;
  }

  // --- Remote --------------------------------------------------------------------------------
  void list_folder(const std::string& folder, ListCallback done) override {
    Result<FolderListing> result = FolderListing{};
    {
      std::lock_guard lock(mutex_);
      if (auto refused = count_call(Method::FolderInfo, folder)) {
        result = tl::unexpected(*refused);
      } else if (root_file_ && folder.empty()) {
        result = tl::unexpected(Error{ErrorKind::NotAFolder, "a file", "", 0});
      } else if (const auto it = children_.find(folder); it != children_.end()) {
        FolderListing listing;
        for (const Child& child : it->second) listing.add(child.name, child.type);
        result = std::move(listing);
      } else if (files_.count(folder) != 0) {
        result = tl::unexpected(Error{ErrorKind::NotAFolder, "a file", "", 0});
      } else {
        result = tl::unexpected(http_error(404, "Unable to find item"));
      }
    }
    run([this, done = std::move(done), result = std::move(result)]() mutable {
      note_refusal_delivered(Method::FolderInfo, result);
      done(std::move(result));
    });
  }

  void stat(const std::string& path, StatCallback done) override {
    Result<Entry> result = Entry{};
    {
      std::lock_guard lock(mutex_);
      if (auto refused = count_call(Method::Stat, path)) {
        result = tl::unexpected(*refused);
      } else if (root_file_ && path.empty()) {
        result = *root_file_;
      } else if (const auto it = files_.find(path); it != files_.end()) {
        result = it->second;
      } else if (children_.count(path) != 0) {
        Entry entry;
        entry.path = path;
        entry.type = ItemType::Folder;
        result = entry;
      } else {
        result = tl::unexpected(http_error(404, "Unable to find item"));
      }
    }
    run([this, done = std::move(done), result = std::move(result)]() mutable {
      note_refusal_delivered(Method::Stat, result);
      done(std::move(result));
    });
  }

  void list_subtree(const std::string& folder, const SubtreeQuery& query,
                    SubtreeCallback done) override {
    const Method method = method_of(query.method);
    std::vector<Result<SubtreePart>> answers;
    {
      std::lock_guard lock(mutex_);
      queries_.emplace_back(folder, query);
      if (auto refused = count_call(method, folder)) {
        answers.push_back(tl::unexpected(*refused));
      } else if (root_file_ && folder.empty()) {
        answers.push_back(tl::unexpected(http_error(400, "Expected a folder")));
      } else if (children_.count(folder) == 0) {
        answers.push_back(tl::unexpected(http_error(404, "Unable to find item")));
      } else {
        answers = subtree_answers(folder, query, method);
      }
    }
    run([this, method, done = std::move(done), answers = std::move(answers)]() mutable {
      for (auto& answer : answers) {
        note_refusal_delivered(method, answer);
        done(std::move(answer));
      }
    });
  }

 private:
  struct Child {
    std::string name;
    ItemType type;
  };
  struct Refusal {
    Error error;
    std::size_t after = 0;
  };
  struct SubtreeFailure {
    Error error;
    std::size_t parts_before = 0;
  };

  void add_folder_locked(const std::string& path) {
    if (path.empty() || children_.count(path) != 0) return;
    const auto [parent, name] = split_parent(path);
    add_folder_locked(parent);
    children_[path];
    children_[parent].push_back(Child{name, ItemType::Folder});
  }

  /// Counts a call; returns the refusal it meets, if any. Needs mutex_.
  std::optional<Error> count_call(Method method, const std::string& path) {
    const auto index = static_cast<std::size_t>(method);
    const std::size_t number = ++calls_[index];
    ++per_path_[{static_cast<int>(method), path}];
    if (refusal_delivered_[index]) ++calls_after_refusal_[index];
    if (refusals_[index] && number > refusals_[index]->after) return refusals_[index]->error;
    return std::nullopt;
  }

  template <typename T>
  void note_refusal_delivered(Method method, const Result<T>& result) {
    const auto index = static_cast<std::size_t>(method);
    std::lock_guard lock(mutex_);
    if (!result && refusals_[index] && result.error().message == refusals_[index]->error.message &&
        result.error().http_status == refusals_[index]->error.http_status) {
      refusal_delivered_[index] = true;
    }
  }

  /// The folders of the subtree under `folder` above the query's depth, each complete. Needs
  /// mutex_.
  std::vector<Result<SubtreePart>> subtree_answers(const std::string& folder,
                                                   const SubtreeQuery& query, Method method) {
    std::vector<std::pair<std::string, FolderListing>> folders;
    const int base = depth_of(folder);
    for (const auto& [path, kids] : children_) {  // std::map: path order, a folder before its own
      if (!is_under(folder, path)) continue;
      if (query.depth && depth_of(path) - base >= *query.depth) continue;  // frontier or deeper
      FolderListing listing;
      for (const Child& child : kids) {
        listing.add(child.name, child.type);
        if (child.type == ItemType::File) {
          const Entry& file = files_.at(path.empty() ? child.name : path + "/" + child.name);
          listing.set_details(listing.size() - 1,
                              ItemDetails{file.size, file.last_modified, file.checksums});
        }
      }
      folders.emplace_back(path, std::move(listing));
    }
    std::optional<SubtreeFailure> failure;
    if (const auto it = subtree_failures_.find(folder); it != subtree_failures_.end()) {
      failure = it->second;
    }
    std::vector<Result<SubtreePart>> answers;
    if (method == Method::FileList) {
      if (failure) {
        answers.push_back(tl::unexpected(failure->error));
      } else {
        SubtreePart part;
        part.folders = std::move(folders);
        part.last = true;
        answers.push_back(std::move(part));
      }
      return answers;
    }
    for (auto& one : folders) {
      if (failure && answers.size() == failure->parts_before) break;
      SubtreePart part;
      part.folders.push_back(std::move(one));
      answers.push_back(std::move(part));
    }
    if (failure) {
      answers.push_back(tl::unexpected(failure->error));
    } else {
      SubtreePart last;
      last.last = true;
      answers.push_back(std::move(last));
    }
    return answers;
  }

  template <typename Task>
  void run(Task task) {
    if (mode_ == Completion::Synchronous) {
      task();
    } else {
      pool_.post(std::function<void()>(
          [task = std::make_shared<Task>(std::move(task))]() mutable { (*task)(); }));
    }
  }

  const Completion mode_;
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Child>> children_;  // folder -> children, "" = root
  std::map<std::string, Entry> files_;                  // path -> File Info
  std::optional<Entry> root_file_;
  std::optional<Refusal> refusals_[kMethods];
  std::map<std::string, SubtreeFailure> subtree_failures_;
  std::size_t calls_[kMethods] = {};
  std::size_t calls_after_refusal_[kMethods] = {};
  bool refusal_delivered_[kMethods] = {};
  std::map<std::pair<int, std::string>, std::size_t> per_path_;
  std::vector<std::pair<std::string, SubtreeQuery>> queries_;
  testing::WorkerPool pool_;  // last: joined first, while the state above is still alive
};

/// 7 folders (a, a/empty, a/sub, b, b/c, b/c/d, d), 6 files.
void build_standard_tree(BulkFakeRemote& remote) {
  remote.add_file("README.md", 10);
  remote.add_file("a/one.txt", 1);
  remote.add_file("a/two.txt", 2);
  remote.add_folder("a/empty");
  remote.add_file("a/sub/deep.bin", 3);
  remote.add_file("b/c/d/e.txt", 4);
  remote.add_file("b/f.txt", 5);
  remote.add_folder("d");
}

struct Outcome {
  ListSummary summary;
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, Error>> failures;

  /// "path" for files, "path/" for folders.
  [[nodiscard]] std::set<std::string> items() const {
    std::set<std::string> out;
    for (const Entry& entry : entries) out.insert(entry.is_folder() ? entry.path + "/" : entry.path);
    return out;
  }
  [[nodiscard]] std::set<std::string> failed_paths() const {
    std::set<std::string> out;
    for (const auto& failure : failures) out.insert(failure.first);
    return out;
  }
  [[nodiscard]] const Entry* find(const std::string& path) const {
    for (const Entry& entry : entries) {
      if (entry.path == path) return &entry;
    }
    return nullptr;
  }
};

Outcome list(Remote& remote, ListOptions options) {
  Outcome run;
  ListObserver observer;
  observer.on_entry = [&run](const Entry& entry) {
    run.entries.push_back(entry);
    return true;
  };
  observer.on_failure = [&run](const std::string& path, const Error& error) {
    run.failures.emplace_back(path, error);
  };
  observer.on_root_file = [&run](const Entry& entry) { run.entries.push_back(entry); };
  run.summary = list_tree(remote, options, observer);
  return run;
}

ListOptions with(ListingStrategy strategy) {
  ListOptions options;
  options.strategy = strategy;
  options.jobs = 4;
  return options;
}

std::string notes_of(const ListSummary& summary) {
  std::string out;
  for (const auto& note : summary.strategy_notes) out += note + "\n";
  return out;
}

const char* strategy_name(ListingStrategy strategy) {
  switch (strategy) {
    case ListingStrategy::Auto: return "Auto";
    case ListingStrategy::Walk: return "Walk";
    case ListingStrategy::FileList: return "FileList";
    case ListingStrategy::Aql: return "Aql";
  }
  return "?";
}

// === Every strategy gives the same listing ======================================================

class EveryStrategyTest
    : public ::testing::TestWithParam<std::tuple<Completion, ListingStrategy>> {
 protected:
  EveryStrategyTest() { build_standard_tree(remote); }
  Completion completion() const { return std::get<0>(GetParam()); }
  ListingStrategy strategy() const { return std::get<1>(GetParam()); }

  BulkFakeRemote remote{std::get<0>(GetParam())};
};

INSTANTIATE_TEST_SUITE_P(
    StrategyLister, EveryStrategyTest,
    ::testing::Combine(::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                       ::testing::Values(ListingStrategy::Auto, ListingStrategy::Walk,
                                         ListingStrategy::FileList, ListingStrategy::Aql)),
    [](const ::testing::TestParamInfo<std::tuple<Completion, ListingStrategy>>& p) {
      return std::string(std::get<0>(p.param) == Completion::Synchronous ? "Sync" : "Async") +
             strategy_name(std::get<1>(p.param));
    });

TEST_P(EveryStrategyTest, SameEntriesAsTheTree) {
  const Outcome run = list(remote, with(strategy()));
  EXPECT_EQ(run.items(), remote.items());
  EXPECT_EQ(run.items().size(), 13u);
  EXPECT_EQ(run.entries.size(), 13u) << "each entry once";
  EXPECT_EQ(run.summary.folders, 7u);
  EXPECT_EQ(run.summary.files, 6u);
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_FALSE(run.summary.fatal);
  EXPECT_FALSE(run.summary.stopped);
  EXPECT_THAT(run.failures, IsEmpty());
  EXPECT_EQ(remote.calls(Method::Stat), 0u) << "no details asked";
  switch (strategy()) {
    case ListingStrategy::Walk:
      EXPECT_EQ(remote.calls(Method::FolderInfo), 8u) << "each folder and the root";
      EXPECT_EQ(remote.calls(Method::FileList), 0u);
      EXPECT_EQ(remote.calls(Method::Aql), 0u);
      EXPECT_EQ(run.summary.bulk_folders, 0u);
      break;
    case ListingStrategy::FileList:
      EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
      EXPECT_EQ(remote.calls(Method::FileList), 1u);
      EXPECT_EQ(remote.calls(Method::FileList, ""), 1u);
      EXPECT_EQ(remote.calls(Method::Aql), 0u);
      // Every folder, the root included, was answered from the one File List.
      EXPECT_EQ(run.summary.bulk_folders, 8u);
      break;
    case ListingStrategy::Aql:
      EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
      EXPECT_EQ(remote.calls(Method::FileList), 0u);
      EXPECT_EQ(remote.calls(Method::Aql), 1u);
      EXPECT_EQ(remote.calls(Method::Aql, ""), 1u);
      EXPECT_EQ(run.summary.bulk_folders, 8u);
      break;
    case ListingStrategy::Auto:
      // The tree fits in one File List of the root (kAutoDepth levels, under the byte bound).
      EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
      EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
      EXPECT_EQ(remote.calls(Method::FileList), 1u);
      EXPECT_EQ(remote.calls(Method::Aql), 0u);
      EXPECT_EQ(run.summary.bulk_folders, 8u) << "every folder, the root included";
      EXPECT_THAT(run.summary.strategy_notes, IsEmpty());
      break;
  }
  if (strategy() != ListingStrategy::Auto) {
    EXPECT_THAT(run.summary.strategy_notes, IsEmpty());
  }
}

TEST_P(EveryStrategyTest, SubtreeQueriesFollowTheStrategy) {
  const Outcome run = list(remote, with(strategy()));
  ASSERT_EQ(run.items(), remote.items());
  for (const auto& [folder, query] : remote.queries()) {
    SCOPED_TRACE(folder);
    EXPECT_EQ(query.page_items, ops::kAqlPageItems);
    switch (strategy()) {
      case ListingStrategy::Walk:
        ADD_FAILURE() << "walk made a bulk request";
        break;
      case ListingStrategy::FileList:
      case ListingStrategy::Aql:
        EXPECT_EQ(query.method, strategy() == ListingStrategy::FileList ? BulkMethod::FileList
                                                                        : BulkMethod::Aql);
        EXPECT_FALSE(query.depth) << "the whole tree";
        EXPECT_FALSE(query.fail_fast) << "no other way: retried";
        EXPECT_EQ(query.max_response_bytes, 0u);
        break;
      case ListingStrategy::Auto:
        EXPECT_EQ(query.method, BulkMethod::FileList);
        EXPECT_EQ(query.depth, std::optional<int>(ops::kAutoDepth));
        EXPECT_TRUE(query.fail_fast);
        EXPECT_EQ(query.max_response_bytes, ops::kAutoResponseBytes);
        break;
    }
  }
}

TEST_P(EveryStrategyTest, MaxDepthIsHonoured) {
  ListOptions options = with(strategy());
  options.max_depth = 2;
  const Outcome run = list(remote, options);
  EXPECT_EQ(run.items(), remote.items(2));
  EXPECT_EQ(run.items(), (std::set<std::string>{"README.md", "a/", "a/one.txt", "a/two.txt",
                                                "a/empty/", "a/sub/", "b/", "b/c/", "b/f.txt",
                                                "d/"}));
  for (const Entry& entry : run.entries) EXPECT_LE(depth_of(entry.path), 2) << entry.path;
  EXPECT_FALSE(run.summary.fatal);
  EXPECT_EQ(run.summary.failed, 0u);
  // No request reaches below what the walk wants.
  for (const auto& [folder, query] : remote.queries()) {
    ASSERT_TRUE(query.depth) << folder << ": unbounded query with --max-depth 2";
    EXPECT_EQ(*query.depth, 2 - depth_of(folder)) << folder;
  }
  switch (strategy()) {
    case ListingStrategy::Walk:
      EXPECT_EQ(remote.paths_asked(Method::FolderInfo),
                (std::set<std::string>{"", "a", "b", "d"}));
      EXPECT_EQ(remote.calls(Method::FolderInfo), 4u);
      break;
    case ListingStrategy::FileList:
    case ListingStrategy::Aql:
      EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
      EXPECT_EQ(remote.queries().size(), 1u);
      break;
    case ListingStrategy::Auto:
      // One File List of the root, two levels deep.
      EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
      EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
      EXPECT_EQ(remote.calls(Method::FileList), 1u);
      EXPECT_EQ(remote.calls(Method::Aql), 0u);
      break;
  }
}

TEST_P(EveryStrategyTest, MaxDepthOneListsTheRootOnly) {
  ListOptions options = with(strategy());
  options.max_depth = 1;
  const Outcome run = list(remote, options);
  EXPECT_EQ(run.items(), (std::set<std::string>{"README.md", "a/", "b/", "d/"}));
  EXPECT_EQ(run.summary.folders, 3u);
  EXPECT_EQ(run.summary.files, 1u);
  const std::size_t requests = remote.calls(Method::FolderInfo) + remote.calls(Method::FileList) +
                               remote.calls(Method::Aql);
  EXPECT_EQ(requests, 1u) << "one request for the root, nothing below it";
  for (const auto& [folder, query] : remote.queries()) {
    EXPECT_EQ(folder, "");
    EXPECT_EQ(query.depth, std::optional<int>(1));
  }
}

TEST_P(EveryStrategyTest, DetailsComeWithTheBulkListings) {
  ListOptions options = with(strategy());
  options.details = true;
  const Outcome run = list(remote, options);
  ASSERT_EQ(run.items(), remote.items());
  for (const auto& [path, size] : remote.file_sizes()) {
    const Entry* entry = run.find(path);
    ASSERT_NE(entry, nullptr) << path;
    ASSERT_TRUE(entry->size) << path;
    EXPECT_EQ(*entry->size, size) << path;
    EXPECT_EQ(entry->checksums.sha1, "sha1-of-" + path) << path;
    EXPECT_FALSE(entry->last_modified.empty()) << path;
  }
  for (const Entry& entry : run.entries) {
    if (entry.is_folder()) {
      EXPECT_FALSE(entry.size) << entry.path;
    }
  }
  switch (strategy()) {
    case ListingStrategy::Walk:
      EXPECT_EQ(remote.calls(Method::Stat), 6u) << "one File Info per file";
      EXPECT_EQ(remote.paths_asked(Method::Stat),
                (std::set<std::string>{"README.md", "a/one.txt", "a/two.txt", "a/sub/deep.bin",
                                       "b/c/d/e.txt", "b/f.txt"}));
      break;
    case ListingStrategy::FileList:
    case ListingStrategy::Aql:
      EXPECT_EQ(remote.calls(Method::Stat), 0u) << "the bulk listing gave every size";
      break;
    case ListingStrategy::Auto:
      // The root too comes from the File List (with sizes): no File Info at all.
      EXPECT_EQ(remote.calls(Method::Stat), 0u) << "the bulk listing gave every size";
      EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
      EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
      break;
  }
}

TEST_P(EveryStrategyTest, ExcludedFoldersArePruned) {
  ListOptions options = with(strategy());
  EntryFilter filter;
  filter.excludes = {"b", "sub"};
  options.filter = &filter;
  const Outcome run = list(remote, options);
  EXPECT_EQ(run.items(), (std::set<std::string>{"README.md", "a/", "a/one.txt", "a/two.txt",
                                                "a/empty/", "a/sub/", "b/", "d/"}));
  for (const Entry& entry : run.entries) {
    EXPECT_FALSE(entry.path.starts_with("b/")) << entry.path;
    EXPECT_FALSE(entry.path.starts_with("a/sub/")) << entry.path;
  }
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_FALSE(run.summary.fatal);
  // No request for a pruned folder, whatever the method.
  for (const Method method : {Method::FolderInfo, Method::FileList, Method::Aql}) {
    EXPECT_EQ(remote.calls(method, "b"), 0u);
    EXPECT_EQ(remote.calls(method, "a/sub"), 0u);
    EXPECT_EQ(remote.calls(method, "b/c"), 0u);
  }
  if (strategy() == ListingStrategy::Walk) {
    EXPECT_EQ(remote.paths_asked(Method::FolderInfo),
              (std::set<std::string>{"", "a", "a/empty", "d"}));
  }
  if (strategy() == ListingStrategy::Auto) {
    // The root's File List covers the excluded folders too; none is asked for on its own.
    EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
    EXPECT_EQ(remote.calls(Method::FileList), 1u);
    EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
  }
}

// === auto ======================================================================================

class AutoStrategyTest : public ::testing::TestWithParam<Completion> {
 protected:
  AutoStrategyTest() { build_standard_tree(remote); }
  BulkFakeRemote remote{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(StrategyLister, AutoStrategyTest,
                         ::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                         testing::CompletionName());

TEST_P(AutoStrategyTest, RootFileListFitsInOneRequest) {
  ListOptions options = with(ListingStrategy::Auto);
  options.details = true;
  const Outcome run = list(remote, options);
  EXPECT_EQ(run.items(), remote.items());
  EXPECT_EQ(run.entries.size(), 13u) << "each entry once";
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_FALSE(run.summary.fatal);
  const std::size_t requests = remote.calls(Method::FolderInfo) + remote.calls(Method::Stat) +
                               remote.calls(Method::FileList) + remote.calls(Method::Aql);
  EXPECT_EQ(requests, 1u) << "the whole tree in one request";
  EXPECT_EQ(remote.calls(Method::FileList, ""), 1u);
  const auto queries = remote.queries();  // a copy: a reference into a temporary would dangle
  ASSERT_EQ(queries.size(), 1u);
  const SubtreeQuery& query = queries[0].second;
  EXPECT_EQ(queries[0].first, "");
  EXPECT_EQ(query.method, BulkMethod::FileList);
  EXPECT_EQ(query.depth, std::optional<int>(ops::kAutoDepth));
  EXPECT_EQ(query.max_response_bytes, ops::kAutoResponseBytes);
  EXPECT_TRUE(query.fail_fast);
  for (const auto& [path, size] : remote.file_sizes()) {
    const Entry* entry = run.find(path);
    ASSERT_NE(entry, nullptr) << path;
    EXPECT_EQ(entry->size, std::optional<std::uint64_t>(size)) << path;
  }
  EXPECT_EQ(run.summary.bulk_folders, 8u) << "every folder, the root included, delivered";
  EXPECT_EQ(run.summary.bulk_subtrees, 1u);
  EXPECT_EQ(run.summary.folder_infos, 0u);
  EXPECT_THAT(run.summary.strategy_notes, IsEmpty());
}

TEST_P(AutoStrategyTest, RootTooLargeIsSplitRootByFolderInfoSubtreesByFileList) {
  const std::vector<Error> errors{over_the_limit(), http_error(503, "Service Unavailable")};
  for (const Error& error : errors) {
    SCOPED_TRACE(error.message);
    BulkFakeRemote fake(GetParam());
    build_standard_tree(fake);
    fake.fail_subtree("", error);
    const Outcome run = list(fake, with(ListingStrategy::Auto));
    EXPECT_EQ(run.items(), fake.items());
    EXPECT_EQ(run.summary.failed, 0u);
    EXPECT_FALSE(run.summary.fatal);
    EXPECT_EQ(fake.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
    EXPECT_EQ(fake.calls(Method::FolderInfo), 1u);
    EXPECT_EQ(fake.calls(Method::FileList, ""), 1u) << "the root's File List, not retried";
    EXPECT_EQ(fake.calls(Method::FileList, "a"), 1u);
    EXPECT_EQ(fake.calls(Method::FileList, "b"), 1u);
    EXPECT_EQ(fake.calls(Method::FileList, "d"), 1u);
    EXPECT_EQ(fake.calls(Method::FileList), 4u);
    EXPECT_EQ(fake.calls(Method::Aql), 0u) << "a failure is no refusal; no AQL of the root";
    EXPECT_EQ(run.summary.bulk_folders, 7u) << "every folder but the root";
    const std::string notes = notes_of(run.summary);
    EXPECT_THAT(notes, HasSubstr("File List of \"\" failed"));
    EXPECT_THAT(notes, HasSubstr("walked instead"));
    EXPECT_EQ(run.summary.strategy_notes.size(), 1u) << notes;
  }
}

TEST_P(AutoStrategyTest, RootFileListRefusedThenChildrenUseAql) {
  remote.refuse(Method::FileList, http_error(403, "File List refused"));
  const Outcome run = list(remote, with(ListingStrategy::Auto));
  EXPECT_EQ(run.items(), remote.items());
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_FALSE(run.summary.fatal);
  EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
  EXPECT_EQ(remote.calls(Method::FileList), 1u) << "the probe, at the root";
  EXPECT_EQ(remote.calls_after_refusal(Method::FileList), 0u);
  EXPECT_EQ(remote.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
  EXPECT_EQ(remote.calls(Method::FolderInfo), 1u);
  EXPECT_EQ(remote.calls(Method::Aql, ""), 0u) << "never AQL of the whole repository in auto";
  EXPECT_EQ(remote.paths_asked(Method::Aql), (std::set<std::string>{"a", "b", "d"}));
  EXPECT_EQ(remote.calls(Method::Aql), 3u);
  EXPECT_EQ(run.summary.bulk_folders, 7u) << "every folder but the root";
  const std::string notes = notes_of(run.summary);
  EXPECT_THAT(notes, HasSubstr("File List not allowed"));
  EXPECT_THAT(notes, HasSubstr("403"));
  EXPECT_EQ(run.summary.strategy_notes.size(), 1u) << notes;
}

TEST_P(AutoStrategyTest, FileListRefusedUsesAql) {
  for (const long status : {400L, 403L, 404L, 405L, 429L, 501L}) {
    SCOPED_TRACE(status);
    BulkFakeRemote fake(GetParam());
    build_standard_tree(fake);
    fake.refuse(Method::FileList, http_error(status, "File List refused"));
    const Outcome run = list(fake, with(ListingStrategy::Auto));
    EXPECT_EQ(run.items(), fake.items());
    EXPECT_FALSE(run.summary.fatal);
    EXPECT_EQ(run.summary.failed, 0u);
    EXPECT_THAT(run.failures, IsEmpty());
    // 400 and 404 from the root's File List may mean a file or a missing root: no refusal yet,
    // Folder Info decides, and the next File List (of a child) is the probe that is refused.
    const bool root_inconclusive = status == 400 || status == 404;
    if (root_inconclusive) {
      EXPECT_EQ(fake.calls(Method::FileList), 2u) << "the root, then one probe";
      EXPECT_TRUE(fake.paths_asked(Method::FileList).count(""));
    } else {
      EXPECT_EQ(fake.calls(Method::FileList), 1u) << "the probe only";
      EXPECT_EQ(fake.paths_asked(Method::FileList), (std::set<std::string>{""}));
      EXPECT_EQ(fake.calls_after_refusal(Method::FileList), 0u);
    }
    EXPECT_EQ(fake.paths_asked(Method::Aql), (std::set<std::string>{"a", "b", "d"}));
    EXPECT_EQ(fake.calls(Method::Aql), 3u);
    EXPECT_EQ(fake.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
    EXPECT_EQ(run.summary.bulk_folders, 7u);
    EXPECT_THAT(notes_of(run.summary), HasSubstr("File List not allowed"));
    EXPECT_THAT(notes_of(run.summary), HasSubstr(std::to_string(status)));
    for (const auto& [folder, query] : fake.queries()) {
      if (query.method != BulkMethod::Aql) continue;
      EXPECT_EQ(query.depth, std::optional<int>(ops::kAutoDepth));
      EXPECT_TRUE(query.fail_fast);
      EXPECT_EQ(query.max_response_bytes, ops::kAutoResponseBytes);
    }
  }
}

TEST_P(AutoStrategyTest, BothRefusedWalksEverything) {
  remote.refuse(Method::FileList, http_error(403, "File List refused"));
  remote.refuse(Method::Aql, http_error(405, "AQL refused"));
  const Outcome run = list(remote, with(ListingStrategy::Auto));
  EXPECT_EQ(run.items(), remote.items());
  EXPECT_FALSE(run.summary.fatal);
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_EQ(remote.calls(Method::FolderInfo), remote.folder_count() + 1);
  EXPECT_EQ(remote.calls(Method::FolderInfo), 8u);
  EXPECT_EQ(remote.calls(Method::FileList), 1u);
  EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
  EXPECT_EQ(remote.calls(Method::Aql), 1u);
  EXPECT_EQ(remote.calls(Method::Aql, ""), 0u) << "the AQL probe is below the root";
  EXPECT_EQ(remote.calls_after_refusal(Method::FileList), 0u);
  EXPECT_EQ(remote.calls_after_refusal(Method::Aql), 0u);
  EXPECT_EQ(run.summary.bulk_folders, 0u);
  const std::string notes = notes_of(run.summary);
  EXPECT_THAT(notes, HasSubstr("File List not allowed"));
  EXPECT_THAT(notes, HasSubstr("AQL not allowed"));
  EXPECT_THAT(notes, HasSubstr("403"));
  EXPECT_THAT(notes, HasSubstr("405"));
  EXPECT_EQ(run.summary.strategy_notes.size(), 2u) << notes;
}

TEST_P(AutoStrategyTest, BulkNotSupportedAtAllWalks) {
  // A remote without list_subtree (the base class answers InvalidArgument).
  testing::FakeRemote plain(GetParam());
  plain.add_file("a/x", 1);
  plain.add_file("b/c/y", 2);
  const Outcome run = list(plain, with(ListingStrategy::Auto));
  EXPECT_EQ(run.items(), (std::set<std::string>{"a/", "a/x", "b/", "b/c/", "b/c/y"}));
  EXPECT_FALSE(run.summary.fatal);
  EXPECT_EQ(plain.total_list_calls(), 4u);
}

class MidRunTest : public ::testing::TestWithParam<Completion> {
 protected:
  static constexpr int kTop = 10;
  MidRunTest() {
    for (int i = 0; i < kTop; ++i) {
      const std::string top = "t" + std::to_string(i);
      remote.add_file(top + "/f.txt", static_cast<std::uint64_t>(i));
      remote.add_file(top + "/in/g.txt", 100 + static_cast<std::uint64_t>(i));
    }
  }
  BulkFakeRemote remote{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(StrategyLister, MidRunTest,
                         ::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                         testing::CompletionName());

TEST_P(MidRunTest, FileListRefusedMidRun) {
  // The root's File List is too large (call 1): the root is split, and its children start File
  // Lists of their own; two of them are answered (calls 2 and 3), then File List is refused.
  remote.fail_subtree("", over_the_limit());
  remote.refuse(Method::FileList, http_error(429, "Too Many Requests"), /*after_calls=*/3);
  ListOptions options = with(ListingStrategy::Auto);
  const Outcome run = list(remote, options);
  EXPECT_EQ(run.items(), remote.items());
  EXPECT_EQ(run.items().size(), 4u * kTop);
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_FALSE(run.summary.fatal);
  // Two File Lists of top folders succeeded; every other top folder went to AQL, once.
  EXPECT_EQ(remote.calls(Method::Aql), static_cast<std::size_t>(kTop - 2));
  EXPECT_EQ(remote.calls(Method::Aql, ""), 0u);
  EXPECT_EQ(remote.calls(Method::FileList, ""), 1u);
  EXPECT_EQ(remote.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
  if (GetParam() == Completion::Synchronous) {
    EXPECT_EQ(remote.calls(Method::FileList), 4u)
        << "the root's, two answered, one refused, then none";
    EXPECT_EQ(remote.calls_after_refusal(Method::FileList), 0u);
  } else {
    // Those already sent when the refusal came may be refused too; none is sent afterwards
    // beyond what was in flight (at most `jobs`).
    EXPECT_GE(remote.calls(Method::FileList), 4u);
    EXPECT_LE(remote.calls(Method::FileList), 3u + options.jobs);
  }
  const std::string notes = notes_of(run.summary);
  EXPECT_THAT(notes, HasSubstr("File List not allowed"));
  EXPECT_THAT(notes, HasSubstr("File List of \"\" failed"));
  EXPECT_EQ(run.summary.strategy_notes.size(), 2u) << notes;
  EXPECT_EQ(run.summary.bulk_folders, 2u * kTop) << "every folder but the root";
}

TEST_P(MidRunTest, AqlRefusedMidRunAfterFileListRefused) {
  remote.refuse(Method::FileList, http_error(403));
  remote.refuse(Method::Aql, http_error(403, "AQL quota"), /*after_calls=*/3);
  ListOptions options = with(ListingStrategy::Auto);
  const Outcome run = list(remote, options);
  EXPECT_EQ(run.items(), remote.items());
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_FALSE(run.summary.fatal);
  EXPECT_EQ(remote.calls(Method::FileList), 1u);
  EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
  EXPECT_EQ(remote.calls(Method::Aql, ""), 0u);
  // 3 top folders by AQL; the 7 others and their 7 subfolders by Folder Info, and the root.
  EXPECT_EQ(remote.calls(Method::FolderInfo), 1u + 2u * (kTop - 3));
  if (GetParam() == Completion::Synchronous) {
    EXPECT_EQ(remote.calls(Method::Aql), 4u);
    EXPECT_EQ(remote.calls_after_refusal(Method::Aql), 0u);
  } else {
    EXPECT_GE(remote.calls(Method::Aql), 4u);
    EXPECT_LE(remote.calls(Method::Aql), 3u + options.jobs);
  }
  const std::string notes = notes_of(run.summary);
  EXPECT_THAT(notes, HasSubstr("File List not allowed"));
  EXPECT_THAT(notes, HasSubstr("AQL not allowed"));
}

TEST_P(MidRunTest, FolderInfoFailingMidRunFailsThoseFoldersOnly) {
  // Walk, Folder Info refused after 4 requests: the walk reports the folders, does not stop.
  remote.refuse(Method::FolderInfo, http_error(503, "Service Unavailable"), /*after_calls=*/4);
  ListOptions options = with(ListingStrategy::Walk);
  options.jobs = 1;
  const Outcome run = list(remote, options);
  EXPECT_FALSE(run.summary.fatal);
  EXPECT_EQ(remote.calls(Method::FolderInfo), run.failures.size() + 4);
  EXPECT_EQ(run.summary.failed, run.failures.size());
  EXPECT_GT(run.failures.size(), 0u);
}

TEST_P(AutoStrategyTest, SubtreeFailingIsWalkedAtItsTop) {
  const std::vector<Error> errors{http_error(503, "Service Unavailable"), over_the_limit(),
                                  Error{ErrorKind::Network, "Operation timed out", "", 0}};
  for (const Error& error : errors) {
    SCOPED_TRACE(error.message);
    BulkFakeRemote fake(GetParam());
    build_standard_tree(fake);
    fake.fail_subtree("", over_the_limit());  // the root is split, so "a" starts a File List
    fake.fail_subtree("a", error);
    const Outcome run = list(fake, with(ListingStrategy::Auto));
    EXPECT_EQ(run.items(), fake.items());
    EXPECT_EQ(run.summary.failed, 0u);
    EXPECT_FALSE(run.summary.fatal);
    // "a" itself by Folder Info; its children still in bulk.
    EXPECT_EQ(fake.paths_asked(Method::FolderInfo), (std::set<std::string>{"", "a"}));
    EXPECT_EQ(fake.calls(Method::FolderInfo), 2u);
    EXPECT_EQ(fake.paths_asked(Method::FileList),
              (std::set<std::string>{"", "a", "a/empty", "a/sub", "b", "d"}));
    EXPECT_EQ(fake.calls(Method::FileList, ""), 1u) << "not retried in bulk";
    EXPECT_EQ(fake.calls(Method::FileList, "a"), 1u) << "not retried in bulk";
    EXPECT_EQ(fake.calls(Method::FileList), 6u);
    EXPECT_EQ(fake.calls(Method::Aql), 0u) << "a failure is no refusal";
    const std::string notes = notes_of(run.summary);
    EXPECT_THAT(notes, HasSubstr("File List of \"\" failed"));
    EXPECT_THAT(notes, HasSubstr("File List of \"a\" failed"));
    EXPECT_THAT(notes, HasSubstr("walked instead"));
    EXPECT_EQ(run.summary.strategy_notes.size(), 2u) << notes;
    EXPECT_EQ(run.summary.bulk_folders, 6u) << "all but the root and \"a\"";
  }
}

TEST_P(AutoStrategyTest, AqlSubtreeFailingAfterAPart) {
  remote.refuse(Method::FileList, http_error(403));
  remote.fail_subtree("a", http_error(503, "Service Unavailable"), /*parts_before=*/1);
  const Outcome run = list(remote, with(ListingStrategy::Auto));
  EXPECT_EQ(run.items(), remote.items());
  EXPECT_EQ(run.summary.failed, 0u);
  EXPECT_FALSE(run.summary.fatal);
  // "a" came in the first part; its subfolders, never delivered, get AQL queries of their own.
  EXPECT_EQ(remote.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
  EXPECT_EQ(remote.paths_asked(Method::Aql),
            (std::set<std::string>{"a", "a/empty", "a/sub", "b", "d"}));
  EXPECT_EQ(remote.calls(Method::Aql), 5u);
  EXPECT_THAT(notes_of(run.summary), HasSubstr("walked instead"));
}

TEST_P(AutoStrategyTest, DeepTreeIsListedInSlicesOfKAutoDepth) {
  BulkFakeRemote fake(GetParam());
  std::string path;
  std::vector<std::string> chain;
  for (int level = 0; level < 40; ++level) {
    path += (path.empty() ? "c" : "/c") + std::to_string(level);
    chain.push_back(path);
  }
  fake.add_file(path + "/bottom.txt", 1);
  ASSERT_EQ(ops::kAutoDepth, 16);
  {
    SCOPED_TRACE("the root's File List answers");
    const Outcome run = list(fake, with(ListingStrategy::Auto));
    EXPECT_EQ(run.items(), fake.items());
    EXPECT_EQ(run.summary.folders, 40u);
    EXPECT_EQ(run.summary.files, 1u);
    EXPECT_EQ(run.summary.failed, 0u);
    // The root (depth 0) covers c0..c14; c15 is its frontier and starts the next slice, etc.
    EXPECT_EQ(fake.paths_asked(Method::FileList),
              (std::set<std::string>{"", chain[15], chain[31]}));
    EXPECT_EQ(fake.calls(Method::FileList), 3u);
    EXPECT_EQ(fake.calls(Method::FolderInfo), 0u);
    EXPECT_EQ(run.summary.bulk_folders, 41u) << "every folder, the root included";
  }
  {
    SCOPED_TRACE("the root's File List is too large");
    BulkFakeRemote split(GetParam());
    split.add_file(path + "/bottom.txt", 1);
    split.fail_subtree("", over_the_limit());
    const Outcome run = list(split, with(ListingStrategy::Auto));
    EXPECT_EQ(run.items(), split.items());
    EXPECT_EQ(run.summary.folders, 40u);
    EXPECT_EQ(run.summary.failed, 0u);
    // c0 at depth 1 covers c0..c15; c16 is its frontier and starts the next slice, etc.
    EXPECT_EQ(split.paths_asked(Method::FileList),
              (std::set<std::string>{"", chain[0], chain[16], chain[32]}));
    EXPECT_EQ(split.calls(Method::FileList), 4u);
    EXPECT_EQ(split.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
    EXPECT_EQ(split.calls(Method::FolderInfo), 1u);
    EXPECT_EQ(run.summary.bulk_folders, 40u) << "every folder but the root";
  }
}

TEST_P(AutoStrategyTest, MaxDepthDeeperThanAutoDepthStillBoundsEachQuery) {
  BulkFakeRemote fake(GetParam());
  std::string path;
  for (int level = 0; level < 30; ++level) path += (path.empty() ? "c" : "/c") + std::to_string(level);
  fake.add_file(path + "/bottom.txt", 1);
  ListOptions options = with(ListingStrategy::Auto);
  options.max_depth = 20;
  const Outcome run = list(fake, options);
  EXPECT_EQ(run.items(), fake.items(20));
  EXPECT_EQ(run.summary.folders, 20u);
  for (const auto& [folder, query] : fake.queries()) {
    ASSERT_TRUE(query.depth);
    EXPECT_EQ(*query.depth, std::min(ops::kAutoDepth, 20 - depth_of(folder))) << folder;
  }
  // The root (16 levels: c0..c14), then c15 (4 levels: c15..c18); c19, at --max-depth, is not
  // listed.
  const std::string c15 = path.substr(0, path.find("/c16"));
  ASSERT_TRUE(c15.ends_with("/c15"));
  EXPECT_EQ(fake.paths_asked(Method::FileList), (std::set<std::string>{"", c15}));
  EXPECT_EQ(fake.calls(Method::FileList), 2u);
  EXPECT_EQ(fake.calls(Method::FolderInfo), 0u);
}

// === list and aql: no other way ===============================================================

class StrictStrategyTest
    : public ::testing::TestWithParam<std::tuple<Completion, ListingStrategy>> {
 protected:
  StrictStrategyTest() { build_standard_tree(remote); }
  ListingStrategy strategy() const { return std::get<1>(GetParam()); }
  Method method() const {
    return strategy() == ListingStrategy::FileList ? Method::FileList : Method::Aql;
  }
  BulkFakeRemote remote{std::get<0>(GetParam())};
};

INSTANTIATE_TEST_SUITE_P(
    StrategyLister, StrictStrategyTest,
    ::testing::Combine(::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                       ::testing::Values(ListingStrategy::FileList, ListingStrategy::Aql)),
    [](const ::testing::TestParamInfo<std::tuple<Completion, ListingStrategy>>& p) {
      return std::string(std::get<0>(p.param) == Completion::Synchronous ? "Sync" : "Async") +
             strategy_name(std::get<1>(p.param));
    });

TEST_P(StrictStrategyTest, MethodRefusedIsFatal) {
  for (const long status : {403L, 405L, 429L, 503L}) {
    SCOPED_TRACE(status);
    BulkFakeRemote fake(std::get<0>(GetParam()));
    build_standard_tree(fake);
    fake.refuse(method(), http_error(status, "no bulk for you"));
    const Outcome run = list(fake, with(strategy()));
    ASSERT_TRUE(run.summary.fatal);
    EXPECT_EQ(run.summary.fatal->kind, ErrorKind::HttpStatus);
    EXPECT_EQ(run.summary.fatal->http_status, status);
    EXPECT_EQ(run.summary.fatal->message, "no bulk for you");
    EXPECT_TRUE(run.summary.stopped);
    EXPECT_THAT(run.entries, IsEmpty()) << "nothing invented";
    EXPECT_EQ(run.summary.folders, 0u);
    EXPECT_EQ(run.summary.files, 0u);
    EXPECT_EQ(fake.calls(Method::FolderInfo), 0u) << "no fallback with a strict strategy";
    EXPECT_EQ(fake.calls(method()), 1u);
    EXPECT_EQ(fake.calls(Method::FileList) + fake.calls(Method::Aql), 1u) << "no other method";
  }
}

TEST_P(StrictStrategyTest, TooLargeIsFatal) {
  remote.fail_subtree("", over_the_limit());
  const Outcome run = list(remote, with(strategy()));
  ASSERT_TRUE(run.summary.fatal);
  EXPECT_EQ(run.summary.fatal->kind, ErrorKind::BadResponse);
  EXPECT_THAT(run.entries, IsEmpty());
  EXPECT_EQ(remote.calls(Method::FolderInfo), 0u);
}

/// A root that does not exist at all: every request answers 404.
class MissingRemote final : public Remote {
 public:
  void list_folder(const std::string&, ListCallback done) override { done(not_found()); }
  void stat(const std::string&, StatCallback done) override { done(not_found()); }
  void list_subtree(const std::string&, const SubtreeQuery&, SubtreeCallback done) override {
    ++subtree_calls;
    done(not_found());
  }
  std::size_t subtree_calls = 0;

 private:
  static tl::unexpected<Error> not_found() {
    return tl::unexpected(http_error(404, "Unable to find item"));
  }
};

TEST_P(StrictStrategyTest, MissingRootIsFatal404) {
  MissingRemote missing;
  const Outcome run = list(missing, with(strategy()));
  ASSERT_TRUE(run.summary.fatal);
  EXPECT_EQ(run.summary.fatal->http_status, 404);
  EXPECT_THAT(run.entries, IsEmpty());
  EXPECT_EQ(missing.subtree_calls, 1u);
}

TEST_P(StrictStrategyTest, FileCriteriaArePassedOn) {
  ListOptions options = with(strategy());
  EntryFilter filter;
  filter.names = {"*.txt"};
  options.filter = &filter;
  const Outcome run = list(remote, options);
  EXPECT_EQ(run.items(), remote.items()) << "the fake ignores criteria";
  ASSERT_EQ(remote.queries().size(), 1u);
  EXPECT_EQ(remote.queries()[0].second.file_criteria,
            R"({"$or":[{"name":{"$match":"*.txt"}}]})");
}

TEST(StrategyListerTest, FileListOfARootFileFallsBackToFolderInfoAndReportsTheFile) {
  for (const Completion mode : {Completion::Synchronous, Completion::Asynchronous}) {
    BulkFakeRemote remote(mode);
    remote.make_root_a_file("app.jar", 1234);
    const Outcome run = list(remote, with(ListingStrategy::FileList));
    EXPECT_FALSE(run.summary.fatal) << run.summary.fatal->describe();
    ASSERT_EQ(run.entries.size(), 1u);
    EXPECT_EQ(run.entries[0].path, "app.jar");
    EXPECT_EQ(run.entries[0].size, std::optional<std::uint64_t>(1234));
    EXPECT_EQ(run.summary.files, 1u);
    EXPECT_EQ(remote.calls(Method::FileList), 1u);
    EXPECT_EQ(remote.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
    EXPECT_EQ(remote.paths_asked(Method::Stat), (std::set<std::string>{""}));
  }
}

TEST(StrategyListerTest, AutoRootFileIsReported) {
  // auto starts with a File List of the root, which a file answers with 400.
  for (const Completion mode : {Completion::Synchronous, Completion::Asynchronous}) {
    BulkFakeRemote remote(mode);
    remote.make_root_a_file("app.jar", 1234);
    const Outcome run = list(remote, with(ListingStrategy::Auto));
    EXPECT_FALSE(run.summary.fatal) << run.summary.fatal->describe();
    ASSERT_EQ(run.entries.size(), 1u);
    EXPECT_EQ(run.entries[0].path, "app.jar");
    EXPECT_EQ(run.entries[0].size, std::optional<std::uint64_t>(1234));
    EXPECT_EQ(run.summary.files, 1u);
    EXPECT_EQ(remote.paths_asked(Method::FileList), (std::set<std::string>{""}));
    EXPECT_EQ(remote.calls(Method::FileList), 1u);
    EXPECT_EQ(remote.calls(Method::Aql), 0u);
    EXPECT_EQ(remote.paths_asked(Method::FolderInfo), (std::set<std::string>{""}));
    EXPECT_EQ(remote.paths_asked(Method::Stat), (std::set<std::string>{""}));
  }
}

TEST(StrategyListerTest, AutoMissingRootIsFatal404) {
  MissingRemote missing;
  const Outcome run = list(missing, with(ListingStrategy::Auto));
  ASSERT_TRUE(run.summary.fatal);
  EXPECT_EQ(run.summary.fatal->http_status, 404);
  EXPECT_THAT(run.entries, IsEmpty());
  EXPECT_EQ(missing.subtree_calls, 1u) << "the root's File List; no AQL of the root";
}

// The rule of strategy_lister.hpp: "aql  one paged AQL query of the whole tree; ... an error
// fails the folders not yet delivered".
class StrictAqlTest : public AutoStrategyTest {};

INSTANTIATE_TEST_SUITE_P(StrategyLister, StrictAqlTest,
                         ::testing::Values(Completion::Synchronous, Completion::Asynchronous),
                         testing::CompletionName());

TEST_P(StrictAqlTest, ErrorAfterSomePagesFailsTheFoldersNotDelivered) {
  // Parts in path order: "" and "a" arrive, then the query fails.
  remote.fail_subtree("", http_error(503, "Service Unavailable"), /*parts_before=*/2);
  const Outcome run = list(remote, with(ListingStrategy::Aql));
  EXPECT_FALSE(run.summary.fatal) << "the root was delivered";
  EXPECT_THAT(run.items(), Contains("README.md"));
  EXPECT_THAT(run.items(), Contains("a/one.txt"));
  // Folders the walk asks for after the error fail with it too (they lie in the failed query's
  // subtree), whether they were waiting when it came or not: no second query hides the failure.
  EXPECT_EQ(remote.calls(Method::Aql), 1u) << "one query of the whole tree";
  EXPECT_EQ(run.failed_paths(), (std::set<std::string>{"a/empty", "a/sub", "b", "d"}));
  for (const auto& [path, error] : run.failures) EXPECT_EQ(error.http_status, 503) << path;
}

}  // namespace
}  // namespace arty

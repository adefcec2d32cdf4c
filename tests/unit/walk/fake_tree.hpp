// An in-memory arty::Remote for tests of the walker and of list_tree: a tree of folders and files,
// failures per folder or file, and completions that run either synchronously inside the call or
// asynchronously on a small pool of worker threads. It also observes how it is used: listings
// outstanding at once, calls per folder, order of requests.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "arty/remote.hpp"
#include "arty/walker.hpp"

namespace arty::testing {

enum class Completion {
  Synchronous,   ///< `done` is called inside list_folder/stat, on the caller's thread.
  Asynchronous,  ///< `done` is called later, from one of the fake's worker threads.
};

/// Names the parameterized test instances "Synchronous" and "Asynchronous".
struct CompletionName {
  std::string operator()(const ::testing::TestParamInfo<Completion>& param) const {
    return param.param == Completion::Synchronous ? "Synchronous" : "Asynchronous";
  }
};

/// A fixed pool of worker threads fed by a FIFO queue; joined by the destructor after the queue
/// has been drained.
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> task);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool shutting_down_ = false;
  std::vector<std::thread> threads_;
};

class FakeRemote final : public Remote {
 public:
  explicit FakeRemote(Completion mode, std::size_t threads = 4);
  ~FakeRemote() override;

  // --- Building the tree (before the walk) -------------------------------------------------
  /// Adds a folder and its missing parents. "" is the root, which always exists.
  void add_folder(const std::string& path);
  /// Adds a file (and its missing parent folders) with what stat() reports for it.
  void add_file(const std::string& path, std::uint64_t size = 0, std::string last_modified = {},
                Checksums checksums = {});
  /// list_folder(folder) fails with `error` (the folder itself still appears in its parent).
  void fail_listing(const std::string& folder, Error error);
  /// stat(path) fails with `error`.
  void fail_stat(const std::string& path, Error error);
  /// What stat(path) answers, whatever the tree holds (e.g. for a root that is a file).
  void set_stat(const std::string& path, Entry entry);

  // --- Controlling completions --------------------------------------------------------------
  /// Listings of `folder` are not completed until release_held().
  void hold(const std::string& folder);
  /// Listings of folders other than the root are held until `count` listings are outstanding at
  /// once; then they are all released and the gate disappears.
  void hold_until_outstanding(std::size_t count);
  /// Completes every held listing, with its normal result or, when given, with `error`.
  /// Listings requested afterwards are no longer held.
  void release_held(std::optional<Error> error = std::nullopt);
  /// From now on every request fails with ErrorKind::Cancelled (like TransferEngine::cancel()).
  void cancel_everything();
  /// Called inside list_folder, before the listing is completed or queued.
  void on_list_request(std::function<void(const std::string& folder)> hook);

  // --- Remote --------------------------------------------------------------------------------
  void list_folder(const std::string& folder, ListCallback done) override;
  void stat(const std::string& path, StatCallback done) override;

  /// A ListFolderFn for arty::Walker that lists through this fake.
  ListFolderFn list_fn();

  // --- Observations --------------------------------------------------------------------------
  /// Blocks until `folder` has been requested at least once.
  void wait_until_requested(const std::string& folder);
  [[nodiscard]] std::size_t max_outstanding() const;
  [[nodiscard]] std::size_t outstanding() const;
  [[nodiscard]] std::size_t held_count() const;
  [[nodiscard]] std::size_t list_calls(const std::string& folder) const;
  [[nodiscard]] std::size_t total_list_calls() const;
  [[nodiscard]] std::size_t total_stat_calls() const;
  [[nodiscard]] std::vector<std::string> requested_folders() const;
  /// Every path in the tree (folders and files, not the root), for comparing with a walk.
  [[nodiscard]] std::set<std::string> all_paths() const;
  [[nodiscard]] std::set<std::string> folders() const;

 private:
  struct Held {
    std::string folder;
    ListCallback done;
    bool by_gate = false;
  };

  Result<FolderListing> listing_of(const std::string& folder) const;  // needs mutex_
  Result<Entry> stat_of(const std::string& path) const;               // needs mutex_
  void complete(ListCallback done, Result<FolderListing> result);
  void release(std::vector<Held> held, const std::optional<Error>& error);

  const Completion mode_;
  mutable std::mutex mutex_;
  std::condition_variable requested_;
  std::map<std::string, std::vector<Entry>> children_;  // folder -> direct children (bare names)
  std::map<std::string, Entry> items_;                  // path -> what stat() reports
  std::map<std::string, Entry> stat_overrides_;
  std::map<std::string, Error> listing_failures_;
  std::map<std::string, Error> stat_failures_;
  std::set<std::string> held_folders_;
  std::optional<std::size_t> gate_;
  std::vector<Held> held_;
  bool cancelled_ = false;
  std::function<void(const std::string&)> on_list_request_;

  std::size_t outstanding_ = 0;
  std::size_t max_outstanding_ = 0;
  std::map<std::string, std::size_t> list_calls_;
  std::vector<std::string> requested_order_;
  std::size_t stat_calls_ = 0;

  WorkerPool pool_;  // last: joined first, while the state above is still alive
};

}  // namespace arty::testing

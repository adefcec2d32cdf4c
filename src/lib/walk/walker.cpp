// The concurrent tree walk; the algorithm and its contract are in include/arty/walker.hpp.
#include "arty/walker.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "util/path_segment.hpp"

namespace arty {
namespace {

/// A listed folder as its descendants remember it, to recognise cycles.
struct Ancestor {
  std::string name;
  std::uint64_t fingerprint = 0;
  std::shared_ptr<const Ancestor> parent;
};

struct PendingFolder {
  std::string path;
  int depth = 0;
  std::shared_ptr<const Ancestor> parent;  // null for the root
};

struct Completion {
  PendingFolder folder;
  Result<FolderListing> result;
};

/// The ancestor that `folder` repeats (same name, same children), or null. Such a folder (a
/// virtual repository including itself, a server echoing a path) would be walked forever.
const Ancestor* repeated_ancestor(const PendingFolder& folder, std::uint64_t fingerprint) {
  const std::string_view name = util::last_segment(folder.path);
  for (const Ancestor* ancestor = folder.parent.get(); ancestor;
       ancestor = ancestor->parent.get()) {
    if (ancestor->fingerprint == fingerprint && ancestor->name == name) return ancestor;
  }
  return nullptr;
}

/// Listings that finished, handed from whatever thread completed them to the walking thread.
/// Holds at most max_in_flight items: each listing in flight completes exactly once.
class CompletionQueue {
 public:
  void push(Completion completion) {
    // Notify while holding the lock: once the walking thread sees the last completion it may
    // return and destroy this queue, so nothing may touch it after the lock is released.
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(completion));
    ready_.notify_one();
  }

  /// Waits up to `timeout` for a completion; false when none arrived.
  bool pop(Completion& out, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [&] { return !items_.empty(); })) return false;
    out = std::move(items_.front());
    items_.pop_front();
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Completion> items_;
};

}  // namespace

Walker::Walker(ListFolderFn list_folder, WalkOptions options)
    : list_folder_(std::move(list_folder)), options_(std::move(options)) {
  options_.max_in_flight = std::max<std::size_t>(options_.max_in_flight, 1);
}

WalkSummary Walker::walk(const WalkVisitor& visitor) {
  using Clock = std::chrono::steady_clock;
  CompletionQueue completions;
  std::vector<PendingFolder> pending{{"", 0, nullptr}};  // LIFO: depth first keeps it small
  std::size_t in_flight = 0;
  bool stopping = false;
  bool cancel_sent = false;
  WalkSummary summary;
  auto next_tick = Clock::now() + options_.tick;

  const auto stop_asked = [&] {
    return stop_requested_.load() || (options_.stop_flag && options_.stop_flag->load());
  };
  // A folder at `depth` is listed when its children (depth + 1) are within max_depth.
  const auto should_list = [&](int depth) {
    return !options_.max_depth || depth < *options_.max_depth;
  };

  while (true) {
    if (!stopping && stop_asked()) stopping = true;
    if (stopping && in_flight > 0 && !cancel_sent && options_.cancel_in_flight) {
      options_.cancel_in_flight();
      cancel_sent = true;
    }
    while (!stopping && in_flight < options_.max_in_flight && !pending.empty()) {
      PendingFolder folder = std::move(pending.back());
      pending.pop_back();
      ++in_flight;
      const std::string path = folder.path;
      list_folder_(
          path, [&completions, folder = std::move(folder)](Result<FolderListing> result) mutable {
            completions.push(Completion{std::move(folder), std::move(result)});
          });
    }
    if (in_flight == 0 && (stopping || pending.empty())) break;

    Completion done;
    const bool got = completions.pop(done, options_.tick);
    if (visitor.on_tick && Clock::now() >= next_tick) {
      visitor.on_tick();
      next_tick = Clock::now() + options_.tick;
    }
    if (!got) continue;
    --in_flight;
    if (stopping) continue;  // draining: outstanding listings are no longer visited

    const std::string& folder = done.folder.path;
    const std::uint64_t fingerprint = done.result ? done.result->fingerprint() : 0;
    if (done.result) {
      if (repeated_ancestor(done.folder, fingerprint) != nullptr) {
        done.result = fail(ErrorKind::BadResponse,
                           "lists the same children as its ancestor of the same name, a cycle "
                           "(a virtual repository that includes itself?); not descending");
      }
    }
    if (!done.result) {
      ++summary.folders_failed;
      if (visitor.on_folder_failed(folder, done.result.error()) == WalkAction::Stop) {
        stopping = true;
      }
      continue;
    }
    const FolderListing& listing = *done.result;
    auto self = std::make_shared<const Ancestor>(
        Ancestor{std::string(util::last_segment(folder)), fingerprint, done.folder.parent});
    const std::size_t first_new = pending.size();
    for (std::size_t i = 0; i < listing.size(); ++i) {
      Entry child = listing.entry(i);
      child.path = util::join_path(folder, child.path);
      ++summary.entries;
      if (visitor.on_entry(child) == WalkAction::Stop) {
        stopping = true;
        break;
      }
      if (child.is_folder() && should_list(done.folder.depth + 1) &&
          (!options_.descend || options_.descend(child.path))) {
        pending.push_back({std::move(child.path), done.folder.depth + 1, self});
      }
    }
    // Reverse so that the first child is listed first (pending is popped from the back).
    std::reverse(pending.begin() + static_cast<std::ptrdiff_t>(first_new), pending.end());
    if (stopping) continue;  // stopped inside this folder: it was not listed completely
    ++summary.folders_listed;
    if (visitor.on_folder_listed) visitor.on_folder_listed(folder, listing.size());
  }
  summary.stopped = stopping;
  return summary;
}

}  // namespace arty

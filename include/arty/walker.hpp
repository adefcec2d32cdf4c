// The generic concurrent tree walk: a root, a way to list one folder, a visitor.
//
// Algorithm: no level barriers. A folder's listing is requested the moment its parent's listing
// has been visited, as long as fewer than `max_in_flight` listings are outstanding; folders found
// beyond that wait on a LIFO stack (depth first, so the stack stays small: memory grows with the
// tree's depth times its fan-out, not with its size). The walk is done when no folder is pending
// and none is in flight.
//
// Contract:
// - The visitor's functions are called only on the thread that called `walk()`, never
//   concurrently with each other.
// - A folder's Entry is visited before any of its children's.
// - Every folder the walk decided to list is either listed (its children visited, then
//   `on_folder_listed`) or reported to `on_folder_failed`; nothing is dropped silently. The root
//   is the folder "".
// - A folder whose name and children (names and types) are those of one of its ancestors is a
//   cycle: it is reported to `on_folder_failed` (ErrorKind::BadResponse) and not descended.
// - `on_folder_failed` returns whether the walk goes on (a per-folder failure) or stops (a fatal
//   one); the first Stop wins. `stop()` may be called from any thread, also from a signal-safe
//   context via the flag passed to `WalkOptions::stop_flag`.
// - When stopping, the walk no longer starts listings, calls `cancel_in_flight` once if listings
//   are outstanding, waits for every one of them to complete (without visiting it) and returns.
//   A folder inside which the walk stopped is not reported to `on_folder_listed`.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "arty/entry.hpp"
#include "arty/error.hpp"
#include "arty/remote.hpp"

namespace arty {

enum class WalkAction { Continue, Stop };

/// Lists one folder (path relative to the root, "" = root); contract of Remote::list_folder.
using ListFolderFn = std::function<void(const std::string& folder, ListCallback done)>;

/// `on_entry` and `on_folder_failed` are required; the others may be left empty.
struct WalkVisitor {
  /// Each child found, with its path relative to the root. Return Stop to end the walk.
  std::function<WalkAction(const Entry&)> on_entry;
  /// After all children of `folder` were visited.
  std::function<void(const std::string& folder, std::size_t children)> on_folder_listed;
  /// A folder whose listing failed for good.
  std::function<WalkAction(const std::string& folder, const Error&)> on_folder_failed;
  /// Called about every `tick`, for progress displays.
  std::function<void()> on_tick;
};

struct WalkOptions {
  std::size_t max_in_flight = 16;  ///< Listings outstanding at once (at least 1).
  std::optional<int> max_depth;    ///< Children of the root are depth 1; none = unlimited.
  std::chrono::milliseconds tick{100};
  const std::atomic<bool>* stop_flag = nullptr;  ///< Checked every tick, e.g. set by SIGINT.
  std::function<void()> cancel_in_flight;  ///< Called once when stopping with listings outstanding.
  /// When set, a folder (path relative to the root) for which it returns false is visited but
  /// not listed (e.g. excluded by a filter).
  std::function<bool(const std::string& folder)> descend;
};

struct WalkSummary {
  std::size_t folders_listed = 0;
  std::size_t folders_failed = 0;
  std::size_t entries = 0;
  bool stopped = false;  ///< Ended early (visitor Stop, stop(), or the stop flag).
};

class Walker {
 public:
  Walker(ListFolderFn list_folder, WalkOptions options);

  /// Walks the tree under the root; blocks until done (see the contract above).
  WalkSummary walk(const WalkVisitor& visitor);

  /// Asks a running walk to stop; thread-safe.
  void stop() { stop_requested_.store(true); }

 private:
  ListFolderFn list_folder_;
  WalkOptions options_;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace arty

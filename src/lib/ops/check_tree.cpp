// The comparison operation; the algorithm and its rules are in arty/check_tree.hpp.
//
// Steps, all on the thread that runs the walk:
//   1. walk the remote tree with File Info per file (list_tree), gathering each folder's children;
//   2. when a remote folder is listed, read the same local folder and pair the children by name;
//   3. decide each pair: Missing, Extra (scanning local-only folders), Error, Differ (size), or
//      hand the local file to the HashQueue;
//   4. report hashes as they finish (oneTBB workers hash while the walk goes on);
//   5. after the walk, wait for the files still hashing.
#include "arty/check_tree.hpp"

#include <chrono>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "arty/list_tree.hpp"
#include "arty/local_tree.hpp"
#include "local/hash_queue.hpp"
#include "util/path_segment.hpp"

namespace arty {
namespace {

constexpr std::chrono::milliseconds kTick{100};

Error local_error(std::string message) {
  return Error{ErrorKind::LocalIo, std::move(message), "", 0};
}

Error server_error(std::string message) {
  return Error{ErrorKind::BadResponse, std::move(message), "", 0};
}

/// What is known of a remote folder's local counterpart before the folder is listed.
enum class LocalSide {
  Absent,      ///< No local folder: every remote file below is Missing.
  Unreadable,  ///< An ancestor could not be read locally (one Error already): compare nothing.
};

class Comparison {
 public:
  Comparison(const std::filesystem::path& local_root, const CheckOptions& options,
             const CheckObserver& observer)
      : root_(local_root),
        options_(options),
        observer_(observer),
        queue_(options.hash_threads, 0) {}

  CheckSummary run(Remote& remote) {
    const ListSummary listed = walk(remote);
    if (listed.fatal) {
      summary_.fatal = listed.fatal;
    } else if (root_is_file_) {
      summary_.fatal = Error{ErrorKind::InvalidArgument,
                             "the URL names a file; arty check compares a folder with DIR", "", 0};
    }
    if (summary_.fatal) stop();
    wait_for_hashes();
    summary_.stopped = stopping_ || listed.stopped;
    summary_.listing = listed;
    return summary_;
  }

 private:
  // --- 1. the remote walk ---------------------------------------------------------------------
  ListSummary walk(Remote& remote) {
    ListOptions list_options;
    list_options.jobs = options_.jobs;
    list_options.strategy = options_.strategy;
    list_options.bulk_response_bytes = options_.bulk_response_bytes;
    list_options.details = true;
    list_options.stop_flag = &stop_;
    list_options.cancel_in_flight = options_.cancel_in_flight;
    ListObserver list_observer;
    list_observer.on_entry = [this](const Entry& entry) {
      children_.push_back(entry);
      return !stopping_;
    };
    list_observer.on_failure = [this](const std::string& path, const Error& error) {
      failed_remote_.insert(path);  // its Entry, if it is a file, has no size: not compared
      report_error(path, error);
    };
    list_observer.on_folder_listed = [this](const std::string& folder) { compare_folder(folder); };
    list_observer.on_tick = [this] { poll(); };
    list_observer.on_root_file = [this](const Entry&) { root_is_file_ = true; };
    return list_tree(remote, list_options, list_observer);
  }

  // --- 2. pairing a listed remote folder with the local one -----------------------------------
  void compare_folder(const std::string& folder) {
    ++summary_.folders;
    const std::vector<Entry> remote = std::exchange(children_, {});
    if (stopping_) return;
    std::optional<LocalSide> known;
    if (const auto found = expected_.find(folder); found != expected_.end()) {
      known = found->second;
      expected_.erase(found);
    }
    if (known == LocalSide::Unreadable) return expect_for_subfolders(remote, LocalSide::Unreadable);

    std::vector<LocalItem> local;
    if (!known) {
      auto listed = list_local_folder(local_path_of(root_, folder));
      if (!listed) {
        report_error(folder, listed.error());
        return expect_for_subfolders(remote, LocalSide::Unreadable);
      }
      local = std::move(*listed);
    }
    std::unordered_map<std::string_view, std::size_t> by_name;
    for (std::size_t i = 0; i < local.size(); ++i) by_name.emplace(local[i].path, i);
    std::vector<bool> paired(local.size(), false);
    for (const Entry& entry : remote) {
      const auto found = by_name.find(util::last_segment(entry.path));
      LocalItem* mine = nullptr;
      if (found != by_name.end()) {
        mine = &local[found->second];
        paired[found->second] = true;
      }
      if (entry.is_folder()) {
        pair_folder(entry, mine);
      } else {
        pair_file(entry, mine);
      }
      if (stopping_) return;
    }
    for (std::size_t i = 0; i < local.size() && !stopping_; ++i) {
      if (paired[i]) continue;
      local[i].path = util::join_path(folder, local[i].path);
      report_local_only(local[i]);
    }
  }

  void expect_for_subfolders(const std::vector<Entry>& remote, LocalSide side) {
    for (const Entry& entry : remote) {
      if (entry.is_folder()) expected_.emplace(entry.path, side);
    }
  }

  // --- 3. deciding one pair -------------------------------------------------------------------
  void pair_folder(const Entry& remote, const LocalItem* mine) {
    if (mine != nullptr && mine->type == LocalItemType::Folder) return;  // compared when listed
    expected_.emplace(remote.path, LocalSide::Absent);  // its files will be Missing
    if (mine == nullptr) return;
    report_error(remote.path, mine->error ? *mine->error
                                          : local_error("a file here, a folder in the repository"));
  }

  void pair_file(const Entry& remote, const LocalItem* mine) {
    if (!remote.size) {
      // No File Info: its failure was reported (before its folder was listed), else say so.
      if (failed_remote_.erase(remote.path) == 0) {
        report_error(remote.path, server_error("the server gave no size for this file"));
      }
      return;
    }
    CheckRecord record;
    record.path = remote.path;
    record.size = remote.size;
    if (mine == nullptr) {
      record.state = CheckState::Missing;
      return report(record);
    }
    if (mine->type == LocalItemType::Folder) {
      report_error(remote.path, local_error("a folder here, a file in the repository"));
      return report_local_files(remote.path);
    }
    if (mine->type != LocalItemType::File) return report_error(remote.path, *mine->error);
    if (mine->size != *remote.size) {
      record.state = CheckState::Differ;
      record.difference = Difference::Size;
      record.local_size = mine->size;
      return report(record);
    }
    const auto algorithm = strongest_known(remote.checksums);
    if (!algorithm) {
      return report_error(remote.path, server_error("the server gave no checksum for this file"));
    }
    hash(HashJob{remote.path, local_path_of(root_, remote.path), *algorithm, mine->size,
                 checksum_of(remote.checksums, *algorithm)});
  }

  void report_local_only(const LocalItem& item) {
    switch (item.type) {
      case LocalItemType::File:
        return report_extra(item);
      case LocalItemType::Folder:
        return report_local_files(item.path);
      case LocalItemType::Other:
        return report_error(item.path, *item.error);
    }
  }

  /// Every file under the local folder `path` is Extra (failures are Error).
  void report_local_files(const std::string& path) {
    LocalTreeScanner scanner(root_, path);
    while (!stopping_) {
      std::optional<LocalItem> item = scanner.next();
      if (!item) break;
      if (item->error) {
        report_error(item->path, *item->error);
      } else {
        report_extra(*item);
      }
      poll();
    }
  }

  void report_extra(const LocalItem& file) {
    CheckRecord record;
    record.state = CheckState::Extra;
    record.path = file.path;
    record.local_size = file.size;
    report(record);
  }

  // --- 4. hashing -----------------------------------------------------------------------------
  void hash(HashJob job) {
    while (queue_.full() && !stopping_) {
      report_hashes(queue_.take(kTick));
      poll();
    }
    if (!stopping_) queue_.submit(std::move(job));
  }

  void report_hashes(std::vector<HashResult> results) {
    for (HashResult& result : results) {
      if (stopping_) return;
      if (!result.checksum) {
        report_error(result.job.path, result.checksum.error());
        continue;
      }
      ++summary_.hashed_files;
      summary_.hashed_bytes += result.job.size;
      CheckRecord record;
      record.path = std::move(result.job.path);
      record.size = result.job.size;
      record.algorithm = result.job.algorithm;
      record.checksum = std::move(result.job.expected);
      record.local_checksum = std::move(*result.checksum);
      record.state =
          record.checksum == record.local_checksum ? CheckState::Identical : CheckState::Differ;
      if (record.state == CheckState::Differ) {
        record.difference = Difference::Checksum;
        record.local_size = result.job.size;
      }
      report(record);
    }
  }

  // --- 5. the end -----------------------------------------------------------------------------
  void wait_for_hashes() {
    while (queue_.pending() > 0) {
      poll();
      report_hashes(queue_.take(kTick));
    }
  }

  // --- reporting, stopping, progress ----------------------------------------------------------
  void report_error(const std::string& path, const Error& error) {
    CheckRecord record;
    record.state = CheckState::Error;
    record.path = path;
    record.error = error;
    report(record);
  }

  void report(const CheckRecord& record) {
    if (stopping_) return;
    switch (record.state) {
      case CheckState::Identical:
        ++summary_.identical;
        break;
      case CheckState::Missing:
        ++summary_.missing;
        break;
      case CheckState::Extra:
        ++summary_.extra;
        break;
      case CheckState::Differ:
        ++summary_.differ;
        break;
      case CheckState::Error:
        ++summary_.errors;
        break;
    }
    if (!observer_.on_record(record)) stop();
  }

  /// Reports finished hashes, follows the stop flag, ticks about every 100 ms.
  void poll() {
    report_hashes(queue_.take());
    if (!stopping_ && options_.stop_flag && options_.stop_flag->load()) stop();
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_tick_) {
      next_tick_ = now + kTick;
      if (observer_.on_tick) observer_.on_tick();
    }
  }

  void stop() {
    stopping_ = true;
    stop_.store(true);
    queue_.cancel();
  }

  const std::filesystem::path& root_;
  const CheckOptions& options_;
  const CheckObserver& observer_;
  HashQueue queue_;
  CheckSummary summary_;
  std::atomic<bool> stop_{false};  // what list_tree polls
  bool stopping_ = false;
  bool root_is_file_ = false;
  std::vector<Entry> children_;  // of the folder whose listing is being visited
  std::unordered_map<std::string, LocalSide> expected_;  // remote folders not listed yet
  // Remote paths whose failure was reported, until their sizeless Entry is seen. Holds at most
  // the failures of the listings in flight, plus the failed folders.
  std::unordered_set<std::string> failed_remote_;
  std::chrono::steady_clock::time_point next_tick_ = std::chrono::steady_clock::now() + kTick;
};

}  // namespace

const char* check_state_name(CheckState state) {
  switch (state) {
    case CheckState::Identical:
      return "identical";
    case CheckState::Missing:
      return "missing";
    case CheckState::Extra:
      return "extra";
    case CheckState::Differ:
      return "differ";
    case CheckState::Error:
      return "error";
  }
  return "error";
}

char check_state_symbol(CheckState state) {
  switch (state) {
    case CheckState::Identical:
      return '=';
    case CheckState::Missing:
      return '-';
    case CheckState::Extra:
      return '+';
    case CheckState::Differ:
      return '*';
    case CheckState::Error:
      return '!';
  }
  return '!';
}

CheckSummary check_tree(Remote& remote, const std::filesystem::path& local_root,
                        const CheckOptions& options, const CheckObserver& observer) {
  return Comparison(local_root, options, observer).run(remote);
}

}  // namespace arty

// StrategyLister; the strategies and their rules are in strategy_lister.hpp.
#include "ops/strategy_lister.hpp"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

namespace arty::ops {
namespace {

enum class Permission { Unknown, Probing, Allowed, Refused };

const char* method_name(BulkMethod method) {
  return method == BulkMethod::FileList ? "File List" : "AQL";
}

/// Number of segments: "" -> 0, "a" -> 1, "a/b" -> 2.
int depth_of(const std::string& folder) {
  return folder.empty() ? 0 : 1 + static_cast<int>(std::count(folder.begin(), folder.end(), '/'));
}

/// A server that does not allow a method says so with one of these (OSS servers, anonymous
/// users, admins' restrictions, rate limits); the method is not tried again in this run.
bool is_refusal(const Error& error) {
  if (error.kind == ErrorKind::InvalidArgument) return true;  // the remote cannot do it
  if (error.kind != ErrorKind::HttpStatus) return false;
  switch (error.http_status) {
    case 400:
    case 401:
    case 403:
    case 404:
    case 405:
    case 429:
    case 501:
      return true;
    default:
      return false;
  }
}

/// A bulk listing in progress and the folders of the walk waiting for it.
struct Subtree {
  std::string root;
  BulkMethod method = BulkMethod::FileList;
  std::optional<int> depth;  // levels below root it lists; none = all
  bool probe = false;        // the first request of its method in this run
  bool answered = false;     // a first part or an error came
  std::vector<std::pair<std::string, ListCallback>> parked;
};

using Answer = std::pair<ListCallback, Result<FolderListing>>;

}  // namespace

struct StrategyLister::State : std::enable_shared_from_this<StrategyLister::State> {
  State(Remote& the_remote, ListingStrategy the_strategy, std::optional<int> the_max_depth,
        std::string the_file_criteria, std::uint64_t the_response_bound)
      : remote(the_remote),
        strategy(the_strategy),
        max_depth(the_max_depth),
        file_criteria(std::move(the_file_criteria)),
        response_bound(the_response_bound) {}

  Remote& remote;
  const ListingStrategy strategy;
  const std::optional<int> max_depth;
  const std::string file_criteria;
  const std::uint64_t response_bound;

  mutable std::mutex mutex;
  std::condition_variable idle;
  std::size_t running = 0;  // bulk listings started and not finished
  std::unordered_map<std::string, FolderListing> delivered;
  std::map<std::string, std::shared_ptr<Subtree>> active;  // by root
  std::unordered_set<std::string> split;                   // list with Folder Info
  std::map<std::string, Error> failed;  // list and aql: roots of bulk listings that failed
  Permission permission[2] = {Permission::Unknown, Permission::Unknown};
  std::vector<std::pair<std::string, ListCallback>> waiting_for_probe;
  StrategyCounts counts;

  /// The error of the failed bulk listing `folder` lies in (list and aql), or null.
  const Error* failed_covering(const std::string& folder) const {
    for (const auto& [root, error] : failed) {
      if (root.empty() || folder == root ||
          (folder.size() > root.size() && folder.starts_with(root) && folder[root.size()] == '/')) {
        return &error;
      }
    }
    return nullptr;
  }

  /// The bulk listing in progress that will deliver `folder`, or null.
  Subtree* covering(const std::string& folder) {
    const int depth = depth_of(folder);
    std::string prefix = folder;
    while (true) {
      if (auto it = active.find(prefix); it != active.end()) {
        const Subtree& subtree = *it->second;
        if (!subtree.depth || depth - depth_of(prefix) < *subtree.depth) return it->second.get();
      }
      if (prefix.empty()) return nullptr;
      const auto slash = prefix.rfind('/');
      prefix.resize(slash == std::string::npos ? 0 : slash);
    }
  }

  void list(const std::string& folder, ListCallback done) {
    std::unique_lock lock(mutex);
    if (auto it = delivered.find(folder); it != delivered.end()) {
      FolderListing listing = std::move(it->second);
      delivered.erase(it);
      ++counts.delivered;
      lock.unlock();
      return done(std::move(listing));
    }
    if (Subtree* subtree = covering(folder)) {
      subtree->parked.emplace_back(folder, std::move(done));
      return;
    }
    if (const Error* error = failed_covering(folder)) {
      // Not listed by the one query that was to list it; asking again would hide the failure.
      Error copy = *error;
      lock.unlock();
      return done(tl::unexpected(std::move(copy)));
    }
    std::optional<int> levels;  // what the walk still wants below this folder
    if (max_depth) levels = *max_depth - depth_of(folder);
    std::optional<SubtreeQuery> query;
    bool probe = false;
    if (split.count(folder) != 0 || (levels && *levels <= 0)) {
      // listed with Folder Info (below)
    } else if (strategy == ListingStrategy::FileList || strategy == ListingStrategy::Aql) {
      query.emplace();
      query->method =
          strategy == ListingStrategy::FileList ? BulkMethod::FileList : BulkMethod::Aql;
      query->depth = levels;
      query->fail_fast = false;
    } else if (strategy == ListingStrategy::Auto) {
      for (const BulkMethod method : {BulkMethod::FileList, BulkMethod::Aql}) {
        // AQL pages one after another: a whole repository in one query would be slow. Its
        // subtrees start below the root, where they run side by side.
        if (method == BulkMethod::Aql && folder.empty()) break;
        Permission& allowed = permission[static_cast<int>(method)];
        if (allowed == Permission::Refused) continue;
        if (allowed == Permission::Probing) {
          waiting_for_probe.emplace_back(folder, std::move(done));
          return;
        }
        probe = allowed == Permission::Unknown;
        if (probe) allowed = Permission::Probing;
        query.emplace();
        query->method = method;
        query->depth = levels ? std::min(*levels, kAutoDepth) : kAutoDepth;
        query->max_response_bytes = response_bound;
        query->fail_fast = true;
        break;
      }
    }
    if (!query) {
      ++counts.folder_infos;
      lock.unlock();
      return remote.list_folder(folder, std::move(done));
    }
    query->page_items = kAqlPageItems;
    query->file_criteria = file_criteria;
    auto subtree = std::make_shared<Subtree>();
    subtree->root = folder;
    subtree->method = query->method;
    subtree->depth = query->depth;
    subtree->probe = probe;
    subtree->parked.emplace_back(folder, std::move(done));
    active[folder] = subtree;
    ++running;
    ++(query->method == BulkMethod::FileList ? counts.file_lists : counts.aql_subtrees);
    lock.unlock();
    remote.list_subtree(folder, *query,
                        [self = shared_from_this(), subtree](Result<SubtreePart> part) {
                          self->on_part(*subtree, std::move(part));
                        });
  }

  void on_part(Subtree& subtree, Result<SubtreePart> part) {
    std::vector<Answer> answers;
    std::vector<std::pair<std::string, ListCallback>> relist;
    {
      std::lock_guard lock(mutex);
      Permission& allowed = permission[static_cast<int>(subtree.method)];
      // The root may be a file (File List answers 400) or missing (404): no refusal of the
      // method, and Folder Info of the root says what it is, with the right error.
      const bool root_not_a_folder =
          !part && subtree.root.empty() && part.error().kind == ErrorKind::HttpStatus &&
          (part.error().http_status == 400 || part.error().http_status == 404);
      const bool refused = !part && is_refusal(part.error()) && !root_not_a_folder;
      if (refused && strategy == ListingStrategy::Auto) {
        if (allowed != Permission::Refused) {
          counts.notes.push_back(fmt::format("{} not allowed ({}): not used again in this run",
                                             method_name(subtree.method), part.error().describe()));
        }
        allowed = Permission::Refused;
      } else if (subtree.probe && !subtree.answered) {
        // Inconclusive when it failed otherwise (a timeout): the next folder probes again.
        allowed = part ? Permission::Allowed : Permission::Unknown;
      }
      if (subtree.probe && !subtree.answered) {
        std::move(waiting_for_probe.begin(), waiting_for_probe.end(), std::back_inserter(relist));
        waiting_for_probe.clear();
      }
      subtree.answered = true;
      if (part) {
        for (auto& folder_listing : part->folders) {
          const std::string& path = folder_listing.first;
          FolderListing& listing = folder_listing.second;
          if (path.empty() && listing.empty() && subtree.method == BulkMethod::Aql) {
            // AQL says nothing of the root itself: a file or a missing path also gives no
            // results. Folder Info tells (and gives the right error).
            split.insert(path);
            continue;
          }
          auto waiting = std::find_if(subtree.parked.begin(), subtree.parked.end(),
                                      [&](const auto& parked) { return parked.first == path; });
          if (waiting != subtree.parked.end()) {
            answers.emplace_back(std::move(waiting->second), std::move(listing));
            subtree.parked.erase(waiting);
            ++counts.delivered;
          } else {
            delivered[path] = std::move(listing);
          }
        }
      }
      if (!part || part->last) {
        if (auto it = active.find(subtree.root);
            it != active.end() && it->second.get() == &subtree) {
          active.erase(it);
        }
        const bool strict = strategy != ListingStrategy::Auto;
        if (root_not_a_folder && (!strict || part.error().http_status == 400)) {
          split.insert(subtree.root);
          std::move(subtree.parked.begin(), subtree.parked.end(), std::back_inserter(relist));
        } else if (!part && (strict || part.error().kind == ErrorKind::Cancelled)) {
          if (strict) failed.emplace(subtree.root, part.error());
          for (auto& [path, done] : subtree.parked)
            answers.emplace_back(std::move(done), tl::unexpected(part.error()));
        } else {
          if (!part) {
            ++counts.fallbacks;
            if (!refused) {
              split.insert(subtree.root);
              counts.notes.push_back(fmt::format("{} of \"{}\" failed ({}): walked instead",
                                                 method_name(subtree.method), subtree.root,
                                                 part.error().describe()));
            }
          }
          std::move(subtree.parked.begin(), subtree.parked.end(), std::back_inserter(relist));
        }
        subtree.parked.clear();
        --running;
        idle.notify_all();
      }
    }
    for (auto& [done, result] : answers) done(std::move(result));
    for (auto& [folder, done] : relist) list(folder, std::move(done));
  }
};

StrategyLister::StrategyLister(Remote& remote, ListingStrategy strategy,
                               std::optional<int> max_depth, std::string file_criteria,
                               std::uint64_t response_bound)
    : state_(std::make_shared<State>(remote, strategy, max_depth, std::move(file_criteria),
                                     response_bound)) {}

StrategyLister::~StrategyLister() {
  std::unique_lock lock(state_->mutex);
  state_->idle.wait(lock, [&] { return state_->running == 0; });
}

void StrategyLister::list(const std::string& folder, ListCallback done) {
  state_->list(folder, std::move(done));
}

bool StrategyLister::busy() const {
  std::lock_guard lock(state_->mutex);
  return state_->running > 0;
}

StrategyCounts StrategyLister::counts() const {
  std::lock_guard lock(state_->mutex);
  return state_->counts;
}

}  // namespace arty::ops

// The listing operation: walk, (optionally) fetch File Info of every file, report.
//
// Steps:
//   1. walk the tree with the concurrent Walker, up to `jobs` listings in flight;
//   2. with `details`, complete each folder's listing with one File Info per file, concurrently,
//      before the walker sees it;
//   3. decide which failures are fatal (the root, or 401 anywhere) and which are per-folder;
//   4. if the root turned out to be a file, report that file alone.
#include "arty/list_tree.hpp"

#include <future>
#include <memory>
#include <mutex>
#include <vector>

#include "arty/walker.hpp"
#include "ops/aql_filter.hpp"
#include "ops/strategy_lister.hpp"
#include "util/path_segment.hpp"

namespace arty {
namespace {

/// Failures of File Info requests, collected from any thread, reported by the walking thread.
class FailureInbox {
 public:
  void add(std::string path, Error error) {
    std::lock_guard lock(mutex_);
    items_.emplace_back(std::move(path), std::move(error));
  }
  std::vector<std::pair<std::string, Error>> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(items_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, Error>> items_;
};

/// One folder's listing waiting for the File Info of its files. Each File Info callback writes
/// only its own slot of `details`; the last one to finish attaches them all and passes it on.
struct DetailsGather {
  FolderListing listing;
  std::vector<std::size_t> files;                   // indices of the files in `listing`
  std::vector<std::optional<ItemDetails>> details;  // one slot per file
  std::atomic<std::size_t> remaining{0};
  ListCallback done;

  void finish() {
    for (std::size_t slot = 0; slot < files.size(); ++slot) {
      if (details[slot]) listing.set_details(files[slot], std::move(*details[slot]));
    }
    done(std::move(listing));
  }
};

/// A ListFolderFn that lists a folder with `list_folder` and then fills size, lastModified and
/// checksums of the files that came without them (File List and AQL give them).
ListFolderFn list_with_details(ListFolderFn list_folder, Remote& remote,
                               const std::shared_ptr<FailureInbox>& failures) {
  return [list_folder, &remote, failures](const std::string& folder, ListCallback done) {
    list_folder(folder, [&remote, failures, folder,
                         done = std::move(done)](Result<FolderListing> listed) mutable {
      if (!listed) return done(std::move(listed));
      auto gather = std::make_shared<DetailsGather>();
      gather->listing = std::move(*listed);
      gather->done = std::move(done);
      for (std::size_t i = 0; i < gather->listing.size(); ++i) {
        if (gather->listing.type(i) == ItemType::File && !gather->listing.has_details(i)) {
          gather->files.push_back(i);
        }
      }
      if (gather->files.empty()) return gather->done(std::move(gather->listing));
      gather->details.resize(gather->files.size());
      gather->remaining.store(gather->files.size());
      for (std::size_t slot = 0; slot < gather->files.size(); ++slot) {
        std::string path = util::join_path(folder, gather->listing.name(gather->files[slot]));
        remote.stat(path, [gather, failures, slot, path](Result<Entry> info) {
          if (info) {
            gather->details[slot] =
                ItemDetails{info->size, std::move(info->last_modified), std::move(info->checksums)};
          } else {
            failures->add(path, std::move(info.error()));
          }
          if (gather->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) gather->finish();
        });
      }
    });
  };
}

/// Lists nothing but the root itself, which is a file: one File Info request.
Result<Entry> stat_root(Remote& remote) {
  std::promise<Result<Entry>> promise;
  auto future = promise.get_future();
  remote.stat("", [&promise](Result<Entry> entry) { promise.set_value(std::move(entry)); });
  return future.get();
}

}  // namespace

Result<ListingStrategy> parse_listing_strategy(std::string_view name) {
  if (name == "auto") return ListingStrategy::Auto;
  if (name == "walk") return ListingStrategy::Walk;
  if (name == "list") return ListingStrategy::FileList;
  if (name == "aql") return ListingStrategy::Aql;
  return fail(ErrorKind::InvalidArgument,
              "unknown listing strategy \"" + std::string(name) + "\" (auto, walk, list, aql)");
}

ListSummary list_tree(Remote& remote, const ListOptions& options, const ListObserver& observer) {
  auto failures = std::make_shared<FailureInbox>();
  ops::StrategyLister lister(remote, options.strategy, options.max_depth,
                             options.filter ? ops::aql_file_criteria(*options.filter) : "",
                             options.bulk_response_bytes);
  ListFolderFn list_folder = [&lister](const std::string& folder, ListCallback done) {
    lister.list(folder, std::move(done));
  };
  if (options.details) list_folder = list_with_details(std::move(list_folder), remote, failures);
  WalkOptions walk_options;
  walk_options.max_in_flight = options.jobs;
  walk_options.max_depth = options.max_depth;
  walk_options.stop_flag = options.stop_flag;
  walk_options.cancel_in_flight = options.cancel_in_flight;
  if (const EntryFilter* filter = options.filter) {
    walk_options.descend = [filter](const std::string& folder) {
      return !filter->excluded_folder(folder);
    };
  }

  ListSummary summary;
  bool root_is_file = false;
  const auto report_file_failures = [&] {
    for (auto& [path, error] : failures->take()) {
      if (error.kind == ErrorKind::Cancelled) continue;  // the listing is stopping anyway
      ++summary.failed;
      if (observer.on_failure) observer.on_failure(path, error);
    }
  };

  WalkVisitor visitor;
  visitor.on_entry = [&](const Entry& entry) {
    ++(entry.is_folder() ? summary.folders : summary.files);
    return observer.on_entry(entry) ? WalkAction::Continue : WalkAction::Stop;
  };
  visitor.on_folder_listed = [&](const std::string& folder, std::size_t) {
    report_file_failures();
    if (observer.on_folder_listed) observer.on_folder_listed(folder);
    if (observer.on_folder_done) observer.on_folder_done();
  };
  visitor.on_folder_failed = [&](const std::string& folder, const Error& error) {
    if (folder.empty() && error.kind == ErrorKind::NotAFolder) {
      root_is_file = true;
      return WalkAction::Stop;
    }
    const bool unauthorized = error.kind == ErrorKind::HttpStatus && error.http_status == 401;
    if (folder.empty() || unauthorized || error.kind == ErrorKind::Cancelled) {
      if (error.kind != ErrorKind::Cancelled) summary.fatal = error;
      return WalkAction::Stop;
    }
    ++summary.failed;
    if (observer.on_failure) observer.on_failure(folder, error);
    return WalkAction::Continue;
  };
  visitor.on_tick = observer.on_tick;

  Walker walker(std::move(list_folder), std::move(walk_options));
  const WalkSummary walked = walker.walk(visitor);
  report_file_failures();
  summary.stopped = walked.stopped && !root_is_file;
  // Stopped early (`| head`, Ctrl-C): an AQL query still paging would otherwise run to its end
  // before the lister can go.
  if (summary.stopped && lister.busy() && options.cancel_in_flight) options.cancel_in_flight();
  const ops::StrategyCounts counts = lister.counts();
  summary.bulk_folders = counts.delivered;
  summary.bulk_subtrees = counts.file_lists + counts.aql_subtrees;
  summary.folder_infos = counts.folder_infos;
  summary.strategy_notes = counts.notes;

  if (root_is_file) {
    auto entry = stat_root(remote);
    if (!entry) {
      summary.fatal = entry.error();
    } else {
      ++summary.files;
      if (observer.on_root_file) {
        observer.on_root_file(*entry);
      } else {
        observer.on_entry(*entry);
      }
      if (observer.on_folder_done) observer.on_folder_done();
    }
  }
  return summary;
}

}  // namespace arty

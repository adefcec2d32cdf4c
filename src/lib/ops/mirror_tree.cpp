// The mirroring operation (see arty/mirror_tree.hpp for its steps).
//
// Threads: the walk (list_tree) runs on the caller's thread and feeds the bounded queue; file
// jobs start on oneTBB's CPU pool (local checks, opening and resuming files, hashing an existing
// file, hashing a file fetched in ranges as it arrives), their requests complete on the transfer
// engine's I/O thread, where downloads are verified and renamed (on the CPU pool for a file
// fetched in ranges). A job holds one of `transfers_in_flight` slots from start to finish.
#include "arty/mirror_tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include <tbb/task_group.h>

#include "arty/list_tree.hpp"
#include "local/checksum_cache.hpp"
#include "local/destination.hpp"
#include "ops/file_download.hpp"
#include "util/tsan_visible_task.hpp"

namespace arty {
namespace {

constexpr auto kTick = std::chrono::milliseconds(100);
constexpr std::size_t kQueuedPerTransfer = 64;

struct FileJob {
  std::string remote_path;  // relative to the remote root; "" when the root itself is the file
  std::string path;         // as reported: relative to the root, or the root file's name
  std::filesystem::path local_path;
  bool retried = false;  // downloaded again after a failed verification
  // Size and checksums that came with the listing (File List, AQL): no File Info needed.
  std::optional<Entry> listed;
};

class Mirror {
 public:
  Mirror(Remote& remote, const MirrorOptions& options, const MirrorObserver& observer,
         local::Destination destination)
      : remote_(remote),
        options_(options),
        observer_(observer),
        destination_(std::move(destination)),
        transfers_(std::max<std::size_t>(1, options.transfers_in_flight)),
        capacity_(options.queue_capacity ? options.queue_capacity
                                         : kQueuedPerTransfer * transfers_) {}

  MirrorSummary run() {
    ListOptions list_options;
    list_options.max_depth = options_.max_depth;
    list_options.jobs = options_.listings_in_flight;
    list_options.strategy = options_.strategy;
    list_options.bulk_response_bytes = options_.bulk_response_bytes;
    list_options.stop_flag = options_.stop_flag;
    list_options.cancel_in_flight = options_.cancel_in_flight;
    ListObserver list_observer;
    list_observer.on_entry = [this](const Entry& entry) { return on_entry(entry); };
    list_observer.on_root_file = [this](const Entry& entry) { on_root_file(entry); };
    list_observer.on_failure = [this](const std::string& path, const Error& error) {
      folder_failed(path, error);
    };
    list_observer.on_tick = [this] { tick(); };

    const ListSummary listed = list_tree(remote_, list_options, list_observer);
    {
      std::lock_guard lock(mutex_);
      listing_done_ = true;
    }
    if (listed.fatal) {
      std::lock_guard lock(mutex_);
      summary_.fatal = listed.fatal;
    }
    if (listed.stopped || listed.fatal) stop();
    wait_until_idle();
    cpu_.wait();
    std::lock_guard lock(mutex_);
    summary_.stopped = summary_.stopped || listed.stopped;
    summary_.listing = listed;
    return summary_;
  }

 private:
  // ---- on the walking thread ----

  bool on_entry(const Entry& entry) {
    if (entry.is_folder()) {
      if (!options_.dry_run) {
        if (auto made = destination_.ensure_folder(entry.path); !made) {
          folder_failed(entry.path, made.error());
        }
      }
      return true;
    }
    FileJob job;
    job.remote_path = entry.path;
    job.path = entry.path;
    if (entry.size && strongest_known(entry.checksums)) job.listed = entry;
    return add_job(std::move(job));
  }

  void on_root_file(const Entry& entry) {
    FileJob job;
    job.path = entry.path;  // the file's name; remote_path "" is the root itself
    add_job(std::move(job));
  }

  /// Queues a file job, waiting while the queue is full; false when the mirror is stopping.
  bool add_job(FileJob job) {
    {
      std::lock_guard lock(mutex_);
      ++summary_.files_found;
    }
    auto local = options_.dry_run ? Result<std::filesystem::path>(destination_.root() / job.path)
                                  : destination_.file_path(job.path);
    if (!local) {
      report(failure_event(job, local.error()));
      return true;
    }
    job.local_path = std::move(*local);
    std::unique_lock lock(mutex_);
    while (queue_.size() >= capacity_ && !stopping_) {
      changed_.wait_for(lock, kTick);
      lock.unlock();
      tick();
      lock.lock();
    }
    if (stopping_) return false;
    queue_.push_back(std::move(job));
    lock.unlock();
    pump();
    return true;
  }

  void wait_until_idle() {
    std::unique_lock lock(mutex_);
    while (active_ > 0 || !queue_.empty()) {
      changed_.wait_for(lock, kTick);
      lock.unlock();
      tick();
      lock.lock();
    }
  }

  /// Progress, and the stop flag (the walk checks it itself while it runs).
  void tick() {
    if (options_.stop_flag && options_.stop_flag->load()) stop();
    MirrorProgress progress;
    {
      std::lock_guard lock(mutex_);
      progress.files_found = summary_.files_found;
      progress.downloaded = summary_.downloaded;
      progress.skipped = summary_.skipped + summary_.would_download;
      progress.failed = summary_.failed;
      progress.listing_done = listing_done_;
    }
    std::lock_guard lock(observer_mutex_);
    if (observer_.on_tick) observer_.on_tick(progress);
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
      summary_.stopped = true;
      queue_.clear();
    }
    if (options_.cancel_in_flight) options_.cancel_in_flight();
    changed_.notify_all();
  }

  // ---- on any thread ----

  /// Starts queued jobs while fewer than `transfers_` run.
  void pump() {
    std::unique_lock lock(mutex_);
    start_queued(lock);
  }

  /// Takes jobs off the queue into free slots and starts them on the CPU pool. Every access to
  /// this object happens under `lock` or while a slot is held: once the last slot is released
  /// under the lock, the walking thread may return and destroy the mirror.
  void start_queued(std::unique_lock<std::mutex>& lock) {
    std::vector<FileJob> starting;
    while (active_ < transfers_ && !queue_.empty() && !stopping_) {
      starting.push_back(std::move(queue_.front()));
      queue_.pop_front();
      ++active_;
    }
    changed_.notify_all();
    if (starting.empty()) return;
    // The slots just taken keep the mirror alive until these jobs finish.
    lock.unlock();
    for (FileJob& job : starting) {
      run_on_cpu([this, job = std::move(job)] { start(job); });
    }
  }

  void start(FileJob job) {
    struct stat local {};
    if (::lstat(job.local_path.c_str(), &local) != 0) {
      if (options_.dry_run) return finish(FileEvent(FileOutcome::WouldDownload, job.path));
      return download(std::move(job), {});
    }
    if (S_ISDIR(local.st_mode)) {
      return finish(failure_event(
          job,
          Error{ErrorKind::LocalIo, job.local_path.string() + ": exists and is a folder", {}, 0}));
    }
    if (!S_ISREG(local.st_mode)) {  // a link or a special file is replaced, never followed
      if (options_.dry_run) return finish(FileEvent(FileOutcome::WouldDownload, job.path));
      return download(std::move(job), {});
    }
    if (job.listed) {
      const Entry listed = *job.listed;
      return compare_existing(std::move(job), listed, local);
    }
    remote_.stat(job.remote_path, [this, job, local](Result<Entry> info) mutable {
      if (!info) return failed(job, info.error());
      run_on_cpu([this, job = std::move(job), info = std::move(*info), local] {
        compare_existing(job, info, local);
      });
    });
  }

  /// A file of that name is there: skip it when it has the server's size and checksum.
  void compare_existing(FileJob job, const Entry& info, const struct stat& local) {
    const auto algorithm = strongest_known(info.checksums);
    const bool same_size = info.size && *info.size == static_cast<std::uint64_t>(local.st_size);
    if (algorithm && same_size) {
      const std::string& wanted = checksum_of(info.checksums, *algorithm);
      std::string detail = "cached checksum";
      auto have = local::recall_checksum(job.local_path, *algorithm, local);
      if (!have) {
        detail = "checksum";
        auto hashed = hash_file(job.local_path, *algorithm);
        if (hashed && *hashed == wanted) remember(job.local_path, *algorithm, *hashed);
        if (hashed) have = std::move(*hashed);
      }
      if (have == wanted) {
        FileEvent event(FileOutcome::Skipped, job.path);
        event.bytes = *info.size;
        event.algorithm = algorithm;
        event.checksum = wanted;
        event.detail = std::move(detail);
        return finish(std::move(event));
      }
    }
    if (options_.dry_run) return finish(FileEvent(FileOutcome::WouldDownload, job.path));
    download(std::move(job), info.checksums);
  }

  static void remember(const std::filesystem::path& path, HashAlgorithm algorithm,
                       const std::string& checksum) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    local::remember_checksum(fd, algorithm, checksum);
    ::close(fd);
  }

  void download(FileJob job, Checksums expected) {
    auto file = std::make_shared<ops::FileDownload>(job.local_path, std::move(expected),
                                                    options_.resume_threshold);
    if (auto prepared = file->prepare(); !prepared) {
      return finish(failure_event(job, prepared.error()));
    }
    file->enable_ranges(
        {options_.range_threshold, options_.range_parts},
        [this, job](const std::shared_ptr<ops::FileDownload>& split, std::size_t index) {
          remote_.download(job.remote_path, split->range_sink(index),
                           [this, job, split, index](Result<void> result) {
                             transfer_done(job, split, index, std::move(result));
                           });
        },
        [this](std::function<void()> task) { run_on_cpu(std::move(task)); });
    const std::string remote_path = job.remote_path;
    remote_.download(remote_path, file, [this, job = std::move(job), file](Result<void> result) {
      transfer_done(job, file, 0, std::move(result));
    });
  }

  /// The end of one transfer of a download (several for a file fetched in ranges).
  void transfer_done(const FileJob& job, const std::shared_ptr<ops::FileDownload>& file,
                     std::size_t index, Result<void> result) {
    auto whole = file->transfer_finished(index, std::move(result));
    if (!whole) return;  // other ranges are still coming
    if (!*whole) {
      Error error = std::move(whole->error());
      if (error.kind == ErrorKind::LocalIo && !file->sink_failure().empty()) {
        error.message = file->sink_failure();
      }
      file->abandon(/*keep_partial=*/true);
      return failed(job, error);
    }
    if (file->hashes_behind()) {  // the bytes not hashed yet are read back here
      run_on_cpu([this, job, file] {
        file->finish_hashing();
        verify(job, file);
      });
      return;
    }
    verify(job, file);
  }

  void verify(const FileJob& job, const std::shared_ptr<ops::FileDownload>& file) {
    if (file->verification_algorithm()) return commit(job, file, {});
    // No X-Checksum-* headers: File Info has the checksums.
    remote_.stat(job.remote_path, [this, job, file](Result<Entry> info) {
      if (!info) {
        file->abandon(/*keep_partial=*/false);
        return failed(job, info.error());
      }
      commit(job, file, info->checksums);
    });
  }

  void commit(FileJob job, const std::shared_ptr<ops::FileDownload>& file,
              const Checksums& more_expected) {
    auto verified = file->commit(more_expected);
    if (!verified) {
      if (verified.error().kind == ErrorKind::BadResponse && !job.retried) {
        job.retried = true;
        {
          std::lock_guard lock(mutex_);
          ++summary_.verify_retries;
        }
        run_on_cpu([this, job = std::move(job)] { download(job, {}); });
        return;
      }
      return finish(failure_event(job, verified.error()));
    }
    FileEvent event(FileOutcome::Downloaded, job.path);
    event.bytes = verified->bytes;
    event.resumed_from = verified->resumed_from;
    event.algorithm = verified->algorithm;
    event.checksum = std::move(verified->checksum);
    if (job.retried) event.detail = "retried after a failed verification";
    finish(std::move(event));
  }

  void failed(const FileJob& job, const Error& error) {
    if (error.kind == ErrorKind::Cancelled) return release_slot();
    finish(failure_event(job, error));
  }

  static FileEvent failure_event(const FileJob& job, Error error) {
    FileEvent event(FileOutcome::Failed, job.path);
    event.error = std::move(error);
    return event;
  }

  void folder_failed(const std::string& path, const Error& error) {
    {
      std::lock_guard lock(mutex_);
      ++summary_.folders_failed;
    }
    std::lock_guard lock(observer_mutex_);
    if (observer_.on_folder_failure) observer_.on_folder_failure(path, error);
  }

  /// Reports a job's outcome and gives its slot to the next one.
  void finish(FileEvent event) {
    report(std::move(event));
    release_slot();
  }

  void report(FileEvent event) {
    {
      std::lock_guard lock(mutex_);
      switch (event.outcome) {
        case FileOutcome::Downloaded:
          ++summary_.downloaded;
          summary_.bytes_downloaded += event.bytes - event.resumed_from;
          break;
        case FileOutcome::Skipped:
          ++summary_.skipped;
          break;
        case FileOutcome::WouldDownload:
          ++summary_.would_download;
          break;
        case FileOutcome::Failed:
          ++summary_.failed;
          break;
      }
    }
    std::lock_guard lock(observer_mutex_);
    if (observer_.on_file) observer_.on_file(event);
  }

  void release_slot() {
    std::unique_lock lock(mutex_);
    --active_;
    start_queued(lock);
  }

  /// Runs `task` on oneTBB's workers (wrapped so that ThreadSanitizer sees the hand-off).
  template <typename Task>
  void run_on_cpu(Task task) {
    cpu_.run(util::TsanVisibleTask(std::move(task)));
  }

  Remote& remote_;
  const MirrorOptions& options_;
  const MirrorObserver& observer_;
  local::Destination destination_;  // used by the walking thread only
  const std::size_t transfers_;
  const std::size_t capacity_;

  std::mutex mutex_;  // guards queue_, active_, stopping_, summary_
  std::condition_variable changed_;
  std::deque<FileJob> queue_;
  std::size_t active_ = 0;
  bool stopping_ = false;
  bool listing_done_ = false;
  MirrorSummary summary_;

  std::mutex observer_mutex_;  // the observer is never called concurrently
  tbb::task_group cpu_;
};

}  // namespace

MirrorSummary mirror_tree(Remote& remote, const MirrorOptions& options,
                          const MirrorObserver& observer) {
  auto destination = local::Destination::open(options.destination);
  if (!destination) {
    MirrorSummary summary;
    summary.fatal = destination.error();
    return summary;
  }
  Mirror mirror(remote, options, observer, std::move(*destination));
  return mirror.run();
}

}  // namespace arty

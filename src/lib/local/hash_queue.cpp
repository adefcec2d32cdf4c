// Bounded parallel hashing on oneTBB; see hash_queue.hpp.
#include "local/hash_queue.hpp"

#include <algorithm>
#include <optional>

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include "util/tsan_visible_task.hpp"

namespace arty {

/// A oneTBB arena whose slots all go to workers (the submitting thread only waits). oneTBB keeps
/// one core for an application thread by default (default_concurrency() - 1 workers), so the
/// worker limit is raised to `threads` while the pool lives; it is never lowered.
struct HashQueue::Pool {
  explicit Pool(std::size_t threads)
      : arena(static_cast<int>(threads), /*reserved_for_masters=*/0) {
    const std::size_t wanted = threads + 1;  // oneTBB counts the application thread
    if (tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) < wanted) {
      parallelism.emplace(tbb::global_control::max_allowed_parallelism, wanted);
    }
  }
  std::optional<tbb::global_control> parallelism;
  tbb::task_arena arena;
};

HashQueue::HashQueue(std::size_t threads, std::size_t max_pending)
    : threads_(threads != 0
                   ? threads
                   : static_cast<std::size_t>(std::max(1, tbb::info::default_concurrency()))),
      max_pending_(max_pending != 0 ? max_pending : 2 * threads_),
      pool_(std::make_unique<Pool>(threads_)) {}

HashQueue::~HashQueue() {
  cancel();
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return running_ == 0; });
}

void HashQueue::submit(HashJob job) {
  ++pending_;
  {
    std::lock_guard lock(mutex_);
    ++running_;
  }
  // oneTBB calls the task as const: the job travels in a shared_ptr to be moved out at the end.
  pool_->arena.enqueue(
      util::TsanVisibleTask([this, job = std::make_shared<HashJob>(std::move(job))] {
        Result<std::string> checksum =
            cancelled_.load() ? fail(ErrorKind::Cancelled, job->file.string() + ": cancelled")
                              : hash_file(job->file, job->algorithm, kHashReadBytes, &cancelled_);
        // Notify while holding the lock: once the destructor sees running_ == 0 it may return, so
        // nothing may touch this object after the lock is released.
        std::lock_guard lock(mutex_);
        finished_.push_back(HashResult{std::move(*job), std::move(checksum)});
        --running_;
        changed_.notify_all();
      }));
}

std::vector<HashResult> HashQueue::take(std::chrono::milliseconds wait) {
  std::vector<HashResult> done;
  {
    std::unique_lock lock(mutex_);
    if (finished_.empty() && wait.count() > 0) {
      changed_.wait_for(lock, wait, [&] { return !finished_.empty(); });
    }
    done.swap(finished_);
  }
  pending_ -= done.size();
  return done;
}

}  // namespace arty

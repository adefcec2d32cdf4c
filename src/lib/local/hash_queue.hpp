// Local files hashed on oneTBB's threads, a bounded number at a time, with the results handed back
// to the one thread that submits them: the CPU side of `arty sum` and `arty check`.
//
// The submitting thread calls submit() while !full(), and take() to collect what has finished
// (waiting up to a timeout, so that it can also poll a stop flag and draw progress in between).
// Each job is a task in a oneTBB arena of `threads` worker slots; finished jobs wait in a
// mutex-guarded inbox. At most `max_pending` jobs are submitted and not yet taken, which bounds
// memory: each running job holds one read buffer of kHashReadBytes (1 MiB).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "arty/error.hpp"
#include "arty/hasher.hpp"

namespace arty {

struct HashJob {
  std::string path;            ///< Relative path, for the caller's records.
  std::filesystem::path file;  ///< The file to read.
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  std::uint64_t size = 0;  ///< Bytes, as the caller saw them (for its counters).
  std::string expected;    ///< Carried along untouched: what the caller will compare with.
};

struct HashResult {
  HashJob job;
  /// Lowercase hex digest; LocalIo when the file could not be read, Cancelled after cancel().
  Result<std::string> checksum;
};

class HashQueue {
 public:
  /// `threads`: files hashed at once (0: oneTBB's default concurrency, one per core). For as long
  /// as the queue lives, oneTBB may run that many workers besides the submitting thread.
  /// `max_pending`: jobs submitted and not yet taken (0: twice `threads`).
  HashQueue(std::size_t threads, std::size_t max_pending);
  /// Cancels the jobs that have not finished and waits for the running ones (within one read).
  ~HashQueue();
  HashQueue(const HashQueue&) = delete;
  HashQueue& operator=(const HashQueue&) = delete;

  /// True when submit() must wait for a take(). Submitting thread only.
  [[nodiscard]] bool full() const { return pending_ >= max_pending_; }
  /// Jobs submitted and not yet taken. Submitting thread only.
  [[nodiscard]] std::size_t pending() const { return pending_; }
  [[nodiscard]] std::size_t threads() const { return threads_; }

  /// Starts hashing `job` on the pool. Requires !full().
  void submit(HashJob job);
  /// The jobs that have finished since the last take(), in the order they finished. When none
  /// has, waits up to `wait` for the first. Submitting thread only.
  std::vector<HashResult> take(std::chrono::milliseconds wait = std::chrono::milliseconds(0));
  /// Jobs not yet finished end with ErrorKind::Cancelled (a running one within one read).
  /// Thread-safe; jobs submitted later are cancelled too.
  void cancel() { cancelled_.store(true); }

 private:
  struct Pool;  // the oneTBB arena, kept out of this header

  std::size_t threads_;
  std::size_t max_pending_;
  std::size_t pending_ = 0;
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<HashResult> finished_;  // guarded by mutex_
  std::size_t running_ = 0;           // guarded by mutex_
  std::unique_ptr<Pool> pool_;
};

}  // namespace arty

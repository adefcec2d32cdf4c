// The hashing operation: scan, hash in parallel, report.
//
// Steps, on the calling thread:
//   1. take the next file from the LocalTreeScanner (failures are reported at once);
//   2. hash a small file (64 KiB or less) right there; hand a larger one to the HashQueue (oneTBB
//      workers) while fewer than 2 x threads are pending;
//   3. report the files whose hashing finished, in the order it finished;
//   4. every 100 ms: progress tick, stop flag; at the end, wait for the files still hashing.
#include "arty/sum_tree.hpp"

#include <optional>
#include <utility>
#include <vector>

#include "arty/local_tree.hpp"
#include "local/hash_queue.hpp"

namespace arty {
namespace {

constexpr std::chrono::milliseconds kTick{100};
/// Files up to this size are hashed by the scanning thread itself.
constexpr std::uint64_t kHashHereBytes = 64 * 1024;

class SumRun {
 public:
  SumRun(const std::filesystem::path& root, const SumOptions& options, const SumObserver& observer)
      : root_(root), options_(options), observer_(observer), queue_(options.threads, 0) {}

  SumSummary run() {
    LocalTreeScanner scanner(root_);
    while (!stopping()) {
      if (queue_.full()) {
        report(queue_.take(kTick));
        continue;
      }
      report(queue_.take());
      std::optional<LocalItem> item = scanner.next();
      if (!item) break;
      if (item->error) {
        report_failure(item->path, *item->error);
        continue;
      }
      if (item->size <= kHashHereBytes) {
        hash_here(std::move(*item));
        continue;
      }
      queue_.submit(HashJob{
          item->path, local_path_of(root_, item->path), options_.algorithm, item->size, {}});
    }
    while (queue_.pending() > 0) {
      stopping();  // cancels the queue once the stop flag is set
      report(queue_.take(kTick));
    }
    return summary_;
  }

 private:
  /// Polls the stop flag, ticks; true once the run should end.
  bool stopping() {
    if (!summary_.stopped && options_.stop_flag && options_.stop_flag->load()) stop();
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_tick_) {
      next_tick_ = now + kTick;
      if (observer_.on_tick) observer_.on_tick();
    }
    return summary_.stopped;
  }

  void stop() {
    summary_.stopped = true;
    queue_.cancel();
  }

  /// Hashes a small file on this thread: handing it to a worker would cost more than hashing it.
  void hash_here(LocalItem item) {
    std::filesystem::path file = local_path_of(root_, item.path);
    HashJob job{std::move(item.path), std::move(file), options_.algorithm, item.size, {}};
    auto checksum = hash_file(job.file, job.algorithm, kHashHereBytes + 1, options_.stop_flag);
    std::vector<HashResult> results;
    results.push_back(HashResult{std::move(job), std::move(checksum)});
    report(std::move(results));
  }

  void report(std::vector<HashResult> results) {
    for (HashResult& result : results) {
      if (summary_.stopped) return;  // what finishes after a stop is not reported
      if (!result.checksum) {
        report_failure(result.job.path, result.checksum.error());
        continue;
      }
      ++summary_.files;
      summary_.bytes += result.job.size;
      const FileChecksum file{std::move(result.job.path), result.job.size, result.job.algorithm,
                              std::move(*result.checksum)};
      if (!observer_.on_file(file)) stop();
    }
  }

  void report_failure(const std::string& path, const Error& error) {
    ++summary_.failed;
    if (observer_.on_failure) observer_.on_failure(path, error);
  }

  const std::filesystem::path& root_;
  const SumOptions& options_;
  const SumObserver& observer_;
  HashQueue queue_;
  SumSummary summary_;
  std::chrono::steady_clock::time_point next_tick_ = std::chrono::steady_clock::now() + kTick;
};

}  // namespace

SumSummary sum_tree(const std::filesystem::path& root, const SumOptions& options,
                    const SumObserver& observer) {
  return SumRun(root, options, observer).run();
}

}  // namespace arty

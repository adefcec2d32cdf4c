// The hashing operation behind `arty sum`: the checksum of every file under a local folder,
// computed in parallel on oneTBB and reported as each one finishes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "arty/error.hpp"
#include "arty/hasher.hpp"

namespace arty {

struct SumOptions {
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  std::size_t threads = 0;  ///< Files hashed at once; 0 = one per core (oneTBB's default).
  const std::atomic<bool>* stop_flag = nullptr;  ///< Set (e.g. by SIGINT) to stop within a tick.
};

/// One hashed file.
struct FileChecksum {
  /// Relative to the root, '/'-separated (raw local bytes); "" when the root itself is a file.
  std::string path;
  std::uint64_t size = 0;  ///< Bytes, as stat'ed when the file was found.
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  std::string checksum;  ///< Lowercase hex.
};

/// Called on the thread that runs `sum_tree`, never concurrently.
struct SumObserver {
  std::function<bool(const FileChecksum&)> on_file;  ///< Return false to stop (stdout closed).
  /// A path that could not be hashed or descended (see LocalTreeScanner::next for what counts):
  /// ErrorKind::LocalIo; the run goes on without it.
  std::function<void(const std::string& path, const Error&)> on_failure;
  std::function<void()> on_tick;  ///< About every 100 ms, for progress.
};

struct SumSummary {
  std::size_t files = 0;    ///< Files hashed and reported to on_file.
  std::uint64_t bytes = 0;  ///< Their sizes added up.
  std::size_t failed = 0;   ///< Paths reported to on_failure.
  bool stopped = false;     ///< Ended early: the stop flag or the observer.
};

/// Hashes every file under `root` (a folder, symbolic links followed like `find -L`; or a single
/// file, reported with path ""). Files are found by a LocalTreeScanner on the calling thread and
/// hashed with hash_file on `threads` oneTBB workers, at most 2 x `threads` at a time; results
/// arrive in the order hashing finishes. A root that does not exist is one failure with path "".
SumSummary sum_tree(const std::filesystem::path& root, const SumOptions& options,
                    const SumObserver& observer);

}  // namespace arty

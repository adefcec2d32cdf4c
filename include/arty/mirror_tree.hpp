// The mirroring operation behind `arty get`: download the tree under a remote root into a local
// folder while it is being listed, verify every file, and make the copy resumable.
//
// Steps:
//   1. walk the tree (list_tree) with up to `listings_in_flight` listings in flight, creating each
//      folder locally as it is found;
//   2. each file found goes into a bounded queue (the walk waits while it is full), drained by up
//      to `transfers_in_flight` file jobs at once;
//   3. a file job: when a file of that name is already there, ask File Info and skip the file if
//      its size and checksum match (the checksum is read from the local checksum cache when the
//      file's size and mtime are those recorded, else hashed once); otherwise download it under a
//      temporary name, hashing while the bytes stream in, verify it against the server's
//      checksum (sha256, else sha1, else md5), set its mtime and rename it into place;
//   4. a file that fails verification is downloaded once more, then reported;
//   5. a large file is fetched in several ranges in parallel (ops/file_download.hpp says how).
// Nothing is written outside `destination` (local/destination.hpp says how).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "arty/error.hpp"
#include "arty/hasher.hpp"
#include "arty/list_tree.hpp"
#include "arty/remote.hpp"

namespace arty {

struct MirrorOptions {
  std::filesystem::path destination;  ///< Created when missing.
  std::optional<int> max_depth;       ///< As ListOptions::max_depth; none = the whole tree.
  std::size_t listings_in_flight = 16;
  ListingStrategy strategy = ListingStrategy::Auto;  ///< As ListOptions::strategy.
  std::uint64_t bulk_response_bytes = kDefaultBulkResponseBytes;  ///< As ListOptions'.
  std::size_t transfers_in_flight = 8;  ///< File jobs (File Info, download) at once.
  /// Files found but not yet started, at most; 0 = 64 per transfer. Bounds memory on any tree.
  std::size_t queue_capacity = 0;
  /// A partial file from an earlier run is continued (Range + If-Range) from this size on
  /// (bytes); smaller ones are downloaded again.
  std::uint64_t resume_threshold = 1 << 20;
  /// Files of at least this many bytes are fetched in `range_parts` ranges in parallel when the
  /// server accepts ranges (each range a transfer of its own, beyond `transfers_in_flight`).
  std::uint64_t range_threshold = 64ULL << 20;
  std::size_t range_parts = 4;                   ///< 1 never splits a file.
  bool dry_run = false;                          ///< Decide and report, but download nothing.
  const std::atomic<bool>* stop_flag = nullptr;  ///< Set (e.g. by SIGINT) to stop within a tick.
  std::function<void()> cancel_in_flight;        ///< Aborts outstanding requests when stopping.
};

enum class FileOutcome {
  Downloaded,     ///< Downloaded (or resumed), verified and in place.
  Skipped,        ///< Already there with the server's size and checksum.
  WouldDownload,  ///< --dry-run: would be downloaded.
  Failed,         ///< See `error`; nothing is left under the final name.
};

/// What happened to one file. Paths are relative to the remote root, like Entry::path.
struct FileEvent {
  FileEvent() = default;
  FileEvent(FileOutcome outcome_, std::string path_) : outcome(outcome_), path(std::move(path_)) {}

  FileOutcome outcome = FileOutcome::Downloaded;
  std::string path;
  std::uint64_t bytes = 0;         ///< Size of the file (Downloaded, Skipped when known).
  std::uint64_t resumed_from = 0;  ///< Bytes of a partial file that were kept (Downloaded).
  std::optional<HashAlgorithm> algorithm;
  std::string checksum;  ///< The verified checksum, lowercase hex (Downloaded, Skipped).
  /// Skipped: "cached checksum" (not read) or "checksum" (hashed once); Downloaded: "" or
  /// "retried after a checksum mismatch".
  std::string detail;
  std::optional<Error> error;  ///< Failed only.
};

/// Where a running mirror is, for progress displays.
struct MirrorProgress {
  std::size_t files_found = 0;  ///< Files the walk has found so far.
  std::size_t downloaded = 0;
  std::size_t skipped = 0;  ///< Up to date, or (--dry-run) to be downloaded.
  std::size_t failed = 0;
  bool listing_done = false;  ///< The walk is over: files_found is the total.

  [[nodiscard]] std::size_t files_done() const { return downloaded + skipped + failed; }
};

/// The observer's functions are never called concurrently (they may be called from the I/O
/// thread or a CPU worker: keep them short).
struct MirrorObserver {
  std::function<void(const FileEvent&)> on_file;
  /// A folder that could not be listed or created; the mirror goes on without it.
  std::function<void(const std::string& path, const Error&)> on_folder_failure;
  /// About every 100 ms, for progress displays.
  std::function<void(const MirrorProgress&)> on_tick;
};

struct MirrorSummary {
  std::size_t files_found = 0;
  std::size_t downloaded = 0;
  std::size_t skipped = 0;
  std::size_t would_download = 0;
  std::size_t failed = 0;              ///< Files that failed.
  std::size_t folders_failed = 0;      ///< Folders that could not be listed or created.
  std::uint64_t bytes_downloaded = 0;  ///< Bytes written by this run (resumed bytes excluded).
  std::size_t verify_retries = 0;      ///< Downloads repeated after a failed verification.
  bool stopped = false;                ///< Ended early: stop flag or fatal error.
  std::optional<Error> fatal;          ///< As ListSummary::fatal, or the destination unusable.
  /// The listing's own summary: folders found (the root not included), folders per listing
  /// method, strategy notes.
  ListSummary listing;
};

/// Mirrors the tree under `remote`'s root into `options.destination`. When the root is a file,
/// that file alone is downloaded into the destination folder.
MirrorSummary mirror_tree(Remote& remote, const MirrorOptions& options,
                          const MirrorObserver& observer);

}  // namespace arty

// The comparison behind `arty check`: a remote tree against a local folder, without downloading.
// The remote is the source, the local folder the destination, as in `rclone check`.
//
// Algorithm: the remote tree is walked with list_tree and File Info per file (size and
// checksums), many requests in flight. Each time a remote folder's children are complete, the
// same local folder is read (list_local_folder) and the children are paired by name:
//   - a remote file without a local one is Missing; a local file without a remote one is Extra,
//     and so is every file under a local folder the remote does not have (LocalTreeScanner);
//   - sizes are compared first: different sizes are Differ (size), without hashing;
//   - equal sizes: the local file is hashed with the strongest checksum the server gave
//     (sha256, sha1, md5) on oneTBB workers, while the walk goes on; equal is Identical,
//     else Differ (checksum);
//   - a remote failure (a folder that cannot be listed, a file whose File Info fails) and a local
//     one (unreadable, broken link, FIFO, loop) are Error; so is a file on one side that is a
//     folder on the other (the files below the folder side are then Missing or Extra).
// Only files are compared: a folder that exists on one side only shows through its files, an
// empty folder on one side only is not reported. A remote folder that cannot be listed is one
// Error; its local counterpart is not compared (no Extra below it). Likewise a local folder that
// cannot be read is one Error, and nothing below it is compared.
//
// Memory: nothing proportional to the tree is kept; extra files are found folder by folder, not
// by remembering every remote path. The walk holds the pending folders (depth x fan-out), the
// comparison one folder's children on each side, the remote folders known to be absent or
// unreadable locally until they are listed (also bounded by the walk's pending folders), the
// paths of remote failures (until their entry is seen; failed folders stay), and at most
// 2 x hash_threads files hashing.
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

/// The five outcomes, with `rclone check --combined`'s symbols: = - + * !
enum class CheckState {
  Identical,  ///< "=": same size and checksum.
  Missing,    ///< "-": in the remote tree only.
  Extra,      ///< "+": in the local folder only.
  Differ,     ///< "*": on both sides, different size or checksum.
  Error,      ///< "!": could not be compared (see CheckRecord::error).
};

enum class Difference { Size, Checksum };

/// "identical", "missing", "extra", "differ", "error".
[[nodiscard]] const char* check_state_name(CheckState state);
/// '=', '-', '+', '*', '!'.
[[nodiscard]] char check_state_symbol(CheckState state);

struct CheckRecord {
  CheckState state = CheckState::Identical;
  /// Relative to both roots, '/'-separated like Entry::path; "" names the roots themselves.
  std::string path;
  std::optional<std::uint64_t> size;  ///< Bytes in the remote tree (Identical, Missing, Differ).
  std::optional<std::uint64_t> local_size;   ///< Bytes in the local folder (Extra, Differ).
  Difference difference = Difference::Size;  ///< Differ only.
  std::optional<HashAlgorithm> algorithm;    ///< When checksums were compared.
  std::string checksum;                      ///< The server's, lowercase hex, when compared.
  std::string local_checksum;                ///< The local file's, when compared.
  /// Error only: the remote failure (HttpStatus, Network, BadResponse) or the local one
  /// (LocalIo), or BadResponse when the server gave no size or checksum for a file.
  std::optional<Error> error;
};

struct CheckOptions {
  std::size_t jobs = 16;                         ///< Requests in flight at most.
  ListingStrategy strategy = ListingStrategy::Auto;  ///< As ListOptions::strategy.
  std::uint64_t bulk_response_bytes = kDefaultBulkResponseBytes;  ///< As ListOptions'.
  std::size_t hash_threads = 0;                  ///< Local files hashed at once; 0 = one per core.
  const std::atomic<bool>* stop_flag = nullptr;  ///< Set (e.g. by SIGINT) to stop within a tick.
  std::function<void()> cancel_in_flight;        ///< Aborts outstanding requests when stopping.
};

/// Called on the thread that runs `check_tree`, never concurrently.
struct CheckObserver {
  std::function<bool(const CheckRecord&)> on_record;  ///< Return false to stop (stdout closed).
  std::function<void()> on_tick;                      ///< About every 100 ms, for progress.
};

struct CheckSummary {
  std::size_t identical = 0;
  std::size_t missing = 0;
  std::size_t extra = 0;
  std::size_t differ = 0;
  std::size_t errors = 0;
  std::size_t folders = 0;         ///< Remote folders listed (the root included).
  std::size_t hashed_files = 0;    ///< Local files hashed.
  std::uint64_t hashed_bytes = 0;  ///< Their sizes added up.
  bool stopped = false;            ///< Ended early: the stop flag, the observer or a fatal error.
  /// What ended the comparison before it could be done: the root could not be listed, the
  /// server refused the credentials (401), or the URL names a file (InvalidArgument).
  std::optional<Error> fatal;
  ListSummary listing;  ///< The remote listing's own: folders per listing method, strategy notes.

  /// Differences were found: Missing, Extra or Differ records.
  [[nodiscard]] bool differs() const { return missing + extra + differ > 0; }
};

/// Compares the tree under `remote`'s root with the local folder `local_root` (which should
/// exist; if it cannot be read, that is one Error record for "") and reports one record per file
/// path as soon as it is known (see the algorithm above). Records of hashed files come in the
/// order hashing finishes; the others as the walk reaches them.
CheckSummary check_tree(Remote& remote, const std::filesystem::path& local_root,
                        const CheckOptions& options, const CheckObserver& observer);

}  // namespace arty

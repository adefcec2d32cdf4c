// One file being downloaded: a DownloadSink that writes the body under the file's temporary name
// (local::Destination::part_name), hashes it while it streams in, and once the transfer is over
// verifies length and checksum, sets the modification time and renames the file into place.
//
// Resuming: a partial file of at least `resume_threshold` bytes that carries the validator (ETag
// or Last-Modified) of the response it came from is continued with "Range: bytes=N-" and
// "If-Range: VALIDATOR"; its N bytes are hashed first (that is the only read of bytes already on
// disk). A 206 continues it; a 200 (the file changed on the server) starts it over. The same
// happens when the engine retries a download cut off mid-way.
//
// Parallel ranges: when enabled and a 200 announces at least `threshold` bytes, accepts ranges and
// has a validator, the file is split into `parts` ranges. This transfer keeps the first range and
// stops at its end; the launcher starts one transfer per other range (a range_sink(), with Range
// and If-Range). The I/O thread only writes each range at its offset; hashing follows on a CPU
// worker (the runner), reading back in file order, from the page cache, the bytes written so far,
// so that receiving and hashing overlap on two cores; finish_hashing() hashes what is left. A
// split file is not resumable across runs (its partial file has holes); within a run each range
// is retried where it stopped. A file of at least kHashBehindBytes that is not split is written
// as one range the same way, so that its hashing also runs beside the I/O thread.
//
// Threads: prepare() does blocking file I/O (call it off the I/O thread); the DownloadSink calls
// come from the engine's I/O thread; commit() and abandon() after the download's handler ran.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "arty/entry.hpp"
#include "arty/error.hpp"
#include "arty/hasher.hpp"
#include "arty/transfer_engine.hpp"

namespace arty::ops {

struct VerifiedFile {
  std::uint64_t bytes = 0;         ///< Size of the file now in place.
  std::uint64_t resumed_from = 0;  ///< Bytes that were already on disk from an earlier run.
  HashAlgorithm algorithm = HashAlgorithm::Sha256;
  std::string checksum;  ///< Lowercase hex, equal to the server's.
};

/// Files at least this big are hashed on a CPU worker behind the writes (when a runner is given);
/// smaller ones are hashed on the I/O thread as they arrive, which costs less than reading back.
inline constexpr std::uint64_t kHashBehindBytes = 256 * 1024;

/// When to fetch a file in parallel ranges; `parts` <= 1 never does.
struct RangePlan {
  std::uint64_t threshold = 64ULL << 20;  ///< Bytes; files at least this big are split.
  std::size_t parts = 4;                  ///< Ranges per split file.
};

class FileDownload final : public DownloadSink, public std::enable_shared_from_this<FileDownload> {
 public:
  /// Starts the transfer of range `index` (>= 1) of `file`: a download of the same URL into
  /// `file->range_sink(index)` whose completion goes to `file->transfer_finished(index, ...)`.
  using RangeLauncher =
      std::function<void(const std::shared_ptr<FileDownload>& file, std::size_t index)>;
  /// Runs a task on a CPU worker (for hashing a split file while it arrives); may be empty, then
  /// hashing happens on the thread that writes.
  using CpuRunner = std::function<void(std::function<void()> task)>;

  /// `expected`: checksums known before the download (File Info), may be empty; the response's
  /// X-Checksum-* headers take precedence.
  FileDownload(std::filesystem::path final_path, Checksums expected,
               std::uint64_t resume_threshold);
  ~FileDownload() override;
  FileDownload(const FileDownload&) = delete;
  FileDownload& operator=(const FileDownload&) = delete;

  /// Allows splitting this download (see above); call before the transfer starts.
  void enable_ranges(RangePlan plan, RangeLauncher launch, CpuRunner run_on_cpu = {});
  [[nodiscard]] std::shared_ptr<DownloadSink> range_sink(std::size_t index);
  /// Whether the bytes are written at offsets and hashed on a CPU worker (a file fetched in
  /// ranges, or a large one in one piece): then call finish_hashing() before commit().
  [[nodiscard]] bool hashes_behind() const { return range_count_ > 0; }

  /// Accounts the end of transfer `index` (0 = this sink's own). Returns the result of the whole
  /// download once its last transfer has ended, else nullopt. Call on the I/O thread.
  [[nodiscard]] std::optional<Result<void>> transfer_finished(std::size_t index,
                                                              Result<void> result);

  /// Hashes the bytes that arrived ahead of the in-order hash (split downloads); blocking reads,
  /// call off the I/O thread before commit().
  void finish_hashing();

  /// Opens the temporary file; continues a resumable partial file (see above) or empties it.
  /// Errors: LocalIo.
  Result<void> prepare();

  std::vector<std::string> request_headers() override;
  bool begin(const ResponseHead& head) override;
  bool write(const char* data, std::size_t bytes) override;

  /// The algorithm commit() will verify with; nullopt when neither the server's headers nor
  /// `expected` had a checksum (then pass File Info's checksums to commit()).
  [[nodiscard]] std::optional<HashAlgorithm> verification_algorithm() const;

  /// After a successful transfer: checks the length against Content-Length / Content-Range and
  /// the checksum against the server's (`more_expected` fills what is still unknown), sets the
  /// mtime from Last-Modified, records the checksum (local/checksum_cache.hpp) and renames the
  /// file into place. Errors: BadResponse for a short body, a checksum mismatch or no checksum at
  /// all (the temporary file is deleted: nothing is left under the final name); LocalIo.
  Result<VerifiedFile> commit(const Checksums& more_expected = {});

  /// After a failed transfer: closes the temporary file and keeps it when it can be resumed
  /// (`keep_partial` and a validator is known), else deletes it.
  void abandon(bool keep_partial);

  /// Why begin() or write() gave up (a local write error, an unexpected range), or empty.
  [[nodiscard]] const std::string& sink_failure() const { return sink_failure_; }
  [[nodiscard]] std::uint64_t bytes_written() const;

 private:
  friend class RangePart;
  struct ByteRange {
    std::uint64_t start = 0;
    std::uint64_t end = 0;                  // exclusive
    std::atomic<std::uint64_t> written{0};  // by the I/O thread; read by the hashing worker
  };

  bool split(const ResponseHead& head);
  void make_ranges(std::uint64_t total, std::uint64_t part);
  std::vector<std::string> range_request_headers(std::size_t index) const;
  bool begin_range(std::size_t index, const ResponseHead& head);
  bool write_range(std::size_t index, const char* data, std::size_t bytes);
  void wake_hashing();
  void follow_with_hash();
  bool hash_written();
  [[nodiscard]] std::uint64_t hashable_bytes() const;
  bool restart();
  void close_file();
  void remove_part();

  std::filesystem::path final_path_;
  std::filesystem::path part_path_;
  Checksums expected_;
  std::uint64_t resume_threshold_;
  int fd_ = -1;
  std::uint64_t written_ = 0;
  std::uint64_t resumed_from_ = 0;
  std::optional<std::uint64_t> total_;  // the file's size according to the response
  std::string validator_;               // strong ETag, else Last-Modified
  bool validator_saved_ = false;        // validator_ is in the partial file's xattr
  std::string last_modified_;           // HTTP-date, for the mtime
  std::vector<Hasher> hashers_;         // all algorithms until the server's checksum is known
  std::string sink_failure_;
  // Parallel ranges.
  RangePlan plan_{0, 1};
  RangeLauncher launch_;
  CpuRunner run_on_cpu_;
  std::unique_ptr<ByteRange[]> ranges_;  // split only; ranges_[0] is this transfer's
  std::size_t range_count_ = 0;
  std::mutex hash_mutex_;  // hashing behind: hashers_, scratch_ and closing fd_ happen under it
  std::atomic<std::uint64_t> hashed_{0};  // split: bytes [0, hashed_) went through the hashers
  std::atomic<bool> hashing_scheduled_{false};
  std::size_t transfers_pending_ = 1;
  bool own_range_done_ = false;  // this transfer stopped at the end of ranges_[0]
  std::optional<Error> first_error_;
  std::vector<char> scratch_;  // read-back buffer of hash_written
};

}  // namespace arty::ops

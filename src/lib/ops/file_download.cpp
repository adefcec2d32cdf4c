// FileDownload: write, hash, verify, rename (see file_download.hpp).
#include "ops/file_download.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <curl/curl.h>
#include <fmt/format.h>

#include "local/checksum_cache.hpp"
#include "local/destination.hpp"
#include "util/fd_io.hpp"

namespace arty::ops {
namespace {

constexpr std::size_t kPrefixReadBytes = 1 << 20;

std::vector<Hasher> every_hasher() {
  std::vector<Hasher> hashers;
  for (auto algorithm : {HashAlgorithm::Sha256, HashAlgorithm::Sha1, HashAlgorithm::Md5}) {
    hashers.emplace_back(algorithm);
  }
  return hashers;
}

/// Fills the checksums `into` lacks from `from`.
void fill_missing(Checksums& into, const Checksums& from) {
  if (into.sha256.empty()) into.sha256 = from.sha256;
  if (into.sha1.empty()) into.sha1 = from.sha1;
  if (into.md5.empty()) into.md5 = from.md5;
}

}  // namespace

/// The sink of one extra range of a split download.
class RangePart final : public DownloadSink {
 public:
  RangePart(std::shared_ptr<FileDownload> file, std::size_t index)
      : file_(std::move(file)), index_(index) {}
  std::vector<std::string> request_headers() override {
    return file_->range_request_headers(index_);
  }
  bool begin(const ResponseHead& head) override { return file_->begin_range(index_, head); }
  bool write(const char* data, std::size_t bytes) override {
    return file_->write_range(index_, data, bytes);
  }

 private:
  std::shared_ptr<FileDownload> file_;
  std::size_t index_;
};

FileDownload::FileDownload(std::filesystem::path final_path, Checksums expected,
                           std::uint64_t resume_threshold)
    : final_path_(std::move(final_path)),
      expected_(std::move(expected)),
      resume_threshold_(resume_threshold),
      hashers_(every_hasher()) {
  part_path_ =
      final_path_.parent_path() / local::Destination::part_name(final_path_.filename().string());
}

FileDownload::~FileDownload() {
  close_file();
}

Result<void> FileDownload::prepare() {
  fd_ = ::open(part_path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    return fail(ErrorKind::LocalIo,
                fmt::format("{}: {}", part_path_.string(), std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    close_file();
    return fail(ErrorKind::LocalIo, fmt::format("{}: not a regular file", part_path_.string()));
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size == 0) return {};  // a new file: nothing to resume or clear
  if (size >= resume_threshold_) validator_ = local::recall_validator(fd_);
  validator_saved_ = !validator_.empty();
  if (validator_.empty()) {
    if (!restart()) return fail(ErrorKind::LocalIo, sink_failure_);
    return {};
  }
  // Continue after the bytes already there: hash them once, then append.
  std::vector<char> buffer(kPrefixReadBytes);
  std::uint64_t offset = 0;
  while (offset < size) {
    const ssize_t got = ::pread(fd_, buffer.data(), buffer.size(), static_cast<off_t>(offset));
    if (got <= 0) {
      if (got < 0 && errno == EINTR) continue;
      validator_.clear();
      if (!restart()) return fail(ErrorKind::LocalIo, sink_failure_);
      return {};
    }
    for (Hasher& hasher : hashers_) hasher.update(buffer.data(), static_cast<std::size_t>(got));
    offset += static_cast<std::uint64_t>(got);
  }
  ::lseek(fd_, static_cast<off_t>(size), SEEK_SET);
  written_ = size;
  return {};
}

std::vector<std::string> FileDownload::request_headers() {
  if (hashes_behind()) return range_request_headers(0);
  if (written_ == 0 || validator_.empty()) return {};
  return {fmt::format("Range: bytes={}-", written_), fmt::format("If-Range: {}", validator_)};
}

void FileDownload::enable_ranges(RangePlan plan, RangeLauncher launch, CpuRunner run_on_cpu) {
  plan_ = plan;
  launch_ = std::move(launch);
  run_on_cpu_ = std::move(run_on_cpu);
}

std::shared_ptr<DownloadSink> FileDownload::range_sink(std::size_t index) {
  return std::make_shared<RangePart>(shared_from_this(), index);
}

std::optional<Result<void>> FileDownload::transfer_finished(std::size_t index,
                                                            Result<void> result) {
  const bool stopped_at_range_end = index == 0 && own_range_done_ && sink_failure_.empty();
  if (!result && !stopped_at_range_end && !first_error_) first_error_ = std::move(result.error());
  if (--transfers_pending_ > 0) return std::nullopt;
  if (first_error_) return tl::unexpected(*first_error_);
  return Result<void>{};
}

/// Splits a fresh 200 into ranges when the plan allows; starts the other ranges' transfers.
bool FileDownload::split(const ResponseHead& head) {
  const bool strong_etag = !head.etag.empty() && head.etag.rfind("W/", 0) != 0;
  if (plan_.parts <= 1 || !launch_ || written_ != 0 || !head.content_length ||
      *head.content_length < plan_.threshold || *head.content_length == 0 || !head.accepts_ranges ||
      (!strong_etag && head.last_modified.empty())) {
    return false;
  }
  const std::uint64_t total = *head.content_length;
  make_ranges(total, (total + plan_.parts - 1) / plan_.parts);
  validator_ = strong_etag ? head.etag : head.last_modified;
  if (validator_saved_) local::forget_validator(fd_);  // holes: never resumed by a later run
  validator_saved_ = false;
  transfers_pending_ = range_count_;
  const auto self = shared_from_this();
  for (std::size_t index = 1; index < range_count_; ++index) launch_(self, index);
  launch_ = nullptr;
  return true;
}

void FileDownload::make_ranges(std::uint64_t total, std::uint64_t part) {
  const auto count = static_cast<std::size_t>((total + part - 1) / part);
  ranges_ = std::make_unique<ByteRange[]>(count);
  for (std::size_t index = 0; index < count; ++index) {
    ranges_[index].start = index * part;
    ranges_[index].end = std::min(total, (index + 1) * part);
  }
  range_count_ = count;
}

std::vector<std::string> FileDownload::range_request_headers(std::size_t index) const {
  const ByteRange& range = ranges_[index];
  std::vector<std::string> headers{
      fmt::format("Range: bytes={}-{}", range.start + range.written.load(), range.end - 1)};
  if (!validator_.empty()) headers.push_back(fmt::format("If-Range: {}", validator_));
  return headers;
}

bool FileDownload::begin_range(std::size_t index, const ResponseHead& head) {
  const ByteRange& range = ranges_[index];
  if (head.status != 206 || head.range_start != range.start + range.written.load()) {
    sink_failure_ = "the server did not answer a range request with that range (the file changed?)";
    return false;
  }
  return true;
}

bool FileDownload::write_range(std::size_t index, const char* data, std::size_t bytes) {
  ByteRange& range = ranges_[index];
  const std::uint64_t offset = range.start + range.written.load(std::memory_order_relaxed);
  bytes = static_cast<std::size_t>(std::min<std::uint64_t>(bytes, range.end - offset));
  if (!util::pwrite_fully(fd_, data, bytes, offset)) {
    sink_failure_ = fmt::format("{}: {}", part_path_.string(), std::strerror(errno));
    return false;
  }
  range.written.fetch_add(bytes, std::memory_order_release);
  wake_hashing();
  if (index == 0 && range_count_ > 1 && offset + bytes == range.end) {
    own_range_done_ = true;
    return false;  // the other ranges come from their own transfers
  }
  return true;
}

/// Makes sure a hashing task runs while there are written bytes it has not hashed.
void FileDownload::wake_hashing() {
  if (!run_on_cpu_) {
    hash_written();
    return;
  }
  if (hashing_scheduled_.exchange(true)) return;
  run_on_cpu_([self = shared_from_this()] { self->follow_with_hash(); });
}

void FileDownload::follow_with_hash() {
  while (true) {
    const bool can_go_on = hash_written();
    hashing_scheduled_.store(false);
    // Bytes written after hash_written() looked, whose writer saw the flag still set. A closed
    // file (the download was cancelled or failed) or a failed read ends the task for good:
    // looping on bytes it cannot read would never return; commit() sees the gap.
    if (!can_go_on || hashable_bytes() == 0 || hashing_scheduled_.exchange(true)) return;
  }
}

/// Bytes after hashed_ that are on disk, in the range that holds hashed_.
std::uint64_t FileDownload::hashable_bytes() const {
  const std::uint64_t hashed = hashed_.load();
  for (std::size_t index = 0; index < range_count_; ++index) {
    const ByteRange& range = ranges_[index];
    if (range.start <= hashed && hashed < range.end) {
      return range.start + range.written.load(std::memory_order_acquire) - hashed;
    }
  }
  return 0;
}

/// Reads back and hashes, in file order, every byte written so far. False when it cannot: the
/// file is closed or a read failed.
bool FileDownload::hash_written() {
  std::lock_guard lock(hash_mutex_);
  if (fd_ < 0) return false;
  while (const std::uint64_t available = hashable_bytes()) {
    if (scratch_.empty()) scratch_.resize(kPrefixReadBytes);
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(available, scratch_.size()));
    const std::uint64_t hashed = hashed_.load();
    const ssize_t got = ::pread(fd_, scratch_.data(), want, static_cast<off_t>(hashed));
    if (got <= 0) return false;  // commit() then sees the file incompletely hashed
    for (Hasher& hasher : hashers_) hasher.update(scratch_.data(), static_cast<std::size_t>(got));
    hashed_.store(hashed + static_cast<std::uint64_t>(got));
  }
  return true;
}

void FileDownload::finish_hashing() {
  hash_written();
}

std::uint64_t FileDownload::bytes_written() const {
  if (!hashes_behind()) return written_;
  std::uint64_t sum = 0;
  for (std::size_t index = 0; index < range_count_; ++index) sum += ranges_[index].written.load();
  return sum;
}

bool FileDownload::begin(const ResponseHead& head) {
  if (hashes_behind()) return begin_range(0, head);  // a retry of the first range
  if (head.status == 206) {
    if (!head.range_start || *head.range_start != written_ || written_ == 0) {
      sink_failure_ = "the server answered a range that does not continue the partial file";
      return false;
    }
    if (resumed_from_ == 0) resumed_from_ = written_;
    total_ = head.total_size;
  } else {
    if (written_ > 0 && !restart()) return false;
    total_ = head.content_length;
  }
  Checksums announced = head.checksums;
  fill_missing(announced, expected_);
  expected_ = std::move(announced);
  if (const auto algorithm = strongest_known(expected_)) {
    std::erase_if(hashers_, [&](const Hasher& hasher) { return hasher.algorithm() != *algorithm; });
  }
  last_modified_ = head.last_modified;
  if (head.status == 200 && split(head)) return true;
  const bool strong_etag = !head.etag.empty() && head.etag.rfind("W/", 0) != 0;
  std::string validator = strong_etag ? head.etag : head.last_modified;
  // Only a file that can grow past the resume threshold needs its validator on disk.
  const bool resumable = !head.content_length || *head.content_length >= resume_threshold_;
  if (validator != validator_ || (resumable && !validator_saved_)) {
    validator_ = std::move(validator);
    validator_saved_ =
        resumable && !validator_.empty() && local::remember_validator(fd_, validator_);
  }
  if (head.status == 200 && written_ == 0 && run_on_cpu_ && head.content_length &&
      *head.content_length >= kHashBehindBytes) {
    make_ranges(*head.content_length, *head.content_length);  // one range, hashed behind
  }
  return true;
}

bool FileDownload::write(const char* data, std::size_t bytes) {
  if (hashes_behind()) return write_range(0, data, bytes);
  if (!util::write_fully(fd_, data, bytes)) {
    sink_failure_ = fmt::format("{}: {}", part_path_.string(), std::strerror(errno));
    return false;
  }
  for (Hasher& hasher : hashers_) hasher.update(data, bytes);
  written_ += bytes;
  return true;
}

std::optional<HashAlgorithm> FileDownload::verification_algorithm() const {
  return strongest_known(expected_);
}

Result<VerifiedFile> FileDownload::commit(const Checksums& more_expected) {
  fill_missing(expected_, more_expected);
  const auto reject = [this](std::string message) {
    remove_part();
    return fail(ErrorKind::BadResponse, std::move(message));
  };
  if (total_ && bytes_written() != *total_) {
    return reject(fmt::format("received {} of {} bytes", bytes_written(), *total_));
  }
  if (hashes_behind() && hashed_.load() != bytes_written()) {
    return reject(
        fmt::format("could read back only {} of {} bytes", hashed_.load(), bytes_written()));
  }
  const auto algorithm = strongest_known(expected_);
  if (!algorithm) return reject("the server gave no checksum to verify the file with");
  std::string digest;
  for (Hasher& hasher : hashers_) {
    if (hasher.algorithm() == *algorithm) digest = hasher.finish();
  }
  const std::string& wanted = checksum_of(expected_, *algorithm);
  if (digest != wanted) {
    return reject(fmt::format("checksum mismatch: {} of the server {}, of the bytes received {}",
                              hash_algorithm_name(*algorithm), wanted, digest));
  }
  if (const time_t when = curl_getdate(last_modified_.c_str(), nullptr); when > 0) {
    const struct timespec times[2] = {{when, 0}, {when, 0}};
    ::futimens(fd_, times);
  }
  local::remember_checksum(fd_, *algorithm, digest);
  if (validator_saved_) local::forget_validator(fd_);
  close_file();
  if (::rename(part_path_.c_str(), final_path_.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    remove_part();
    return fail(ErrorKind::LocalIo, fmt::format("{}: {}", final_path_.string(), reason));
  }
  return VerifiedFile{bytes_written(), resumed_from_, *algorithm, digest};
}

void FileDownload::abandon(bool keep_partial) {
  // A split file has holes; one written in one piece can be continued.
  if (keep_partial && range_count_ <= 1 && validator_saved_ &&
      bytes_written() >= resume_threshold_) {
    close_file();
    return;
  }
  remove_part();
}

bool FileDownload::restart() {
  if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) {
    sink_failure_ = fmt::format("{}: {}", part_path_.string(), std::strerror(errno));
    return false;
  }
  written_ = 0;
  resumed_from_ = 0;
  hashers_ = every_hasher();
  return true;
}

void FileDownload::close_file() {
  // A hashing task may still be reading (a download cancelled mid-way): it holds the lock.
  std::lock_guard lock(hash_mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void FileDownload::remove_part() {
  close_file();
  ::unlink(part_path_.c_str());
}

}  // namespace arty::ops

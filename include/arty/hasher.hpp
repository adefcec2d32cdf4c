// Checksums of byte streams and local files: md5, sha1 and sha256 through OpenSSL's EVP API, the
// algorithms Artifactory records for every file (File Info's `checksums`, X-Checksum-* headers).
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "arty/entry.hpp"
#include "arty/error.hpp"

namespace arty {

enum class HashAlgorithm { Md5, Sha1, Sha256 };

/// "md5", "sha1", "sha256".
[[nodiscard]] std::string_view hash_algorithm_name(HashAlgorithm algorithm);
/// Inverse of hash_algorithm_name (case-insensitive); nullopt for anything else.
[[nodiscard]] std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name);

/// The checksum of `algorithm` in `checksums`, empty when unknown.
[[nodiscard]] const std::string& checksum_of(const Checksums& checksums, HashAlgorithm algorithm);

/// The strongest checksum the server gave, as arty verifies files: sha256, else sha1, else md5.
/// nullopt when `checksums` has none.
[[nodiscard]] std::optional<HashAlgorithm> strongest_known(const Checksums& checksums);

/// An incremental hash: feed bytes with update(), read the lowercase hex digest with finish().
/// Not thread-safe; cheap to move.
class Hasher {
 public:
  explicit Hasher(HashAlgorithm algorithm);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void update(const void* data, std::size_t bytes);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  /// The digest of everything fed since construction or the last reset(), as lowercase hex.
  /// Afterwards the hasher is reset and can be reused.
  [[nodiscard]] std::string finish();
  void reset();
  [[nodiscard]] HashAlgorithm algorithm() const { return algorithm_; }

 private:
  struct State;
  HashAlgorithm algorithm_;
  std::unique_ptr<State> state_;
};

/// Default read size of hash_file: large reads keep one core busy hashing, not in syscalls.
inline constexpr std::size_t kHashReadBytes = 1 << 20;

/// Hashes the whole file at `path` (reads it once, `read_bytes` at a time).
/// `stop`, when given, is checked before every read, so a large file is given up within one read.
/// Errors: ErrorKind::LocalIo with the path and the system's reason; ErrorKind::Cancelled when
/// `*stop` became true.
[[nodiscard]] Result<std::string> hash_file(const std::filesystem::path& path,
                                            HashAlgorithm algorithm,
                                            std::size_t read_bytes = kHashReadBytes,
                                            const std::atomic<bool>* stop = nullptr);

}  // namespace arty

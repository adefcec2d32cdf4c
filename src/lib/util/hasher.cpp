// Hasher and hash_file over OpenSSL's EVP digest API (see arty/hasher.hpp).
#include "arty/hasher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

namespace arty {
namespace {

const EVP_MD* digest_of(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::Md5:
      return EVP_md5();
    case HashAlgorithm::Sha1:
      return EVP_sha1();
    case HashAlgorithm::Sha256:
      return EVP_sha256();
  }
  return EVP_sha256();
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view hash_algorithm_name(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::Md5:
      return "md5";
    case HashAlgorithm::Sha1:
      return "sha1";
    case HashAlgorithm::Sha256:
      return "sha256";
  }
  return "sha256";
}

std::optional<HashAlgorithm> parse_hash_algorithm(std::string_view name) {
  for (HashAlgorithm algorithm : {HashAlgorithm::Md5, HashAlgorithm::Sha1, HashAlgorithm::Sha256}) {
    if (equals_ignoring_case(name, hash_algorithm_name(algorithm))) return algorithm;
  }
  return std::nullopt;
}

const std::string& checksum_of(const Checksums& checksums, HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::Md5:
      return checksums.md5;
    case HashAlgorithm::Sha1:
      return checksums.sha1;
    case HashAlgorithm::Sha256:
      return checksums.sha256;
  }
  return checksums.sha256;
}

std::optional<HashAlgorithm> strongest_known(const Checksums& checksums) {
  if (!checksums.sha256.empty()) return HashAlgorithm::Sha256;
  if (!checksums.sha1.empty()) return HashAlgorithm::Sha1;
  if (!checksums.md5.empty()) return HashAlgorithm::Md5;
  return std::nullopt;
}

struct Hasher::State {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~State() { EVP_MD_CTX_free(context); }
};

Hasher::Hasher(HashAlgorithm algorithm) : algorithm_(algorithm), state_(std::make_unique<State>()) {
  if (state_->context == nullptr) throw std::bad_alloc();
  reset();
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::reset() {
  if (EVP_DigestInit_ex(state_->context, digest_of(algorithm_), nullptr) != 1) {
    throw std::runtime_error("OpenSSL: EVP_DigestInit_ex failed");
  }
}

void Hasher::update(const void* data, std::size_t bytes) {
  if (bytes == 0) return;
  EVP_DigestUpdate(state_->context, data, bytes);
}

std::string Hasher::finish() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(state_->context, digest.data(), &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(std::size_t{length} * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  reset();
  return hex;
}

Result<std::string> hash_file(const std::filesystem::path& path, HashAlgorithm algorithm,
                              std::size_t read_bytes, const std::atomic<bool>* stop) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorKind::LocalIo, path.string() + ": " + std::strerror(errno));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Hasher hasher(algorithm);
  std::vector<char> buffer(read_bytes == 0 ? kHashReadBytes : read_bytes);
  while (true) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) {
      ::close(fd);
      return fail(ErrorKind::Cancelled, path.string() + ": cancelled");
    }
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      return fail(ErrorKind::LocalIo, path.string() + ": " + std::strerror(saved));
    }
    hasher.update(buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  return hasher.finish();
}

}  // namespace arty

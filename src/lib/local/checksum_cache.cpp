// Checksums and download validators in extended attributes (see checksum_cache.hpp).
#include "local/checksum_cache.hpp"

#include <sys/xattr.h>

#include <array>

#include <fmt/format.h>

namespace arty::local {
namespace {

constexpr const char* kChecksumAttribute = "user.arty.checksum";
constexpr const char* kValidatorAttribute = "user.arty.validator";

std::int64_t mtime_ns(const struct stat& info) {
  return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
}

std::string record_of(HashAlgorithm algorithm, std::string_view hex, const struct stat& info) {
  return fmt::format("{}:{}:{}:{}", hash_algorithm_name(algorithm), hex,
                     static_cast<std::uint64_t>(info.st_size), mtime_ns(info));
}

}  // namespace

bool remember_checksum(int fd, HashAlgorithm algorithm, std::string_view hex) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return false;
  const std::string record = record_of(algorithm, hex, info);
  return ::fsetxattr(fd, kChecksumAttribute, record.data(), record.size(), 0) == 0;
}

std::optional<std::string> recall_checksum(const std::filesystem::path& path,
                                           HashAlgorithm algorithm, const struct stat& info) {
  std::array<char, 256> value{};
  const ssize_t length = ::lgetxattr(path.c_str(), kChecksumAttribute, value.data(), value.size());
  if (length <= 0) return std::nullopt;
  const std::string_view record(value.data(), static_cast<std::size_t>(length));
  // The record must be exactly the one remember_checksum would write now, whatever its digest.
  const std::string_view prefix = hash_algorithm_name(algorithm);
  if (record.size() <= prefix.size() + 1 || record.substr(0, prefix.size()) != prefix ||
      record[prefix.size()] != ':') {
    return std::nullopt;
  }
  const std::string_view rest = record.substr(prefix.size() + 1);
  const std::string hex(rest.substr(0, rest.find(':')));
  if (hex.empty() || record != record_of(algorithm, hex, info)) return std::nullopt;
  return hex;
}

bool remember_validator(int fd, std::string_view validator) {
  return ::fsetxattr(fd, kValidatorAttribute, validator.data(), validator.size(), 0) == 0;
}

std::string recall_validator(int fd) {
  std::array<char, 512> value{};
  const ssize_t length = ::fgetxattr(fd, kValidatorAttribute, value.data(), value.size());
  if (length <= 0) return {};
  return std::string(value.data(), static_cast<std::size_t>(length));
}

void forget_validator(int fd) {
  ::fremovexattr(fd, kValidatorAttribute);
}

}  // namespace arty::local

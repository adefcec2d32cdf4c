// Whole writes; see fd_io.hpp.
#include "util/fd_io.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <cerrno>

namespace arty::util {
namespace {

/// Calls `write_some(data, bytes, written so far)` until every byte is written; EINTR and short
/// writes go on, any other error ends it.
template <typename WriteSome>
bool write_until_done(const char* data, std::size_t bytes, WriteSome write_some) {
  std::size_t written = 0;
  while (written < bytes) {
    const ssize_t done = write_some(data + written, bytes - written, written);
    if (done < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    written += static_cast<std::size_t>(done);
  }
  return true;
}

}  // namespace

bool write_fully(int fd, const char* data, std::size_t bytes) {
  return write_until_done(data, bytes, [fd](const char* from, std::size_t size, std::size_t) {
    return ::write(fd, from, size);
  });
}

bool pwrite_fully(int fd, const char* data, std::size_t bytes, std::uint64_t offset) {
  return write_until_done(
      data, bytes, [fd, offset](const char* from, std::size_t size, std::size_t written) {
        return ::pwrite(fd, from, size, static_cast<off_t>(offset + written));
      });
}

}  // namespace arty::util

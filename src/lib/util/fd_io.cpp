// Whole writes; see fd_io.hpp.
#include "util/fd_io.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <cerrno>

namespace arty::util {

bool write_fully(int fd, const char* data, std::size_t bytes) {
  while (bytes > 0) {
    const ssize_t done = ::write(fd, data, bytes);
    if (done < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += done;
    bytes -= static_cast<std::size_t>(done);
  }
  return true;
}

bool pwrite_fully(int fd, const char* data, std::size_t bytes, std::uint64_t offset) {
  while (bytes > 0) {
    const ssize_t done = ::pwrite(fd, data, bytes, static_cast<off_t>(offset));
    if (done < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += done;
    bytes -= static_cast<std::size_t>(done);
    offset += static_cast<std::uint64_t>(done);
  }
  return true;
}

}  // namespace arty::util

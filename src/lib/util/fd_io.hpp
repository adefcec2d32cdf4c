// Whole writes to a file descriptor: POSIX write(2) and pwrite(2) may write less than asked and
// fail with EINTR when a signal arrives (Ctrl-C while stdout waits on a full pipe); these go on
// until every byte is written or a real error happens.
#pragma once

#include <cstddef>
#include <cstdint>

namespace arty::util {

/// Writes `bytes` bytes of `data` to `fd` at its file offset. False on an error other than EINTR,
/// with errno telling which (EPIPE: the reader went away).
bool write_fully(int fd, const char* data, std::size_t bytes);

/// Writes `bytes` bytes of `data` to `fd` at `offset` (the file offset is left alone). False on an
/// error other than EINTR, with errno set.
bool pwrite_fully(int fd, const char* data, std::size_t bytes, std::uint64_t offset);

}  // namespace arty::util

// write_fully through a pipe whose reader is slow while signals keep interrupting the writer.
#include "util/fd_io.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace arty::util {
namespace {

std::atomic<int> signals_handled{0};

extern "C" void count_signal(int /*signal*/) {
  signals_handled.fetch_add(1);
}

TEST(WriteFully, GoesOnThroughSignalsAndShortWrites) {
  // No SA_RESTART: a write blocked on the full pipe fails with EINTR, or returns short when some
  // bytes went through before the signal (both happen with Ctrl-C on `arty ls | slow-reader`).
  struct sigaction action {};
  struct sigaction previous {};
  action.sa_handler = count_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  ASSERT_EQ(sigaction(SIGUSR1, &action, &previous), 0);

  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string payload(1 << 20, '\0');  // 16 times a pipe's default capacity
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 131 % 251);

  std::atomic<bool> written{false};
  bool ok = false;
  std::thread writer([&] {
    ok = write_fully(fds[1], payload.data(), payload.size());
    written.store(true);
    ::close(fds[1]);  // the reader sees the end, also after a failed write
  });

  std::string received;
  char chunk[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (received.size() < payload.size() && std::chrono::steady_clock::now() < deadline) {
    // Two signals with no reading between them: the first ends a write that moved some bytes
    // (a short write), the second finds the next write blocked before any byte (EINTR).
    for (int round = 0; round < 2 && !written.load(); ++round) {
      pthread_kill(writer.native_handle(), SIGUSR1);
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    const ssize_t got = ::read(fds[0], chunk, sizeof chunk);
    if (got > 0) received.append(chunk, static_cast<std::size_t>(got));
    if (got == 0) break;
  }
  writer.join();
  ::close(fds[0]);
  sigaction(SIGUSR1, &previous, nullptr);

  EXPECT_TRUE(ok);
  EXPECT_GT(signals_handled.load(), 0);
  EXPECT_EQ(received.size(), payload.size());
  EXPECT_TRUE(received == payload) << "bytes lost or repeated";
}

TEST(WriteFully, ReportsAClosedReader) {
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  const std::string text = "line\n";
  errno = 0;
  EXPECT_FALSE(write_fully(fds[1], text.data(), text.size()));
  EXPECT_EQ(errno, EPIPE);
  ::close(fds[1]);
  std::signal(SIGPIPE, previous);
}

}  // namespace
}  // namespace arty::util

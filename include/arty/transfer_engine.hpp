// The transfer engine: every HTTP request of arty goes through one libcurl multi handle driven by
// one I/O thread. Requests are queued from any thread; at most `max_in_flight` transfers run at
// once and the rest wait in a queue (admitted lazily, as transfers finish). Connections are kept
// alive and reused; over TLS, HTTP/2 is negotiated when the server offers it and requests are
// multiplexed on few connections. Transient failures are retried with exponential backoff and
// full jitter, honouring Retry-After (see retry_policy.hpp for exactly which).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "arty/credentials.hpp"
#include "arty/error.hpp"

namespace arty {

/// How transient failures are retried. A request is tried at most `max_retries + 1` times.
struct RetryPolicy {
  int max_retries = 5;
  std::chrono::milliseconds initial_delay{
      200};                                     ///< Backoff before the first retry (before jitter).
  std::chrono::milliseconds max_delay{20'000};  ///< Cap of one backoff and of Retry-After.
};

enum class HttpVersion { Auto, Http1_1, Http2 };

struct TransferOptions {
  std::size_t max_in_flight = 16;  ///< Transfers running at once.
  std::chrono::milliseconds connect_timeout{15'000};
  /// A transfer that receives nothing for this long is abandoned (and retried, as a timeout).
  std::chrono::milliseconds read_timeout{30'000};
  std::uint64_t max_body_bytes = 256ULL << 20;  ///< Larger responses fail (BadResponse).
  RetryPolicy retry;
  Credentials credentials;
  std::string ca_file;    ///< PEM bundle to trust instead of the system's.
  bool insecure = false;  ///< Skip TLS verification (tests, never default).
  HttpVersion http_version = HttpVersion::Auto;
  /// Receives one line per finished attempt and per retry when set (for `-v`); never contains
  /// credentials. Called on the I/O thread: keep it short.
  std::function<void(std::string_view)> trace;
};

/// A response with any HTTP status: the caller decides what a 404 means.
struct Response {
  long status = 0;
  std::string body;  ///< Capacity is at least size + 64 (simdjson padding), never copied.
  std::string content_type;
  std::string url;  ///< The request URL (before redirects).
  int attempts = 1;
};

/// Counters over the engine's lifetime; a consistent-enough snapshot for progress and summaries.
struct TransferCounters {
  std::uint64_t requests = 0;  ///< Attempts sent, retries included.
  std::uint64_t retries = 0;
  std::uint64_t failed = 0;          ///< Requests that ended without a 2xx/3xx/4xx answer.
  std::uint64_t bytes_received = 0;  ///< Body bytes.
  double total_latency_seconds = 0;  ///< Sum of attempt durations (request sent to body done).
  std::uint64_t in_flight = 0;
};

/// Called exactly once per request, on the I/O thread: with the final response (any status) or
/// an Error of kind Network, BadResponse (body over the cap) or Cancelled. Must not block.
using ResponseHandler = std::function<void(Result<Response>)>;

class TransferEngine {
 public:
  explicit TransferEngine(TransferOptions options);
  ~TransferEngine();  ///< Cancels what is left, calls its handlers, joins the I/O thread.
  TransferEngine(const TransferEngine&) = delete;
  TransferEngine& operator=(const TransferEngine&) = delete;

  /// Queues a GET of `url` (already percent-encoded). Thread-safe; never blocks on the network.
  void get(std::string url, ResponseHandler on_done);

  /// Aborts every queued and running transfer; their handlers get ErrorKind::Cancelled, and so do
  /// requests made afterwards. Thread-safe, idempotent, returns without waiting.
  void cancel();

  [[nodiscard]] TransferCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arty

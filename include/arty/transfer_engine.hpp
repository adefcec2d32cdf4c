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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arty/credentials.hpp"
#include "arty/entry.hpp"
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

/// What a download learns from a response's status line and headers before its body (after
/// redirects: the headers of the last response). Header names per RFC 9110; the X-Checksum-*
/// headers are Artifactory's (https://jfrog.com/help/r/jfrog-rest-apis/retrieve-artifact).
struct ResponseHead {
  long status = 0;
  std::optional<std::uint64_t> content_length;  ///< Bytes of this response's body, when announced.
  /// Start of the body within the file for a 206 (from Content-Range: bytes START-END/TOTAL).
  std::optional<std::uint64_t> range_start;
  std::optional<std::uint64_t> total_size;  ///< TOTAL of Content-Range, or the length of a 200.
  bool accepts_ranges = false;              ///< Accept-Ranges: bytes.
  std::string etag;                         ///< As sent, quotes included; empty when absent.
  std::string last_modified;                ///< HTTP-date, as sent.
  Checksums checksums;                      ///< X-Checksum-Md5, -Sha1, -Sha256 (lowercased).
};

/// Where a download's body goes. Every call happens on the engine's I/O thread, one at a time,
/// and must not block for long (a write to a local file is fine; hashing in small pieces too).
/// The sink is kept alive by the engine until the download's handler has been called.
class DownloadSink {
 public:
  virtual ~DownloadSink() = default;
  /// Extra request headers ("Name: value") for the next attempt, e.g. Range and If-Range to
  /// continue after the bytes already written. Called before every attempt, retries included.
  virtual std::vector<std::string> request_headers() { return {}; }
  /// The attempt got a 2xx response described by `head`; called before its first body byte (also
  /// when the body is empty). Return false to abandon the download (its handler then gets
  /// ErrorKind::LocalIo "abandoned by its sink"; the sink knows why).
  virtual bool begin(const ResponseHead& head) = 0;
  /// The next `bytes` of the body, in order. Return false to abandon, as above.
  virtual bool write(const char* data, std::size_t bytes) = 0;
};

/// Counters over the engine's lifetime; a consistent-enough snapshot for progress and summaries.
struct TransferCounters {
  std::uint64_t requests = 0;  ///< Attempts sent, retries included.
  std::uint64_t retries = 0;
  std::uint64_t failed = 0;          ///< Requests that ended without a 2xx/3xx/4xx answer.
  std::uint64_t bytes_received = 0;  ///< Body bytes, counted as they arrive.
  double total_latency_seconds = 0;  ///< Sum of attempt durations (request sent to body done).
  std::uint64_t in_flight = 0;
};

/// A request beyond a plain GET: a POST body, its own response cap, no retries.
struct Request {
  std::string url;        ///< Already percent-encoded.
  std::string post_body;  ///< When not empty the request is a POST of these bytes, else a GET.
  std::string content_type = "text/plain";  ///< Of `post_body`.
  std::uint64_t max_body_bytes = 0;         ///< Larger responses fail (BadResponse); 0: the engine's.
  /// false: the first answer (any status) or failure is final, nothing is retried. For requests
  /// whose caller has a cheaper way than waiting (e.g. a File List refused with 429: walk instead).
  bool retry = true;
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

  /// Queues `request`; otherwise as get(). Thread-safe; never blocks on the network.
  void send(Request request, ResponseHandler on_done);

  /// Queues a GET of `url` whose 2xx body streams into `sink` instead of memory, with no size
  /// limit. `on_done` gets the final Response: for a 2xx its body is empty (it went to the sink),
  /// for other statuses it holds the server's error body (at most 64 KiB). Transient failures are
  /// retried as for get(); a retry calls the sink's request_headers() and begin() again, and the
  /// sink decides whether to continue (206) or start over (200). Thread-safe, never blocks.
  void download(std::string url, std::shared_ptr<DownloadSink> sink, ResponseHandler on_done);

  /// Aborts every queued and running transfer; their handlers get ErrorKind::Cancelled, and so do
  /// requests made afterwards. Thread-safe, idempotent, returns without waiting.
  void cancel();

  [[nodiscard]] TransferCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace arty

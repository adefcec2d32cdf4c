// The transfer engine: one I/O thread, one curl multi handle (see transfer_engine.hpp).
//
// Loop of the I/O thread:
//   1. take requests queued by other threads; on cancel, fail everything with Cancelled;
//   2. move retries whose backoff has expired back to the ready queue;
//   3. admit ready requests while fewer than max_in_flight transfers run (lazy admission);
//   4. let curl work (curl_multi_perform) and finish completed transfers: deliver, or schedule
//      a retry;
//   5. sleep in curl_multi_poll until a socket is ready, the next retry is due, or another
//      thread calls curl_multi_wakeup.
#include "arty/transfer_engine.hpp"

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <curl/curl.h>
#include <fmt/format.h>

#include "http/content_range.hpp"
#include "http/retry_policy.hpp"

namespace arty {
namespace {

using Clock = std::chrono::steady_clock;

/// Room simdjson needs after a body to parse it in place (SIMDJSON_PADDING).
constexpr std::size_t kBodyPadding = 64;
/// libcurl's receive buffer for downloads (its default is 16 KiB).
constexpr long kDownloadBufferBytes = 256 * 1024;
/// A download's error body (not 2xx) is kept up to this size, for the server's message.
constexpr std::uint64_t kErrorBodyBytes = 64 * 1024;

struct Transfer {
  std::string url;
  std::string post_body;  // POST when not empty
  bool retry = true;
  ResponseHandler on_done;
  std::string body;
  int attempts = 0;
  bool over_cap = false;
  std::uint64_t max_body_bytes = 0;
  std::atomic<std::uint64_t>* bytes_received = nullptr;  // the engine's counter
  Clock::time_point started;
  CURL* easy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  // Downloads only: the body goes to the sink when the status is 2xx.
  std::shared_ptr<DownloadSink> sink;
  curl_slist* request_headers = nullptr;  // the sink's, or a POST's Content-Type
  bool sink_begun = false;                // begin() was called in this attempt
  bool sink_abandoned = false;            // begin() or write() returned false

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() { free_request_headers(); }
  void free_request_headers() {
    curl_slist_free_all(request_headers);
    request_headers = nullptr;
  }
};

std::string header_value(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK) return {};
  return header->value;
}

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

/// The status and the headers a download needs, from the last response (after redirects).
ResponseHead read_response_head(CURL* easy) {
  ResponseHead head;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &head.status);
  curl_off_t length = -1;
  curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  if (length >= 0) head.content_length = static_cast<std::uint64_t>(length);
  if (head.status == 206) {
    if (auto range = http::parse_content_range(header_value(easy, "Content-Range"))) {
      head.range_start = range->first;
      head.total_size = range->total;
    }
  } else if (head.status == 200) {
    head.total_size = head.content_length;
  }
  head.accepts_ranges =
      lowercase(header_value(easy, "Accept-Ranges")).find("bytes") != std::string::npos;
  head.etag = header_value(easy, "ETag");
  head.last_modified = header_value(easy, "Last-Modified");
  head.checksums.md5 = lowercase(header_value(easy, "X-Checksum-Md5"));
  head.checksums.sha1 = lowercase(header_value(easy, "X-Checksum-Sha1"));
  head.checksums.sha256 = lowercase(header_value(easy, "X-Checksum-Sha256"));
  return head;
}

const char* method(const Transfer& transfer) {
  return transfer.post_body.empty() ? "GET" : "POST";
}

bool is_success(long status) {
  return status >= 200 && status < 300;
}

/// A download's bytes: to the sink for a 2xx, else (an error page) into `body`, capped.
std::size_t write_download(Transfer& transfer, char* data, std::size_t bytes) {
  if (!transfer.sink_begun) {
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    if (is_success(status)) {
      transfer.sink_begun = true;
      if (!transfer.sink->begin(read_response_head(transfer.easy))) {
        transfer.sink_abandoned = true;
        return 0;
      }
    }
  }
  if (transfer.sink_begun) {
    if (!transfer.sink->write(data, bytes)) {
      transfer.sink_abandoned = true;
      return 0;
    }
    return bytes;
  }
  const std::size_t room =
      kErrorBodyBytes - std::min<std::size_t>(transfer.body.size(), kErrorBodyBytes);
  transfer.body.append(data, std::min(bytes, room));
  return bytes;
}

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  transfer->bytes_received->fetch_add(bytes, std::memory_order_relaxed);
  if (transfer->sink) return write_download(*transfer, data, bytes);
  if (transfer->body.size() + bytes > transfer->max_body_bytes) {
    transfer->over_cap = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  if (transfer->body.empty()) {
    // One allocation of the announced size (plus simdjson's padding) instead of doublings.
    curl_off_t announced = -1;
    curl_easy_getinfo(transfer->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
    if (announced > 0 && static_cast<std::uint64_t>(announced) <= transfer->max_body_bytes) {
      transfer->body.reserve(static_cast<std::size_t>(announced) + kBodyPadding);
    }
  }
  transfer->body.append(data, bytes);
  return bytes;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// Whether the netrc file libcurl would read ($NETRC, else ~/.netrc) exists.
bool netrc_exists(const Credentials& credentials) {
  std::string path = credentials.netrc_file;
  if (path.empty()) {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') return false;
    path = std::string(home) + "/.netrc";
  }
  return ::access(path.c_str(), R_OK) == 0;
}

long curl_http_version(HttpVersion version) {
  switch (version) {
    case HttpVersion::Http1_1:
      return CURL_HTTP_VERSION_1_1;
    case HttpVersion::Http2:
      return CURL_HTTP_VERSION_2TLS;
    case HttpVersion::Auto:
      break;
  }
  return CURL_HTTP_VERSION_2TLS;  // HTTP/2 over TLS when offered, HTTP/1.1 otherwise
}

}  // namespace

class TransferEngine::Impl {
 public:
  explicit Impl(TransferOptions options)
      : options_(std::move(options)), random_(std::random_device{}()) {
    init_curl_once();
    if (options_.max_in_flight == 0) options_.max_in_flight = 1;
    netrc_present_ = options_.credentials.use_netrc && netrc_exists(options_.credentials);
    multi_ = curl_multi_init();
    const long in_flight = static_cast<long>(options_.max_in_flight);
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, std::max(in_flight, 8L));
    curl_multi_setopt(multi_, CURLMOPT_MAX_CONCURRENT_STREAMS, std::max(in_flight, 100L));
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    io_thread_ = std::thread([this] { run(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cancel();
    io_thread_.join();
    for (CURL* easy : idle_easies_) curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
  }

  void get(std::string url, ResponseHandler on_done, std::shared_ptr<DownloadSink> sink) {
    auto transfer = std::make_unique<Transfer>();
    transfer->url = std::move(url);
    transfer->on_done = std::move(on_done);
    transfer->max_body_bytes = options_.max_body_bytes;
    transfer->sink = std::move(sink);
    queue(std::move(transfer));
  }

  void send(Request request, ResponseHandler on_done) {
    auto transfer = std::make_unique<Transfer>();
    transfer->url = std::move(request.url);
    transfer->on_done = std::move(on_done);
    transfer->max_body_bytes =
        request.max_body_bytes != 0 ? request.max_body_bytes : options_.max_body_bytes;
    transfer->retry = request.retry;
    if (!request.post_body.empty()) {
      transfer->post_body = std::move(request.post_body);
      transfer->request_headers =
          curl_slist_append(nullptr, fmt::format("Content-Type: {}", request.content_type).c_str());
      // No "Expect: 100-continue" (libcurl adds it above 1 KiB and then waits up to a second
      // for a server that never sends 100).
      transfer->request_headers = curl_slist_append(transfer->request_headers, "Expect:");
    }
    queue(std::move(transfer));
  }

  void queue(std::unique_ptr<Transfer> transfer) {
    transfer->bytes_received = &bytes_received_;
    {
      std::lock_guard lock(mutex_);
      incoming_.push_back(std::move(transfer));
    }
    curl_multi_wakeup(multi_);
  }

  void cancel() {
    cancelled_.store(true);
    curl_multi_wakeup(multi_);
  }

  TransferCounters counters() const {
    TransferCounters out;
    out.requests = requests_.load();
    out.retries = retries_.load();
    out.failed = failed_.load();
    out.bytes_received = bytes_received_.load();
    out.total_latency_seconds = static_cast<double>(latency_us_.load()) / 1e6;
    out.in_flight = in_flight_.load();
    return out;
  }

 private:
  void run() {
    while (true) {
      const bool stopping = take_incoming();
      if (cancelled_.load()) fail_everything();
      wake_due_retries();
      admit_ready();
      int running = 0;
      curl_multi_perform(multi_, &running);
      finish_completed();
      if (stopping && running_.empty() && ready_.empty() && retries_waiting_.empty()) break;
      curl_multi_poll(multi_, nullptr, 0, poll_timeout_ms(), nullptr);
    }
  }

  /// Moves requests queued by other threads to the ready queue; returns whether we are stopping.
  bool take_incoming() {
    std::lock_guard lock(mutex_);
    for (auto& transfer : incoming_) ready_.push_back(std::move(transfer));
    incoming_.clear();
    return stopping_;
  }

  void wake_due_retries() {
    const auto now = Clock::now();
    while (!retries_waiting_.empty() && retries_waiting_.begin()->first <= now) {
      ready_.push_back(std::move(retries_waiting_.begin()->second));
      retries_waiting_.erase(retries_waiting_.begin());
    }
  }

  void admit_ready() {
    while (!ready_.empty() && running_.size() < options_.max_in_flight) {
      std::unique_ptr<Transfer> transfer = std::move(ready_.front());
      ready_.pop_front();
      CURL* easy = prepare_easy(*transfer);
      transfer->attempts += 1;
      transfer->started = Clock::now();
      requests_.fetch_add(1);
      curl_multi_add_handle(multi_, easy);
      running_.emplace(easy, std::move(transfer));
      in_flight_.store(running_.size());
    }
  }

  CURL* prepare_easy(Transfer& transfer) {
    CURL* easy = nullptr;
    if (idle_easies_.empty()) {
      easy = curl_easy_init();
    } else {
      easy = idle_easies_.back();
      idle_easies_.pop_back();
      curl_easy_reset(easy);
    }
    transfer.easy = easy;
    curl_easy_setopt(easy, CURLOPT_URL, transfer.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &write_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error_buffer);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "arty/0.1");
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    // Redirects are followed (signed storage URLs); curl sends credentials only to the original
    // host unless CURLOPT_UNRESTRICTED_AUTH is set, which we never do.
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, curl_http_version(options_.http_version));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    // libcurl's low-speed check has a resolution of one second: below 1 byte/s for N seconds.
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, static_cast<long>((options_.read_timeout.count() + 999) / 1000)));
    if (transfer.sink) {
      // File bytes exactly as stored (no content coding), so that sizes, ranges and checksums
      // refer to the same bytes; no size limit; large writes (fewer calls into the sink).
      curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, kDownloadBufferBytes);
      transfer.free_request_headers();
      for (const std::string& header : transfer.sink->request_headers()) {
        transfer.request_headers = curl_slist_append(transfer.request_headers, header.c_str());
      }
      if (transfer.request_headers) {
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.request_headers);
      }
    } else {
      curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
      curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                       static_cast<curl_off_t>(transfer.max_body_bytes));
    }
    if (!transfer.post_body.empty()) {
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer.post_body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(transfer.post_body.size()));
      curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.request_headers);
    }
    set_credentials(easy);
    if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (options_.insecure) {
      curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    return easy;
  }

  void set_credentials(CURL* easy) {
    const Credentials& credentials = options_.credentials;
    if (!credentials.access_token.empty()) {
      curl_easy_setopt(easy, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
      curl_easy_setopt(easy, CURLOPT_XOAUTH2_BEARER, credentials.access_token.c_str());
    } else if (!credentials.user.empty()) {
      curl_easy_setopt(easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(easy, CURLOPT_USERNAME, credentials.user.c_str());
      curl_easy_setopt(easy, CURLOPT_PASSWORD, credentials.password.c_str());
    } else if (netrc_present_) {
      curl_easy_setopt(easy, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
      if (!credentials.netrc_file.empty()) {
        curl_easy_setopt(easy, CURLOPT_NETRC_FILE, credentials.netrc_file.c_str());
      }
    }
  }

  void finish_completed() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      finish(message->easy_handle, message->data.result);
    }
    in_flight_.store(running_.size());
  }

  void finish(CURL* easy, CURLcode result) {
    auto node = running_.extract(easy);
    std::unique_ptr<Transfer> transfer = std::move(node.mapped());
    curl_multi_remove_handle(multi_, easy);
    const auto elapsed = Clock::now() - transfer->started;
    latency_us_.fetch_add(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (result != CURLE_OK) status = 0;
    trace_attempt(*transfer, easy, result, status, elapsed);

    if (transfer->sink_abandoned) {
      release_easy(easy);
      return deliver_error(std::move(transfer), ErrorKind::LocalIo, "abandoned by its sink");
    }
    if (transfer->over_cap || result == CURLE_FILESIZE_EXCEEDED) {
      release_easy(easy);
      std::string message =
          fmt::format("response larger than the limit of {} bytes", transfer->max_body_bytes);
      return deliver_error(std::move(transfer), ErrorKind::BadResponse, std::move(message));
    }
    if (transfer->retry && http::is_retryable(result, status) &&
        transfer->attempts <= options_.retry.max_retries && !cancelled_.load()) {
      schedule_retry(std::move(transfer), easy, result, status);
      return;
    }
    if (result != CURLE_OK) {
      std::string reason =
          transfer->error_buffer[0] ? transfer->error_buffer : curl_easy_strerror(result);
      release_easy(easy);
      return deliver_error(std::move(transfer), ErrorKind::Network, std::move(reason));
    }
    if (transfer->sink && is_success(status) && !transfer->sink_begun) {
      // An empty body: the sink still learns the response (and creates an empty file).
      transfer->sink_begun = true;
      if (!transfer->sink->begin(read_response_head(easy))) {
        release_easy(easy);
        return deliver_error(std::move(transfer), ErrorKind::LocalIo, "abandoned by its sink");
      }
    }
    Response response;
    response.status = status;
    if (const char* type = nullptr;
        curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) {
      response.content_type = type;
    }
    release_easy(easy);
    if (transfer->body.capacity() < transfer->body.size() + kBodyPadding) {
      transfer->body.reserve(transfer->body.size() + kBodyPadding);
    }
    response.body = std::move(transfer->body);
    response.url = std::move(transfer->url);
    response.attempts = transfer->attempts;
    transfer->on_done(std::move(response));
  }

  void schedule_retry(std::unique_ptr<Transfer> transfer, CURL* easy, CURLcode result,
                      long status) {
    auto delay = http::backoff_delay(options_.retry, transfer->attempts, random_);
    curl_header* header = nullptr;
    if (status != 0 &&
        curl_easy_header(easy, "Retry-After", 0, CURLH_HEADER, -1, &header) == CURLHE_OK) {
      if (auto wanted = http::parse_retry_after(header->value, std::time(nullptr))) {
        delay = std::max(delay, std::min(*wanted, options_.retry.max_delay));
      }
    }
    release_easy(easy);
    retries_.fetch_add(1);
    if (options_.trace) {
      const std::string why =
          status != 0 ? fmt::format("HTTP {}", status) : std::string(curl_easy_strerror(result));
      options_.trace(fmt::format("retry {}/{} in {} ms after {}: {} {}", transfer->attempts,
                                 options_.retry.max_retries, delay.count(), why, method(*transfer),
                                 transfer->url));
    }
    transfer->body.clear();
    transfer->over_cap = false;
    transfer->sink_begun = false;
    transfer->error_buffer[0] = '\0';
    retries_waiting_.emplace(Clock::now() + delay, std::move(transfer));
  }

  void trace_attempt(const Transfer& transfer, CURL* easy, CURLcode result, long status,
                     Clock::duration elapsed) const {
    if (!options_.trace) return;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    if (result == CURLE_OK) {
      curl_off_t bytes = 0;
      curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &bytes);
      options_.trace(fmt::format("{} {} -> {} in {} ms, {} bytes", method(transfer), transfer.url,
                                 status, ms, bytes));
    } else {
      options_.trace(fmt::format("{} {} -> {} in {} ms", method(transfer), transfer.url,
                                 curl_easy_strerror(result), ms));
    }
  }

  void deliver_error(std::unique_ptr<Transfer> transfer, ErrorKind kind, std::string message) {
    if (kind != ErrorKind::Cancelled) failed_.fetch_add(1);
    transfer->on_done(fail(kind, std::move(message), transfer->url));
  }

  void release_easy(CURL* easy) { idle_easies_.push_back(easy); }

  /// Cancellation: every queued, waiting and running transfer ends with ErrorKind::Cancelled.
  void fail_everything() {
    for (auto& [easy, transfer] : running_) {
      curl_multi_remove_handle(multi_, easy);
      release_easy(easy);
      deliver_error(std::move(transfer), ErrorKind::Cancelled, "cancelled");
    }
    running_.clear();
    for (auto& transfer : ready_)
      deliver_error(std::move(transfer), ErrorKind::Cancelled, "cancelled");
    ready_.clear();
    for (auto& [due, transfer] : retries_waiting_) {
      deliver_error(std::move(transfer), ErrorKind::Cancelled, "cancelled");
    }
    retries_waiting_.clear();
    in_flight_.store(0);
  }

  int poll_timeout_ms() const {
    if (!ready_.empty() && running_.size() < options_.max_in_flight) return 0;
    long long timeout = 1000;
    if (!retries_waiting_.empty()) {
      const auto until = retries_waiting_.begin()->first - Clock::now();
      timeout = std::clamp<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(until).count() + 1, 0, timeout);
    }
    return static_cast<int>(timeout);
  }

  TransferOptions options_;
  // Looked up once: libcurl would otherwise open the file for every request.
  bool netrc_present_ = false;
  CURLM* multi_ = nullptr;
  std::thread io_thread_;
  std::mt19937_64 random_;

  std::mutex mutex_;  // guards incoming_ and stopping_
  std::vector<std::unique_ptr<Transfer>> incoming_;
  bool stopping_ = false;
  std::atomic<bool> cancelled_{false};

  // Owned by the I/O thread.
  std::deque<std::unique_ptr<Transfer>> ready_;
  std::multimap<Clock::time_point, std::unique_ptr<Transfer>> retries_waiting_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> running_;
  std::vector<CURL*> idle_easies_;

  std::atomic<std::uint64_t> requests_{0}, retries_{0}, failed_{0}, bytes_received_{0},
      latency_us_{0}, in_flight_{0};
};

TransferEngine::TransferEngine(TransferOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
TransferEngine::~TransferEngine() = default;
void TransferEngine::get(std::string url, ResponseHandler on_done) {
  impl_->get(std::move(url), std::move(on_done), nullptr);
}
void TransferEngine::send(Request request, ResponseHandler on_done) {
  impl_->send(std::move(request), std::move(on_done));
}
void TransferEngine::download(std::string url, std::shared_ptr<DownloadSink> sink,
                              ResponseHandler on_done) {
  impl_->get(std::move(url), std::move(on_done), std::move(sink));
}
void TransferEngine::cancel() {
  impl_->cancel();
}
TransferCounters TransferEngine::counters() const {
  return impl_->counters();
}

}  // namespace arty

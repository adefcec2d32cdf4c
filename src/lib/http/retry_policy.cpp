// Retry decisions; see retry_policy.hpp.
#include "http/retry_policy.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace arty::http {

bool is_retryable(CURLcode result, long status) {
  switch (result) {
    case CURLE_OK:
      return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_BAD_CONTENT_ENCODING:
      return true;
    default:
      return false;
  }
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry,
                                        std::mt19937_64& random) {
  const int doublings = std::clamp(retry - 1, 0, 30);
  const auto ceiling =
      std::min<long long>(policy.max_delay.count(), policy.initial_delay.count() << doublings);
  std::uniform_int_distribution<long long> jitter(ceiling / 2, std::max(ceiling, 1LL));
  return std::chrono::milliseconds(jitter(random));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::time_t now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error == std::errc() && end == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::milliseconds(std::min<long long>(seconds, 86'400) * 1000);
  }
  const std::string date(value);
  const std::time_t when = curl_getdate(date.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::chrono::milliseconds(std::max<long long>(0, (when - now)) * 1000);
}

}  // namespace arty::http

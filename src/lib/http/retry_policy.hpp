// Which failures are transient, how long to wait before trying again, and how to read Retry-After.
#pragma once

#include <chrono>
#include <ctime>
#include <optional>
#include <random>
#include <string_view>

#include <curl/curl.h>

#include "arty/transfer_engine.hpp"

namespace arty::http {

/// The one place that decides whether an attempt is worth repeating: connection errors, timeouts,
/// resets, truncated bodies and HTTP 429, 500, 502, 503, 504. `status` is 0 without a response.
[[nodiscard]] bool is_retryable(CURLcode result, long status);

/// Exponential backoff with jitter for retry number `retry` (1 = first retry): a delay drawn
/// uniformly from [d/2, d] where d = min(max_delay, initial_delay * 2^(retry-1)).
[[nodiscard]] std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry,
                                                      std::mt19937_64& random);

/// Parses a Retry-After header value: delay-seconds ("120") or an HTTP-date
/// ("Wed, 21 Oct 2015 07:28:00 GMT", RFC 9110 section 10.2.3), relative to `now`. A date in the
/// past is a zero delay; anything else unparsable is nullopt.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                                         std::time_t now);

}  // namespace arty::http

// Tests of http/retry_policy.hpp: which attempts are retried, backoff with jitter, Retry-After.
#include "http/retry_policy.hpp"

#include <gtest/gtest.h>

namespace arty::http {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, HttpStatusesWithoutTransportError) {
  EXPECT_FALSE(is_retryable(CURLE_OK, 200));
  EXPECT_FALSE(is_retryable(CURLE_OK, 204));
  EXPECT_FALSE(is_retryable(CURLE_OK, 301));
  EXPECT_FALSE(is_retryable(CURLE_OK, 400));
  EXPECT_FALSE(is_retryable(CURLE_OK, 401));
  EXPECT_FALSE(is_retryable(CURLE_OK, 403));
  EXPECT_FALSE(is_retryable(CURLE_OK, 404));
  EXPECT_FALSE(is_retryable(CURLE_OK, 501));
  EXPECT_TRUE(is_retryable(CURLE_OK, 429));
  EXPECT_TRUE(is_retryable(CURLE_OK, 500));
  EXPECT_TRUE(is_retryable(CURLE_OK, 502));
  EXPECT_TRUE(is_retryable(CURLE_OK, 503));
  EXPECT_TRUE(is_retryable(CURLE_OK, 504));
}

TEST(RetryPolicyTest, TransientTransportErrors) {
  EXPECT_TRUE(is_retryable(CURLE_COULDNT_CONNECT, 0));
  EXPECT_TRUE(is_retryable(CURLE_OPERATION_TIMEDOUT, 0));
  EXPECT_TRUE(is_retryable(CURLE_PARTIAL_FILE, 200));
  EXPECT_TRUE(is_retryable(CURLE_SEND_ERROR, 0));
  EXPECT_TRUE(is_retryable(CURLE_RECV_ERROR, 0));
  EXPECT_TRUE(is_retryable(CURLE_GOT_NOTHING, 0));
}

TEST(RetryPolicyTest, PermanentTransportErrors) {
  EXPECT_FALSE(is_retryable(CURLE_COULDNT_RESOLVE_HOST, 0));
  EXPECT_FALSE(is_retryable(CURLE_PEER_FAILED_VERIFICATION, 0));
  EXPECT_FALSE(is_retryable(CURLE_URL_MALFORMAT, 0));
  EXPECT_FALSE(is_retryable(CURLE_UNSUPPORTED_PROTOCOL, 0));
  EXPECT_FALSE(is_retryable(CURLE_ABORTED_BY_CALLBACK, 0));
}

TEST(RetryPolicyTest, BackoffStaysWithinJitterRangeAndCap) {
  RetryPolicy policy;
  policy.initial_delay = milliseconds(200);
  policy.max_delay = milliseconds(20'000);
  std::mt19937_64 random(12345);
  for (int retry = 1; retry <= 40; ++retry) {
    long long ceiling = 200;
    for (int k = 1; k < retry && ceiling < 20'000; ++k) ceiling *= 2;
    ceiling = std::min<long long>(ceiling, 20'000);
    milliseconds lowest = milliseconds::max();
    milliseconds highest = milliseconds::min();
    for (int draw = 0; draw < 2000; ++draw) {
      const milliseconds delay = backoff_delay(policy, retry, random);
      ASSERT_GE(delay.count(), ceiling / 2) << "retry " << retry;
      ASSERT_LE(delay.count(), ceiling) << "retry " << retry;
      ASSERT_LE(delay, policy.max_delay) << "retry " << retry;
      lowest = std::min(lowest, delay);
      highest = std::max(highest, delay);
    }
    // Jitter: over 2000 draws the spread covers most of [d/2, d].
    EXPECT_LT(lowest.count(), ceiling / 2 + ceiling / 8) << "retry " << retry;
    EXPECT_GT(highest.count(), ceiling - ceiling / 8) << "retry " << retry;
  }
}

TEST(RetryPolicyTest, BackoffDoublesUntilTheCap) {
  RetryPolicy policy;
  policy.initial_delay = milliseconds(100);
  policy.max_delay = milliseconds(1000);
  std::mt19937_64 random(7);
  // retry 1: [50, 100], 2: [100, 200], 3: [200, 400], 4: [400, 800], 5+: [500, 1000]
  const long long ceilings[] = {100, 200, 400, 800, 1000, 1000, 1000};
  for (int retry = 1; retry <= 7; ++retry) {
    const long long ceiling = ceilings[retry - 1];
    for (int draw = 0; draw < 500; ++draw) {
      const auto delay = backoff_delay(policy, retry, random).count();
      EXPECT_GE(delay, ceiling / 2) << "retry " << retry;
      EXPECT_LE(delay, ceiling) << "retry " << retry;
    }
  }
}

TEST(RetryPolicyTest, BackoffHugeRetryNumberDoesNotOverflow) {
  RetryPolicy policy;
  policy.initial_delay = milliseconds(200);
  policy.max_delay = milliseconds(20'000);
  std::mt19937_64 random(99);
  for (const int retry : {31, 62, 63, 64, 1000, 1 << 30}) {
    const auto delay = backoff_delay(policy, retry, random);
    EXPECT_GE(delay.count(), 10'000) << "retry " << retry;
    EXPECT_LE(delay.count(), 20'000) << "retry " << retry;
  }
}

TEST(RetryPolicyTest, BackoffIsDeterministicForASeed) {
  RetryPolicy policy;
  std::mt19937_64 a(42);
  std::mt19937_64 b(42);
  for (int retry = 1; retry <= 10; ++retry) {
    EXPECT_EQ(backoff_delay(policy, retry, a), backoff_delay(policy, retry, b));
  }
}

constexpr std::time_t kNow = 1445412480;  // Wed, 21 Oct 2015 07:28:00 GMT

TEST(RetryPolicyTest, RetryAfterSeconds) {
  EXPECT_EQ(parse_retry_after("5", kNow), milliseconds(5000));
  EXPECT_EQ(parse_retry_after(" 5 ", kNow), milliseconds(5000));
  EXPECT_EQ(parse_retry_after("5\r", kNow), milliseconds(5000));
  EXPECT_EQ(parse_retry_after("0", kNow), milliseconds(0));
  EXPECT_EQ(parse_retry_after("120", kNow), milliseconds(120'000));
}

TEST(RetryPolicyTest, RetryAfterInvalid) {
  EXPECT_EQ(parse_retry_after("-1", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("abc", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("   ", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("5s", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("1.5", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("+5", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("0x10", kNow), std::nullopt);
}

TEST(RetryPolicyTest, RetryAfterHttpDate) {
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", kNow), milliseconds(30'000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", kNow), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:29:00 GMT", kNow), milliseconds(60'000));
}

TEST(RetryPolicyTest, RetryAfterObsoleteDateFormats) {
  // RFC 9110 section 5.6.7: recipients accept the RFC 850 and asctime formats too.
  EXPECT_EQ(parse_retry_after("Wednesday, 21-Oct-15 07:28:30 GMT", kNow), milliseconds(30'000));
  EXPECT_EQ(parse_retry_after("Wed Oct 21 07:28:30 2015", kNow), milliseconds(30'000));
}

TEST(RetryPolicyTest, RetryAfterDateInThePastIsZero) {
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", kNow), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Thu, 01 Jan 1998 00:00:00 GMT", kNow), milliseconds(0));
}

}  // namespace
}  // namespace arty::http

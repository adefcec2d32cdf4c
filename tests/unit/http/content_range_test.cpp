// Content-Range parsing: the forms of RFC 9110 14.4 and malformed server values.
#include "http/content_range.hpp"

#include <gtest/gtest.h>

namespace arty::http {
namespace {

TEST(ContentRange, SatisfiedRangeWithTotal) {
  const auto range = parse_content_range("bytes 10-19/100");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first, 10U);
  EXPECT_EQ(range->last, 19U);
  EXPECT_EQ(range->total, 100U);
}

TEST(ContentRange, UnknownTotalAndSurroundingSpace) {
  const auto range = parse_content_range("  bytes 0-0/*\t");
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first, 0U);
  EXPECT_EQ(range->last, 0U);
  EXPECT_FALSE(range->total);
}

TEST(ContentRange, RejectsMalformedValues) {
  for (const char* value : {"", "bytes", "bytes */100", "items 0-1/2", "bytes 5-4/10",
                            "bytes 0-10/10", "bytes -1-2/3", "bytes 0-1/2x", "bytes 0-1",
                            "bytes 0 -1/2", "bytes 99999999999999999999-1/2", "bytes 1-2/3/4"}) {
    EXPECT_FALSE(parse_content_range(value)) << value;
  }
}

}  // namespace
}  // namespace arty::http

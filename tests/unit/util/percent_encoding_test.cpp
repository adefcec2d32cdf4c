// Tests of util/percent_encoding.hpp: RFC 3986 path-segment encoding and lenient decoding.
#include "util/percent_encoding.hpp"

#include <string>

#include <gtest/gtest.h>

namespace arty::util {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

TEST(PercentEncodingTest, UnreservedCharactersAreKept) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  EXPECT_EQ(encode_path_segment(unreserved), unreserved);
}

TEST(PercentEncodingTest, EveryOtherByteIsEncodedAsUppercaseHex) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int value = 0; value < 256; ++value) {
    const auto c = static_cast<unsigned char>(value);
    const std::string input(1, static_cast<char>(c));
    const std::string encoded = encode_path_segment(input);
    if (is_unreserved(c)) {
      EXPECT_EQ(encoded, input) << "byte " << value;
    } else {
      const std::string expected{'%', kHex[c >> 4], kHex[c & 0xF]};
      EXPECT_EQ(encoded, expected) << "byte " << value;
    }
  }
}

TEST(PercentEncodingTest, ReservedAndSpecialCharacters) {
  EXPECT_EQ(encode_path_segment(" "), "%20");
  EXPECT_EQ(encode_path_segment("#"), "%23");
  EXPECT_EQ(encode_path_segment("?"), "%3F");
  EXPECT_EQ(encode_path_segment("%"), "%25");
  EXPECT_EQ(encode_path_segment("+"), "%2B");
  EXPECT_EQ(encode_path_segment(";"), "%3B");
  EXPECT_EQ(encode_path_segment("="), "%3D");
  EXPECT_EQ(encode_path_segment("["), "%5B");
  EXPECT_EQ(encode_path_segment("]"), "%5D");
  EXPECT_EQ(encode_path_segment("/"), "%2F");
  EXPECT_EQ(encode_path_segment("a b;c=d#?"), "a%20b%3Bc%3Dd%23%3F");
  EXPECT_EQ(encode_path_segment("lib;version=1.0"), "lib%3Bversion%3D1.0");
}

TEST(PercentEncodingTest, Utf8BytesAreEncodedOneByOne) {
  EXPECT_EQ(encode_path_segment("\xC3\xA9"), "%C3%A9");                // é
  EXPECT_EQ(encode_path_segment("\xE2\x82\xAC"), "%E2%82%AC");         // €
  EXPECT_EQ(encode_path_segment("\xF0\x9F\x98\x80"), "%F0%9F%98%80");  // 😀
  EXPECT_EQ(encode_path_segment("caf\xC3\xA9.txt"), "caf%C3%A9.txt");
}

TEST(PercentEncodingTest, EmptySegment) {
  EXPECT_EQ(encode_path_segment(""), "");
}

TEST(PercentEncodingTest, EncodePathKeepsSlashes) {
  EXPECT_EQ(encode_path("a/b c/d#e"), "a/b%20c/d%23e");
  EXPECT_EQ(encode_path("one"), "one");
  EXPECT_EQ(encode_path(""), "");
  EXPECT_EQ(encode_path("a//b"), "a//b");
  EXPECT_EQ(encode_path("/a/"), "/a/");
  EXPECT_EQ(encode_path("x;y=z/100%"), "x%3By%3Dz/100%25");
}

TEST(PercentEncodingTest, DecodeBothCases) {
  EXPECT_EQ(decode_percent("a%20b"), "a b");
  EXPECT_EQ(decode_percent("%3f%3F"), "??");
  EXPECT_EQ(decode_percent("%c3%A9"), "\xC3\xA9");
  EXPECT_EQ(decode_percent("%41"), "A");
  EXPECT_EQ(decode_percent("%2F"), "/");
  EXPECT_EQ(decode_percent("%00"), std::string(1, '\0'));
}

TEST(PercentEncodingTest, InvalidSequencesStayLiteral) {
  EXPECT_EQ(decode_percent("%"), "%");
  EXPECT_EQ(decode_percent("%4"), "%4");
  EXPECT_EQ(decode_percent("a%4"), "a%4");
  EXPECT_EQ(decode_percent("%zz"), "%zz");
  EXPECT_EQ(decode_percent("%g1"), "%g1");
  EXPECT_EQ(decode_percent("%1g"), "%1g");
  EXPECT_EQ(decode_percent("100%"), "100%");
  EXPECT_EQ(decode_percent("%%41"), "%A");
  EXPECT_EQ(decode_percent("%2"), "%2");
}

TEST(PercentEncodingTest, PlusStaysPlus) {
  EXPECT_EQ(decode_percent("a+b"), "a+b");
  EXPECT_EQ(decode_percent("%2B"), "+");
}

TEST(PercentEncodingTest, DecodeIsNotRecursive) {
  EXPECT_EQ(decode_percent("%2541"), "%41");
}

TEST(PercentEncodingTest, DecodeRoundTripsEncodeForEveryByte) {
  std::string all;
  for (int value = 0; value < 256; ++value) {
    const std::string single(1, static_cast<char>(value));
    EXPECT_EQ(decode_percent(encode_path_segment(single)), single) << "byte " << value;
    all.push_back(static_cast<char>(value));
  }
  EXPECT_EQ(decode_percent(encode_path_segment(all)), all);
  EXPECT_EQ(decode_percent(encode_path(all)), all);
}

}  // namespace
}  // namespace arty::util

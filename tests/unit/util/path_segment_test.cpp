// Tests of util/path_segment.hpp: which server-supplied names are safe path segments.
#include "util/path_segment.hpp"

#include <string>

#include <gtest/gtest.h>

namespace arty::util {
namespace {

TEST(PathSegmentTest, SafeNames) {
  for (const std::string name :
       {"a", "file.txt", "...", ".hidden", "..a", "a..", "with space", "semi;colon=1", "100%",
        "#hash?q", "caf\xC3\xA9", "\xF0\x9F\x98\x80", "~tilde", "a b\x7E", "\x80\xFF"}) {
    EXPECT_EQ(unsafe_segment_reason(name), nullptr) << name;
  }
}

TEST(PathSegmentTest, EmptyIsUnsafe) {
  EXPECT_NE(unsafe_segment_reason(""), nullptr);
}

TEST(PathSegmentTest, DotAndDotDotAreUnsafe) {
  EXPECT_NE(unsafe_segment_reason("."), nullptr);
  EXPECT_NE(unsafe_segment_reason(".."), nullptr);
}

TEST(PathSegmentTest, SlashesAreUnsafe) {
  EXPECT_NE(unsafe_segment_reason("a/b"), nullptr);
  EXPECT_NE(unsafe_segment_reason("/"), nullptr);
  EXPECT_NE(unsafe_segment_reason("a\\b"), nullptr);
  EXPECT_NE(unsafe_segment_reason("..\\x"), nullptr);
  EXPECT_NE(unsafe_segment_reason("../x"), nullptr);
}

TEST(PathSegmentTest, NulIsUnsafe) {
  EXPECT_NE(unsafe_segment_reason(std::string("a\0b", 3)), nullptr);
  EXPECT_NE(unsafe_segment_reason(std::string(1, '\0')), nullptr);
}

TEST(PathSegmentTest, EveryControlCharacterIsUnsafe) {
  for (int c = 1; c < 0x20; ++c) {
    const std::string name = std::string("x") + static_cast<char>(c) + "y";
    EXPECT_NE(unsafe_segment_reason(name), nullptr) << "byte " << c;
  }
  EXPECT_NE(unsafe_segment_reason("x\x7Fy"), nullptr);
  EXPECT_NE(unsafe_segment_reason("\n"), nullptr);
  EXPECT_NE(unsafe_segment_reason("tab\t"), nullptr);
}

TEST(PathSegmentTest, ReasonsAreDistinctAndNonEmpty) {
  const std::string empty = unsafe_segment_reason("");
  const std::string dots = unsafe_segment_reason("..");
  const std::string slash = unsafe_segment_reason("a/b");
  const std::string nul = unsafe_segment_reason(std::string(1, '\0'));
  const std::string control = unsafe_segment_reason("\x01");
  EXPECT_FALSE(empty.empty());
  EXPECT_NE(empty, dots);
  EXPECT_NE(dots, slash);
  EXPECT_NE(slash, nul);
  EXPECT_NE(nul, control);
}

TEST(PathSegmentTest, JoinPath) {
  EXPECT_EQ(join_path("a/b", "c"), "a/b/c");
  EXPECT_EQ(join_path("", "c"), "c");
  EXPECT_EQ(join_path("a", "b c"), "a/b c");
  EXPECT_EQ(join_path("", ""), "");
}

}  // namespace
}  // namespace arty::util

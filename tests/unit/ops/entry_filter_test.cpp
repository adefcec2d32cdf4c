// EntryFilter: globs, excluded folders, size and time criteria, and the parsers of their arguments.
#include "arty/entry_filter.hpp"

#include <gtest/gtest.h>

namespace arty {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

Entry file(std::string path, std::optional<std::uint64_t> size = std::nullopt,
           std::string last_modified = {}) {
  Entry entry;
  entry.path = std::move(path);
  entry.size = size;
  entry.last_modified = std::move(last_modified);
  return entry;
}

Entry folder(std::string path) {
  Entry entry;
  entry.path = std::move(path);
  entry.type = ItemType::Folder;
  return entry;
}

/// 2026-01-31T12:00:00Z, computed independently of parse_iso8601.
TimePoint noon_jan_31() {
  using namespace std::chrono;
  return sys_days{year{2026} / January / 31} + hours{12};
}

TEST(EntryFilterTest, EmptyFilterSelectsEverything) {
  const EntryFilter filter;
  EXPECT_TRUE(filter.selects(file("a/b.jar")));
  EXPECT_TRUE(filter.selects(folder("a")));
  EXPECT_FALSE(filter.needs_details());
}

TEST(EntryFilterTest, NameMatchesTheLastSegmentAgainstAnyGlob) {
  EntryFilter filter;
  filter.names = {"*.jar", "*.pom"};
  EXPECT_TRUE(filter.matches(file("org/x/x-1.jar")));
  EXPECT_TRUE(filter.matches(file("org/x/x-1.pom")));
  EXPECT_FALSE(filter.matches(file("org/x/x-1.jar.sha1")));
  EXPECT_FALSE(filter.matches(file("a.jar/readme")));    // only the last segment counts
  EXPECT_TRUE(filter.matches(folder("lib/weird.jar")));  // folders have names too
  filter.names = {".*"};
  EXPECT_TRUE(filter.matches(file("a/.hidden")));
  filter.names = {"*"};
  EXPECT_TRUE(filter.matches(file("a/.hidden"))) << "'*' matches a leading '.', like find";
  filter.names = {"x-[0-9].jar"};
  EXPECT_TRUE(filter.matches(file("x-1.jar")));
  EXPECT_FALSE(filter.matches(file("x-a.jar")));
  filter.names = {"X-1.JAR"};
  EXPECT_FALSE(filter.matches(file("x-1.jar"))) << "case-sensitive";
}

TEST(EntryFilterTest, PathGlobCrossesSlashes) {
  EntryFilter filter;
  filter.path = "org/*/1.0/*";
  EXPECT_TRUE(filter.matches(file("org/acme/tool/1.0/tool-1.0.jar")));
  EXPECT_TRUE(filter.matches(file("org/acme/1.0/x")));
  EXPECT_FALSE(filter.matches(file("com/acme/1.0/x")));
  filter.path = "org/acme";
  EXPECT_TRUE(filter.matches(folder("org/acme"))) << "folders without a trailing '/'";
  EXPECT_FALSE(filter.matches(file("org/acme/x")));
}

TEST(EntryFilterTest, ExcludesPruneFoldersAndTheirContents) {
  EntryFilter filter;
  filter.excludes = {"debian", "*.sha1"};
  EXPECT_FALSE(filter.selects(folder("org/x/debian")));
  EXPECT_FALSE(filter.selects(file("org/x/debian/x.jar")));
  EXPECT_FALSE(filter.selects(file("org/x/debian/deeper/x.pom")));
  EXPECT_FALSE(filter.selects(file("org/x/1.0/x.jar.sha1")));
  EXPECT_TRUE(filter.selects(file("org/x/1.0/x.jar")));
  EXPECT_TRUE(filter.selects(folder("org/x/debian-old"))) << "whole segments only";
  EXPECT_TRUE(filter.excluded_folder("org/x/debian"));
  EXPECT_TRUE(filter.excluded_folder("debian/a"));
  EXPECT_FALSE(filter.excluded_folder("org/x"));
  EXPECT_FALSE(filter.excluded_folder(""));
  // matches() looks at the entry's own name only; ancestors are excluded_folder()'s business.
  EXPECT_TRUE(filter.matches(file("org/x/debian/x.jar")));
}

TEST(EntryFilterTest, TypeSelectsFilesOrFolders) {
  EntryFilter filter;
  filter.type = ItemType::Folder;
  EXPECT_TRUE(filter.matches(folder("a")));
  EXPECT_FALSE(filter.matches(file("a/b")));
  filter.type = ItemType::File;
  EXPECT_FALSE(filter.matches(folder("a")));
  EXPECT_TRUE(filter.matches(file("a/b")));
}

TEST(EntryFilterTest, SizeBoundsAreStrictAndSelectFilesOnly) {
  EntryFilter filter;
  filter.larger_than = 100;
  EXPECT_TRUE(filter.needs_details());
  EXPECT_FALSE(filter.matches(file("a", 100)));
  EXPECT_TRUE(filter.matches(file("a", 101)));
  EXPECT_FALSE(filter.matches(file("a"))) << "unknown size never matches";
  EXPECT_FALSE(filter.matches(folder("d"))) << "folders fail size criteria";
  filter.larger_than.reset();
  filter.smaller_than = 100;
  EXPECT_TRUE(filter.matches(file("a", 99)));
  EXPECT_FALSE(filter.matches(file("a", 100)));
  EXPECT_TRUE(filter.matches(file("a", 0)));
}

TEST(EntryFilterTest, SizeRangeIntersects) {
  EntryFilter filter;
  add_size_bound(filter, *parse_size_bound("+1k"));
  add_size_bound(filter, *parse_size_bound("-1M"));
  add_size_bound(filter, *parse_size_bound("+10"));  // looser: the +1k bound stays
  EXPECT_EQ(filter.larger_than, 1024u);
  EXPECT_EQ(filter.smaller_than, 1024u * 1024);
  EXPECT_FALSE(filter.matches(file("a", 1024)));
  EXPECT_TRUE(filter.matches(file("a", 1025)));
  EXPECT_TRUE(filter.matches(file("a", 1024 * 1024 - 1)));
  EXPECT_FALSE(filter.matches(file("a", 1024 * 1024)));
}

TEST(EntryFilterTest, ExactSizeMatchesThatSizeOnly) {
  EntryFilter filter;
  add_size_bound(filter, *parse_size_bound("2k"));
  EXPECT_FALSE(filter.matches(file("a", 2047)));
  EXPECT_TRUE(filter.matches(file("a", 2048)));
  EXPECT_FALSE(filter.matches(file("a", 2049)));
  EntryFilter empty_files;
  add_size_bound(empty_files, *parse_size_bound("0"));
  EXPECT_FALSE(empty_files.larger_than.has_value());
  EXPECT_TRUE(empty_files.matches(file("a", 0)));
  EXPECT_FALSE(empty_files.matches(file("a", 1)));
}

TEST(ParseSizeBoundTest, SignsAndUnits) {
  const auto check = [](const char* text, SizeBound::Kind kind, std::uint64_t bytes) {
    const auto bound = parse_size_bound(text);
    ASSERT_TRUE(bound) << text << ": " << bound.error().message;
    EXPECT_EQ(bound->kind, kind) << text;
    EXPECT_EQ(bound->bytes, bytes) << text;
  };
  using Kind = SizeBound::Kind;
  check("10", Kind::Exactly, 10);
  check("+10k", Kind::LargerThan, 10240);
  check("+10K", Kind::LargerThan, 10240);
  check("-2M", Kind::SmallerThan, 2u << 20);
  check("1G", Kind::Exactly, 1ull << 30);
  check("3g", Kind::Exactly, 3ull << 30);
  check("2T", Kind::Exactly, 2ull << 40);
  check("0", Kind::Exactly, 0);
  check("18446744073709551615", Kind::Exactly, 18446744073709551615ull);
}

TEST(ParseSizeBoundTest, Errors) {
  for (const char* text : {"", "+", "-", "k", "+k", "10x", "10kb", "1.5M", " 10", "10 ", "++1",
                           "+-1", "18446744073709551616", "16777216T", "0x10"}) {
    const auto bound = parse_size_bound(text);
    EXPECT_FALSE(bound) << "'" << text << "'";
    if (!bound) {
      EXPECT_EQ(bound.error().kind, ErrorKind::InvalidArgument);
    }
  }
  EXPECT_TRUE(parse_size_bound("16777215T")) << "just below 2^64";
}

TEST(ParseIso8601Test, ServerFormsAndOffsets) {
  const TimePoint noon = noon_jan_31();
  EXPECT_EQ(*parse_iso8601("2026-01-31T12:00:00Z"), noon);
  EXPECT_EQ(*parse_iso8601("2026-01-31T12:00:00.345Z"), noon + milliseconds{345});
  EXPECT_EQ(*parse_iso8601("2026-01-31T12:00:00.5Z"), noon + milliseconds{500});
  EXPECT_EQ(*parse_iso8601("2026-01-31T12:00:00.000000001Z"), noon + std::chrono::nanoseconds{1});
  EXPECT_EQ(*parse_iso8601("2026-01-31T13:00:00.000+01:00"), noon);
  EXPECT_EQ(*parse_iso8601("2026-01-31T13:30:00+0130"), noon);
  EXPECT_EQ(*parse_iso8601("2026-01-31T07:00:00-05"), noon);
  EXPECT_EQ(*parse_iso8601("2026-02-01T02:00:00+14:00"), noon) << "date changes with the offset";
  EXPECT_EQ(*parse_iso8601("2026-01-31T12:00:00"), noon) << "no zone: UTC";
  EXPECT_EQ(*parse_iso8601("2026-01-31 12:00:00"), noon) << "as `ls -l` prints it";
  EXPECT_EQ(*parse_iso8601("1970-01-01T00:00:00Z"), TimePoint{});
  EXPECT_EQ(*parse_iso8601("2024-02-29T00:00:00Z") + hours{24},
            *parse_iso8601("2024-03-01T00:00:00Z"));
}

TEST(ParseIso8601Test, Errors) {
  for (const char* text :
       {"", "2026-01-31", "2026-01-31T12:00Z", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-01-31T24:00:00Z", "2026-01-31T12:60:00Z", "2026-01-31T12:00:60Z",
        "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00+1:00", "2026-01-31T12:00:00+24:00",
        "2026-01-31T12:00:00+01:60", "2026-01-31T12:00:00ZZ", "2026-01-31X12:00:00Z",
        "26-01-31T12:00:00Z", "2026/01/31T12:00:00Z", "2026-01-31T12:00:00 Z"}) {
    const auto parsed = parse_iso8601(text);
    EXPECT_FALSE(parsed) << "'" << text << "'";
    if (!parsed) {
      EXPECT_EQ(parsed.error().kind, ErrorKind::InvalidArgument);
    }
  }
}

TEST(ParseTimeBoundTest, DatesInstantsAndDurations) {
  const TimePoint now = noon_jan_31();
  EXPECT_EQ(*parse_time_bound("2026-01-31", now), now - hours{12}) << "midnight UTC";
  EXPECT_EQ(*parse_time_bound("2026-01-31T12:00:00Z", now), now);
  EXPECT_EQ(*parse_time_bound("2026-01-31T14:00:00+02:00", now), now);
  EXPECT_EQ(*parse_time_bound("45s", now), now - seconds{45});
  EXPECT_EQ(*parse_time_bound("30m", now), now - minutes{30});
  EXPECT_EQ(*parse_time_bound("12h", now), now - hours{12});
  EXPECT_EQ(*parse_time_bound("7d", now), now - hours{7 * 24});
  EXPECT_EQ(*parse_time_bound("2w", now), now - hours{14 * 24});
  EXPECT_EQ(*parse_time_bound("0d", now), now);
}

TEST(ParseTimeBoundTest, Errors) {
  const TimePoint now = noon_jan_31();
  for (const char* text : {"", "7", "d", "7y", "7 d", "-7d", "1.5h", "yesterday", "2026-1-31",
                           "2026-02-30", "99999999999d", "1000000000w"}) {
    const auto parsed = parse_time_bound(text, now);
    EXPECT_FALSE(parsed) << "'" << text << "'";
    if (!parsed) {
      EXPECT_EQ(parsed.error().kind, ErrorKind::InvalidArgument);
    }
  }
}

TEST(EntryFilterTest, TimeBoundsAreStrictAndSelectFilesOnly) {
  EntryFilter filter;
  filter.newer_than = noon_jan_31();
  EXPECT_TRUE(filter.needs_details());
  EXPECT_FALSE(filter.matches(file("a", 1, "2026-01-31T12:00:00.000Z"))) << "equal is not newer";
  EXPECT_TRUE(filter.matches(file("a", 1, "2026-01-31T12:00:00.001Z")));
  EXPECT_FALSE(filter.matches(file("a", 1, "2026-01-31T12:30:00.000+01:00"))) << "11:30 UTC";
  EXPECT_FALSE(filter.matches(file("a", 1))) << "unknown time never matches";
  EXPECT_FALSE(filter.matches(file("a", 1, "garbage")));
  Entry dated_folder = folder("d");
  dated_folder.last_modified = "2030-01-01T00:00:00.000Z";
  EXPECT_FALSE(filter.matches(dated_folder)) << "folders fail time criteria";
  filter.newer_than.reset();
  filter.older_than = noon_jan_31();
  EXPECT_FALSE(filter.matches(file("a", 1, "2026-01-31T12:00:00.000Z"))) << "equal is not older";
  EXPECT_TRUE(filter.matches(file("a", 1, "2026-01-31T11:59:59.999Z")));
}

TEST(EntryFilterTest, CriteriaCombineWithAnd) {
  EntryFilter filter;
  filter.names = {"*.jar"};
  filter.excludes = {"debian"};
  filter.type = ItemType::File;
  filter.larger_than = 10;
  EXPECT_TRUE(filter.selects(file("org/x/1.0/x.jar", 11)));
  EXPECT_FALSE(filter.selects(file("org/x/1.0/x.jar", 10)));
  EXPECT_FALSE(filter.selects(file("org/x/1.0/x.pom", 11)));
  EXPECT_FALSE(filter.selects(file("org/x/debian/x.jar", 11)));
}

}  // namespace
}  // namespace arty

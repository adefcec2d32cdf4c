// Tests of util/json_writer.hpp: JSON string literals, checked by parsing them back with simdjson.
#include "util/json_writer.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace arty::util {
namespace {

std::string json_quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

/// Parses `json` (one JSON string literal) with simdjson's DOM API; fails the test when invalid.
std::string parse_back(const std::string& json) {
  simdjson::dom::parser parser;
  std::string_view value;
  const auto error = parser.parse(json).get_string().get(value);
  EXPECT_EQ(error, simdjson::SUCCESS) << "not a valid JSON string: " << json;
  return error ? std::string() : std::string(value);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

const std::string kReplacement = "\xEF\xBF\xBD";

TEST(JsonWriterTest, AppendsToWhatIsThere) {
  std::string out = "{\"path\":";
  append_json_string(out, "a");
  EXPECT_EQ(out, "{\"path\":\"a\"");
}

TEST(JsonWriterTest, PlainText) {
  EXPECT_EQ(json_quoted(""), "\"\"");
  EXPECT_EQ(json_quoted("a/b c.txt"), "\"a/b c.txt\"");
}

TEST(JsonWriterTest, QuotesAndBackslashes) {
  EXPECT_EQ(json_quoted("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(json_quoted("C:\\dir\\"), R"("C:\\dir\\")");
  EXPECT_EQ(parse_back(json_quoted("\"\\\"")), "\"\\\"");
}

TEST(JsonWriterTest, ShortEscapes) {
  EXPECT_EQ(json_quoted("\n"), R"("\n")");
  EXPECT_EQ(json_quoted("\r"), R"("\r")");
  EXPECT_EQ(json_quoted("\t"), R"("\t")");
}

TEST(JsonWriterTest, ControlCharactersAsUnicodeEscapes) {
  EXPECT_EQ(lower(json_quoted(std::string(1, '\0'))), R"("\u0000")");
  EXPECT_EQ(lower(json_quoted("\x01")), R"("\u0001")");
  EXPECT_EQ(lower(json_quoted("\x1F")), R"("\u001f")");
  EXPECT_EQ(lower(json_quoted("\b\f")), R"("\u0008\u000c")");
  // Every control character must be escaped, never written raw (RFC 8259 section 7).
  for (int c = 0; c < 0x20; ++c) {
    const std::string out = json_quoted(std::string(1, static_cast<char>(c)));
    for (std::size_t i = 1; i + 1 < out.size(); ++i) {
      EXPECT_GE(static_cast<unsigned char>(out[i]), 0x20) << "byte " << c << " written raw";
    }
    EXPECT_EQ(parse_back(out), std::string(1, static_cast<char>(c))) << "byte " << c;
  }
}

TEST(JsonWriterTest, ValidUtf8IsKept) {
  const std::string text =
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF";
  EXPECT_EQ(json_quoted(text), "\"" + text + "\"");
  EXPECT_EQ(parse_back(json_quoted(text)), text);
}

TEST(JsonWriterTest, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(json_quoted("\xFF"), "\"" + kReplacement + "\"");
  EXPECT_EQ(json_quoted("a\x80z"), "\"a" + kReplacement + "z\"");
  // A truncated sequence: each byte that is not the start of a valid sequence is replaced.
  EXPECT_EQ(parse_back(json_quoted("\xE2\x82")), kReplacement + kReplacement);
  EXPECT_EQ(parse_back(json_quoted("\xE2\x82z")), kReplacement + kReplacement + "z");
  // Overlong encodings, UTF-16 surrogates and code points above U+10FFFF are not valid UTF-8.
  EXPECT_EQ(parse_back(json_quoted("\xC0\xAF")), kReplacement + kReplacement);
  EXPECT_EQ(parse_back(json_quoted("\xE0\x80\xAF")), kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(parse_back(json_quoted("\xED\xA0\x80")), kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(parse_back(json_quoted("\xF4\x90\x80\x80")),
            kReplacement + kReplacement + kReplacement + kReplacement);
  EXPECT_EQ(parse_back(json_quoted("\xF8\x88\x80\x80\x80")).find('\xF8'), std::string::npos);
}

TEST(JsonWriterTest, EveryByteValueGivesValidJson) {
  for (int value = 0; value < 256; ++value) {
    const std::string text = std::string("<") + static_cast<char>(value) + ">";
    const std::string back = parse_back(json_quoted(text));
    if (value < 0x80) {
      EXPECT_EQ(back, text) << "byte " << value;
    } else {
      EXPECT_EQ(back, "<" + kReplacement + ">") << "byte " << value;
    }
  }
}

TEST(JsonWriterTest, RoundTripOfAMixedName) {
  const std::string name = std::string("dir \"x\"\\y\x01\x7F\n\t\xC3\xA9") + std::string(1, '\0');
  EXPECT_EQ(parse_back(json_quoted(name)), name);
}

}  // namespace
}  // namespace arty::util

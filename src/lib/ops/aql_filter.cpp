// aql_file_criteria; see aql_filter.hpp.
#include "ops/aql_filter.hpp"

#include <algorithm>
#include <ctime>
#include <vector>

#include <fmt/format.h>

#include "util/json_writer.hpp"

namespace arty::ops {
namespace {

/// AQL's $match knows `*` and `?` only.
bool aql_glob(const std::string& glob) {
  return glob.find_first_of("[]\\") == std::string::npos;
}

std::string quoted(const std::string& text) {
  std::string out;
  util::append_json_string(out, text);
  return out;
}

/// "2026-11-20T10:11:12.345Z" for `when` rounded to the millisecond (down, or up with `ceil`).
std::string iso8601_ms(TimePoint when, bool ceil) {
  using namespace std::chrono;
  const auto ms = ceil ? std::chrono::ceil<milliseconds>(when.time_since_epoch())
                       : std::chrono::floor<milliseconds>(when.time_since_epoch());
  const auto secs = std::chrono::floor<seconds>(ms);
  const std::time_t t = static_cast<std::time_t>(secs.count());
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     (ms - secs).count());
}

}  // namespace

std::string aql_file_criteria(const EntryFilter& filter) {
  std::vector<std::string> all;
  if (filter.type == ItemType::Folder) all.push_back(R"({"type":"folder"})");  // no file is one
  if (!filter.names.empty() && std::all_of(filter.names.begin(), filter.names.end(), aql_glob)) {
    std::string any;
    for (const std::string& glob : filter.names) {
      if (!any.empty()) any += ',';
      any += fmt::format(R"({{"name":{{"$match":{}}}}})", quoted(glob));
    }
    all.push_back(fmt::format(R"({{"$or":[{}]}})", any));
  }
  for (const std::string& glob : filter.excludes) {
    if (aql_glob(glob)) all.push_back(fmt::format(R"({{"name":{{"$nmatch":{}}}}})", quoted(glob)));
  }
  if (filter.larger_than)
    all.push_back(fmt::format(R"({{"size":{{"$gt":{}}}}})", *filter.larger_than));
  if (filter.smaller_than) {
    all.push_back(fmt::format(R"({{"size":{{"$lt":{}}}}})", *filter.smaller_than));
  }
  if (filter.newer_than) {
    all.push_back(fmt::format(R"({{"modified":{{"$gt":"{}"}}}})",
                              iso8601_ms(*filter.newer_than, /*ceil=*/false)));
  }
  if (filter.older_than) {
    all.push_back(fmt::format(R"({{"modified":{{"$lt":"{}"}}}})",
                              iso8601_ms(*filter.older_than, /*ceil=*/true)));
  }
  if (all.empty()) return {};
  if (all.size() == 1) return all.front();
  std::string joined;
  for (const std::string& criterion : all) {
    if (!joined.empty()) joined += ',';
    joined += criterion;
  }
  return fmt::format(R"({{"$and":[{}]}})", joined);
}

}  // namespace arty::ops

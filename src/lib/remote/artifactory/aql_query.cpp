// subtree_page_query; see aql_query.hpp.
#include "remote/artifactory/aql_query.hpp"

#include <fmt/format.h>

#include "util/json_writer.hpp"

namespace arty::artifactory {
namespace {

std::string quoted(std::string_view text) {
  std::string out;
  util::append_json_string(out, text);
  return out;
}

}  // namespace

std::string subtree_page_query(std::string_view repo, std::string_view folder,
                               std::string_view file_criteria, const std::optional<AqlKey>& after,
                               std::size_t limit) {
  std::string criteria = fmt::format(R"({{"repo":{},"type":"any"}})", quoted(repo));
  if (!folder.empty()) {
    criteria += fmt::format(R"(,{{"$or":[{{"path":{}}},{{"path":{{"$match":{}}}}}]}})",
                            quoted(folder), quoted(std::string(folder) + "/*"));
  }
  if (!file_criteria.empty()) {
    criteria += fmt::format(R"(,{{"$or":[{{"type":"folder"}},{{"$and":[{{"type":"file"}},{}]}}]}})",
                            file_criteria);
  }
  if (after) {
    criteria +=
        fmt::format(R"(,{{"$or":[{{"path":{{"$gt":{}}}}},{{"path":{},"name":{{"$gt":{}}}}}]}})",
                    quoted(after->path), quoted(after->path), quoted(after->name));
  }
  return fmt::format(
      R"(items.find({{"$and":[{}]}}))"
      R"(.include("repo","path","name","type","size","modified","actual_md5","actual_sha1","sha256"))"
      R"(.sort({{"$asc":["repo","path","name"]}}).limit({}))",
      criteria, limit);
}

}  // namespace arty::artifactory

// Fuzzes artifactory::parse_aql_page with untrusted AQL answers, and feeds what it accepts to the
// SubtreeAssembler the way the AQL pager does (items grouped by path).
//
// Properties: the same result whether the body is read in place or copied; a failure is
// BadResponse with a one-line message; on success every field is valid UTF-8 and folders have
// no checksums; the assembler either refuses the order (BadResponse) or returns listings of safe
// names only, each folder once.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "fuzz_check.hpp"
#include "remote/artifactory/storage_json.hpp"
#include "remote/subtree_assembler.hpp"
#include "util/path_segment.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace arty;
  using namespace arty::fuzz;

  const std::string tight = tight_body(data, size);
  const std::string roomy = roomy_body(data, size);
  const Result<artifactory::AqlPage> result = artifactory::parse_aql_page(tight);
  const Result<artifactory::AqlPage> again = artifactory::parse_aql_page(roomy);
  if (!result) {
    FUZZ_CHECK(same_error(result, again));
    check_error(result.error(), ErrorKind::BadResponse, ErrorKind::BadResponse);
    return 0;
  }
  FUZZ_CHECK(again && again->items.size() == result->items.size());
  FUZZ_CHECK(again->notification == result->notification && is_utf8(result->notification));
  remote::SubtreeAssembler assembler("", std::nullopt, /*grouped=*/true);
  bool refused = false;
  for (const artifactory::AqlItem& item : result->items) {
    FUZZ_CHECK(is_utf8(item.path) && is_utf8(item.name) && is_utf8(item.modified));
    // The pager's checks: a safe name under a path of safe segments ("." is the root).
    if (util::unsafe_segment_reason(item.name)) continue;
    const std::string parent = item.path == "." ? std::string() : item.path;
    if (!parent.empty() && !is_safe_relative_path(parent)) continue;
    if (!assembler.add(parent, item.name, item.type, std::nullopt)) {
      refused = true;
      break;
    }
  }
  if (refused) return 0;
  std::set<std::string> seen;
  auto folders = assembler.take_closed();
  auto rest = assembler.finish();
  folders.insert(folders.end(), std::make_move_iterator(rest.begin()),
                 std::make_move_iterator(rest.end()));
  for (const auto& [path, listing] : folders) {
    FUZZ_CHECK(seen.insert(path).second);
    FUZZ_CHECK(path.empty() || is_safe_relative_path(path));
    for (std::size_t i = 0; i < listing.size(); ++i) {
      FUZZ_CHECK(util::unsafe_segment_reason(listing.name(i)) == nullptr);
    }
  }
  return 0;
}

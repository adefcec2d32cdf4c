// Fuzzes artifactory::parse_folder_info with untrusted Folder Info bodies.
//
// Properties: a parse succeeds or fails the same way whether the body is read in place or copied;
// a failure is BadResponse or NotAFolder with a one-line message; on success every child name is a
// safe path segment (util::unsafe_segment_reason() == nullptr) in valid UTF-8, names are unique,
// entry(i) agrees with name(i) and type(i) and has no details; an expected path only ever refuses
// a body (never changes what is listed), and "a/b" and "/a/b/" are the same expected path.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "arty/folder_listing.hpp"
#include "fuzz_check.hpp"
#include "remote/artifactory/storage_json.hpp"

namespace arty::fuzz {
namespace {

bool same_listing(const FolderListing& a, const FolderListing& b) {
  if (a.size() != b.size() || a.fingerprint() != b.fingerprint()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.name(i) != b.name(i) || a.type(i) != b.type(i)) return false;
  }
  return true;
}

bool same_result(const Result<FolderListing>& a, const Result<FolderListing>& b) {
  if (a && b) return same_listing(*a, *b);
  return same_error(a, b);
}

void check_listing(const FolderListing& listing) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < listing.size(); ++i) {
    const std::string_view name = listing.name(i);
    FUZZ_CHECK(util::unsafe_segment_reason(name) == nullptr);
    FUZZ_CHECK(is_utf8(name));
    FUZZ_CHECK(names.insert(name).second);
    const Entry entry = listing.entry(i);
    FUZZ_CHECK(entry.path == name);
    FUZZ_CHECK(entry.type == listing.type(i));
    FUZZ_CHECK(!entry.size);
    FUZZ_CHECK(entry.last_modified.empty());
  }
  FUZZ_CHECK(listing.empty() == (listing.size() == 0));
}

}  // namespace
}  // namespace arty::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace arty;
  using namespace arty::fuzz;
  using artifactory::parse_folder_info;

  const std::string tight = tight_body(data, size);
  const std::string roomy = roomy_body(data, size);
  const Result<FolderListing> result = parse_folder_info(tight);
  FUZZ_CHECK(same_result(result, parse_folder_info(roomy)));
  if (!result) {
    check_error(result.error(), ErrorKind::BadResponse, ErrorKind::NotAFolder);
  } else {
    check_listing(*result);
  }

  // The folder this body claims to describe is unknown here; a few likely ones are tried.
  static constexpr std::string_view kExpected[][2] = {
      {"", "/"}, {"org/acme", "/org/acme/"}, {"x", "/x"}, {"a b/c", "a b/c/"}};
  for (const auto& [plain, slashed] : kExpected) {
    const Result<FolderListing> checked = parse_folder_info(tight, plain);
    FUZZ_CHECK(same_result(checked, parse_folder_info(roomy, slashed)));
    if (checked) {
      FUZZ_CHECK(result && same_listing(*checked, *result));
    } else {
      check_error(checked.error(), ErrorKind::BadResponse, ErrorKind::NotAFolder);
    }
  }
  return 0;
}

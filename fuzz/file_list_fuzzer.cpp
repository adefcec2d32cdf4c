// Fuzzes artifactory::parse_file_list with untrusted File List bodies (?list&deep=1).
//
// Properties: the same result whether the body is read in place or copied; a failure is
// BadResponse with a one-line message; on success every path is relative, made only of safe
// segments, in valid UTF-8; files have a size and folders none.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "remote/artifactory/storage_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace arty;
  using namespace arty::fuzz;

  const std::string tight = tight_body(data, size);
  const std::string roomy = roomy_body(data, size);
  const Result<std::vector<Entry>> result = artifactory::parse_file_list(tight);
  const Result<std::vector<Entry>> again = artifactory::parse_file_list(roomy);
  if (!result) {
    FUZZ_CHECK(same_error(result, again));
    check_error(result.error(), ErrorKind::BadResponse, ErrorKind::BadResponse);
    return 0;
  }
  FUZZ_CHECK(again && again->size() == result->size());
  for (std::size_t i = 0; i < result->size(); ++i) {
    const Entry& entry = (*result)[i];
    FUZZ_CHECK(same_entry(entry, (*again)[i]));
    FUZZ_CHECK(is_safe_relative_path(entry.path));
    FUZZ_CHECK(is_utf8(entry.path));
    FUZZ_CHECK(is_utf8(entry.last_modified));
    FUZZ_CHECK(is_utf8(entry.checksums.sha1) && is_utf8(entry.checksums.sha256));
    FUZZ_CHECK(entry.checksums.md5.empty());
    FUZZ_CHECK(entry.is_folder() != entry.size.has_value());
  }
  return 0;
}

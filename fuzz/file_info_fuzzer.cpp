// Fuzzes artifactory::parse_item_info with untrusted File Info (and Folder Info) bodies.
//
// Properties: the same result whether the body is read in place or copied; a failure is
// BadResponse with a one-line message; on success the name is one segment ("" for a repository
// root) in valid UTF-8, a file has a size, and parse_folder_info agrees on what the item is: it
// never lists a file (NotAFolder, or BadResponse for some limit of its own), and a folder is never
// NotAFolder.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "remote/artifactory/storage_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace arty;
  using namespace arty::fuzz;

  const std::string tight = tight_body(data, size);
  const std::string roomy = roomy_body(data, size);
  const Result<Entry> result = artifactory::parse_item_info(tight);
  const Result<Entry> again = artifactory::parse_item_info(roomy);
  FUZZ_CHECK(result ? again && same_entry(*result, *again) : same_error(result, again));
  if (!result) {
    check_error(result.error(), ErrorKind::BadResponse, ErrorKind::BadResponse);
    return 0;
  }

  const Entry& entry = *result;
  FUZZ_CHECK(entry.path.find('/') == std::string::npos);
  FUZZ_CHECK(is_utf8(entry.path));
  FUZZ_CHECK(is_utf8(entry.last_modified));
  FUZZ_CHECK(is_utf8(entry.checksums.md5) && is_utf8(entry.checksums.sha1) &&
             is_utf8(entry.checksums.sha256));
  if (entry.type == ItemType::File) FUZZ_CHECK(entry.size.has_value());

  const auto as_folder = artifactory::parse_folder_info(tight);
  if (entry.type == ItemType::File) {
    FUZZ_CHECK(!as_folder);
  } else {
    FUZZ_CHECK(as_folder || as_folder.error().kind != ErrorKind::NotAFolder);
  }
  return 0;
}

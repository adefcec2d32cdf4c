// Fuzzes artifactory::parse_error_message with untrusted error bodies (any status but 200).
//
// Properties: never throws (a body that is not an error document gives ""), the same result
// whether the body is read in place or copied, and the message is valid UTF-8 and, as it becomes
// an Error::message ("one line", include/arty/error.hpp) printed as it is, one printable line.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "remote/artifactory/storage_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace arty::fuzz;

  const std::string tight = tight_body(data, size);
  const std::string roomy = roomy_body(data, size);
  const std::string message = arty::artifactory::parse_error_message(tight);
  FUZZ_CHECK(message == arty::artifactory::parse_error_message(roomy));
  FUZZ_CHECK(is_utf8(message));
  // Escaping (\xNN) can make a message longer than its bytes in the body, but it is capped.
  FUZZ_CHECK(message.size() <= 4 * 400 + 3);
  if (!message.empty() && !is_printable_one_line(message)) {
    print_escaped("message", message);
    FUZZ_CHECK(is_printable_one_line(message));
  }
  return 0;
}

// Error descriptions and the mapping of fatal errors to exit codes.
#include "arty/error.hpp"

#include <fmt/format.h>

#include "arty/exit_code.hpp"

namespace arty {

std::string Error::describe() const {
  std::string text = kind == ErrorKind::HttpStatus ? fmt::format("HTTP {}", http_status) : "";
  if (!message.empty()) text += text.empty() ? message : ": " + message;
  if (!url.empty()) text += fmt::format(" (GET {})", url);
  return text;
}

ExitCode exit_code_for(const Error& error) {
  switch (error.kind) {
    case ErrorKind::InvalidArgument:
      return ExitCode::Usage;
    case ErrorKind::Network:
      return ExitCode::Network;
    case ErrorKind::BadResponse:
      return ExitCode::BadResponse;
    case ErrorKind::NotAFolder:
      return ExitCode::Usage;
    case ErrorKind::Cancelled:
      return ExitCode::Interrupted;
    case ErrorKind::LocalIo:
      return ExitCode::Failure;
    case ErrorKind::HttpStatus:
      if (error.http_status == 404) return ExitCode::NotFound;
      if (error.http_status == 401 || error.http_status == 403) return ExitCode::AuthFailed;
      return ExitCode::ServerError;
  }
  return ExitCode::Failure;
}

}  // namespace arty

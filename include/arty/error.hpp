// The error type of the arty library: every expected failure is a value of `Error`, returned
// through `Result<T>` (tl::expected). Exceptions are reserved for bugs.
#pragma once

#include <string>

#include <tl/expected.hpp>

namespace arty {

/// What went wrong, coarse enough to choose an exit code and a message.
enum class ErrorKind {
  InvalidArgument,  ///< The caller's input (URL, option, path) is malformed.
  Network,          ///< No usable HTTP response: DNS, connect, TLS, timeout, reset (after retries).
  HttpStatus,   ///< The server answered with a non-2xx status (after retries); see `http_status`.
  BadResponse,  ///< A 2xx response that is not what was asked for (HTML, bad JSON, wrong shape).
  NotAFolder,   ///< A folder listing was asked for an item that is a file.
  Cancelled,    ///< The operation was cancelled (Ctrl-C, broken pipe, a fatal error elsewhere).
  LocalIo,      ///< Reading or writing a local file failed.
};

/// One failure, always tied to what it was about. Messages are one line and never contain
/// credentials: URLs are stored without user information.
struct Error {
  ErrorKind kind = ErrorKind::Network;
  std::string
      message;      ///< Human-readable, one line; for HTTP errors the server's `errors[].message`.
  std::string url;  ///< The request URL, when there was one.
  long http_status = 0;  ///< The HTTP status for `ErrorKind::HttpStatus`, else 0.

  /// "404 Unable to find item (GET https://host/artifactory/api/storage/repo/x)" and similar.
  [[nodiscard]] std::string describe() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

/// Shorthand for returning an error: `return fail(ErrorKind::BadResponse, "...")`.
inline tl::unexpected<Error> fail(ErrorKind kind, std::string message, std::string url = {},
                                  long http_status = 0) {
  return tl::unexpected<Error>(Error{kind, std::move(message), std::move(url), http_status});
}

}  // namespace arty

// The exit codes of the `arty` command, in one place. docs/exit-codes.md documents each one and
// tests/integration checks them; keep the three in step.
#pragma once

#include "arty/error.hpp"

namespace arty {

enum class ExitCode : int {
  Success = 0,        ///< Everything asked for was done.
  Failure = 1,        ///< An unexpected internal error (a bug): please report it.
  Usage = 2,          ///< Bad command line or URL.
  Partial = 3,        ///< The run finished, but some folders or files failed; each is on stderr.
  NotFound = 4,       ///< The requested path (or repository) does not exist (HTTP 404).
  AuthFailed = 5,     ///< The server refused the credentials, or they are missing (HTTP 401/403).
  Network = 6,        ///< The server could not be reached: DNS, connection, TLS or timeout.
  BadResponse = 7,    ///< The server answered, but not like Artifactory (HTML page, bad JSON, ...).
  ServerError = 8,    ///< The server answered the requested path with another error status (5xx).
  Differences = 9,    ///< `arty check`: the trees differ (files missing, extra or different).
  Interrupted = 130,  ///< Stopped by Ctrl-C (SIGINT); 128 + 2, as shells report it.
};

/// The exit code for a run that ended on `error` before it could list anything.
[[nodiscard]] ExitCode exit_code_for(const Error& error);

}  // namespace arty

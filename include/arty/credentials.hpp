// Credentials for Artifactory, and where they come from. They never reach output, logs or errors.
#pragma once

#include <optional>
#include <string>

#include "arty/error.hpp"

namespace arty {

struct Credentials {
  std::string access_token;  ///< Sent as "Authorization: Bearer ..." (an Artifactory access token).
  std::string user;          ///< Basic authentication with `password`, when no token is given.
  std::string password;
  bool use_netrc = true;   ///< Otherwise, look the host up in the netrc file, if present.
  std::string netrc_file;  ///< The netrc file; empty = ~/.netrc.
};

/// Where the command line says credentials are; every field is optional.
struct CredentialSources {
  std::string token_file;     ///< A file whose first line is the access token.
  std::string user;           ///< User name for basic authentication.
  std::string password_file;  ///< A file whose first line is the password.
};

/// Resolves credentials, first match wins for the token: `token_file`, then $ARTY_ACCESS_TOKEN.
/// The password: `password_file`, then $ARTY_PASSWORD; the user: `user`, then $ARTY_USER.
/// The netrc file: $NETRC, else ~/.netrc.
/// Errors: LocalIo when a named file cannot be read or is empty.
[[nodiscard]] Result<Credentials> resolve_credentials(const CredentialSources& sources);

}  // namespace arty

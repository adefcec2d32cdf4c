// Resolution of credentials from files and the environment; see credentials.hpp.
#include "arty/credentials.hpp"

#include <cstdlib>
#include <fstream>

namespace arty {
namespace {

Result<std::string> read_first_line(const std::string& file, const char* what) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) {
    return fail(ErrorKind::LocalIo, std::string("cannot read the ") + what + " file " + file);
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty())
    return fail(ErrorKind::LocalIo, std::string("the ") + what + " file is empty: " + file);
  return line;
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

Result<Credentials> resolve_credentials(const CredentialSources& sources) {
  Credentials credentials;
  if (!sources.token_file.empty()) {
    auto token = read_first_line(sources.token_file, "access token");
    if (!token) return tl::unexpected(token.error());
    credentials.access_token = std::move(*token);
  } else {
    credentials.access_token = env_or_empty("ARTY_ACCESS_TOKEN");
  }
  credentials.user = sources.user.empty() ? env_or_empty("ARTY_USER") : sources.user;
  if (!sources.password_file.empty()) {
    auto password = read_first_line(sources.password_file, "password");
    if (!password) return tl::unexpected(password.error());
    credentials.password = std::move(*password);
  } else {
    credentials.password = env_or_empty("ARTY_PASSWORD");
  }
  credentials.netrc_file = env_or_empty("NETRC");
  return credentials;
}

}  // namespace arty

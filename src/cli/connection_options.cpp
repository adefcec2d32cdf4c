// Shared connection options of the subcommands; see connection_options.hpp.
#include "cli/connection_options.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>

#include "arty/credentials.hpp"

namespace arty::cli {

void add_connection_options(CLI::App& command, ConnectionArgs& args) {
  command
      .add_option("--url", args.base_url,
                  "Artifactory base URL (e.g. https://host/artifactory); the argument is then "
                  "REPO/PATH")
      ->envname("ARTY_URL");
  command.add_option("--access-token-file", args.token_file,
                     "File holding an access token (default: $ARTY_ACCESS_TOKEN)");
  command.add_option("--user", args.user, "User for basic authentication (default: $ARTY_USER)");
  command.add_option("--password-file", args.password_file,
                     "File holding the password (default: $ARTY_PASSWORD)");
  command.add_flag("--no-netrc", args.no_netrc, "Do not read credentials from ~/.netrc");
  command.add_option("--cacert", args.ca_file, "PEM file of CA certificates to trust");
  command.add_flag("-k,--insecure", args.insecure, "Do not verify the server's TLS certificate");
  command.add_option("--http", args.http_version, "HTTP version: auto (HTTP/2 over TLS), 1.1 or 2")
      ->check(CLI::IsMember({"auto", "1.1", "2"}));
  command.add_option("-j,--jobs", args.jobs, "Requests in flight at most")
      ->check(CLI::Range(1, 1024));
  command.add_option("--connect-timeout", args.connect_timeout, "Seconds to connect (default 15)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--read-timeout", args.read_timeout,
                  "Seconds without data before a request is retried (default 30)")
      ->check(CLI::PositiveNumber);
  command
      .add_option("--max-response-size", args.max_response_bytes,
                  "Largest response accepted, in bytes (default 268435456)")
      ->check(CLI::PositiveNumber);
  const std::map<std::string, ListingStrategy> strategies{{"auto", ListingStrategy::Auto},
                                                          {"walk", ListingStrategy::Walk},
                                                          {"list", ListingStrategy::FileList},
                                                          {"aql", ListingStrategy::Aql}};
  command
      .add_option("--strategy", args.strategy,
                  "How to list: auto (default: Folder Info at the top, File List of subtrees, "
                  "else AQL, walking where refused), walk (Folder Info only), list (one File "
                  "List), aql (one paged AQL query)")
      ->transform(CLI::CheckedTransformer(strategies));
  command
      .add_option("--bulk-response-limit", args.bulk_response_bytes,
                  "auto: the largest File List or AQL answer accepted, in bytes; a larger one is "
                  "abandoned and its subtree listed in smaller parts (default 8 MiB)")
      ->check(CLI::PositiveNumber);
  command.add_flag("-v,--verbose", args.verbose, "Trace every request on stderr (no credentials)");
}

Result<Location> resolve_location(const ConnectionArgs& args) {
  if (!args.base_url.empty()) return make_location(args.base_url, args.target);
  return parse_artifactory_url(args.target);
}

Result<TransferOptions> make_transfer_options(const ConnectionArgs& args, const Location& location,
                                              std::size_t default_jobs) {
  auto credentials =
      resolve_credentials(CredentialSources{args.token_file, args.user, args.password_file});
  if (!credentials) return tl::unexpected(credentials.error());
  if (credentials->access_token.empty() && credentials->user.empty() &&
      !location.credentials.user.empty()) {
    credentials->user = location.credentials.user;
    credentials->password = location.credentials.password;
  }
  credentials->use_netrc = !args.no_netrc;

  TransferOptions options;
  options.max_in_flight = args.jobs != 0 ? args.jobs : default_jobs;
  options.connect_timeout =
      std::chrono::milliseconds(static_cast<long long>(args.connect_timeout * 1000));
  options.read_timeout =
      std::chrono::milliseconds(static_cast<long long>(args.read_timeout * 1000));
  options.max_body_bytes = args.max_response_bytes;
  options.credentials = std::move(*credentials);
  options.ca_file = args.ca_file;
  options.insecure = args.insecure;
  options.http_version = args.http_version == "1.1" ? HttpVersion::Http1_1
                         : args.http_version == "2" ? HttpVersion::Http2
                                                    : HttpVersion::Auto;
  if (args.verbose > 0) {
    options.trace = [](std::string_view line) {
      std::fprintf(stderr, "arty: %.*s\n", static_cast<int>(line.size()), line.data());
    };
  }
  return options;
}

}  // namespace arty::cli

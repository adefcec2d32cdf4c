// Options every subcommand that talks to Artifactory shares: where, as whom, how many at once.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "arty/error.hpp"
#include "arty/list_tree.hpp"
#include "arty/location.hpp"
#include "arty/transfer_engine.hpp"

namespace arty::cli {

struct ConnectionArgs {
  std::string target;    ///< URL, or REPO/PATH with --url
  std::string base_url;  ///< --url / $ARTY_URL
  std::string token_file;
  std::string user;
  std::string password_file;
  std::string ca_file;
  bool insecure = false;
  bool no_netrc = false;
  std::string http_version = "auto";
  std::size_t jobs = 0;         ///< 0: the subcommand's default
  double connect_timeout = 15;  ///< seconds
  double read_timeout = 30;     ///< seconds without a byte before a request is given up
  std::uint64_t max_response_bytes = 256ULL << 20;
  int verbose = 0;
  ListingStrategy strategy = ListingStrategy::Auto;  ///< --strategy
  std::uint64_t bulk_response_bytes = kDefaultBulkResponseBytes;  ///< --bulk-response-limit
};

/// Adds --url, credentials, TLS, -j/--jobs and --strategy options to `command`, stored in `args`.
void add_connection_options(CLI::App& command, ConnectionArgs& args);

/// The Location named by `args.target` (a full URL, or REPO/PATH under --url/$ARTY_URL).
[[nodiscard]] Result<Location> resolve_location(const ConnectionArgs& args);

/// Transfer engine options for `args`, with credentials resolved from files, the environment
/// and the URL. Errors: LocalIo when a credentials file cannot be read.
[[nodiscard]] Result<TransferOptions> make_transfer_options(const ConnectionArgs& args,
                                                            const Location& location,
                                                            std::size_t default_jobs);

}  // namespace arty::cli

// What `arty ls`, `arty find` and `arty du` share: connecting to the server from the command
// line's options, and (ls, find) running a listing that prints the entries a predicate selects,
// with progress, failures on stderr, the summary line and the exit code.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "arty/artifactory_remote.hpp"
#include "arty/entry.hpp"
#include "arty/entry_filter.hpp"
#include "arty/location.hpp"
#include "arty/transfer_engine.hpp"
#include "cli/connection_options.hpp"

namespace arty::cli {

/// Requests in flight when -j is not given: enough to hide a 20-100 ms latency on trees of
/// thousands of folders, few enough not to flood a server shared by many users.
constexpr std::size_t kDefaultListingJobs = 16;

/// The location, the transfer engine and the remote of one run.
struct RemoteSession {
  RemoteSession(Location where, TransferOptions options)
      : location(std::move(where)),
        jobs(options.max_in_flight),
        engine(std::move(options)),
        remote(engine, location) {}

  Location location;
  std::size_t jobs;
  TransferEngine engine;
  ArtifactoryRemote remote;
};

/// Resolves the URL and credentials of `args`; on failure prints the reason on stderr and sets
/// `exit_code` to Usage.
[[nodiscard]] std::unique_ptr<RemoteSession> open_session(const ConnectionArgs& args,
                                                          int& exit_code);

/// How listed entries are printed: ls's and find's -l, --json, -0, --sort, -q.
struct ListingPrintArgs {
  bool long_format = false;
  bool json = false;
  bool nul = false;
  bool sort = false;
  bool quiet = false;
};

/// Adds -l, --json, -0, --sort and -q to `command`.
void add_listing_print_options(CLI::App& command, ListingPrintArgs& args);

struct ListingSpec {
  std::optional<int> max_depth;  ///< As ListOptions::max_depth.
  bool details = false;          ///< As ListOptions::details.
  std::function<bool(const Entry&)> select;  ///< Entries to print; unset: all.
  /// find: the filter behind `select`, for the listing to prune excluded folders and to ask AQL
  /// for matching files only (ListOptions::filter). Must outlive run_listing.
  const EntryFilter* filter = nullptr;
  /// find: the summary line also says how many entries were selected ("N matched").
  bool count_matches = false;
};

/// Lists the tree and prints the selected entries; returns the exit code (Success, Partial,
/// Interrupted, a fatal error's, or Failure when stdout cannot be written).
int run_listing(const ConnectionArgs& connection, const ListingPrintArgs& print,
                const ListingSpec& spec);

}  // namespace arty::cli

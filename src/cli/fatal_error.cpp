// Fatal errors of the subcommands; see fatal_error.hpp.
#include "cli/fatal_error.hpp"

#include <cstdio>

#include "arty/exit_code.hpp"

namespace arty::cli {

std::string fatal_hint(const Error& error) {
  if (error.kind == ErrorKind::HttpStatus && error.http_status == 401) {
    return "; pass an access token in $ARTY_ACCESS_TOKEN or --access-token-file, or a user with "
           "--user and $ARTY_PASSWORD, or put the host in ~/.netrc";
  }
  if (error.kind == ErrorKind::HttpStatus && error.http_status == 404) {
    return "; the repository or path does not exist";
  }
  return "";
}

int report_fatal(const Location& location, const Error& error) {
  std::fprintf(stderr, "arty: %s: %s%s\n", location.display().c_str(), error.describe().c_str(),
               fatal_hint(error).c_str());
  return static_cast<int>(exit_code_for(error));
}

void print_transfer_statistics(const TransferCounters& counters) {
  const double mean_ms = counters.requests ? counters.total_latency_seconds * 1000 /
                                                 static_cast<double>(counters.requests)
                                           : 0.0;
  std::fprintf(stderr, "arty: %llu bytes received, mean request latency %.2f ms\n",
               static_cast<unsigned long long>(counters.bytes_received), mean_ms);
}

void print_listing_statistics(const ListSummary& summary) {
  for (const std::string& note : summary.strategy_notes) {
    std::fprintf(stderr, "arty: %s\n", note.c_str());
  }
  std::fprintf(stderr,
               "arty: %zu folders listed by %zu File List or AQL listings of subtrees, %zu by "
               "Folder Info\n",
               summary.bulk_folders, summary.bulk_subtrees, summary.folder_infos);
}

}  // namespace arty::cli

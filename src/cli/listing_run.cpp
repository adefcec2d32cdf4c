// The listing run shared by `arty ls` and `arty find`; see listing_run.hpp.
#include "cli/listing_run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "arty/exit_code.hpp"
#include "arty/list_tree.hpp"
#include "cli/entry_printer.hpp"
#include "cli/fatal_error.hpp"
#include "cli/interruption.hpp"
#include "cli/progress_line.hpp"

namespace arty::cli {
namespace {

/// Output is written per folder, or sooner when this many bytes are waiting (a huge folder).

void print_summary(const ListSummary& summary, const TransferCounters& counters, double seconds,
                   std::optional<std::size_t> matched) {
  const std::string matches = matched ? fmt::format("{} matched, ", *matched) : "";
  std::fprintf(stderr,
               "arty: %zu folders, %zu files, %s%llu requests, %llu retries, %zu failed, %.2f s\n",
               summary.folders, summary.files, matches.c_str(),
               static_cast<unsigned long long>(counters.requests),
               static_cast<unsigned long long>(counters.retries), summary.failed, seconds);
}

OutputFormat output_format(const ListingPrintArgs& print) {
  return print.json          ? OutputFormat::JsonLines
         : print.long_format ? OutputFormat::Long
         : print.nul         ? OutputFormat::NulSeparated
                             : OutputFormat::Plain;
}

}  // namespace

std::unique_ptr<RemoteSession> open_session(const ConnectionArgs& args, int& exit_code) {
  auto location = resolve_location(args);
  if (!location) {
    std::fprintf(stderr, "arty: %s\n", location.error().describe().c_str());
    exit_code = static_cast<int>(ExitCode::Usage);
    return nullptr;
  }
  auto transfer_options = make_transfer_options(args, *location, kDefaultListingJobs);
  if (!transfer_options) {
    std::fprintf(stderr, "arty: %s\n", transfer_options.error().describe().c_str());
    exit_code = static_cast<int>(ExitCode::Usage);
    return nullptr;
  }
  return std::make_unique<RemoteSession>(std::move(*location), std::move(*transfer_options));
}

void add_listing_print_options(CLI::App& command, ListingPrintArgs& args) {
  command.add_flag("-l,--long", args.long_format,
                   "Size and modification time (one File Info request per file)");
  command.add_flag("--json", args.json,
                   "JSON Lines, one record per entry or failure (docs/output.md); with -l, "
                   "records carry size, lastModified and checksums");
  command.add_flag("-0,--null", args.nul, "Separate paths with NUL instead of newline");
  command.add_flag("--sort", args.sort, "Sort by path (buffers the whole listing)");
  command.add_flag("-q,--quiet", args.quiet, "No progress and no summary on stderr");
}

int run_listing(const ConnectionArgs& connection, const ListingPrintArgs& print,
                const ListingSpec& spec) {
  int exit_code = static_cast<int>(ExitCode::Success);
  const auto session = open_session(connection, exit_code);
  if (!session) return exit_code;
  TransferEngine& engine = session->engine;

  const auto printer = make_printer(output_format(print), stdout);
  std::vector<Entry> sorted;
  ProgressLine progress(!print.quiet && stderr_is_terminal());
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  ListOptions options;
  options.max_depth = spec.max_depth;
  options.jobs = session->jobs;
  options.details = spec.details;
  options.strategy = connection.strategy;
  options.filter = spec.filter;
  options.bulk_response_bytes = connection.bulk_response_bytes;
  options.stop_flag = &interrupted;
  options.cancel_in_flight = [&engine] { engine.cancel(); };

  ListSummary progress_counts;
  std::size_t matched = 0;
  ListObserver observer;
  observer.on_entry = [&](const Entry& entry) {
    ++(entry.is_folder() ? progress_counts.folders : progress_counts.files);
    if (spec.select && !spec.select(entry)) return true;
    ++matched;
    if (print.sort) {
      sorted.push_back(entry);
      return true;
    }
    printer->entry(entry);
    return printer->flush_above(kFlushBytes);
  };
  observer.on_failure = [&](const std::string& path, const Error& error) {
    progress.clear();
    std::fprintf(stderr, "arty: failed: %s: %s\n", path.c_str(), error.describe().c_str());
    printer->failure(path, error);
  };
  observer.on_folder_done = [&] {
    if (!print.sort) printer->flush();
  };
  observer.on_tick = [&] {
    const auto counters = engine.counters();
    const std::string matches = spec.count_matches ? fmt::format("{} matched, ", matched) : "";
    progress.show(fmt::format("{} folders, {} files, {}{} in flight, {} requests, {:.1f} s",
                              progress_counts.folders, progress_counts.files, matches,
                              counters.in_flight, counters.requests, elapsed()));
  };

  const ListSummary summary = list_tree(session->remote, options, observer);
  if (print.sort) {
    std::sort(sorted.begin(), sorted.end(),
              [](const Entry& a, const Entry& b) { return a.path < b.path; });
    for (const Entry& entry : sorted) printer->entry(entry);
  }
  printer->flush();
  progress.clear();

  if (!printer->ok()) {
    if (printer->write_error() == EPIPE) return static_cast<int>(ExitCode::Success);
    std::fprintf(stderr, "arty: cannot write the listing: %s\n",
                 std::strerror(printer->write_error()));
    return static_cast<int>(ExitCode::Failure);
  }
  if (summary.fatal) return report_fatal(session->location, *summary.fatal);
  if (!print.quiet || interrupted.load()) {
    print_summary(summary, engine.counters(), elapsed(),
                  spec.count_matches ? std::optional<std::size_t>(matched) : std::nullopt);
  }
  if (connection.verbose > 0) {
    print_transfer_statistics(engine.counters());
    print_listing_statistics(summary);
  }
  if (interrupted.load()) return static_cast<int>(ExitCode::Interrupted);
  if (summary.failed > 0) return static_cast<int>(ExitCode::Partial);
  return static_cast<int>(ExitCode::Success);
}

}  // namespace arty::cli

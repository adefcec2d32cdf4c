// `arty ls`: parse options, run the listing operation, print, summarize, choose the exit code.
#include "cli/ls_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "arty/artifactory_remote.hpp"
#include "arty/exit_code.hpp"
#include "arty/list_tree.hpp"
#include "cli/connection_options.hpp"
#include "cli/entry_printer.hpp"
#include "cli/fatal_error.hpp"
#include "cli/interruption.hpp"
#include "cli/progress_line.hpp"

namespace arty::cli {
namespace {

/// Requests in flight when -j is not given: enough to hide a 20-100 ms latency on trees of
/// thousands of folders, few enough not to flood a server shared by many users.
constexpr std::size_t kDefaultJobs = 16;

/// Output is written per folder, or sooner when this many bytes are waiting (a huge folder).
constexpr std::size_t kFlushBytes = 64 * 1024;

struct LsArgs {
  ConnectionArgs connection;
  bool recursive = false;
  int max_depth = 0;
  bool long_format = false;
  bool json = false;
  bool nul = false;
  bool sort = false;
  bool dirs_only = false;
  bool files_only = false;
  bool quiet = false;
};

void print_summary(const ListSummary& summary, const TransferCounters& counters, double seconds) {
  std::fprintf(stderr,
               "arty: %zu folders, %zu files, %llu requests, %llu retries, %zu failed, %.2f s\n",
               summary.folders, summary.files, static_cast<unsigned long long>(counters.requests),
               static_cast<unsigned long long>(counters.retries), summary.failed, seconds);
}

int run_ls(const LsArgs& args) {
  const auto location = resolve_location(args.connection);
  if (!location) {
    std::fprintf(stderr, "arty: %s\n", location.error().describe().c_str());
    return static_cast<int>(ExitCode::Usage);
  }
  auto transfer_options = make_transfer_options(args.connection, *location, kDefaultJobs);
  if (!transfer_options) {
    std::fprintf(stderr, "arty: %s\n", transfer_options.error().describe().c_str());
    return static_cast<int>(ExitCode::Usage);
  }
  const std::size_t jobs = transfer_options->max_in_flight;
  TransferEngine engine(std::move(*transfer_options));
  ArtifactoryRemote remote(engine, *location);

  const OutputFormat format = args.json          ? OutputFormat::JsonLines
                              : args.long_format ? OutputFormat::Long
                              : args.nul         ? OutputFormat::NulSeparated
                                                 : OutputFormat::Plain;
  const auto printer = make_printer(format, stdout);
  std::vector<Entry> sorted;
  ProgressLine progress(!args.quiet && stderr_is_terminal());
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  ListOptions options;
  if (args.max_depth > 0) {
    options.max_depth = args.max_depth;
  } else if (!args.recursive) {
    options.max_depth = 1;
  }
  options.jobs = jobs;
  options.details = args.long_format;
  options.stop_flag = &interrupted;
  options.cancel_in_flight = [&engine] { engine.cancel(); };

  ListSummary progress_counts;
  ListObserver observer;
  observer.on_entry = [&](const Entry& entry) {
    ++(entry.is_folder() ? progress_counts.folders : progress_counts.files);
    if ((args.dirs_only && !entry.is_folder()) || (args.files_only && entry.is_folder())) {
      return true;
    }
    if (args.sort) {
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
    if (!args.sort) printer->flush();
  };
  observer.on_tick = [&] {
    const auto counters = engine.counters();
    progress.show(fmt::format("{} folders, {} files, {} in flight, {} requests, {:.1f} s",
                              progress_counts.folders, progress_counts.files, counters.in_flight,
                              counters.requests, elapsed()));
  };

  const ListSummary summary = list_tree(remote, options, observer);
  if (args.sort) {
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
  if (summary.fatal) return report_fatal(*location, *summary.fatal);
  if (!args.quiet || interrupted.load()) print_summary(summary, engine.counters(), elapsed());
  if (args.connection.verbose > 0) print_transfer_statistics(engine.counters());
  if (interrupted.load()) return static_cast<int>(ExitCode::Interrupted);
  if (summary.failed > 0) return static_cast<int>(ExitCode::Partial);
  return static_cast<int>(ExitCode::Success);
}

}  // namespace

void add_ls_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<LsArgs>();
  CLI::App* ls = app.add_subcommand(
      "ls",
      "List a folder of an Artifactory repository, or with -R the whole tree under it.\n"
      "Paths are printed relative to the URL, folders end with '/', as entries arrive.\n"
      "Uses the Storage API (Folder Info): one request per folder, many in flight. With -l,\n"
      "sizes and times cost one File Info request per file (also concurrent).");
  ls->add_option("URL", args->connection.target,
                 "https://host/artifactory/REPO/PATH, or REPO/PATH with --url")
      ->required();
  ls->add_flag("-R,--recursive", args->recursive, "List the whole tree");
  ls->add_option("-d,--max-depth", args->max_depth, "Descend at most N levels (implies -R)")
      ->check(CLI::PositiveNumber);
  ls->add_flag("-l,--long", args->long_format,
               "Size and modification time (one File Info request per file)");
  ls->add_flag("--json", args->json,
               "JSON Lines, one record per entry or failure (docs/output.md); with -l, records "
               "carry size, lastModified and checksums");
  ls->add_flag("-0,--null", args->nul, "Separate paths with NUL instead of newline");
  ls->add_flag("--sort", args->sort, "Sort by path (buffers the whole listing)");
  auto* dirs = ls->add_flag("--dirs-only", args->dirs_only, "Print folders only");
  ls->add_flag("--files-only", args->files_only, "Print files only")->excludes(dirs);
  ls->add_flag("-q,--quiet", args->quiet, "No progress and no summary on stderr");
  add_connection_options(*ls, args->connection);
  ls->callback([args, &exit_code] { exit_code = run_ls(*args); });
}

}  // namespace arty::cli

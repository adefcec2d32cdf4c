// `arty check`: parse options, compare the remote tree with DIR, print one record per file,
// summarize, choose the exit code (0 identical, 9 differences, 3 errors only).
#include "cli/check_command.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "arty/artifactory_remote.hpp"
#include "arty/check_tree.hpp"
#include "arty/exit_code.hpp"
#include "cli/check_printer.hpp"
#include "cli/connection_options.hpp"
#include "cli/fatal_error.hpp"
#include "cli/interruption.hpp"
#include "cli/progress_line.hpp"

namespace arty::cli {
namespace {

/// Requests in flight when -j is not given; as for `ls`.
constexpr std::size_t kDefaultJobs = 16;

struct CheckArgs {
  ConnectionArgs connection;
  std::string dir;
  std::size_t hash_jobs = 0;  ///< 0: one per core
  bool json = false;
  bool differences_only = false;
  bool quiet = false;
};

/// DIR must be an existing folder: 0, or the exit code after saying what is wrong.
int check_local_folder(const std::string& dir) {
  std::error_code error;
  const auto status = std::filesystem::status(dir, error);
  if (!std::filesystem::exists(status)) {
    if (!error || status.type() == std::filesystem::file_type::not_found) {
      error = std::make_error_code(std::errc::no_such_file_or_directory);
    }
    std::fprintf(stderr, "arty: %s: %s\n", dir.c_str(), error.message().c_str());
    return static_cast<int>(ExitCode::NotFound);
  }
  if (!std::filesystem::is_directory(status)) {
    std::fprintf(stderr, "arty: %s: not a folder; arty check compares a folder with DIR\n",
                 dir.c_str());
    return static_cast<int>(ExitCode::Usage);
  }
  return 0;
}

void print_summary(const CheckSummary& summary, const TransferCounters& counters, double seconds) {
  std::fprintf(stderr,
               "arty: %zu identical, %zu missing, %zu extra, %zu differ, %zu errors; %zu folders, "
               "%llu requests, %llu retries, %zu files hashed, %.2f s\n",
               summary.identical, summary.missing, summary.extra, summary.differ, summary.errors,
               summary.folders, static_cast<unsigned long long>(counters.requests),
               static_cast<unsigned long long>(counters.retries), summary.hashed_files, seconds);
}

int run_check(const CheckArgs& args) {
  const auto location = resolve_location(args.connection);
  if (!location) {
    std::fprintf(stderr, "arty: %s\n", location.error().describe().c_str());
    return static_cast<int>(ExitCode::Usage);
  }
  if (const int code = check_local_folder(args.dir); code != 0) return code;
  auto transfer_options = make_transfer_options(args.connection, *location, kDefaultJobs);
  if (!transfer_options) {
    std::fprintf(stderr, "arty: %s\n", transfer_options.error().describe().c_str());
    return static_cast<int>(ExitCode::Usage);
  }
  CheckOptions options;
  options.jobs = transfer_options->max_in_flight;
  options.strategy = args.connection.strategy;
  options.bulk_response_bytes = args.connection.bulk_response_bytes;
  options.hash_threads = args.hash_jobs;
  options.stop_flag = &interrupted;
  TransferEngine engine(std::move(*transfer_options));
  ArtifactoryRemote remote(engine, *location);
  options.cancel_in_flight = [&engine] { engine.cancel(); };

  const auto printer =
      make_check_printer(args.json ? CheckFormat::JsonLines : CheckFormat::Combined, stdout);
  ProgressLine progress(!args.quiet && stderr_is_terminal());
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  std::size_t compared = 0;
  std::size_t different = 0;

  CheckObserver observer;
  observer.on_record = [&](const CheckRecord& record) {
    ++compared;
    if (record.state != CheckState::Identical) ++different;
    if (record.state == CheckState::Error || (record.state == CheckState::Differ && !args.quiet)) {
      progress.clear();
      std::fprintf(stderr, "arty: %s: %s: %s\n", check_state_name(record.state),
                   check_display_path(record).c_str(), check_reason(record).c_str());
    }
    if (args.differences_only && record.state == CheckState::Identical) return true;
    printer->record(record);
    return printer->flush_above(kFlushBytes);
  };
  observer.on_tick = [&] {
    printer->flush();
    const auto counters = engine.counters();
    progress.show(
        fmt::format("{} files compared, {} not identical, {} in flight, {} requests, "
                    "{:.1f} s",
                    compared, different, counters.in_flight, counters.requests, elapsed()));
  };

  const CheckSummary summary = check_tree(remote, args.dir, options, observer);
  printer->flush();
  progress.clear();

  if (!printer->ok()) {
    if (printer->write_error() == EPIPE) return static_cast<int>(ExitCode::Success);
    std::fprintf(stderr, "arty: cannot write the comparison: %s\n",
                 std::generic_category().message(printer->write_error()).c_str());
    return static_cast<int>(ExitCode::Failure);
  }
  if (summary.fatal) return report_fatal(*location, *summary.fatal);
  if (!args.quiet || interrupted.load()) print_summary(summary, engine.counters(), elapsed());
  if (args.connection.verbose > 0) {
    print_transfer_statistics(engine.counters());
    print_listing_statistics(summary.listing);
  }
  if (interrupted.load()) return static_cast<int>(ExitCode::Interrupted);
  if (summary.differs()) return static_cast<int>(ExitCode::Differences);
  if (summary.errors > 0) return static_cast<int>(ExitCode::Partial);
  return static_cast<int>(ExitCode::Success);
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* check = app.add_subcommand(
      "check",
      "Compare a folder of an Artifactory repository with a local folder, without downloading.\n"
      "One line per file, as `rclone check --combined` prints them (the repository is the\n"
      "source, DIR the destination):\n"
      "  = identical   - only in the repository   + only in DIR   * different   ! error\n"
      "Sizes are compared first; files of equal size are hashed locally (in parallel, while\n"
      "the walk goes on) with the strongest checksum the server gives (sha256, sha1, md5).\n"
      "Costs one Folder Info request per folder and one File Info request per file.\n"
      "Exit code: 0 identical, 9 differences found, 3 errors but no differences.");
  check
      ->add_option("URL", args->connection.target,
                   "https://host/artifactory/REPO/PATH, or REPO/PATH with --url")
      ->required();
  check->add_option("DIR", args->dir, "Local folder to compare with")->required();
  check->add_flag("--json", args->json,
                  "JSON Lines, one record per file: type (identical, missing, extra, differ, "
                  "error), path, sizes, checksums (docs/output.md)");
  check->add_flag("--differences-only", args->differences_only, "Do not print identical files");
  check
      ->add_option("--hash-jobs", args->hash_jobs,
                   "Local files hashed at once (default: one "
                   "per core)")
      ->check(CLI::Range(1, 1024));
  check->add_flag("-q,--quiet", args->quiet,
                  "No progress, no summary and no reasons of differences on stderr");
  add_connection_options(*check, args->connection);
  check->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace arty::cli

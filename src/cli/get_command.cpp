// `arty get`: parse options, run mirror_tree, report file events, summarize, choose the exit code.
//
// stdout: nothing by default; with --json one record per file and per failure (docs/output.md);
// with --dry-run (and no --json) the path of each file that would be downloaded.
// stderr: failures, progress on a terminal, the summary.
#include "cli/get_command.hpp"

#include <chrono>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "arty/artifactory_remote.hpp"
#include "arty/exit_code.hpp"
#include "arty/mirror_tree.hpp"
#include "cli/buffered_output.hpp"
#include "cli/connection_options.hpp"
#include "cli/fatal_error.hpp"
#include "cli/interruption.hpp"
#include "cli/progress_line.hpp"
#include "util/json_writer.hpp"

namespace arty::cli {
namespace {

/// Listings in flight when -j is not given (as for ls).
constexpr std::size_t kDefaultJobs = 16;
/// Downloads in flight when --transfers is not given: enough to hide latency on small files
/// without opening more connections than a shared server should see from one client.
constexpr std::size_t kDefaultTransfers = 8;

struct GetArgs {
  ConnectionArgs connection;
  std::string destination;
  std::size_t transfers = kDefaultTransfers;
  std::uint64_t range_threshold = 64ULL << 20;
  std::size_t range_parts = 4;
  int max_depth = 0;
  bool dry_run = false;
  bool json = false;
  bool quiet = false;
};

std::string_view outcome_name(FileOutcome outcome) {
  switch (outcome) {
    case FileOutcome::Downloaded:
      return "downloaded";
    case FileOutcome::Skipped:
      return "skipped";
    case FileOutcome::WouldDownload:
      return "would-download";
    case FileOutcome::Failed:
      return "error";
  }
  return "error";
}

/// One JSON Lines record per file event (schema in docs/output.md).
std::string json_record(const FileEvent& event) {
  std::string out = R"({"type":)";
  util::append_json_string(out, outcome_name(event.outcome));
  out += R"(,"path":)";
  util::append_json_string(out, event.path);
  if (event.error) {
    fmt::format_to(std::back_inserter(out), R"(,"status":{},"message":)", event.error->http_status);
    util::append_json_string(out, event.error->describe());
    return out + "}\n";
  }
  if (event.outcome != FileOutcome::WouldDownload) {
    fmt::format_to(std::back_inserter(out), R"(,"size":{})", event.bytes);
  }
  if (event.resumed_from > 0) {
    fmt::format_to(std::back_inserter(out), R"(,"resumedFrom":{})", event.resumed_from);
  }
  if (event.algorithm) {
    out += ',';
    util::append_json_string(out, hash_algorithm_name(*event.algorithm));
    out += ':';
    util::append_json_string(out, event.checksum);
  }
  if (!event.detail.empty()) {
    out += R"(,"detail":)";
    util::append_json_string(out, event.detail);
  }
  return out + "}\n";
}

std::string human_bytes(double bytes) {
  constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{:.0f} {}", bytes, kUnits[unit]);
  return fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

class GetRun {
 public:
  explicit GetRun(const GetArgs& args) : args_(args) {}

  int run() {
    const auto location = resolve_location(args_.connection);
    if (!location) return usage_error(location.error());
    auto transfer_options = make_transfer_options(args_.connection, *location, kDefaultJobs);
    if (!transfer_options) return usage_error(transfer_options.error());
    const std::size_t listings = transfer_options->max_in_flight;
    const std::size_t transfers = std::max<std::size_t>(1, args_.transfers);
    transfer_options->max_in_flight = listings + transfers;
    TransferEngine engine(std::move(*transfer_options));
    ArtifactoryRemote remote(engine, *location);
    engine_ = &engine;

    MirrorOptions options;
    options.destination = args_.destination;
    if (args_.max_depth > 0) options.max_depth = args_.max_depth;
    options.listings_in_flight = listings;
    options.strategy = args_.connection.strategy;
    options.bulk_response_bytes = args_.connection.bulk_response_bytes;
    options.transfers_in_flight = transfers;
    options.range_threshold = args_.range_threshold;
    options.range_parts = args_.range_parts;
    options.dry_run = args_.dry_run;
    options.stop_flag = &interrupted;
    options.cancel_in_flight = [&engine] { engine.cancel(); };

    MirrorObserver observer;
    observer.on_file = [this](const FileEvent& event) { on_file(event); };
    observer.on_folder_failure = [this](const std::string& path, const Error& error) {
      FileEvent event(FileOutcome::Failed, path + "/");
      event.error = error;
      on_file(event);
    };
    observer.on_tick = [this](const MirrorProgress& progress) { show_progress(progress); };

    const MirrorSummary summary = mirror_tree(remote, options, observer);
    records_.flush();
    progress_.clear();
    if (summary.fatal) {
      return report_fatal(*location, *summary.fatal);
    }
    if (!args_.quiet || interrupted.load()) print_summary(summary, engine.counters());
    if (args_.connection.verbose > 0) {
      print_transfer_statistics(engine.counters());
      print_listing_statistics(summary.listing);
    }
    if (interrupted.load()) return static_cast<int>(ExitCode::Interrupted);
    if (summary.failed > 0 || summary.folders_failed > 0) {
      return static_cast<int>(ExitCode::Partial);
    }
    return static_cast<int>(ExitCode::Success);
  }

 private:
  static int usage_error(const Error& error) {
    std::fprintf(stderr, "arty: %s\n", error.describe().c_str());
    return static_cast<int>(ExitCode::Usage);
  }

  // Called by mirror_tree, never concurrently.
  void on_file(const FileEvent& event) {
    if (event.outcome == FileOutcome::Failed) {
      progress_.clear();
      std::fprintf(stderr, "arty: failed: %s: %s\n", event.path.c_str(),
                   event.error ? event.error->describe().c_str() : "");
    }
    if (args_.json) {
      records_.append(json_record(event));
    } else if (event.outcome == FileOutcome::WouldDownload) {
      records_.append(event.path);
      records_.append("\n");
    }
    // A closed stdout does not stop the mirror: the records are a report, the files the job.
    records_.flush_above(kFlushBytes);
  }

  void show_progress(const MirrorProgress& progress) {
    records_.flush();
    const auto counters = engine_->counters();
    const double seconds = elapsed();
    const double rate = seconds > 0 ? static_cast<double>(counters.bytes_received) / seconds : 0;
    std::string eta = "listing";
    const std::size_t done = progress.files_done();
    if (progress.listing_done && done > 0) {
      // Files still to do at the rate files have been done so far.
      const double left = static_cast<double>(progress.files_found - done);
      eta = fmt::format("ETA {:.0f} s", left * seconds / static_cast<double>(done));
    }
    progress_.show(fmt::format(
        "{}/{} files ({} downloaded, {} skipped, {} failed), {}, {}/s, {}", done,
        progress.files_found, progress.downloaded, progress.skipped, progress.failed,
        human_bytes(static_cast<double>(counters.bytes_received)), human_bytes(rate), eta));
  }

  void print_summary(const MirrorSummary& summary, const TransferCounters& counters) const {
    const double seconds = elapsed();
    if (args_.dry_run) {
      std::fprintf(stderr,
                   "arty: dry run: %zu files, %zu would be downloaded, %zu up to date, %zu failed, "
                   "%llu requests, %.2f s\n",
                   summary.files_found, summary.would_download, summary.skipped,
                   summary.failed + summary.folders_failed,
                   static_cast<unsigned long long>(counters.requests), seconds);
      return;
    }
    const double rate = seconds > 0 ? static_cast<double>(summary.bytes_downloaded) / seconds : 0;
    std::fprintf(stderr,
                 "arty: %zu files: %zu downloaded (%s, %s/s), %zu skipped, %zu failed; %zu "
                 "folders, %zu failed; %llu requests, %llu retries, %zu verification retries, "
                 "%.2f s\n",
                 summary.files_found, summary.downloaded,
                 human_bytes(static_cast<double>(summary.bytes_downloaded)).c_str(),
                 human_bytes(rate).c_str(), summary.skipped, summary.failed, summary.listing.folders,
                 summary.folders_failed, static_cast<unsigned long long>(counters.requests),
                 static_cast<unsigned long long>(counters.retries), summary.verify_retries,
                 seconds);
  }

  [[nodiscard]] double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }

  const GetArgs& args_;
  TransferEngine* engine_ = nullptr;
  ProgressLine progress_{!args_.quiet && stderr_is_terminal()};
  BufferedOutput records_{stdout};  // --json records, --dry-run paths
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace

void add_get_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<GetArgs>();
  CLI::App* get = app.add_subcommand(
      "get",
      "Mirror the tree under URL into DIR: downloads start while the tree is being listed,\n"
      "every file is verified against the server's checksum (sha256, else sha1) as it streams\n"
      "in, written under a temporary name and renamed into place with the server's time.\n"
      "Files already there with the right size and checksum are skipped (their checksum is\n"
      "remembered in an extended attribute, so they are not read again); partial files of 1 MiB\n"
      "or more from an interrupted run are resumed. Nothing is written outside DIR.");
  get->add_option("URL", args->connection.target,
                  "https://host/artifactory/REPO/PATH, or REPO/PATH with --url")
      ->required();
  get->add_option("DIR", args->destination, "Local folder to mirror into (created if missing)")
      ->required();
  get->add_option("--transfers", args->transfers,
                  "Files downloaded (or checked) at once (default 8); -j sets the listings")
      ->check(CLI::PositiveNumber);
  get->add_option("--range-threshold", args->range_threshold,
                  "Fetch files of at least SIZE bytes (k, M, G: powers of 1024) in parallel "
                  "ranges when the server accepts ranges (default 64M)")
      ->transform(CLI::AsSizeValue(false));
  get->add_option("--range-parts", args->range_parts,
                  "Ranges per large file (default 4; 1 never splits a file)")
      ->check(CLI::PositiveNumber);
  get->add_option("-d,--max-depth", args->max_depth, "Descend at most N levels")
      ->check(CLI::PositiveNumber);
  get->add_flag("-n,--dry-run", args->dry_run,
                "Download nothing: print the files that would be downloaded");
  get->add_flag("--json", args->json,
                "JSON Lines on stdout, one record per file: downloaded, skipped, would-download "
                "or error (docs/output.md)");
  get->add_flag("-q,--quiet", args->quiet, "No progress and no summary on stderr");
  add_connection_options(*get, args->connection);
  get->callback([args, &exit_code] { exit_code = GetRun(*args).run(); });
}

}  // namespace arty::cli

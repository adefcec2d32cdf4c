// `arty sum`: parse options, hash the tree, print lines that `sha256sum -c` reads back (or JSON
// Lines), summarize, choose the exit code.
#include "cli/sum_command.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "arty/exit_code.hpp"
#include "arty/hasher.hpp"
#include "arty/sum_tree.hpp"
#include "cli/checksum_printer.hpp"
#include "cli/interruption.hpp"
#include "cli/progress_line.hpp"

namespace arty::cli {
namespace {

/// Output is written every tick, or sooner when this many bytes are waiting.

struct SumArgs {
  std::string dir;
  std::string algorithm = "sha256";
  std::size_t jobs = 0;  ///< 0: one per core
  bool json = false;
  bool sort = false;
  bool quiet = false;
};

/// The path as `find DIR -type f` prints it: DIR, a '/' unless DIR ends with one, the relative
/// path; DIR alone when it is a file.
std::string display_name(const std::string& dir, const std::string& relative) {
  if (relative.empty()) return dir;
  return dir.ends_with('/') ? dir + relative : dir + '/' + relative;
}

double megabytes_per_second(std::uint64_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0;
}

int run_sum(const SumArgs& args) {
  std::error_code error;
  if (!std::filesystem::exists(args.dir, error)) {
    if (!error) error = std::make_error_code(std::errc::no_such_file_or_directory);
    std::fprintf(stderr, "arty: %s: %s\n", args.dir.c_str(), error.message().c_str());
    return static_cast<int>(ExitCode::NotFound);
  }
  SumOptions options;
  options.algorithm = parse_hash_algorithm(args.algorithm).value_or(HashAlgorithm::Sha256);
  options.threads = args.jobs;
  options.stop_flag = &interrupted;

  const auto printer =
      make_checksum_printer(args.json ? ChecksumFormat::JsonLines : ChecksumFormat::Gnu, stdout);
  std::vector<std::pair<std::string, FileChecksum>> sorted;
  ProgressLine progress(!args.quiet && stderr_is_terminal());
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  SumSummary progress_counts;

  SumObserver observer;
  observer.on_file = [&](const FileChecksum& file) {
    ++progress_counts.files;
    progress_counts.bytes += file.size;
    std::string name = display_name(args.dir, file.path);
    if (args.sort) {
      sorted.emplace_back(std::move(name), file);
      return true;
    }
    printer->file(name, file);
    return printer->flush_above(kFlushBytes);
  };
  observer.on_failure = [&](const std::string& path, const Error& failure) {
    const std::string name = display_name(args.dir, path);
    progress.clear();
    std::fprintf(stderr, "arty: failed: %s: %s\n", name.c_str(), failure.describe().c_str());
    printer->failure(name, failure);
  };
  observer.on_tick = [&] {
    if (!args.sort) printer->flush();
    const double seconds = elapsed();
    progress.show(fmt::format("{} files, {:.1f} MB, {:.1f} MB/s, {:.1f} s", progress_counts.files,
                              static_cast<double>(progress_counts.bytes) / 1e6,
                              megabytes_per_second(progress_counts.bytes, seconds), seconds));
  };

  const SumSummary summary = sum_tree(args.dir, options, observer);
  if (args.sort) {
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [name, file] : sorted) {
      printer->file(name, file);
      if (!printer->flush_above(kFlushBytes)) break;
    }
  }
  printer->flush();
  progress.clear();

  if (!printer->ok()) {
    if (printer->write_error() == EPIPE) return static_cast<int>(ExitCode::Success);
    std::fprintf(stderr, "arty: cannot write the checksums: %s\n",
                 std::generic_category().message(printer->write_error()).c_str());
    return static_cast<int>(ExitCode::Failure);
  }
  if (!args.quiet || interrupted.load()) {
    const double seconds = elapsed();
    std::fprintf(stderr, "arty: %zu files, %llu bytes, %zu failed, %.2f s, %.1f MB/s\n",
                 summary.files, static_cast<unsigned long long>(summary.bytes), summary.failed,
                 seconds, megabytes_per_second(summary.bytes, seconds));
  }
  if (interrupted.load()) return static_cast<int>(ExitCode::Interrupted);
  if (summary.failed > 0) return static_cast<int>(ExitCode::Partial);
  return static_cast<int>(ExitCode::Success);
}

}  // namespace

void add_sum_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SumArgs>();
  CLI::App* sum = app.add_subcommand(
      "sum",
      "Checksum every file under a local folder, in parallel, symbolic links followed like\n"
      "`find -L`. Lines are printed as sha256sum prints them (md5sum, sha1sum with --algo), as\n"
      "files finish, so that `arty sum DIR > SUMS; sha256sum -c SUMS` works from the same\n"
      "directory. Files that cannot be read are named on stderr (exit code 3).");
  sum->add_option("DIR", args->dir, "Folder to hash (or a single file)")->required();
  sum->add_option("--algo", args->algorithm, "Checksum: md5, sha1 or sha256 (default sha256)")
      ->check(CLI::IsMember({"md5", "sha1", "sha256"}, CLI::ignore_case));
  sum->add_option("-j,--jobs", args->jobs, "Files hashed at once (default: one per core)")
      ->check(CLI::Range(1, 1024));
  sum->add_flag("--json", args->json,
                "JSON Lines, one record per file or failure: path, size, algorithm, checksum "
                "(docs/output.md)");
  sum->add_flag("--sort", args->sort, "Sort by path (buffers every line)");
  sum->add_flag("-q,--quiet", args->quiet, "No progress and no summary on stderr");
  sum->callback([args, &exit_code] { exit_code = run_sum(*args); });
}

}  // namespace arty::cli

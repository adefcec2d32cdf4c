// `arty du`: sizes of the folders of a tree, like `du -b` (apparent sizes) or `rclone size`.
//
// Steps:
//   1. list the whole tree with details (sizes), as `ls -R -l` does;
//   2. add each file's size to the totals of its ancestor folders at depth <= --max-depth (the
//      root "." included); only those folders have a total, so `-d 1` on a tree of a million
//      items keeps one total per top-level folder, and failures mark the totals they miss;
//   3. print one line per kept folder, a folder after its subfolders and the root last (siblings
//      by name), or by size with --sort size; then the summary and the exit code.
#include "cli/du_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "arty/exit_code.hpp"
#include "arty/list_tree.hpp"
#include "cli/buffered_output.hpp"
#include "cli/connection_options.hpp"
#include "cli/entry_printer.hpp"
#include "cli/fatal_error.hpp"
#include "cli/interruption.hpp"
#include "cli/listing_run.hpp"
#include "cli/progress_line.hpp"
#include "util/json_writer.hpp"

namespace arty::cli {
namespace {

struct DuArgs {
  ConnectionArgs connection;
  int max_depth = -1;  ///< -1: every folder
  bool summarize = false;
  bool human = false;
  bool json = false;
  std::string sort = "path";
  bool quiet = false;
};

/// The totals of one folder: everything below it, at any depth.
struct FolderTotals {
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;
  std::uint64_t folders = 0;
  bool incomplete = false;  ///< Something below failed to list (or its size is unknown).
};

/// Number of segments of a path relative to the URL; "" (the root) is 0.
int depth_of(std::string_view path) {
  return path.empty() ? 0 : static_cast<int>(std::count(path.begin(), path.end(), '/')) + 1;
}

/// Per-folder totals for folders at depth <= max_depth, keyed by path ("" = the root).
class Totals {
 public:
  explicit Totals(int max_depth) : max_depth_(max_depth) { folders_[""]; }

  void add(const Entry& entry) {
    const auto slash = entry.path.rfind('/');
    const std::string_view parent = slash == std::string::npos
                                        ? std::string_view{}
                                        : std::string_view(entry.path).substr(0, slash);
    for (FolderTotals* totals : chain_of(parent)) {
      if (entry.is_folder()) {
        ++totals->folders;
      } else {
        ++totals->files;
        totals->bytes += entry.size.value_or(0);
        if (!entry.size) totals->incomplete = true;
      }
    }
    if (entry.is_folder() && depth_of(entry.path) <= max_depth_) folders_[entry.path];
  }

  /// `path` (a folder that failed to list, or a file whose File Info failed) is missing from
  /// the totals of its ancestors and of itself.
  void mark_incomplete(const std::string& path) {
    if (const auto found = folders_.find(path); found != folders_.end()) {
      found->second.incomplete = true;
    }
    const auto slash = path.rfind('/');
    const std::string_view parent =
        slash == std::string::npos ? std::string_view{} : std::string_view(path).substr(0, slash);
    for (FolderTotals* totals : chain_of(parent)) totals->incomplete = true;
  }

  [[nodiscard]] const FolderTotals& root() const { return folders_.at(""); }
  [[nodiscard]] const std::unordered_map<std::string, FolderTotals>& all() const {
    return folders_;
  }

 private:
  /// The totals `folder`'s items count towards: the root and `folder`'s ancestors (itself
  /// included) down to max_depth. Entries arrive folder by folder, so the last chain is kept.
  const std::vector<FolderTotals*>& chain_of(std::string_view folder) {
    if (chain_valid_ && folder == chain_folder_) return chain_;
    chain_folder_.assign(folder);
    chain_valid_ = true;
    chain_.assign(1, &folders_[""]);
    std::size_t end = 0;
    for (int depth = 1; depth <= max_depth_ && end < folder.size(); ++depth) {
      end = folder.find('/', end + (depth > 1 ? 1 : 0));
      if (end == std::string_view::npos) end = folder.size();
      chain_.push_back(&folders_[std::string(folder.substr(0, end))]);
    }
    return chain_;
  }

  int max_depth_;
  std::unordered_map<std::string, FolderTotals> folders_;  // node-based: pointers stay valid
  std::string chain_folder_;
  bool chain_valid_ = false;
  std::vector<FolderTotals*> chain_;
};

/// du's order: siblings by name, a folder after everything below it, the root ("") last.
bool before_in_du_order(std::string_view a, std::string_view b) {
  while (true) {
    if (a.empty() || b.empty()) return b.empty() && !a.empty();  // the ancestor comes later
    const std::string_view head_a = a.substr(0, a.find('/'));
    const std::string_view head_b = b.substr(0, b.find('/'));
    if (head_a != head_b) return head_a < head_b;
    a.remove_prefix(std::min(a.size(), head_a.size() + 1));
    b.remove_prefix(std::min(b.size(), head_b.size() + 1));
    if (a.empty() != b.empty()) return b.empty();
    if (a.empty()) return false;
  }
}

/// Bytes as `du -h` prints them: powers of 1024, rounded up, one decimal below 10 ("1.5K",
/// "23M", "4.0G"), plain bytes below 1024 ("512").
std::string human_size(std::uint64_t bytes) {
  static constexpr char kUnits[] = {'K', 'M', 'G', 'T', 'P', 'E'};
  if (bytes < 1024) return std::to_string(bytes);
  std::size_t unit = 0;
  std::uint64_t base = 1024;
  while (unit + 1 < sizeof kUnits && bytes / base >= 1024) {
    base *= 1024;
    ++unit;
  }
  const std::uint64_t whole = bytes / base;
  const std::uint64_t rest = bytes % base;
  if (whole < 10) {
    const std::uint64_t tenths = whole * 10 + (rest * 10 + base - 1) / base;
    if (tenths < 100) return fmt::format("{}.{}{}", tenths / 10, tenths % 10, kUnits[unit]);
    return fmt::format("10{}", kUnits[unit]);
  }
  const std::uint64_t rounded = whole + (rest > 0 ? 1 : 0);
  if (rounded >= 1024 && unit + 1 < sizeof kUnits) return fmt::format("1.0{}", kUnits[unit + 1]);
  return fmt::format("{}{}", rounded, kUnits[unit]);
}

class TotalsPrinter final : public BufferedOutput {
 public:
  TotalsPrinter(std::FILE* out, bool json, bool human)
      : BufferedOutput(out), json_(json), human_(human) {}

  void folder(const std::string& path, const FolderTotals& totals) {
    const std::string shown = path.empty() ? "." : path;
    if (!json_) {
      fmt::format_to(std::back_inserter(buffer_), "{}\t{}\t{}\n",
                     human_ ? human_size(totals.bytes) : std::to_string(totals.bytes), totals.files,
                     shown);
      return;
    }
    buffer_ += R"({"type":"folder","path":)";
    util::append_json_string(buffer_, shown);
    fmt::format_to(std::back_inserter(buffer_), R"(,"size":{},"files":{},"folders":{})",
                   totals.bytes, totals.files, totals.folders);
    if (totals.incomplete) buffer_ += R"(,"incomplete":true)";
    buffer_ += "}\n";
  }

  void failure(const std::string& path, const Error& error) {
    if (json_) append_json_error(buffer_, path, error);
  }

 private:
  bool json_;
  bool human_;
};

/// "2 folders failed", "1 file failed", "2 folders and 1 file failed".
std::string failed_items(std::size_t folders, std::size_t files) {
  const auto part = [](std::size_t count, const char* noun) {
    return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
  };
  if (files == 0) return part(folders, "folder") + " failed";
  if (folders == 0) return part(files, "file") + " failed";
  return part(folders, "folder") + " and " + part(files, "file") + " failed";
}

int run_du(const DuArgs& args) {
  int exit_code = static_cast<int>(ExitCode::Success);
  const auto session = open_session(args.connection, exit_code);
  if (!session) return exit_code;
  TransferEngine& engine = session->engine;

  const int max_depth = args.summarize       ? 0
                        : args.max_depth < 0 ? std::numeric_limits<int>::max()
                                             : args.max_depth;
  Totals totals(max_depth);
  TotalsPrinter printer(stdout, args.json, args.human);
  ProgressLine progress(!args.quiet && stderr_is_terminal());
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  ListOptions options;
  options.jobs = session->jobs;
  options.details = true;
  options.strategy = args.connection.strategy;
  options.bulk_response_bytes = args.connection.bulk_response_bytes;
  options.stop_flag = &interrupted;
  options.cancel_in_flight = [&engine] { engine.cancel(); };

  std::unordered_set<std::string> files_without_size;  // only those whose File Info failed
  std::size_t failed_folders = 0, failed_files = 0;
  std::string root_file_name;
  ListObserver observer;
  observer.on_entry = [&](const Entry& entry) {
    totals.add(entry);
    if (!entry.is_folder() && !entry.size) files_without_size.insert(entry.path);
    return true;
  };
  observer.on_root_file = [&](const Entry& entry) {
    root_file_name = entry.path;
    Entry file = entry;
    file.path.clear();  // counted towards the root's totals only
    totals.add(file);
  };
  observer.on_failure = [&](const std::string& path, const Error& error) {
    progress.clear();
    std::fprintf(stderr, "arty: failed: %s: %s\n", path.c_str(), error.describe().c_str());
    ++(files_without_size.count(path) ? failed_files : failed_folders);
    totals.mark_incomplete(path);
    printer.failure(path, error);
  };
  observer.on_tick = [&] {
    const auto counters = engine.counters();
    const FolderTotals& root = totals.root();
    progress.show(fmt::format("{} folders, {} files, {} bytes, {} in flight, {} requests, {:.1f} s",
                              root.folders, root.files, root.bytes, counters.in_flight,
                              counters.requests, elapsed()));
  };

  const ListSummary summary = list_tree(session->remote, options, observer);
  progress.clear();
  if (summary.fatal) return report_fatal(session->location, *summary.fatal);

  if (!interrupted.load()) {
    std::vector<std::pair<const std::string*, const FolderTotals*>> rows;
    rows.reserve(totals.all().size());
    for (const auto& [path, folder] : totals.all()) rows.emplace_back(&path, &folder);
    if (args.sort == "size") {
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        if (a.second->bytes != b.second->bytes) return a.second->bytes > b.second->bytes;
        return before_in_du_order(*a.first, *b.first);
      });
    } else {
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return before_in_du_order(*a.first, *b.first);
      });
    }
    for (const auto& [path, folder] : rows) {
      printer.folder(path->empty() && !root_file_name.empty() ? root_file_name : *path, *folder);
      if (!printer.flush_above(64 * 1024)) break;
    }
  }
  printer.flush();
  if (!printer.ok()) {
    if (printer.write_error() == EPIPE) return static_cast<int>(ExitCode::Success);
    std::fprintf(stderr, "arty: cannot write the totals: %s\n",
                 std::strerror(printer.write_error()));
    return static_cast<int>(ExitCode::Failure);
  }

  const auto counters = engine.counters();
  if (!args.quiet || interrupted.load()) {
    const FolderTotals& root = totals.root();
    std::string incomplete;
    if (summary.failed > 0) {
      incomplete = "; totals incomplete: " + failed_items(failed_folders, failed_files);
    } else if (interrupted.load()) {
      incomplete = "; interrupted, no totals printed";
    }
    std::fprintf(stderr,
                 "arty: %llu folders, %llu files, %llu bytes, %llu requests, %llu retries, %zu "
                 "failed, %.2f s%s\n",
                 static_cast<unsigned long long>(root.folders),
                 static_cast<unsigned long long>(root.files),
                 static_cast<unsigned long long>(root.bytes),
                 static_cast<unsigned long long>(counters.requests),
                 static_cast<unsigned long long>(counters.retries), summary.failed, elapsed(),
                 incomplete.c_str());
  }
  if (args.connection.verbose > 0) {
    std::fprintf(stderr, "arty: %llu requests\n",
                 static_cast<unsigned long long>(counters.requests));
    print_transfer_statistics(counters);
    print_listing_statistics(summary);
  }
  if (interrupted.load()) return static_cast<int>(ExitCode::Interrupted);
  if (summary.failed > 0) return static_cast<int>(ExitCode::Partial);
  return static_cast<int>(ExitCode::Success);
}

}  // namespace

void add_du_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DuArgs>();
  CLI::App* du = app.add_subcommand(
      "du",
      "Bytes and files of every folder of the tree under a URL, like `du -b` or `rclone size`.\n"
      "One line per folder, SIZE<TAB>FILES<TAB>PATH, a folder after its subfolders and the\n"
      "URL itself last as '.'. SIZE sums the sizes of the files below the folder (folders count\n"
      "nothing themselves). Needs sizes: one Folder Info request per folder and one File Info\n"
      "request per file, many in flight.");
  du->add_option("URL", args->connection.target,
                 "https://host/artifactory/REPO/PATH, or REPO/PATH with --url")
      ->required();
  du->set_help_flag("--help", "Print this help message and exit (-h is --human-readable)");
  auto* depth = du->add_option("-d,--max-depth", args->max_depth,
                               "Print folders at most N levels below the URL (0: the total "
                               "only); files deeper still count towards them")
                    ->check(CLI::NonNegativeNumber);
  du->add_flag("-s,--summarize", args->summarize, "Print the total only (like -d 0)")
      ->excludes(depth);
  du->add_flag("-h,--human-readable", args->human,
               "Sizes in powers of 1024, rounded up, like du -h: 512, 1.5K, 23M, 4.0G");
  du->add_flag("--json", args->json,
               "JSON Lines: {\"type\":\"folder\",\"path\",\"size\",\"files\",\"folders\"} per "
               "folder, error records for failures (docs/output.md)");
  du->add_option("--sort", args->sort, "path: du's order (default); size: largest first")
      ->check(CLI::IsMember({"path", "size"}));
  du->add_flag("-q,--quiet", args->quiet, "No progress and no summary on stderr");
  add_connection_options(*du, args->connection);
  du->callback([args, &exit_code] { exit_code = run_du(*args); });
}

}  // namespace arty::cli

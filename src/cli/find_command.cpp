// `arty find`: parse the criteria into an EntryFilter, then run the listing of `ls -R` and print
// the entries the filter selects (entries below an excluded folder included in "not selected").
#include "cli/find_command.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "arty/entry_filter.hpp"
#include "arty/exit_code.hpp"
#include "cli/connection_options.hpp"
#include "cli/listing_run.hpp"

namespace arty::cli {
namespace {

struct FindArgs {
  ConnectionArgs connection;
  ListingPrintArgs print;
  int max_depth = 0;
  std::vector<std::string> names;
  std::string path;
  std::vector<std::string> excludes;
  std::string type;
  std::vector<std::string> sizes;
  std::string newer;
  std::string older;
};

/// The filter of the command line, or the message of the first bad argument.
Result<EntryFilter> make_filter(const FindArgs& args) {
  EntryFilter filter;
  filter.names = args.names;
  if (!args.path.empty()) filter.path = args.path;
  filter.excludes = args.excludes;
  if (args.type == "f") filter.type = ItemType::File;
  if (args.type == "d") filter.type = ItemType::Folder;
  for (const std::string& size : args.sizes) {
    auto bound = parse_size_bound(size);
    if (!bound) return tl::unexpected(bound.error());
    add_size_bound(filter, *bound);
  }
  const auto now = std::chrono::system_clock::now();
  if (!args.newer.empty()) {
    auto newer = parse_time_bound(args.newer, now);
    if (!newer) return tl::unexpected(newer.error());
    filter.newer_than = *newer;
  }
  if (!args.older.empty()) {
    auto older = parse_time_bound(args.older, now);
    if (!older) return tl::unexpected(older.error());
    filter.older_than = *older;
  }
  return filter;
}

int run_find(const FindArgs& args) {
  auto filter = make_filter(args);
  if (!filter) {
    std::fprintf(stderr, "arty: %s\n", filter.error().message.c_str());
    return static_cast<int>(ExitCode::Usage);
  }
  ListingSpec spec;
  if (args.max_depth > 0) spec.max_depth = args.max_depth;
  spec.details = args.print.long_format || filter->needs_details();
  spec.select = [&filter = *filter](const Entry& entry) { return filter.selects(entry); };
  spec.filter = &*filter;
  spec.count_matches = true;
  return run_listing(args.connection, args.print, spec);
}

}  // namespace

void add_find_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<FindArgs>();
  CLI::App* find = app.add_subcommand(
      "find",
      "Find entries of the tree under a URL by name, path, type, size or modification time.\n"
      "Lists the whole tree like `ls -R` (one Folder Info request per folder, many in flight)\n"
      "and prints the entries that pass every test, as ls prints them. --size, --newer and\n"
      "--older need sizes and times: one File Info request per file, and they select files only.\n"
      "Globs are fnmatch patterns (*, ?, [...]); '*' also matches a leading '.' and, in --path, "
      "'/'.");
  find->add_option("URL", args->connection.target,
                   "https://host/artifactory/REPO/PATH, or REPO/PATH with --url")
      ->required();
  find->add_option("--name", args->names,
                   "The entry's name (last path segment) matches GLOB; repeat for any of several")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  find->add_option("--path", args->path,
                   "The path relative to the URL (no leading './', no trailing '/') matches GLOB")
      ->type_name("GLOB");
  find->add_option("--exclude", args->excludes,
                   "Leave out entries whose name matches GLOB, and everything below such a "
                   "folder (repeatable)")
      ->type_name("GLOB")
      ->allow_extra_args(false);
  find->add_option("--type", args->type, "f: files only, d: folders only")
      ->check(CLI::IsMember({"f", "d"}));
  find->add_option("--size", args->sizes,
                   "Files of more (+N) or fewer (-N) than N bytes, or exactly N; units k, M, G, T "
                   "are powers of 1024 and are not rounded (repeat for a range: --size +1k "
                   "--size -1M)")
      ->type_name("[+|-]N[k|M|G|T]")
      ->allow_extra_args(false);
  find->add_option("--newer", args->newer,
                   "Files modified strictly after TIME: 2026-01-31 (UTC), ISO 8601 "
                   "(2026-01-31T12:00:00Z, +01:00), or a duration ago: 30m, 12h, 7d, 2w")
      ->type_name("TIME");
  find->add_option("--older", args->older,
                   "Files modified strictly before TIME (same forms as --newer)")
      ->type_name("TIME");
  find->add_option("-d,--max-depth", args->max_depth,
                   "Descend at most N levels (1: the URL's children only)")
      ->check(CLI::PositiveNumber);
  add_listing_print_options(*find, args->print);
  add_connection_options(*find, args->connection);
  find->callback([args, &exit_code] { exit_code = run_find(*args); });
}

}  // namespace arty::cli

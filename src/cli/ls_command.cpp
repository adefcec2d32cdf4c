// `arty ls`: parse options, run the listing operation, print, summarize, choose the exit code.
#include "cli/ls_command.hpp"

#include <memory>

#include "cli/connection_options.hpp"
#include "cli/listing_run.hpp"

namespace arty::cli {
namespace {

struct LsArgs {
  ConnectionArgs connection;
  ListingPrintArgs print;
  bool recursive = false;
  int max_depth = 0;
  bool dirs_only = false;
  bool files_only = false;
};

int run_ls(const LsArgs& args) {
  ListingSpec spec;
  if (args.max_depth > 0) {
    spec.max_depth = args.max_depth;
  } else if (!args.recursive) {
    spec.max_depth = 1;
  }
  spec.details = args.print.long_format;
  if (args.dirs_only || args.files_only) {
    spec.select = [dirs_only = args.dirs_only](const Entry& entry) {
      return entry.is_folder() == dirs_only;
    };
  }
  return run_listing(args.connection, args.print, spec);
}

}  // namespace

void add_ls_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<LsArgs>();
  CLI::App* ls = app.add_subcommand(
      "ls",
      "List a folder of an Artifactory repository, or with -R the whole tree under it.\n"
      "Paths are printed relative to the URL, folders end with '/', as entries arrive.\n"
      "By default (--strategy auto) the top folder comes from Folder Info and each subfolder's\n"
      "subtree from one File List (else AQL) request, with sizes and checksums; where those are\n"
      "refused, one Folder Info request per folder, many in flight (-l then costs one File\n"
      "Info request per file).");
  ls->add_option("URL", args->connection.target,
                 "https://host/artifactory/REPO/PATH, or REPO/PATH with --url")
      ->required();
  ls->add_flag("-R,--recursive", args->recursive, "List the whole tree");
  ls->add_option("-d,--max-depth", args->max_depth, "Descend at most N levels (implies -R)")
      ->check(CLI::PositiveNumber);
  add_listing_print_options(*ls, args->print);
  auto* dirs = ls->add_flag("--dirs-only", args->dirs_only, "Print folders only");
  ls->add_flag("--files-only", args->files_only, "Print files only")->excludes(dirs);
  add_connection_options(*ls, args->connection);
  ls->callback([args, &exit_code] { exit_code = run_ls(*args); });
}

}  // namespace arty::cli

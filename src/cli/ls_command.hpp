// `arty ls`: list a folder or, with -R, a whole tree.
#pragma once

#include <CLI/CLI.hpp>

namespace arty::cli {

/// Adds the `ls` subcommand to `app`; running it sets `exit_code`.
void add_ls_command(CLI::App& app, int& exit_code);

}  // namespace arty::cli

// `arty check`: compare a repository tree with a local folder without downloading.
#pragma once

#include <CLI/CLI.hpp>

namespace arty::cli {

/// Adds the `check` subcommand to `app`; running it sets `exit_code`.
void add_check_command(CLI::App& app, int& exit_code);

}  // namespace arty::cli

// `arty get`: mirror the tree under a URL into a local folder, verified and resumable.
#pragma once

#include <CLI/CLI.hpp>

namespace arty::cli {

/// Adds the `get` subcommand to `app`; running it sets `exit_code`.
void add_get_command(CLI::App& app, int& exit_code);

}  // namespace arty::cli

// `arty sum`: checksums of every file under a local folder, in parallel, as sha256sum prints them.
#pragma once

#include <CLI/CLI.hpp>

namespace arty::cli {

/// Adds the `sum` subcommand to `app`; running it sets `exit_code`.
void add_sum_command(CLI::App& app, int& exit_code);

}  // namespace arty::cli

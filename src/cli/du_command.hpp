// `arty du`: bytes and files per folder of the tree under a URL, like `du -b` / `rclone size`.
#pragma once

#include <CLI/CLI.hpp>

namespace arty::cli {

/// Adds the `du` subcommand to `app`; running it sets `exit_code`.
void add_du_command(CLI::App& app, int& exit_code);

}  // namespace arty::cli

// `arty find`: the tree under a URL, filtered like find(1) (name, path, exclude, type, size, time).
#pragma once

#include <CLI/CLI.hpp>

namespace arty::cli {

/// Adds the `find` subcommand to `app`; running it sets `exit_code`.
void add_find_command(CLI::App& app, int& exit_code);

}  // namespace arty::cli

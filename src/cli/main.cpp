// The `arty` executable: subcommands over the arty library. Exit codes: arty/exit_code.hpp.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "arty/exit_code.hpp"
#include "cli/check_command.hpp"
#include "cli/du_command.hpp"
#include "cli/find_command.hpp"
#include "cli/get_command.hpp"
#include "cli/interruption.hpp"
#include "cli/ls_command.hpp"
#include "cli/sum_command.hpp"

int main(int argc, char** argv) {
  using arty::ExitCode;
  CLI::App app{"arty: fast listing, mirroring and verification of JFrog Artifactory repositories"};
  app.set_version_flag("--version", "arty 0.1.0");
  app.require_subcommand(1);
  int exit_code = static_cast<int>(ExitCode::Success);
  arty::cli::add_ls_command(app, exit_code);
  arty::cli::add_find_command(app, exit_code);
  arty::cli::add_du_command(app, exit_code);
  arty::cli::add_sum_command(app, exit_code);
  arty::cli::add_check_command(app, exit_code);
  arty::cli::add_get_command(app, exit_code);
  arty::cli::install_signal_handlers();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : static_cast<int>(ExitCode::Usage);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "arty: internal error: %s\n", error.what());
    return static_cast<int>(ExitCode::Failure);
  }
  return exit_code;
}

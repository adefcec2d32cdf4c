// How a run that stopped on a fatal error ends: one message naming the location and what to do
// about it, and the exit code of arty/exit_code.hpp. Shared by the subcommands that talk to a
// server, so that `ls`, `check` and the others fail alike.
#pragma once

#include <string>

#include "arty/error.hpp"
#include "arty/list_tree.hpp"
#include "arty/location.hpp"
#include "arty/transfer_engine.hpp"

namespace arty::cli {

/// What the user can do about `error`, as "; ..." to append to the message, or "".
[[nodiscard]] std::string fatal_hint(const Error& error);

/// Prints "arty: REPO/PATH: <error><hint>" on stderr; returns the exit code for `error`.
int report_fatal(const Location& location, const Error& error);

/// -v: bytes received and the mean request latency, on stderr.
void print_transfer_statistics(const TransferCounters& counters);

/// -v: how the listing strategy went (methods refused, subtrees walked instead) and how many
/// folders came from bulk listings, on stderr.
void print_listing_statistics(const ListSummary& summary);

}  // namespace arty::cli

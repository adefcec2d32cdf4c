// Which entries of a listing `arty find` prints: the tests of find(1) that make sense for a
// repository tree (name and path globs, excluded folders, type, size, modification time), as a
// value type with pure, deterministic matching. The same criteria can later be translated to
// server-side AQL or to pruning inside the walk; keep them free of I/O and of the clock.
//
// Globs are fnmatch(3) patterns (`*`, `?`, `[...]`, `\` escapes) matched on raw bytes, without
// FNM_PATHNAME and without FNM_PERIOD: `*` matches a leading '.', and in --path it crosses '/',
// like `find -path`. Matching is case-sensitive.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arty/entry.hpp"
#include "arty/error.hpp"

namespace arty {

using TimePoint = std::chrono::system_clock::time_point;

/// An entry is selected when it passes every criterion that is set (logical AND; several
/// --name globs are an OR among themselves).
///
/// Size and time criteria apply to files only: when any of them is set, folders never match
/// (a folder has neither a size nor, in a Folder Info listing, a modification time), and a file
/// whose size or lastModified is unknown (not listed with details, or its File Info failed) or
/// unparseable does not match either. The listing must therefore carry details whenever
/// needs_details() is true.
struct EntryFilter {
  /// --name GLOB: the entry's last path segment matches at least one; empty = any name.
  std::vector<std::string> names;
  /// --path GLOB: the whole path relative to the URL (no leading or trailing '/', folders too)
  /// matches; '*' crosses '/'.
  std::optional<std::string> path;
  /// --exclude GLOB: an entry whose name matches one is not selected, and neither is anything
  /// below a folder whose name matches one (the folder is pruned). See excluded_folder().
  std::vector<std::string> excludes;
  /// --type f|d: files only / folders only.
  std::optional<ItemType> type;
  /// --size +N: files of more than this many bytes (strictly greater).
  std::optional<std::uint64_t> larger_than;
  /// --size -N: files of fewer than this many bytes (strictly less).
  std::optional<std::uint64_t> smaller_than;
  /// --newer: files whose lastModified is strictly after this instant.
  std::optional<TimePoint> newer_than;
  /// --older: files whose lastModified is strictly before this instant.
  std::optional<TimePoint> older_than;

  /// True when `entry` passes every criterion. Checks the excludes against the entry's own name
  /// only; whether one of its ancestor folders is excluded is excluded_folder()'s question.
  [[nodiscard]] bool matches(const Entry& entry) const;

  /// True when any '/'-separated segment of `path` matches an exclude glob: the item at `path`
  /// is excluded or lies below an excluded folder. "" (the root) is never excluded.
  [[nodiscard]] bool excluded_folder(std::string_view path) const;

  /// matches() and not excluded_folder(): what `arty find` prints.
  [[nodiscard]] bool selects(const Entry& entry) const;

  /// True when a size or time criterion is set: entries need size and lastModified.
  [[nodiscard]] bool needs_details() const;
};

/// A parsed `--size` argument.
struct SizeBound {
  enum class Kind { LargerThan, SmallerThan, Exactly };
  Kind kind = Kind::Exactly;
  std::uint64_t bytes = 0;
};

/// Parses `--size` as `[+|-]DIGITS[UNIT]`: `+` more than, `-` fewer than, no sign exactly that
/// many bytes. UNIT (case-insensitive): none = bytes, k = 1024, M = 1024^2, G = 1024^3,
/// T = 1024^4. Unlike GNU find, arty does not round sizes up to the unit: `-1M` means fewer than
/// 1,048,576 bytes (find's `-size -1M` matches empty files only), `1k` exactly 1,024 bytes.
/// Errors (InvalidArgument): empty, no digits, other characters, an unknown unit, more than
/// 2^64 - 1 bytes.
[[nodiscard]] Result<SizeBound> parse_size_bound(std::string_view text);

/// Adds `bound` to `filter`, intersecting with the bounds already there (`--size +1k --size -1M`
/// is a range): larger_than keeps the highest, smaller_than the lowest. Exactly N is
/// "larger than N - 1 and smaller than N + 1".
void add_size_bound(EntryFilter& filter, const SizeBound& bound);

/// Parses an ISO 8601 instant as Artifactory writes lastModified: `YYYY-MM-DDTHH:MM:SS`, an
/// optional fraction of any length (kept to nanoseconds), then `Z`, `+HH:MM`, `-HH:MM`, `+HHMM`
/// or `+HH`, e.g. "2026-11-20T10:11:12.345Z", "2026-11-20T11:11:12.345+01:00". Without a zone
/// the time is UTC. A space may stand for the `T` (as `arty ls -l` prints times).
/// Errors (InvalidArgument): anything else, including out-of-range fields (month 13, Feb 30,
/// hour 24, offsets beyond 23:59).
[[nodiscard]] Result<TimePoint> parse_iso8601(std::string_view text);

/// Parses `--newer` / `--older`: a date `YYYY-MM-DD` (midnight UTC), an instant as accepted by
/// parse_iso8601 (UTC unless it carries a zone: unlike `find -newermt`, never local time), or a
/// duration before `now`: DIGITS followed by s (seconds), m (minutes), h (hours), d (days of 24 h)
/// or w (weeks), e.g. "30m", "12h", "7d", "2w". Errors (InvalidArgument): anything else,
/// including a number without unit.
[[nodiscard]] Result<TimePoint> parse_time_bound(std::string_view text, TimePoint now);

}  // namespace arty

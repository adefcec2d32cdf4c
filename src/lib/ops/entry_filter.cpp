// The criteria of `arty find` and the parsers of their arguments; see arty/entry_filter.hpp.
#include "arty/entry_filter.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

namespace arty {
namespace {

/// fnmatch(3) without FNM_PATHNAME or FNM_PERIOD; the strings need a terminating NUL.
bool glob_matches(const std::string& pattern, std::string_view text) {
  return ::fnmatch(pattern.c_str(), std::string(text).c_str(), 0) == 0;
}

bool any_glob_matches(const std::vector<std::string>& patterns, std::string_view text) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return glob_matches(pattern, text); });
}

std::string_view last_segment(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Reads exactly `count` digits at `at` into `value`; false when they are not all digits.
bool read_digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!is_digit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

tl::unexpected<Error> invalid(std::string message) {
  return fail(ErrorKind::InvalidArgument, std::move(message));
}

/// "YYYY-MM-DD" at the start of `text`, as days since the epoch.
std::optional<std::chrono::sys_days> read_date(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (!read_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' ||
      !read_digits(text, 5, 2, month) || text[7] != '-' || !read_digits(text, 8, 2, day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date};
}

/// The zone designator after the time: "" (UTC), "Z", "+HH:MM", "-HH:MM", "+HHMM", "+HH".
std::optional<std::chrono::minutes> read_offset(std::string_view zone) {
  if (zone.empty() || zone == "Z" || zone == "z") return std::chrono::minutes{0};
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  int hours = 0, minutes = 0;
  if (!read_digits(zone, 1, 2, hours)) return std::nullopt;
  const std::string_view rest = zone.substr(3);
  if (rest.size() == 3 && rest[0] == ':') {
    if (!read_digits(rest, 1, 2, minutes)) return std::nullopt;
  } else if (rest.size() == 2) {
    if (!read_digits(rest, 0, 2, minutes)) return std::nullopt;
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  if (hours > 23 || minutes > 59) return std::nullopt;
  const std::chrono::minutes offset{hours * 60 + minutes};
  return zone[0] == '-' ? -offset : offset;
}

}  // namespace

bool EntryFilter::matches(const Entry& entry) const {
  const std::string_view name = last_segment(entry.path);
  if (!names.empty() && !any_glob_matches(names, name)) return false;
  if (path && !glob_matches(*path, entry.path)) return false;
  if (any_glob_matches(excludes, name)) return false;
  if (type && entry.type != *type) return false;
  if (larger_than || smaller_than) {
    if (entry.is_folder() || !entry.size) return false;
    if (larger_than && !(*entry.size > *larger_than)) return false;
    if (smaller_than && !(*entry.size < *smaller_than)) return false;
  }
  if (newer_than || older_than) {
    if (entry.is_folder()) return false;
    const auto modified = parse_iso8601(entry.last_modified);
    if (!modified) return false;
    if (newer_than && !(*modified > *newer_than)) return false;
    if (older_than && !(*modified < *older_than)) return false;
  }
  return true;
}

bool EntryFilter::excluded_folder(std::string_view folder) const {
  if (excludes.empty()) return false;
  while (!folder.empty()) {
    const auto slash = folder.find('/');
    if (any_glob_matches(excludes, folder.substr(0, slash))) return true;
    if (slash == std::string_view::npos) break;
    folder.remove_prefix(slash + 1);
  }
  return false;
}

bool EntryFilter::selects(const Entry& entry) const {
  return matches(entry) && !excluded_folder(entry.path);
}

bool EntryFilter::needs_details() const {
  return larger_than || smaller_than || newer_than || older_than;
}

Result<SizeBound> parse_size_bound(std::string_view text) {
  const std::string shown(text);
  SizeBound bound;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    bound.kind = text[0] == '+' ? SizeBound::Kind::LargerThan : SizeBound::Kind::SmallerThan;
    text.remove_prefix(1);
  }
  std::uint64_t count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (end == text.data() || ec == std::errc::invalid_argument) {
    return invalid("size '" + shown + "': expected [+|-]NUMBER[k|M|G|T], e.g. +10k, -2M, 512");
  }
  if (ec == std::errc::result_out_of_range) return invalid("size '" + shown + "' is too large");
  const std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
  int shift = 0;
  if (unit.size() > 1)
    return invalid("size '" + shown + "': unknown unit '" + std::string(unit) + "'");
  if (unit.size() == 1) {
    switch (unit[0]) {
      case 'k':
      case 'K':
        shift = 10;
        break;
      case 'm':
      case 'M':
        shift = 20;
        break;
      case 'g':
      case 'G':
        shift = 30;
        break;
      case 't':
      case 'T':
        shift = 40;
        break;
      default:
        return invalid("size '" + shown + "': unknown unit '" + std::string(unit) +
                       "' (k, M, G, T: powers of 1024)");
    }
  }
  if (shift > 0 && count > (std::numeric_limits<std::uint64_t>::max() >> shift)) {
    return invalid("size '" + shown + "' is too large");
  }
  bound.bytes = count << shift;
  return bound;
}

void add_size_bound(EntryFilter& filter, const SizeBound& bound) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  const auto raise_lower = [&](std::uint64_t bytes) {
    filter.larger_than = filter.larger_than ? std::max(*filter.larger_than, bytes) : bytes;
  };
  const auto lower_upper = [&](std::uint64_t bytes) {
    filter.smaller_than = filter.smaller_than ? std::min(*filter.smaller_than, bytes) : bytes;
  };
  switch (bound.kind) {
    case SizeBound::Kind::LargerThan:
      raise_lower(bound.bytes);
      break;
    case SizeBound::Kind::SmallerThan:
      lower_upper(bound.bytes);
      break;
    case SizeBound::Kind::Exactly:
      if (bound.bytes > 0) raise_lower(bound.bytes - 1);
      if (bound.bytes < kMax) {
        lower_upper(bound.bytes + 1);
      }
      break;
  }
}

Result<TimePoint> parse_iso8601(std::string_view text) {
  const std::string shown(text);
  const auto bad = [&] {
    return invalid("time '" + shown +
                   "': expected ISO 8601 like 2026-01-31T12:00:00Z or 2026-01-31T13:00:00+01:00");
  };
  const auto date = read_date(text);
  if (!date || text.size() < 19 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return bad();
  }
  int hour = 0, minute = 0, second = 0;
  if (!read_digits(text, 11, 2, hour) || text[13] != ':' || !read_digits(text, 14, 2, minute) ||
      text[16] != ':' || !read_digits(text, 17, 2, second) || hour > 23 || minute > 59 ||
      second > 59) {
    return bad();
  }
  std::size_t at = 19;
  std::chrono::nanoseconds fraction{0};
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    ++at;
    const std::size_t first = at;
    std::int64_t scale = 100'000'000;
    while (at < text.size() && is_digit(text[at])) {
      fraction += std::chrono::nanoseconds{(text[at] - '0') * scale};
      scale /= 10;
      ++at;
    }
    if (at == first) return bad();
  }
  const auto offset = read_offset(text.substr(at));
  if (!offset) return bad();
  const auto utc = std::chrono::sys_days{*date} + std::chrono::hours{hour} +
                   std::chrono::minutes{minute} + std::chrono::seconds{second} + fraction - *offset;
  return std::chrono::time_point_cast<TimePoint::duration>(utc);
}

Result<TimePoint> parse_time_bound(std::string_view text, TimePoint now) {
  const std::string shown(text);
  if (text.size() == 10) {
    if (const auto date = read_date(text)) return TimePoint{*date};
  }
  if (text.size() >= 2 && std::all_of(text.begin(), text.end() - 1, is_digit)) {
    std::int64_t count = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, count);
    if (ec != std::errc{} || count > 1'000'000'000) {
      return invalid("duration '" + shown + "' is too large");
    }
    std::chrono::seconds unit{0};
    switch (text.back()) {
      case 's':
        unit = std::chrono::seconds{1};
        break;
      case 'm':
        unit = std::chrono::minutes{1};
        break;
      case 'h':
        unit = std::chrono::hours{1};
        break;
      case 'd':
        unit = std::chrono::hours{24};
        break;
      case 'w':
        unit = std::chrono::hours{24 * 7};
        break;
      default:
        return invalid("time '" + shown +
                       "': a duration needs a unit: s, m, h, d or w (e.g. 30m, 12h, 7d, 2w)");
    }
    // Up to 200 years back: beyond any repository, inside the range of the clock (nanoseconds).
    if (count * unit.count() > std::int64_t{200} * 366 * 24 * 3600) {
      return invalid("duration '" + shown + "' is too large");
    }
    return now - std::chrono::duration_cast<TimePoint::duration>(count * unit);
  }
  if (!text.empty() && std::all_of(text.begin(), text.end(), is_digit)) {
    return invalid("time '" + shown +
                   "': a duration needs a unit: s, m, h, d or w (e.g. 30m, 12h, 7d, 2w)");
  }
  auto instant = parse_iso8601(text);
  if (!instant) {
    return invalid("time '" + shown +
                   "': expected a date (2026-01-31), an ISO 8601 time (2026-01-31T12:00:00Z, "
                   "+01:00 offsets) or a duration before now (30m, 12h, 7d, 2w)");
  }
  return instant;
}

}  // namespace arty

// The part of an EntryFilter that an AQL query can apply on the server, so that files the filter
// would drop are not sent at all (`arty find --strategy aql`).
#pragma once

#include <string>

#include "arty/entry_filter.hpp"

namespace arty::ops {

/// AQL criteria (a JSON object, or "" when nothing can be pushed) for the files `filter` may
/// select; a superset: the caller still applies `filter` to what arrives. Pushed: --name globs
/// ($match, when every one uses only `*` and `?`), --exclude globs ($nmatch, the same way), --size
/// ($gt / $lt), --newer / --older ($gt / $lt on "modified", to the millisecond, rounded outwards),
/// --type d (no files at all). Not pushed: --path, globs with `[...]` or `\`.
/// Source: https://jfrog.com/help/r/jfrog-artifactory-documentation/artifactory-query-language
[[nodiscard]] std::string aql_file_criteria(const EntryFilter& filter);

}  // namespace arty::ops

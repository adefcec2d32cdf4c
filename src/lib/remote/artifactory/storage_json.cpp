// Parser of Artifactory's Storage API JSON; see storage_json.hpp. simdjson's On-Demand API reads
// the body in place, in one forward pass; its exceptions never leave this file.
#include "remote/artifactory/storage_json.hpp"

#include <charconv>

#include <fmt/format.h>
#include <simdjson.h>

#include "util/json_writer.hpp"
#include "util/path_segment.hpp"

namespace arty::artifactory {
namespace {

namespace od = simdjson::ondemand;

/// A malformed body: thrown inside this file only, turned into ErrorKind::BadResponse.
struct ShapeError {
  std::string reason;
};

od::parser& thread_parser() {
  thread_local od::parser parser;
  return parser;
}

/// Deepest nesting accepted in a value arty skips; Storage API bodies nest 3 levels.
constexpr int kMaxSkippedDepth = 64;

/// On-Demand parses only what is read; a value that is skipped is read here, entirely, so that
/// invalid JSON anywhere in the body (`tru`, `01`, `"\q"`, `[1,,2]`) is an error.
void validate_skipped(od::value value, int depth = 0) {
  if (depth > kMaxSkippedDepth) throw ShapeError{"JSON nested too deeply"};
  switch (value.type()) {
    case od::json_type::object:
      for (auto field : value.get_object()) {
        field.unescaped_key().value();
        validate_skipped(field.value(), depth + 1);
      }
      break;
    case od::json_type::array:
      for (auto element : value.get_array()) validate_skipped(element.value(), depth + 1);
      break;
    case od::json_type::string:
      value.get_string().value();
      break;
    case od::json_type::number:
      value.get_number().value();
      break;
    case od::json_type::boolean:
      value.get_bool().value();
      break;
    case od::json_type::null:
      if (!value.is_null()) throw ShapeError{"invalid JSON: bad literal"};
      break;
  }
}

/// Runs `parse` on a padded view of `body`, mapping every failure to BadResponse.
template <typename Parse>
auto with_document(const std::string& body, Parse parse)
    -> Result<decltype(parse(std::declval<od::document&>()))> {
  simdjson::padded_string copy;
  simdjson::padded_string_view view;
  if (body.capacity() >= body.size() + simdjson::SIMDJSON_PADDING) {
    view = simdjson::padded_string_view(body.data(), body.size(), body.capacity());
  } else {
    copy = simdjson::padded_string(body);
    view = copy;
  }
  try {
    od::document document = thread_parser().iterate(view);
    auto value = parse(document);
    const char* trailing = nullptr;  // current_location() fails with OUT_OF_BOUNDS at the end
    if (document.current_location().get(trailing) == simdjson::SUCCESS) {
      return fail(ErrorKind::BadResponse, "invalid JSON: trailing content");
    }
    return value;
  } catch (const simdjson::simdjson_error& error) {
    return fail(ErrorKind::BadResponse, std::string("invalid JSON: ") + error.what());
  } catch (const ShapeError& error) {
    return fail(ErrorKind::BadResponse, error.reason);
  }
}

od::object expect_object(od::value value, const char* what) {
  od::object object;
  if (value.get_object().get(object))
    throw ShapeError{fmt::format("{} is not a JSON object", what)};
  return object;
}

od::object expect_object(od::document& document) {
  od::object object;
  if (document.get_object().get(object)) {
    throw ShapeError{"the response is not a JSON object"};
  }
  return object;
}

std::string_view expect_string(od::value value, const char* what) {
  std::string_view text;
  if (value.get_string().get(text)) throw ShapeError{fmt::format("\"{}\" is not a string", what)};
  return text;
}

/// A string value as a view into the body when it has no escape sequences (nearly every name),
/// so that a huge listing is not copied into simdjson's string buffer; else unescaped as usual.
std::string_view read_string_in_place(od::value value, const char* what) {
  if (value.type() != od::json_type::string) {
    throw ShapeError{fmt::format("\"{}\" is not a string", what)};
  }
  std::string_view token = value.raw_json_token();  // quotes included, maybe trailing spaces
  while (!token.empty() && token.back() != '"') token.remove_suffix(1);
  if (token.size() >= 2 && token.find('\\') == std::string_view::npos) {
    return token.substr(1, token.size() - 2);  // UTF-8 was validated by simdjson's first stage
  }
  return expect_string(value, what);
}

/// Reads one child and appends it to `listing`. Keys are compared raw (no copy): Artifactory
/// never escapes them.
void parse_child(od::value value, FolderListing& listing) {
  od::object object = expect_object(value, "a child");
  std::optional<std::string_view> uri;
  std::optional<bool> folder;
  for (auto field : object) {
    const od::raw_json_string key = field.key();
    if (key == "uri") {
      uri = read_string_in_place(field.value(), "children[].uri");
    } else if (key == "folder") {
      bool is_folder = false;
      if (field.value().get_bool().get(is_folder)) {
        throw ShapeError{"\"children[].folder\" is not true or false"};
      }
      folder = is_folder;
    } else {
      validate_skipped(field.value());
    }
  }
  if (!uri || !folder) throw ShapeError{"a child lacks \"uri\" or \"folder\""};
  if (uri->empty() || uri->front() != '/') {
    throw ShapeError{
        fmt::format("child uri does not start with '/': \"{}\"", util::printable_text(*uri))};
  }
  const std::string_view name = uri->substr(1);
  if (const char* reason = util::unsafe_segment_reason(name)) {
    throw ShapeError{fmt::format("unsafe child name ({})", reason)};
  }
  listing.add(name, *folder ? ItemType::Folder : ItemType::File);
}

FolderListing parse_children(od::value value) {
  od::array array;
  if (value.get_array().get(array)) throw ShapeError{"\"children\" is not an array"};
  FolderListing listing;
  // Counting first is one quick pass over the structural index; it spares the growth copies of
  // a folder of 200,000 children.
  std::size_t count = 0;
  if (array.count_elements().get(count) == simdjson::SUCCESS && count > 1024) {
    listing.reserve(count, count * 16);
  }
  for (auto element : array) parse_child(element.value(), listing);
  listing.remove_duplicate_names();
  return listing;
}

/// A size as a number or as a string of digits (File Info sends strings, the File List
/// documentation shows strings, servers send numbers); Int signed where -1 is allowed (File List
/// folders).
template <typename Int>
Int parse_size_as(od::value value) {
  Int size = 0;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
      throw ShapeError{fmt::format("\"size\" is not a number: \"{}\"", util::printable_text(text))};
    }
    return size;
  }
  if (value.get(size)) throw ShapeError{"\"size\" is not a number"};
  return size;
}

std::uint64_t parse_size(od::value value) {
  return parse_size_as<std::uint64_t>(value);
}

std::int64_t parse_signed_size(od::value value) {
  return parse_size_as<std::int64_t>(value);
}

/// true/false, also as the strings "true"/"false" (the File List documentation's sample).
bool parse_flag(od::value value, const char* what) {
  bool flag = false;
  if (value.get_bool().get(flag) == simdjson::SUCCESS) return flag;
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS && (text == "true" || text == "false")) {
    return text == "true";
  }
  throw ShapeError{fmt::format("\"{}\" is not true or false", what)};
}

Checksums parse_checksums(od::value value) {
  Checksums checksums;
  for (auto field : expect_object(value, "\"checksums\"")) {
    const std::string_view key = field.unescaped_key();
    std::string* target = key == "md5"      ? &checksums.md5
                          : key == "sha1"   ? &checksums.sha1
                          : key == "sha256" ? &checksums.sha256
                                            : nullptr;
    if (target) {
      *target = std::string(expect_string(field.value(), "checksums"));
    } else {
      validate_skipped(field.value());
    }
  }
  return checksums;
}

/// "/org/foo/" -> "org/foo"; "/" -> "".
std::string_view trim_slashes(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return path;
}

/// Reads a Folder Info document; nullopt when it is a File Info instead. When `expected_path` is
/// given, the document's "path" must name that folder.
std::optional<FolderListing> read_folder_info(od::document& document,
                                              std::optional<std::string_view> expected_path) {
  std::optional<FolderListing> children;
  bool has_file_fields = false;
  for (auto field : expect_object(document)) {
    const std::string_view key = field.unescaped_key();
    if (key == "children") {
      children = parse_children(field.value());
    } else if (key == "path" && expected_path) {
      const std::string_view path = expect_string(field.value(), "path");
      if (trim_slashes(path) != trim_slashes(*expected_path)) {
        throw ShapeError{fmt::format("the Folder Info is for \"{}\", not for the folder asked for",
                                     util::printable_text(path))};
      }
    } else {
      has_file_fields |= key == "size" || key == "downloadUri" || key == "checksums";
      validate_skipped(field.value());
    }
  }
  if (children) return std::move(*children);
  if (has_file_fields) return std::nullopt;
  throw ShapeError{"not a Folder Info: no \"children\""};
}

Entry read_item_info(od::document& document) {
  Entry entry;
  bool has_path = false;
  for (auto field : expect_object(document)) {
    const std::string_view key = field.unescaped_key();
    if (key == "path") {
      entry.path = std::string(util::last_segment(expect_string(field.value(), "path")));
      has_path = true;
    } else if (key == "size") {
      entry.size = parse_size(field.value());
    } else if (key == "lastModified") {
      entry.last_modified = std::string(expect_string(field.value(), "lastModified"));
    } else if (key == "checksums") {
      entry.checksums = parse_checksums(field.value());
    } else {
      if (key == "children") entry.type = ItemType::Folder;
      validate_skipped(field.value());
    }
  }
  if (!has_path) throw ShapeError{"not a File Info: no \"path\""};
  if (entry.type == ItemType::File && !entry.size) throw ShapeError{"File Info without \"size\""};
  return entry;
}

/// A File List "uri" ("/a/b.jar") as a relative path whose every segment is a safe name.
std::string relative_item_path(std::string_view uri) {
  if (uri.empty() || uri.front() != '/') {
    throw ShapeError{
        fmt::format("file uri does not start with '/': \"{}\"", util::printable_text(uri))};
  }
  uri.remove_prefix(1);
  for (std::string_view rest = uri;;) {
    const auto slash = rest.find('/');
    if (const char* reason = util::unsafe_segment_reason(rest.substr(0, slash))) {
      throw ShapeError{fmt::format("unsafe path in File List ({})", reason)};
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return std::string(uri);
}

Entry parse_file_list_item(od::value value) {
  Entry entry;
  std::optional<bool> folder;
  std::optional<std::int64_t> size;
  bool has_uri = false;
  for (auto field : expect_object(value, "a File List item")) {
    const std::string_view key = field.unescaped_key();
    if (key == "uri") {
      entry.path = relative_item_path(expect_string(field.value(), "files[].uri"));
      has_uri = true;
    } else if (key == "folder") {
      folder = parse_flag(field.value(), "folder");
    } else if (key == "size") {
      size = parse_signed_size(field.value());
    } else if (key == "lastModified") {
      entry.last_modified = std::string(expect_string(field.value(), "lastModified"));
    } else if (key == "sha1") {
      entry.checksums.sha1 = std::string(expect_string(field.value(), "sha1"));
    } else if (key == "sha2") {
      entry.checksums.sha256 = std::string(expect_string(field.value(), "sha2"));
    } else {
      validate_skipped(field.value());
    }
  }
  if (!has_uri || !folder) throw ShapeError{"a File List item lacks \"uri\" or \"folder\""};
  entry.type = *folder ? ItemType::Folder : ItemType::File;
  if (!*folder) {
    if (!size || *size < 0) throw ShapeError{"a file in the File List has no size"};
    entry.size = static_cast<std::uint64_t>(*size);
  }
  return entry;
}

std::vector<Entry> read_file_list(od::document& document) {
  std::optional<std::vector<Entry>> items;
  for (auto field : expect_object(document)) {
    if (field.unescaped_key().value() == "files") {
      od::array files;
      if (field.value().get_array().get(files)) throw ShapeError{"\"files\" is not an array"};
      items.emplace();
      for (auto item : files) items->push_back(parse_file_list_item(item.value()));
    } else {
      validate_skipped(field.value());
    }
  }
  if (!items) throw ShapeError{"not a File List: no \"files\""};
  return std::move(*items);
}

AqlItem parse_aql_item(od::value value) {
  AqlItem item;
  bool has_path = false;
  bool has_name = false;
  bool has_type = false;
  for (auto field : expect_object(value, "an AQL result")) {
    const std::string_view key = field.unescaped_key();
    if (key == "path") {
      item.path = std::string(expect_string(field.value(), "path"));
      has_path = true;
    } else if (key == "name") {
      item.name = std::string(expect_string(field.value(), "name"));
      has_name = true;
    } else if (key == "type") {
      const std::string_view type = expect_string(field.value(), "type");
      if (type != "file" && type != "folder") {
        throw ShapeError{fmt::format("unknown AQL item type \"{}\"", util::printable_text(type))};
      }
      item.type = type == "folder" ? ItemType::Folder : ItemType::File;
      has_type = true;
    } else if (key == "size") {
      item.size = parse_size(field.value());
    } else if (key == "modified") {
      item.modified = std::string(expect_string(field.value(), "modified"));
    } else if (key == "actual_sha1") {
      item.checksums.sha1 = std::string(expect_string(field.value(), "actual_sha1"));
    } else if (key == "actual_md5") {
      item.checksums.md5 = std::string(expect_string(field.value(), "actual_md5"));
    } else if (key == "sha256") {
      item.checksums.sha256 = std::string(expect_string(field.value(), "sha256"));
    } else {
      validate_skipped(field.value());
    }
  }
  if (!has_path || !has_name || !has_type) {
    throw ShapeError{"an AQL result lacks \"path\", \"name\" or \"type\""};
  }
  return item;
}

void read_aql_range(od::value value, AqlPage& page) {
  for (auto field : expect_object(value, "\"range\"")) {
    const std::string_view key = field.unescaped_key();
    if (key == "notification") {
      page.notification = util::printable_text(expect_string(field.value(), "notification"), 400);
    } else {
      validate_skipped(field.value());
    }
  }
}

AqlPage read_aql_page(od::document& document) {
  AqlPage page;
  bool has_results = false;
  for (auto field : expect_object(document)) {
    const std::string_view key = field.unescaped_key();
    if (key == "results") {
      od::array results;
      if (field.value().get_array().get(results)) throw ShapeError{"\"results\" is not an array"};
      for (auto item : results) page.items.push_back(parse_aql_item(item.value()));
      has_results = true;
    } else if (key == "range") {
      read_aql_range(field.value(), page);
    } else {
      validate_skipped(field.value());
    }
  }
  if (!has_results) throw ShapeError{"not an AQL answer: no \"results\""};
  return page;
}

}  // namespace

Result<AqlPage> parse_aql_page(const std::string& body) {
  return with_document(body, read_aql_page);
}

Result<std::vector<Entry>> parse_file_list(const std::string& body) {
  return with_document(body, read_file_list);
}

Result<FolderListing> parse_folder_info(const std::string& body,
                                        std::optional<std::string_view> expected_path) {
  auto listing = with_document(body, [expected_path](od::document& document) {
    return read_folder_info(document, expected_path);
  });
  if (!listing) return tl::unexpected(std::move(listing.error()));
  if (!*listing) return fail(ErrorKind::NotAFolder, "the item is a file, not a folder");
  return std::move(**listing);
}

Result<Entry> parse_item_info(const std::string& body) {
  return with_document(body, read_item_info);
}

std::string parse_error_message(const std::string& body) {
  auto message = with_document(body, [](od::document& document) {
    std::string first;
    for (auto field : expect_object(document)) {
      if (field.unescaped_key().value() != "errors") continue;
      od::array errors;
      if (field.value().get_array().get(errors)) break;
      for (auto error : errors) {
        for (auto inner : expect_object(error.value(), "an error")) {
          if (first.empty() && inner.unescaped_key().value() == "message") {
            first = std::string(expect_string(inner.value(), "message"));
          }
        }
      }
    }
    return first;
  });
  return message ? util::printable_text(*message, 400) : std::string();
}

}  // namespace arty::artifactory

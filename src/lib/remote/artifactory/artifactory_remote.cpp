// ArtifactoryRemote: Folder Info / File Info requests on the transfer engine. Response bodies are
// parsed on the I/O thread when small; large ones (a folder of 100,000 children) go to oneTBB's
// CPU pool so that the I/O thread keeps driving the other transfers.
#include "arty/artifactory_remote.hpp"

#include <algorithm>
#include <mutex>

#include <fmt/format.h>

#include <tbb/task_group.h>

#include "remote/artifactory/aql_query.hpp"
#include "remote/artifactory/storage_json.hpp"
#include "remote/subtree_assembler.hpp"
#include "util/json_writer.hpp"
#include "util/path_segment.hpp"
#include "util/tsan_visible_task.hpp"

namespace arty {
namespace {

/// Bodies above this size (bytes) are parsed on the CPU pool instead of the I/O thread.
constexpr std::size_t kParseInlineLimit = 256 * 1024;

/// An HTTP error status as an Error carrying the server's own message when it sent one.
Error http_error(const Response& response) {
  std::string message = artifactory::parse_error_message(response.body);
  return Error{ErrorKind::HttpStatus, std::move(message), response.url, response.status};
}

/// A 200 that is HTML (an SSO login page, a proxy's error page) is not a listing.
std::optional<Error> not_json(const Response& response) {
  const auto& type = response.content_type;
  const bool says_html = type.find("html") != std::string::npos;
  const auto first = response.body.find_first_not_of(" \t\r\n");
  const bool looks_html = first != std::string::npos && response.body[first] == '<';
  if (!says_html && !looks_html) return std::nullopt;
  return Error{ErrorKind::BadResponse,
               "expected JSON from the Storage API but got an HTML page (" +
                   (type.empty() ? std::string("no content type") : type) +
                   "): a login page or a proxy in the way?",
               response.url, response.status};
}

/// "a/b/c.jar" -> ("a/b", "c.jar"); "c.jar" -> ("", "c.jar").
std::pair<std::string_view, std::string_view> split_parent(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view(), path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

/// Why a relative folder path from a server is unsafe (a segment is), or nullptr.
const char* unsafe_path_reason(std::string_view path) {
  while (!path.empty()) {
    const auto slash = path.find('/');
    if (const char* reason = util::unsafe_segment_reason(path.substr(0, slash))) return reason;
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return nullptr;
}

std::optional<ItemDetails> details_of(ItemType type, std::optional<std::uint64_t> size,
                                      std::string last_modified, Checksums checksums) {
  if (type != ItemType::File) return std::nullopt;
  return ItemDetails{size, std::move(last_modified), std::move(checksums)};
}

/// A File List's items as complete folder listings (see SubtreeAssembler).
Result<SubtreePart> assemble_file_list(std::vector<Entry> items, const std::string& folder,
                                       std::optional<int> depth) {
  remote::SubtreeAssembler assembler(folder, depth, /*grouped=*/false);
  for (Entry& item : items) {
    const auto [parent, name] = split_parent(item.path);
    auto added = assembler.add(
        parent, name, item.type,
        details_of(item.type, item.size, std::move(item.last_modified), std::move(item.checksums)));
    if (!added) return tl::unexpected(std::move(added.error()));
  }
  SubtreePart part;
  part.folders = assembler.finish();
  part.last = true;
  return part;
}

}  // namespace

class ArtifactoryRemote::Impl {
 public:
  Impl(TransferEngine& engine, Location root) : engine_(engine), root_(std::move(root)) {}
  ~Impl() { parsing_.wait(); }

  template <typename T, typename Parse, typename Callback>
  void request(const std::string& relative, Parse parse, Callback done) {
    Request request;
    request.url = root_.storage_url(relative);
    send<T>(std::move(request), std::move(parse), std::move(done));
  }

  /// Sends `request`; a 200 JSON body goes to `parse` (on the CPU pool when large), anything else
  /// becomes the matching Error.
  template <typename T, typename Parse, typename Callback>
  void send(Request request, Parse parse, Callback done) {
    engine_.send(std::move(request),
                 [this, parse, done = std::move(done)](Result<Response> response) mutable {
                   if (!response) return done(tl::unexpected(std::move(response.error())));
                   if (response->status != 200) return done(tl::unexpected(http_error(*response)));
                   if (auto error = not_json(*response)) return done(tl::unexpected(*error));
                   if (response->body.size() <= kParseInlineLimit) {
                     return done(with_url<T>(parse(response->body), response->url));
                   }
                   parsing_.run(util::TsanVisibleTask(
                       [parse, done = std::move(done), body = std::move(response->body),
                        url = std::move(response->url)] { done(with_url<T>(parse(body), url)); }));
                 });
  }

  template <typename T>
  static Result<T> with_url(Result<T> result, const std::string& url) {
    if (!result) result.error().url = url;
    return result;
  }

  void list_file_list(const std::string& folder, const SubtreeQuery& query, SubtreeCallback done);

  TransferEngine& engine_;
  Location root_;
  tbb::task_group parsing_;
};

namespace {

/// Lists a subtree with AQL, one page after another (see aql_query.hpp), handing complete folders
/// on after every page. Pages end with an empty one: a short page is not the end (the server
/// filters permissions after the limit, and trims to its hard limit).
class AqlPager : public std::enable_shared_from_this<AqlPager> {
 public:
  AqlPager(std::function<void(Request, std::function<void(Result<artifactory::AqlPage>)>)> send,
           std::string url, std::string repo, std::string folder, std::string folder_in_repo,
           SubtreeQuery query, SubtreeCallback done)
      : send_(std::move(send)),
        url_(std::move(url)),
        repo_(std::move(repo)),
        folder_in_repo_(std::move(folder_in_repo)),
        query_(std::move(query)),
        done_(std::move(done)),
        assembler_(std::move(folder), query_.depth, /*grouped=*/true),
        page_items_(std::max<std::size_t>(query_.page_items, 1)) {}

  void next() {
    Request request;
    request.url = url_;
    request.post_body = artifactory::subtree_page_query(repo_, folder_in_repo_,
                                                        query_.file_criteria, after_, page_items_);
    request.max_body_bytes = query_.max_response_bytes;
    request.retry = !query_.fail_fast;
    send_(std::move(request), [self = shared_from_this()](Result<artifactory::AqlPage> page) {
      self->absorb(std::move(page));
    });
  }

 private:
  void absorb(Result<artifactory::AqlPage> page) {
    if (!page) return done_(tl::unexpected(std::move(page.error())));
    if (page->items.empty()) {
      SubtreePart part;
      part.folders = assembler_.finish();
      part.last = true;
      return done_(std::move(part));
    }
    for (artifactory::AqlItem& item : page->items) {
      if (auto added = add(item); !added) return done_(tl::unexpected(std::move(added.error())));
    }
    after_ = artifactory::AqlKey{page->items.back().path, page->items.back().name};
    // Trimmed to the server's hard limit: ask for no more than it gives from now on.
    if (!page->notification.empty()) page_items_ = std::min(page_items_, page->items.size());
    SubtreePart part;
    part.folders = assembler_.take_closed();
    if (!part.folders.empty()) done_(std::move(part));
    next();
  }

  Result<void> add(artifactory::AqlItem& item) {
    if (item.path == "." && item.name == ".") return {};  // the repository's root itself
    std::string_view parent = item.path == "." ? std::string_view() : std::string_view(item.path);
    if (!folder_in_repo_.empty()) {
      if (parent == folder_in_repo_) {
        parent = {};
      } else if (parent.size() > folder_in_repo_.size() && parent.starts_with(folder_in_repo_) &&
                 parent[folder_in_repo_.size()] == '/') {
        parent.remove_prefix(folder_in_repo_.size() + 1);
      } else {
        return {};  // outside the subtree ($match took a '*' or '?' of the folder's name)
      }
    }
    const char* reason = util::unsafe_segment_reason(item.name);
    if (!reason && !parent.empty()) reason = unsafe_path_reason(parent);
    if (reason) {
      return fail(ErrorKind::BadResponse,
                  fmt::format("unsafe name in an AQL result ({}): \"{}/{}\"", reason,
                              util::printable_text(item.path), util::printable_text(item.name)));
    }
    return assembler_.add(
        parent, item.name, item.type,
        details_of(item.type, item.size, std::move(item.modified), std::move(item.checksums)));
  }

  std::function<void(Request, std::function<void(Result<artifactory::AqlPage>)>)> send_;
  std::string url_;
  std::string repo_;
  std::string folder_in_repo_;
  SubtreeQuery query_;
  SubtreeCallback done_;
  remote::SubtreeAssembler assembler_;
  std::size_t page_items_;
  std::optional<artifactory::AqlKey> after_;
};

}  // namespace

void ArtifactoryRemote::Impl::list_file_list(const std::string& folder, const SubtreeQuery& query,
                                             SubtreeCallback done) {
  Request request;
  request.url = root_.storage_url(folder) + "?list&deep=1&listFolders=1&mdTimestamps=0";
  if (query.depth) request.url += fmt::format("&depth={}", *query.depth);
  request.max_body_bytes = query.max_response_bytes;
  request.retry = !query.fail_fast;
  send<SubtreePart>(
      std::move(request),
      [folder, depth = query.depth](const std::string& body) -> Result<SubtreePart> {
        auto items = artifactory::parse_file_list(body);
        if (!items) return tl::unexpected(std::move(items.error()));
        return assemble_file_list(std::move(*items), folder, depth);
      },
      std::move(done));
}

ArtifactoryRemote::ArtifactoryRemote(TransferEngine& engine, Location root)
    : impl_(std::make_unique<Impl>(engine, std::move(root))) {}

ArtifactoryRemote::~ArtifactoryRemote() = default;

void ArtifactoryRemote::list_folder(const std::string& folder, ListCallback done) {
  std::string expected_path = util::join_path(impl_->root_.path, folder);
  impl_->request<FolderListing>(
      folder,
      [expected_path = std::move(expected_path)](const std::string& body) {
        return artifactory::parse_folder_info(body, expected_path);
      },
      std::move(done));
}

void ArtifactoryRemote::stat(const std::string& path, StatCallback done) {
  impl_->request<Entry>(
      path,
      [path](const std::string& body) {
        auto entry = artifactory::parse_item_info(body);
        if (entry && !path.empty()) entry->path = path;
        return entry;
      },
      std::move(done));
}

void ArtifactoryRemote::download(const std::string& path, std::shared_ptr<DownloadSink> sink,
                                 DownloadCallback done) {
  impl_->engine_.download(impl_->root_.download_url(path), std::move(sink),
                          [done = std::move(done)](Result<Response> response) {
                            if (!response) return done(tl::unexpected(std::move(response.error())));
                            if (response->status < 200 || response->status >= 300) {
                              return done(tl::unexpected(http_error(*response)));
                            }
                            done({});
                          });
}

void ArtifactoryRemote::list_subtree(const std::string& folder, const SubtreeQuery& query,
                                     SubtreeCallback done) {
  if (query.method == BulkMethod::FileList) return impl_->list_file_list(folder, query, done);
  Impl& impl = *impl_;
  auto send = [&impl](Request request, std::function<void(Result<artifactory::AqlPage>)> on_page) {
    impl.send<artifactory::AqlPage>(std::move(request), &artifactory::parse_aql_page,
                                    std::move(on_page));
  };
  auto pager = std::make_shared<AqlPager>(
      std::move(send), impl.root_.base_url + "/api/search/aql", impl.root_.repo, folder,
      folder.empty() ? impl.root_.path : util::join_path(impl.root_.path, folder), query,
      std::move(done));
  pager->next();
}

const Location& ArtifactoryRemote::root() const {
  return impl_->root_;
}

}  // namespace arty

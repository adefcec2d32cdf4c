// ArtifactoryRemote: Folder Info / File Info requests on the transfer engine. Response bodies are
// parsed on the I/O thread when small; large ones (a folder of 100,000 children) go to oneTBB's
// CPU pool so that the I/O thread keeps driving the other transfers.
#include "arty/artifactory_remote.hpp"

#include <tbb/task_group.h>

#include "remote/artifactory/storage_json.hpp"
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

}  // namespace

class ArtifactoryRemote::Impl {
 public:
  Impl(TransferEngine& engine, Location root) : engine_(engine), root_(std::move(root)) {}
  ~Impl() { parsing_.wait(); }

  template <typename T, typename Parse, typename Callback>
  void request(const std::string& relative, Parse parse, Callback done) {
    engine_.get(root_.storage_url(relative),
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

  TransferEngine& engine_;
  Location root_;
  tbb::task_group parsing_;
};

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

const Location& ArtifactoryRemote::root() const {
  return impl_->root_;
}

}  // namespace arty

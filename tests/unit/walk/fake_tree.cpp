// The in-memory fake remote of the unit tests; see fake_tree.hpp.
#include "walk/fake_tree.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace arty::testing {
namespace {

std::pair<std::string, std::string> split_parent(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

Error cancelled_error() {
  return Error{ErrorKind::Cancelled, "cancelled", "", 0};
}

}  // namespace

WorkerPool::WorkerPool(std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void WorkerPool::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
}

void WorkerPool::run() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return shutting_down_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // shutting down and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

FakeRemote::FakeRemote(Completion mode, std::size_t threads)
    : mode_(mode), pool_(mode == Completion::Asynchronous ? std::max<std::size_t>(threads, 1) : 0) {
  children_[""];
}

FakeRemote::~FakeRemote() = default;

void FakeRemote::add_folder(const std::string& path) {
  std::lock_guard lock(mutex_);
  // Iterative, parents first.
  std::vector<std::string> chain;
  for (std::string p = path; !p.empty(); p = split_parent(p).first) chain.push_back(p);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (children_.count(*it)) continue;
    const auto [parent, name] = split_parent(*it);
    children_[*it];
    Entry child;
    child.path = name;
    child.type = ItemType::Folder;
    children_[parent].push_back(child);
    Entry item;
    item.path = *it;
    item.type = ItemType::Folder;
    items_[*it] = item;
  }
}

void FakeRemote::add_file(const std::string& path, std::uint64_t size, std::string last_modified,
                          Checksums checksums) {
  const auto [parent, name] = split_parent(path);
  add_folder(parent);
  std::lock_guard lock(mutex_);
  Entry child;
  child.path = name;
  child.type = ItemType::File;  // a Folder Info child: no size, no date
  children_[parent].push_back(child);
  Entry item;
  item.path = path;
  item.type = ItemType::File;
  item.size = size;
  item.last_modified = std::move(last_modified);
  item.checksums = std::move(checksums);
  items_[path] = std::move(item);
}

void FakeRemote::fail_listing(const std::string& folder, Error error) {
  std::lock_guard lock(mutex_);
  listing_failures_[folder] = std::move(error);
}

void FakeRemote::fail_stat(const std::string& path, Error error) {
  std::lock_guard lock(mutex_);
  stat_failures_[path] = std::move(error);
}

void FakeRemote::set_stat(const std::string& path, Entry entry) {
  std::lock_guard lock(mutex_);
  stat_overrides_[path] = std::move(entry);
}

void FakeRemote::hold(const std::string& folder) {
  std::lock_guard lock(mutex_);
  held_folders_.insert(folder);
}

void FakeRemote::hold_until_outstanding(std::size_t count) {
  std::lock_guard lock(mutex_);
  gate_ = count;
}

void FakeRemote::release_held(std::optional<Error> error) {
  std::vector<Held> held;
  {
    std::lock_guard lock(mutex_);
    held_folders_.clear();
    gate_.reset();
    held.swap(held_);
  }
  release(std::move(held), error);
}

void FakeRemote::cancel_everything() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
}

void FakeRemote::on_list_request(std::function<void(const std::string&)> hook) {
  std::lock_guard lock(mutex_);
  on_list_request_ = std::move(hook);
}

void FakeRemote::release(std::vector<Held> held, const std::optional<Error>& error) {
  for (Held& item : held) {
    Result<FolderListing> result = tl::unexpected(cancelled_error());
    if (error) {
      result = tl::unexpected(*error);
    } else {
      std::lock_guard lock(mutex_);
      result = listing_of(item.folder);
    }
    complete(std::move(item.done), std::move(result));
  }
}

Result<FolderListing> FakeRemote::listing_of(const std::string& folder) const {
  if (cancelled_) return tl::unexpected(cancelled_error());
  if (const auto failure = listing_failures_.find(folder); failure != listing_failures_.end()) {
    return tl::unexpected(failure->second);
  }
  if (const auto found = children_.find(folder); found != children_.end()) {
    return FolderListing(found->second);
  }
  if (items_.count(folder)) {
    return tl::unexpected(Error{ErrorKind::NotAFolder, "not a folder", "", 0});
  }
  return tl::unexpected(Error{ErrorKind::HttpStatus, "Unable to find item", "", 404});
}

Result<Entry> FakeRemote::stat_of(const std::string& path) const {
  if (cancelled_) return tl::unexpected(cancelled_error());
  if (const auto failure = stat_failures_.find(path); failure != stat_failures_.end()) {
    return tl::unexpected(failure->second);
  }
  if (const auto found = stat_overrides_.find(path); found != stat_overrides_.end()) {
    return found->second;
  }
  if (const auto found = items_.find(path); found != items_.end()) return found->second;
  return tl::unexpected(Error{ErrorKind::HttpStatus, "Unable to find item", "", 404});
}

void FakeRemote::complete(ListCallback done, Result<FolderListing> result) {
  if (mode_ == Completion::Synchronous) {
    {
      std::lock_guard lock(mutex_);
      --outstanding_;
    }
    done(std::move(result));
    return;
  }
  pool_.post([this, done = std::move(done), result = std::move(result)]() mutable {
    {
      // No longer outstanding before `done` runs: the caller may start the next listing at once.
      std::lock_guard lock(mutex_);
      --outstanding_;
    }
    done(std::move(result));
  });
}

void FakeRemote::list_folder(const std::string& folder, ListCallback done) {
  std::function<void(const std::string&)> hook;
  {
    std::lock_guard lock(mutex_);
    hook = on_list_request_;
  }
  if (hook) hook(folder);

  std::vector<Held> released;
  Result<FolderListing> result = tl::unexpected(cancelled_error());
  bool held = false;
  {
    std::lock_guard lock(mutex_);
    ++list_calls_[folder];
    requested_order_.push_back(folder);
    ++outstanding_;
    max_outstanding_ = std::max(max_outstanding_, outstanding_);
    requested_.notify_all();
    const bool by_gate = gate_.has_value() && !folder.empty();
    if (by_gate || held_folders_.count(folder)) {
      held = true;
      held_.push_back(Held{folder, std::move(done), by_gate});
      if (gate_ && outstanding_ >= *gate_) {
        gate_.reset();
        const auto gated = std::stable_partition(held_.begin(), held_.end(),
                                                 [](const Held& h) { return !h.by_gate; });
        std::move(gated, held_.end(), std::back_inserter(released));
        held_.erase(gated, held_.end());
      }
    } else {
      result = listing_of(folder);
    }
  }
  if (!held) complete(std::move(done), std::move(result));
  release(std::move(released), std::nullopt);
}

void FakeRemote::stat(const std::string& path, StatCallback done) {
  Result<Entry> result = tl::unexpected(cancelled_error());
  {
    std::lock_guard lock(mutex_);
    ++stat_calls_;
    result = stat_of(path);
  }
  if (mode_ == Completion::Synchronous) {
    done(std::move(result));
    return;
  }
  pool_.post(
      [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
}

ListFolderFn FakeRemote::list_fn() {
  return [this](const std::string& folder, ListCallback done) {
    list_folder(folder, std::move(done));
  };
}

void FakeRemote::wait_until_requested(const std::string& folder) {
  std::unique_lock lock(mutex_);
  requested_.wait(lock, [&] { return list_calls_.count(folder) > 0; });
}

std::size_t FakeRemote::max_outstanding() const {
  std::lock_guard lock(mutex_);
  return max_outstanding_;
}

std::size_t FakeRemote::outstanding() const {
  std::lock_guard lock(mutex_);
  return outstanding_;
}

std::size_t FakeRemote::held_count() const {
  std::lock_guard lock(mutex_);
  return held_.size();
}

std::size_t FakeRemote::list_calls(const std::string& folder) const {
  std::lock_guard lock(mutex_);
  const auto found = list_calls_.find(folder);
  return found == list_calls_.end() ? 0 : found->second;
}

std::size_t FakeRemote::total_list_calls() const {
  std::lock_guard lock(mutex_);
  return requested_order_.size();
}

std::size_t FakeRemote::total_stat_calls() const {
  std::lock_guard lock(mutex_);
  return stat_calls_;
}

std::vector<std::string> FakeRemote::requested_folders() const {
  std::lock_guard lock(mutex_);
  return requested_order_;
}

std::set<std::string> FakeRemote::all_paths() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> paths;
  for (const auto& [path, item] : items_) paths.insert(path);
  return paths;
}

std::set<std::string> FakeRemote::folders() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> paths;
  for (const auto& [path, children] : children_) paths.insert(path);
  return paths;
}

}  // namespace arty::testing

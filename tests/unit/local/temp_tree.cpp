// The scratch folder of the unit tests; see temp_tree.hpp.
#include "local/temp_tree.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace arty::testing {
namespace {

std::atomic<int> serial{0};

}  // namespace

TempTree::TempTree()
    : root_(std::filesystem::path(::testing::TempDir()) /
            ("arty_tree_" + std::to_string(::getpid()) + "_" + std::to_string(serial++))) {
  std::filesystem::remove_all(root_);
  std::filesystem::create_directories(root_);
}

TempTree::~TempTree() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::filesystem::path TempTree::operator/(const std::string& relative) const {
  return root_ / relative;
}

void TempTree::write(const std::string& relative, const std::string& content) const {
  const auto path = root_ / relative;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void TempTree::make_folder(const std::string& relative) const {
  std::filesystem::create_directories(root_ / relative);
}

void TempTree::link(const std::string& relative, const std::string& target) const {
  const auto path = root_ / relative;
  std::filesystem::create_directories(path.parent_path());
  std::filesystem::create_symlink(target, path);
}

void TempTree::fifo(const std::string& relative) const {
  const auto path = root_ / relative;
  std::filesystem::create_directories(path.parent_path());
  if (::mkfifo(path.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + path.string());
}

}  // namespace arty::testing

// A scratch folder for tests that need real local files: made empty under GoogleTest's TempDir,
// removed with everything in it by the destructor.
#pragma once

#include <filesystem>
#include <string>

namespace arty::testing {

class TempTree {
 public:
  TempTree();
  ~TempTree();
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  /// root()/relative.
  [[nodiscard]] std::filesystem::path operator/(const std::string& relative) const;

  /// Writes a file (and its missing parent folders) holding `content`.
  void write(const std::string& relative, const std::string& content) const;
  /// Makes a folder and its missing parents.
  void make_folder(const std::string& relative) const;
  /// Makes a symbolic link at `relative` whose target is `target` (as given, maybe relative).
  void link(const std::string& relative, const std::string& target) const;
  /// Makes a FIFO at `relative`.
  void fifo(const std::string& relative) const;

 private:
  std::filesystem::path root_;
};

}  // namespace arty::testing

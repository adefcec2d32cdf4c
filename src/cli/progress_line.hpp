// A one-line progress display on stderr, redrawn in place; silent unless stderr is a terminal.
#pragma once

#include <chrono>
#include <string>

namespace arty::cli {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  /// Redraws the line with `text` (one line, no newline).
  void show(const std::string& text);
  /// Erases the line so that a message or the summary can be printed.
  void clear();

 private:
  bool enabled_;
  bool shown_ = false;
};

/// True when stderr is a terminal (and progress makes sense).
[[nodiscard]] bool stderr_is_terminal();

}  // namespace arty::cli

// Tasks handed to oneTBB in a way ThreadSanitizer can see.
//
// Debian's libtbb is not instrumented: when a task object built on one thread (inside
// task_arena::enqueue) is run and destroyed by a worker thread, TSan sees the worker read memory
// the first thread wrote with nothing ordering the two, and reports a race that is not one (the
// hand-off goes through libtbb's own atomics, invisible to TSan). Wrapping the callable in
// TsanVisibleTask tells TSan about the hand-off: the wrapper acquires its address before it
// writes its memory (built, destroyed) or reads it (run), and releases it after each write, so
// both the hand-off and the reuse of the memory for the next task are ordered. The callable lives
// in raw storage so that nothing is written before the first acquire. oneTBB's own part of the
// task object (vtable pointer, allocator) is covered by scripts/sanitizer-suppressions/tsan.supp.
// Without TSan the wrapper costs nothing.
#pragma once

#include <memory>
#include <new>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace arty::util {

template <typename F>
class TsanVisibleTask {
 public:
  explicit TsanVisibleTask(F callable) {
    acquire();
    new (storage_) F(std::move(callable));
    release();
  }
  TsanVisibleTask(TsanVisibleTask&& other) noexcept {
    other.acquire();
    acquire();
    new (storage_) F(std::move(other.callable()));
    release();
    other.release();
  }
  TsanVisibleTask(const TsanVisibleTask& other) {
    other.acquire();
    acquire();
    new (storage_) F(other.callable());
    release();
  }
  TsanVisibleTask& operator=(const TsanVisibleTask&) = delete;
  TsanVisibleTask& operator=(TsanVisibleTask&&) = delete;
  ~TsanVisibleTask() {
    acquire();
    std::destroy_at(&callable());
    release();
  }

  void operator()() const {
    acquire();
    callable()();
  }

 private:
  [[nodiscard]] F& callable() { return *std::launder(reinterpret_cast<F*>(storage_)); }
  [[nodiscard]] const F& callable() const {
    return *std::launder(reinterpret_cast<const F*>(storage_));
  }

  void acquire() const {
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(const_cast<TsanVisibleTask*>(this));
#endif
  }
  void release() const {
#if defined(__SANITIZE_THREAD__)
    __tsan_release(const_cast<TsanVisibleTask*>(this));
#endif
  }

  alignas(F) unsigned char storage_[sizeof(F)];
};

}  // namespace arty::util

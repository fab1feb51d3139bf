// What the fuzz targets share: a sink that discards items, and dispatch
// limits small enough that an input expands to a few MiB at most.
#pragma once

#include <cstdint>

#include "leakscope/content.hpp"
#include "leakscope/item.hpp"

namespace leakscope::fuzz {

struct NullSink : ItemSink {
  int64_t n = 0;
  int64_t emit(Item&&) override { return n++; }
};

inline DispatchLimits small_limits() {
  DispatchLimits limits;
  limits.max_entry_bytes = 1 << 20;
  limits.max_expanded_bytes = 4 << 20;
  // The source-wide budget across nested archives.
  limits.max_source_expanded_bytes = 8 << 20;
  limits.max_held_bytes = 4 << 20;
  return limits;
}

}  // namespace leakscope::fuzz

// Combines shard stores into one: every row of runs, sources, items,
// item_fields, findings, damages and custody is copied with its ids shifted
// past the target's, so references (parent, item, source, run) stay intact.
// A source path already in the target is an error (shards are disjoint).
#pragma once

#include <string>
#include <vector>

#include "leakscope/store.hpp"

namespace leakscope {

struct MergeSummary {
  int64_t sources = 0, items = 0, findings = 0;
};

// Throws std::runtime_error naming the shard on failure; the target is left
// as it was (one transaction per shard).
MergeSummary merge_store(Store& target, const std::string& shard_path);

}  // namespace leakscope

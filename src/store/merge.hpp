// Combines shard stores into one: every row of runs, sources, items,
// item_fields, finding_rows, damages, custody and the SQL catalog is copied
// with its ids shifted past the target's, so references (parent, item,
// source, run, table) stay intact; finding values and evidence are
// re-interned; each recovered table's row table is copied under its new id
// (sql_rows_<id>) and its view re-created (renamed "name #id" when the
// target already has a table of that name). A source path already in the
// target is an error (shards are disjoint).
#pragma once

#include <string>
#include <vector>

#include "leakscope/store.hpp"

namespace leakscope {

struct MergeSummary {
  int64_t sources = 0, items = 0, findings = 0, sql_tables = 0;
};

// Throws std::runtime_error naming the shard on failure; the target is left
// as it was (one transaction per shard).
MergeSummary merge_store(Store& target, const std::string& shard_path);

}  // namespace leakscope

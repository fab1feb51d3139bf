// The single writer thread. Producers (one per source being parsed) send
// Batches; the writer owns the SQLite connection for writing.
//
// Invariants:
//  * A source's batches arrive in order: first (opens it), middle, last (or
//    abort). Batches of different sources may interleave.
//  * The writer commits in batches: when no source is open and the queue is
//    empty, or after kCommitBytes of batches whatever is open. A source is
//    'ingesting' in the store until its last batch, so a run killed between
//    commits leaves its unfinished sources marked; the next run removes
//    what they wrote and reads them again (Store::remove_unfinished_sources).
//  * The queue is bounded (in bytes), so producers block instead of growing
//    memory when the disk is slower than the parsers.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "leakscope/store.hpp"
#include "store/hash_runs.hpp"
#include "store/row_codec.hpp"

namespace leakscope {

// Rows of one SQL table, in order; a table's chunks follow each other.
struct TableChunk {
  int64_t table_local = -1;     // local id of the sql_table item
  int64_t database_local = -1;  // local id of its sql_database item
  // Set on the table's first chunk only: creates the table in the store.
  std::shared_ptr<const SqlTableSchema> schema;
  std::vector<ValueColumn> value_columns;  // with `schema`
  RowChunk rows;
  // The normalised values of value-column cells (Finding::cell_value), in
  // row order: written into the rows' _v<ordinal> columns.
  std::vector<RowCellValue> cell_values;
};

// One sorted run of a table's row hashes (hash_runs.hpp), written after the
// batch's table chunks.
struct TableHashRun {
  int64_t table_local = -1;  // local id of the sql_table item
  std::vector<HashRunChunk> chunks;
};

struct Batch {
  uint64_t key = 0;     // producer's source key, unique within the run
  bool first = false;   // carries `source`; opens the source
  bool last = false;    // carries final `source` fields; closes it
  bool abort = false;   // drop everything written for this source
  SourceRecord source;  // on first: identity; on last/abort: outcome
  std::vector<StoredItem> items;        // item.parent is the local id
  std::vector<TableChunk> tables;       // written after `items`
  std::vector<TableHashRun> hash_runs;  // written after `tables`
  std::vector<Damage> damages;
  // Findings about items of earlier batches (Finding::target set), written
  // after this batch's items.
  std::vector<Finding> findings;
  size_t bytes = 0;  // approximate memory held, for back-pressure
};

class StoreWriter {
 public:
  StoreWriter(Store& store, int64_t run_id, size_t max_queue_bytes = 24u << 20);
  ~StoreWriter();  // finishes and joins

  void submit(Batch&& batch);  // blocks while the queue is full
  // Drains the queue, commits, joins the thread. Rethrows a writer error.
  void finish();

 private:
  void run();
  void apply(Batch& b);

  // Local item id (0, 1, 2... in emit order) -> store row id, kept as runs
  // of consecutive row ids: items of one batch get consecutive rowids, so a
  // source of 50 million rows needs a few thousand runs, not 400 MB.
  class RowIds {
   public:
    void push(int64_t row);
    // The row id of local id `local`, or 0 if there is none.
    int64_t at(int64_t local) const;
    int64_t size() const { return count_; }

   private:
    struct Run {
      int64_t first_local;
      int64_t first_row;
    };
    std::vector<Run> runs_;
    int64_t count_ = 0;
    int64_t last_row_ = 0;
  };

  struct OpenTable {
    int64_t id = 0;  // sql_tables.id
    int64_t rows = 0, deleted = 0;
    int64_t hash_runs = 0;  // runs written so far (the next run's number)
  };
  struct OpenSource {
    SourceRecord record;
    RowIds rows;
    std::unordered_map<int64_t, int64_t> databases;  // item row -> id
    std::unordered_map<int64_t, OpenTable> tables;   // by table local id
  };
  void finish_tables(OpenSource& o);

  Store& store_;
  int64_t run_id_;
  size_t max_queue_bytes_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Batch> queue_;
  size_t queued_bytes_ = 0;
  bool closing_ = false;
  std::string error_;
  std::unordered_map<uint64_t, OpenSource> open_;
  bool in_txn_ = false;
  size_t since_commit_ = 0;  // bytes of batches applied since the commit
  // Commits made while a source was still open (half written), for the
  // test hook LEAKSCOPE_TEST_KILL_AFTER_COMMIT (writer.cpp).
  long mid_source_commits_ = 0;
  std::thread thread_;
};

}  // namespace leakscope

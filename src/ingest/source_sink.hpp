// RecordSink for one source: assigns local ids, classifies and compresses
// on the producing thread (items; SQL rows typed, hashed and encoded into
// row chunks), and hands everything to the StoreWriter in batches of about
// flush_bytes. The source stays 'ingesting' in the store until finish().
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "leakscope/classify.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"
#include "leakscope/sql_records.hpp"
#include "store/writer.hpp"

namespace leakscope {

class SourceSink : public RecordSink {
 public:
  // `classify`: run the classifier on every item (findings stored with it),
  // with `options`.
  SourceSink(StoreWriter& writer, uint64_t key, SourceRecord identity,
             bool classify = true, size_t flush_bytes = 16u << 20,
             const ClassifierOptions& options = {});
  int64_t emit(Item&& item) override;
  void begin_table(int64_t table_item, const SqlTableSchema& schema) override;
  void row(int64_t table_item, const SqlRowRef& ref,
           std::span<const SqlValue> values) override;
  void add_damage(Damage d);
  // Sends the final batch with the outcome.
  void finish(const SourceRecord& outcome);
  void abort(const SourceRecord& outcome, const std::string& why);
  int64_t count() const { return next_id_; }

 private:
  void flush(bool last, bool abort, const SourceRecord* outcome);
  // Sends the current table's collected row hashes as one sorted run.
  void send_hash_run();

  StoreWriter& writer_;
  std::unique_ptr<Classifier> classifier_;
  Batch pending_;
  bool sent_first_ = false;
  size_t flush_bytes_;
  int64_t next_id_ = 0;
  // The current SQL table: its chunk in pending_.tables, the seed of its
  // rows' content hash (the table's full name and column names), its next
  // rowid, and the parent of every sql_table item (its database).
  TableChunk* chunk_ = nullptr;
  int64_t table_ = -1;
  uint64_t table_seed_ = 0;
  int64_t next_rowid_ = 1;
  // The current table's row hashes not yet sent as a sorted run (at most
  // kHashesPerRun: hash_runs.hpp).
  std::vector<uint64_t> table_hashes_;
  std::vector<Finding> row_findings_;  // scratch
  std::unordered_map<int64_t, int64_t> table_parent_;
};

}  // namespace leakscope

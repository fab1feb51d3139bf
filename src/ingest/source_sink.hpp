// ItemSink for one source: assigns local ids, compresses text on the
// producing thread, and hands items to the StoreWriter in batches. Small
// sources go over in one batch; a large one streams (the writer keeps its
// transaction open until the last batch, so it still commits whole).
#pragma once

#include <cstdint>
#include <memory>

#include "leakscope/classify.hpp"
#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"
#include "store/writer.hpp"

namespace leakscope {

class SourceSink : public ItemSink {
 public:
  // `classify`: run the classifier on every item (findings stored with it).
  SourceSink(StoreWriter& writer, uint64_t key, SourceRecord identity,
             bool classify = true, size_t flush_bytes = 16u << 20);
  int64_t emit(Item&& item) override;
  void add_damage(Damage d);
  // Sends the final batch with the outcome.
  void finish(const SourceRecord& outcome);
  void abort(const SourceRecord& outcome, const std::string& why);
  int64_t count() const { return next_id_; }

 private:
  void flush(bool last, bool abort, const SourceRecord* outcome);

  StoreWriter& writer_;
  std::unique_ptr<Classifier> classifier_;
  Batch pending_;
  bool sent_first_ = false;
  size_t flush_bytes_;
  int64_t next_id_ = 0;
};

}  // namespace leakscope

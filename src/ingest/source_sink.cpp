#include "ingest/source_sink.hpp"

#include "util/zstd_codec.hpp"

namespace leakscope {

SourceSink::SourceSink(StoreWriter& writer, uint64_t key, SourceRecord identity,
                       bool classify, size_t flush_bytes)
    : writer_(writer),
      classifier_(classify ? Classifier::create() : nullptr),
      flush_bytes_(flush_bytes) {
  pending_.key = key;
  pending_.first = true;
  pending_.source = std::move(identity);
}

int64_t SourceSink::emit(Item&& item) {
  StoredItem s;
  // Classified here, on the producing thread, before the text is compressed.
  if (classifier_) s.findings = classifier_->classify(item, next_id_);
  s.text_size = item.text.size();
  if (!item.text.empty()) {
    s.text_zstd = zstd_compress(item.text);
    std::string().swap(item.text);
  }
  size_t bytes =
      s.text_zstd.size() + item.locator.size() + item.title.size() + 384;
  for (const auto& f : item.fields)
    bytes += f.name.size() + f.value.size() + 96;
  for (const auto& f : s.findings)
    bytes += f.value.size() + f.evidence.size() + 160;
  s.item = std::move(item);
  pending_.items.push_back(std::move(s));
  pending_.bytes += bytes;
  if (pending_.bytes >= flush_bytes_) flush(false, false, nullptr);
  return next_id_++;
}

void SourceSink::add_damage(Damage d) {
  pending_.bytes += d.locator.size() + d.what.size() + 32;
  pending_.damages.push_back(std::move(d));
}

void SourceSink::flush(bool last, bool abort, const SourceRecord* outcome) {
  Batch b = std::move(pending_);
  b.first = !sent_first_;
  b.last = last;
  b.abort = abort;
  if (outcome) {
    // The first batch needs the identity; a combined first+last batch takes
    // the outcome, which carries the same identity plus the results.
    b.source = *outcome;
  }
  sent_first_ = true;
  pending_ = Batch();
  pending_.key = b.key;
  writer_.submit(std::move(b));
}

void SourceSink::finish(const SourceRecord& outcome) {
  if (classifier_) pending_.findings = classifier_->finish();
  flush(true, false, &outcome);
}

void SourceSink::abort(const SourceRecord& outcome, const std::string& why) {
  SourceRecord r = outcome;
  r.status = "failed";
  r.error = why;
  flush(true, true, &r);
}

}  // namespace leakscope

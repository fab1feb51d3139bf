#include "ingest/source_sink.hpp"

#include <cstdlib>
#include <stdexcept>

#include "leakscope/item_kinds.hpp"
#include "util/zstd_codec.hpp"

namespace leakscope {

SourceSink::SourceSink(StoreWriter& writer, uint64_t key, SourceRecord identity,
                       bool classify, size_t flush_bytes,
                       const ClassifierOptions& options)
    : writer_(writer),
      classifier_(classify ? Classifier::create(options) : nullptr),
      flush_bytes_(flush_bytes) {
  pending_.key = key;
  pending_.first = true;
  pending_.source = std::move(identity);
}

int64_t SourceSink::emit(Item&& item) {
  if (item.kind == kinds::kSqlTable) table_parent_[next_id_] = item.parent;
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

namespace {
// kHashesPerRun, or what the test hook LEAKSCOPE_TEST_HASHES_PER_RUN says
// (a positive count), so that a test can make a small table span several
// runs (STORE.md).
size_t hashes_per_run() {
  static const size_t n = [] {
    const char* env = std::getenv("LEAKSCOPE_TEST_HASHES_PER_RUN");
    const unsigned long long v = env ? std::strtoull(env, nullptr, 10) : 0;
    return v > 0 ? static_cast<size_t>(v) : kHashesPerRun;
  }();
  return n;
}
}  // namespace

void SourceSink::send_hash_run() {
  if (table_hashes_.empty()) return;
  TableHashRun run;
  run.table_local = table_;
  run.chunks = encode_hash_run(table_hashes_);
  for (const auto& c : run.chunks) pending_.bytes += c.bytes.size() + 32;
  pending_.hash_runs.push_back(std::move(run));
  table_hashes_.clear();
}

void SourceSink::begin_table(int64_t table_item, const SqlTableSchema& schema) {
  send_hash_run();  // the previous table's last run
  TableChunk c;
  if (classifier_)
    c.value_columns = classifier_->begin_table(table_item, schema);
  c.table_local = table_item;
  auto parent = table_parent_.find(table_item);
  c.database_local = parent == table_parent_.end() ? -1 : parent->second;
  c.schema = std::make_shared<const SqlTableSchema>(schema);
  pending_.tables.push_back(std::move(c));
  chunk_ = &pending_.tables.back();
  table_ = table_item;
  next_rowid_ = 1;
  // Rows with the same values in tables of the same name and columns (the
  // same table in two backups) hash alike; rows of other tables do not.
  std::string seed = schema.full_name();
  for (const auto& col : schema.columns) seed += '\x1f' + col.name;
  table_seed_ = XXH3_64bits(seed.data(), seed.size());
}

void SourceSink::row(int64_t table_item, const SqlRowRef& ref,
                     std::span<const SqlValue> values) {
  if (table_item != table_)
    throw std::logic_error("a SQL row outside its table");
  if (!chunk_) {
    // The chunk went with the last flush: the table goes on in a new one.
    TableChunk c;
    c.table_local = table_;
    pending_.tables.push_back(std::move(c));
    chunk_ = &pending_.tables.back();
  }
  size_t before = chunk_->rows.data.size();
  // The content hash covers the values with their kinds, not the row's
  // place or state: the same row in two backups is one row.
  table_hashes_.push_back(chunk_->rows.append(ref, table_seed_, values));
  if (table_hashes_.size() >= hashes_per_run()) send_hash_run();
  pending_.bytes += chunk_->rows.data.size() - before + 16;
  int64_t rowid = next_rowid_++;
  if (classifier_) {
    row_findings_.clear();
    classifier_->classify_row(table_item, rowid, values, row_findings_);
    for (auto& f : row_findings_) {
      if (f.cell_value) {
        RowCellValue v;
        v.rowid = rowid;
        v.ordinal = f.sql_column;
        v.value = std::move(f.value);
        v.country = std::move(f.country);
        pending_.bytes += v.bytes();
        chunk_->cell_values.push_back(std::move(v));
        continue;
      }
      pending_.bytes += sizeof(Finding) + f.value.capacity() +
                        f.evidence.capacity() + f.type.capacity() +
                        f.detector.capacity();
      pending_.findings.push_back(std::move(f));
    }
  }
  if (pending_.bytes >= flush_bytes_) flush(false, false, nullptr);
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
  chunk_ = nullptr;  // it went with `b`
  writer_.submit(std::move(b));
}

void SourceSink::finish(const SourceRecord& outcome) {
  send_hash_run();
  if (classifier_)
    for (auto& f : classifier_->finish())
      pending_.findings.push_back(std::move(f));
  flush(true, false, &outcome);
}

void SourceSink::abort(const SourceRecord& outcome, const std::string& why) {
  SourceRecord r = outcome;
  r.status = "failed";
  r.error = why;
  flush(true, true, &r);
}

}  // namespace leakscope

#include "store/writer.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <stdexcept>

#include "leakscope/item_kinds.hpp"
#include "store/statement.hpp"

namespace leakscope {

void StoreWriter::RowIds::push(int64_t row) {
  if (runs_.empty() || row != last_row_ + 1) runs_.push_back({count_, row});
  last_row_ = row;
  ++count_;
}

int64_t StoreWriter::RowIds::at(int64_t local) const {
  if (local < 0 || local >= count_) return 0;
  auto it = std::upper_bound(
      runs_.begin(), runs_.end(), local,
      [](int64_t l, const Run& r) { return l < r.first_local; });
  --it;  // runs_[0].first_local == 0 <= local
  return it->first_row + (local - it->first_local);
}

StoreWriter::StoreWriter(Store& store, int64_t run_id, size_t max_queue_bytes)
    : store_(store), run_id_(run_id), max_queue_bytes_(max_queue_bytes) {
  thread_ = std::thread([this] { run(); });
}

StoreWriter::~StoreWriter() {
  try {
    finish();
  } catch (...) {
  }
}

void StoreWriter::submit(Batch&& b) {
  std::unique_lock<std::mutex> lock(mu_);
  // A single oversize batch is admitted when the queue is empty.
  not_full_.wait(lock, [&] {
    return !error_.empty() || queue_.empty() ||
           queued_bytes_ + b.bytes <= max_queue_bytes_;
  });
  if (!error_.empty()) throw std::runtime_error(error_);
  queued_bytes_ += b.bytes;
  queue_.push_back(std::move(b));
  not_empty_.notify_one();
}

void StoreWriter::finish() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
    not_empty_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  if (!error_.empty()) throw std::runtime_error(error_);
}

namespace {

// Test hook: LEAKSCOPE_TEST_KILL_AFTER_COMMIT=N kills the process with
// SIGKILL right after the N-th commit made while a source is still open,
// so a test can leave a store with a source half written without relying
// on the timing of an outside kill. 0 (unset) never.
long kill_after_commit() {
  static const long n = [] {
    const char* env = std::getenv("LEAKSCOPE_TEST_KILL_AFTER_COMMIT");
    return env ? std::strtol(env, nullptr, 10) : 0L;
  }();
  return n;
}

}  // namespace

void StoreWriter::run() {
  try {
    for (;;) {
      Batch b;
      bool queue_now_empty = false;
      {
        std::unique_lock<std::mutex> lock(mu_);
        not_empty_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) break;  // closing and drained
        b = std::move(queue_.front());
        queue_.pop_front();
        queued_bytes_ -= b.bytes;
        queue_now_empty = queue_.empty();
        not_full_.notify_all();
      }
      if (!in_txn_) {
        store_.begin();
        in_txn_ = true;
      }
      apply(b);
      // Commit when idle between sources, and in any case every
      // kCommitBytes: a large backup is not one transaction.
      constexpr size_t kCommitBytes = 64u << 20;
      if ((open_.empty() && queue_now_empty) || since_commit_ >= kCommitBytes) {
        store_.commit();
        in_txn_ = false;
        since_commit_ = 0;
        if (!open_.empty() && kill_after_commit() > 0 &&
            ++mid_source_commits_ == kill_after_commit())
          std::raise(SIGKILL);
      }
    }
    if (in_txn_) {
      // Sources still open here were never finished by their producer (the
      // run is ending on an error); they are left out of the commit.
      for (auto& [key, open] : open_) store_.clear_source_items(open.record.id);
      if (!open_.empty())
        StoreSql::exec(store_, "DELETE FROM sources WHERE status='ingesting'");
      store_.commit();
      in_txn_ = false;
    }
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(mu_);
    error_ = std::string("store writer: ") + e.what();
    if (in_txn_) {
      try {
        store_.rollback();
      } catch (...) {
      }
    }
    not_full_.notify_all();
  }
}

void StoreWriter::finish_tables(OpenSource& o) {
  for (auto& [local, t] : o.tables)
    store_.finish_sql_table(t.id, t.rows, t.deleted);
  o.tables.clear();
}

void StoreWriter::apply(Batch& b) {
  if (b.first) {
    OpenSource o;
    o.record = b.source;
    o.record.id = store_.put_source(b.source, run_id_);
    open_[b.key] = std::move(o);
  }
  auto it = open_.find(b.key);
  if (it == open_.end())
    throw std::logic_error("batch for a source that is not open");
  OpenSource& o = it->second;
  for (auto& si : b.items) {
    int64_t parent = si.item.parent;
    int64_t parent_row = 0;
    if (parent >= 0) parent_row = o.rows.at(parent);
    int64_t row = store_.insert_item(o.record.id, parent_row, si);
    o.rows.push(row);
    if (si.item.kind == kinds::kSqlDatabase)
      o.databases[row] =
          store_.add_sql_database(o.record.id, row, si.item.title);
    for (const auto& f : si.findings) {
      int64_t target = f.target == kNoParent ? row : o.rows.at(f.target);
      if (target > 0) store_.insert_finding(target, f);
    }
  }
  since_commit_ += b.bytes;
  for (auto& chunk : b.tables) {
    OpenTable& t = o.tables[chunk.table_local];
    if (chunk.schema) {
      int64_t item_row = o.rows.at(chunk.table_local);
      auto db = o.databases.find(o.rows.at(chunk.database_local));
      if (item_row <= 0 || db == o.databases.end())
        throw std::logic_error("a SQL table without its items");
      t.id = store_.add_sql_table(o.record.id, db->second, item_row,
                                  *chunk.schema, chunk.value_columns);
    }
    if (!t.id) throw std::logic_error("rows for a SQL table never begun");
    store_.insert_rows(t.id, t.rows + 1, chunk.rows, chunk.cell_values);
    t.rows += static_cast<int64_t>(chunk.rows.rows);
    t.deleted += static_cast<int64_t>(chunk.rows.deleted);
  }
  for (const auto& run : b.hash_runs) {
    OpenTable& t = o.tables[run.table_local];
    if (!t.id) throw std::logic_error("row hashes for a SQL table never begun");
    store_.insert_row_hash_run(t.id, t.hash_runs++, run.chunks);
  }
  for (const auto& f : b.findings) {
    int64_t target = o.rows.at(f.target);
    if (target > 0) store_.insert_finding(target, f);
  }
  for (const auto& d : b.damages) store_.insert_damage(o.record.id, d);
  if (b.abort) {
    store_.clear_source_items(o.record.id);
    SourceRecord r = b.source;
    r.id = o.record.id;
    r.status = "failed";
    r.items = 0;
    store_.finish_source(r);
    for (const auto& d : b.damages) store_.insert_damage(o.record.id, d);
    store_.custody(run_id_, "source_failed", r.path, r.size, r.sha256, r.error);
    open_.erase(it);
    return;
  }
  if (b.last) {
    finish_tables(o);
    SourceRecord r = b.source;
    r.id = o.record.id;
    r.items = static_cast<uint64_t>(o.rows.size());
    store_.finish_source(r);
    store_.custody(
        run_id_, "source", r.path, r.size, r.sha256,
        r.kind + " " + r.status + " items=" + std::to_string(r.items));
    open_.erase(it);
  }
}

}  // namespace leakscope

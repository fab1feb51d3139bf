#include "leakscope/measure_cache.hpp"

#include <sqlite3.h>

#include "store/statement.hpp"

namespace leakscope {

MeasureCache::MeasureCache(const Store& store)
    : store_(store), version_(store.content_version()) {}

MeasureCache::~MeasureCache() {
  sqlite3_finalize(insert_);
  sqlite3_close(writer_);
}

std::optional<std::string> MeasureCache::get(const std::string& key) const {
  Statement st(store_,
               "SELECT value FROM measure_cache WHERE key=? AND "
               "content_version=?");
  st.bind(1, key).bind(2, version_);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void MeasureCache::for_each(
    const std::string& prefix,
    const std::function<void(const std::string&)>& f) const {
  // Keys are ASCII: every key with the prefix sorts below prefix + "\x7f".
  Statement st(store_,
               "SELECT value FROM measure_cache WHERE key>=? AND key<? AND "
               "content_version=? ORDER BY key");
  st.bind(1, prefix).bind(2, prefix + "\x7f").bind(3, version_);
  while (st.step()) f(st.text(0));
}

bool MeasureCache::open_writer() {
  if (!writer_ && writable_) {
    writable_ = sqlite3_open_v2(store_.path().c_str(), &writer_,
                                SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                nullptr) == SQLITE_OK;
    if (writable_) {
      sqlite3_busy_timeout(writer_, 10000);
      // Only for the state it was computed on: a store changed meanwhile
      // keeps no stale value.
      writable_ =
          sqlite3_prepare_v2(
              writer_,
              "INSERT OR REPLACE INTO measure_cache(key,content_version,"
              "value) SELECT ?1, ?2, ?3 WHERE (SELECT COALESCE(MAX(id),0) "
              "FROM custody)=?2",
              -1, &insert_, nullptr) == SQLITE_OK;
    }
  }
  return writable_;
}

void MeasureCache::erase(const std::string& prefix) {
  if (!open_writer()) return;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(writer_,
                         "DELETE FROM measure_cache WHERE key>=? AND key<?", -1,
                         &st, nullptr) == SQLITE_OK) {
    const std::string end = prefix + "\x7f";
    // SQLITE_STATIC: prefix and end outlive the step.
    sqlite3_bind_text(st, 1, prefix.data(), static_cast<int>(prefix.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 2, end.data(), static_cast<int>(end.size()),
                      SQLITE_STATIC);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
}

bool MeasureCache::put(const std::string& key, const std::string& value) {
  if (!open_writer()) return false;
  // SQLITE_STATIC: key and value outlive the step.
  sqlite3_bind_text(insert_, 1, key.data(), static_cast<int>(key.size()),
                    SQLITE_STATIC);
  sqlite3_bind_int64(insert_, 2, version_);
  sqlite3_bind_text(insert_, 3, value.data(), static_cast<int>(value.size()),
                    SQLITE_STATIC);
  const bool ok =
      sqlite3_step(insert_) == SQLITE_DONE && sqlite3_changes(writer_) == 1;
  sqlite3_reset(insert_);
  sqlite3_clear_bindings(insert_);
  if (!ok) writable_ = false;  // stale, or the disk is full: stop trying
  return ok;
}

bool MeasureCache::put_many(
    const std::vector<std::pair<std::string, std::string>>& kv) {
  if (!open_writer()) return false;
  if (sqlite3_exec(writer_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    return false;
  bool ok = true;
  for (const auto& [key, value] : kv) {
    ok = put(key, value);
    if (!ok) break;
  }
  ok = sqlite3_exec(writer_, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr,
                    nullptr) == SQLITE_OK &&
       ok;
  return ok;
}

}  // namespace leakscope

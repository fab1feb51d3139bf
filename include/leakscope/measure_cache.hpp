// The measurement cache of a store (table measure_cache, STORE.md): values
// the measurement and the report computed for one store state, kept so
// that the next report of the same state reads them instead of computing
// them again. A value is valid only for the content version it was computed
// on (Store::content_version(): the newest custody event's id).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "leakscope/store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace leakscope {

class MeasureCache {
 public:
  // Reads through `store`'s connection; writes through a writable
  // connection of its own, opened at the first put (a store on read-only
  // media just goes uncached). The version is read now: every value put is
  // for this state.
  explicit MeasureCache(const Store& store);
  ~MeasureCache();
  MeasureCache(const MeasureCache&) = delete;
  MeasureCache& operator=(const MeasureCache&) = delete;

  int64_t version() const { return version_; }
  // The value under `key` for this state.
  std::optional<std::string> get(const std::string& key) const;
  // Each value whose key starts with `prefix`, in key order, for this
  // state: f(value).
  void for_each(const std::string& prefix,
                const std::function<void(const std::string&)>& f) const;
  // Keeps `value` under `key`, each put its own short transaction (no lock
  // held between puts), and only while the store is still in this state
  // (an ingest since the cache was opened makes the value stale: not
  // kept). False when not kept.
  bool put(const std::string& key, const std::string& value);
  // put() of every (key, value) in one transaction: all kept or none.
  bool put_many(const std::vector<std::pair<std::string, std::string>>& kv);
  // Removes every value whose key starts with `prefix` (of any state), so
  // that values put next are not mixed with older ones.
  void erase(const std::string& prefix);

 private:
  const Store& store_;
  int64_t version_;
  sqlite3* writer_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  bool open_writer();     // false when the store cannot be written
  bool writable_ = true;  // false once opening the writer failed
};

}  // namespace leakscope

#include "store/merge.hpp"

#include <stdexcept>

namespace leakscope {

MergeSummary merge_store(Store& t, const std::string& shard) {
  {
    auto s =
        Store::open(shard, /*read_only=*/true);  // checks the schema version
  }
  Statement att(t.db(), "ATTACH DATABASE ? AS shard");
  att.bind(1, shard);
  att.step();
  MergeSummary sum;
  try {
    t.begin();
    int64_t dup = t.scalar(
        "SELECT COUNT(*) FROM shard.sources s JOIN main.sources m ON "
        "m.path=s.path");
    if (dup)
      throw std::runtime_error(shard + ": " + std::to_string(dup) +
                               " source paths already in the target store");
    auto off = [&](const char* table) {
      return std::to_string(t.scalar(
          std::string("SELECT COALESCE(MAX(id),0) FROM main.") + table));
    };
    std::string run = off("runs"), src = off("sources"), item = off("items"),
                fnd = off("findings"), cus = off("custody");
    t.exec("INSERT INTO main.runs SELECT id+" + run +
           ", started, finished, tool_version, command_line, status FROM "
           "shard.runs");
    t.exec("INSERT INTO main.sources SELECT id+" + src +
           ", root, path, size, mtime, sha256, kind, status, error, items, "
           "damages, run_id+" +
           run + " FROM shard.sources");
    t.exec("INSERT INTO main.items SELECT id+" + item + ", source_id+" + src +
           ", parent_id+" + item +
           ", kind, locator, title, date, size, sha256, text_zstd, text_size "
           "FROM shard.items");
    t.exec("INSERT INTO main.item_fields SELECT item_id+" + item +
           ", name, value FROM shard.item_fields");
    t.exec("INSERT INTO main.findings SELECT id+" + fnd + ", item_id+" + item +
           ", type, value, field, start, end, confidence, detector, evidence, "
           "country FROM "
           "shard.findings");
    t.exec("INSERT INTO main.damages SELECT source_id+" + src +
           ", locator, offset, what FROM shard.damages");
    t.exec("INSERT INTO main.custody SELECT id+" + cus + ", run_id+" + run +
           ", at, event, path, size, sha256, detail FROM shard.custody");
    sum.sources = t.scalar("SELECT COUNT(*) FROM shard.sources");
    sum.items = t.scalar("SELECT COUNT(*) FROM shard.items");
    sum.findings = t.scalar("SELECT COUNT(*) FROM shard.findings");
    t.commit();
  } catch (...) {
    try {
      t.rollback();
    } catch (...) {
    }
    t.exec("DETACH DATABASE shard");
    throw;
  }
  t.exec("DETACH DATABASE shard");
  return sum;
}

}  // namespace leakscope

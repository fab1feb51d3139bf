#include "store/merge.hpp"

#include <stdexcept>

#include "store/schema.hpp"
#include "store/statement.hpp"

namespace leakscope {

namespace {

SqlValueKind kind_from_name(const std::string& n) {
  for (SqlValueKind k :
       {SqlValueKind::kInteger, SqlValueKind::kReal, SqlValueKind::kDecimal,
        SqlValueKind::kText, SqlValueKind::kBytes, SqlValueKind::kDateTime})
    if (n == value_kind_name(k)) return k;
  return SqlValueKind::kText;
}

// The shard's tables: id, full name and the columns needed to re-create
// the row table and view.
struct ShardTable {
  int64_t id = 0;
  std::string view_name;
  SqlTableSchema schema;
  std::vector<int> value_ordinals;  // its _v<ordinal> columns, ascending
};

std::vector<ShardTable> shard_tables(Store& t) {
  std::vector<ShardTable> out;
  {
    Statement st(t,
                 "SELECT id, view_name, database_name, schema_name, name FROM "
                 "shard.sql_tables ORDER BY id");
    while (st.step()) {
      ShardTable x;
      x.id = st.integer(0);
      x.view_name = st.text(1);
      x.schema.database = st.text(2);
      x.schema.schema = st.text(3);
      x.schema.name = st.text(4);
      out.push_back(std::move(x));
    }
  }
  Statement cols(t,
                 "SELECT name, sql_type, nullable, stored, value_kind, "
                 "value_type IS NOT NULL, ordinal FROM shard.sql_columns "
                 "WHERE table_id=? ORDER BY ordinal");
  for (auto& x : out) {
    cols.reset();
    cols.bind(1, x.id);
    while (cols.step()) {
      if (cols.integer(5))
        x.value_ordinals.push_back(static_cast<int>(cols.integer(6)));
      SqlColumn c;
      c.name = cols.text(0);
      c.sql_type = cols.text(1);
      c.nullable = cols.integer(2) != 0;
      c.stored = cols.integer(3) != 0;
      c.kind = kind_from_name(cols.text(4));
      x.schema.columns.push_back(std::move(c));
    }
  }
  // A view has the table's columns and then its own: four place columns
  // on paged tables, two on dumps (create_row_view_sql).
  Statement view_columns(t,
                         "SELECT COUNT(*) FROM pragma_table_info(?, 'shard')");
  for (auto& x : out) {
    view_columns.reset();
    view_columns.bind(1, x.view_name);
    if (view_columns.step())
      x.schema.paged = view_columns.integer(0) !=
                       static_cast<int64_t>(x.schema.columns.size()) + 2;
  }
  return out;
}

}  // namespace

MergeSummary merge_store(Store& t, const std::string& shard) {
  std::string shard_head;
  {
    // Checks the schema version, and the shard's custody chain: a shard
    // whose record was altered is not merged into a sound one.
    auto s = Store::open(shard, /*read_only=*/true);
    const Store::CustodyCheck c = s->check_custody();
    if (c.broken_at)
      throw std::runtime_error(shard + ": custody chain broken at link " +
                               std::to_string(c.broken_at) + ": " + c.problem);
    shard_head = c.head;
  }
  Statement att(t, "ATTACH DATABASE ? AS shard");
  att.bind(1, shard);
  att.step();
  MergeSummary sum;
  try {
    t.begin();
    int64_t dup = StoreSql::scalar(
        t,
        "SELECT COUNT(*) FROM shard.sources s JOIN main.sources m ON "
        "m.path=s.path");
    if (dup)
      throw std::runtime_error(shard + ": " + std::to_string(dup) +
                               " source paths already in the target store");
    if (StoreSql::scalar(t,
                         "SELECT COUNT(*) FROM shard.sources WHERE "
                         "status='ingesting'"))
      throw std::runtime_error(
          shard +
          ": holds sources whose ingest did not finish; run ingest "
          "on it again first");
    auto off = [&](const char* table) {
      return std::to_string(StoreSql::scalar(
          t, std::string("SELECT COALESCE(MAX(id),0) FROM main.") + table));
    };
    std::string run = off("runs"), src = off("sources"), item = off("items"),
                fnd = off("finding_rows"), dbs = off("sql_databases"),
                tbl = off("sql_tables");
    StoreSql::exec(
        t, "INSERT INTO main.runs SELECT id+" + run +
               ", started, finished, tool_version, command_line, status FROM "
               "shard.runs");
    StoreSql::exec(
        t,
        "INSERT INTO main.sources(id, root, path, size, mtime, sha256, "
        "kind, status, error, items, damages, run_id, given) SELECT id+" +
            src +
            ", root, path, size, mtime, sha256, kind, status, error, items, "
            "damages, run_id+" +
            run + ", given FROM shard.sources");
    StoreSql::exec(
        t,
        "INSERT INTO main.items SELECT id+" + item + ", source_id+" + src +
            ", parent_id+" + item +
            ", kind, locator, title, date, size, sha256, text_zstd, text_size "
            "FROM shard.items");
    StoreSql::exec(t, "INSERT INTO main.item_fields SELECT item_id+" + item +
                          ", name, value FROM shard.item_fields");
    StoreSql::exec(
        t,
        "INSERT OR IGNORE INTO main.finding_values(type, value, country) "
        "SELECT type, value, country FROM shard.finding_values");
    StoreSql::exec(
        t,
        "INSERT OR IGNORE INTO main.finding_evidence(detector, evidence) "
        "SELECT detector, evidence FROM shard.finding_evidence");
    StoreSql::exec(
        t,
        "INSERT INTO main.finding_rows SELECT f.id+" + fnd + ", f.item_id+" +
            item +
            ", mv.id, me.id, f.field, f.sql_row, f.sql_column, f.start, f.end, "
            "f.confidence, f.country FROM shard.finding_rows f JOIN "
            "shard.finding_values sv ON sv.id=f.value_id JOIN "
            "main.finding_values mv ON mv.type=sv.type AND mv.value=sv.value "
            "JOIN shard.finding_evidence se ON se.id=f.evidence_id JOIN "
            "main.finding_evidence me ON me.detector=se.detector AND "
            "me.evidence=se.evidence");
    StoreSql::exec(t, "INSERT INTO main.damages SELECT source_id+" + src +
                          ", locator, offset, what FROM shard.damages");
    // The shard's custody events join the target's chain in their order
    // (new links, their times kept), then one event names the shard and
    // the head of its chain.
    {
      Statement cs(t,
                   "SELECT run_id, at, event, COALESCE(path,''), "
                   "COALESCE(size,0), COALESCE(sha256,''), COALESCE(detail,'') "
                   "FROM shard.custody ORDER BY id");
      const int64_t run_offset = std::stoll(run);
      while (cs.step())
        t.custody(cs.integer(0) + run_offset, cs.text(2), cs.text(3),
                  static_cast<uint64_t>(cs.integer(4)), cs.text(5), cs.text(6),
                  cs.text(1));
    }
    t.custody(0, "merged_shard", shard, 0, "",
              "shard custody head " + shard_head);
    StoreSql::exec(t, "INSERT INTO main.sql_databases SELECT id+" + dbs +
                          ", source_id+" + src + ", item_id+" + item +
                          ", name FROM shard.sql_databases");
    // Tables: catalog rows with a placeholder view name, then each row
    // table copied under its new id and its view made (renamed on a clash).
    StoreSql::exec(
        t, "INSERT INTO main.sql_tables SELECT id+" + tbl + ", database_id+" +
               dbs + ", source_id+" + src + ", item_id+" + item +
               ", database_name, schema_name, name, full_name, char(31) || "
               "(id+" +
               tbl +
               "), declared_rows, rows, deleted_rows, complete FROM "
               "shard.sql_tables");
    StoreSql::exec(
        t, "INSERT INTO main.sql_columns SELECT table_id+" + tbl +
               ", ordinal, name, sql_type, nullable, stored, value_kind, "
               "information_type, cell_type, cell_confidence, cell_evidence, "
               "value_type, value_confidence, value_detector, value_evidence "
               "FROM shard.sql_columns");
    const int64_t table_offset = std::stoll(tbl);
    for (const ShardTable& x : shard_tables(t)) {
      int64_t id = x.id + table_offset;
      std::string view = x.view_name;
      {
        Statement st(t,
                     "SELECT (SELECT 1 FROM main.sql_tables WHERE "
                     "view_name=?1) OR (SELECT 1 FROM main.sqlite_master "
                     "WHERE lower(name)=lower(?1))");
        for (int k = 0;; ++k) {
          std::string candidate =
              k == 0 ? x.schema.full_name()
                     : x.schema.full_name() + " #" + std::to_string(id);
          if (k > 1) candidate += "." + std::to_string(k);
          st.reset();
          st.bind(1, candidate);
          if (!(st.step() && st.integer(0))) {
            view = candidate;
            break;
          }
        }
      }
      Statement upd(t, "UPDATE main.sql_tables SET view_name=? WHERE id=?");
      upd.bind(1, view).bind(2, id);
      upd.step();
      StoreSql::exec(t, create_row_table_sql(id, x.schema, x.value_ordinals));
      // Value ids are re-interned: each _v cell maps to the target's id of
      // the same (type, value).
      std::string select = "rowid, _place, _hash";
      for (size_t c = 0; c < x.schema.columns.size(); ++c)
        select += ", c" + std::to_string(c);
      for (int k : x.value_ordinals)
        select +=
            ", (SELECT mv.id FROM shard.finding_values sv JOIN "
            "main.finding_values mv ON mv.type=sv.type AND mv.value=sv.value "
            "WHERE sv.id=r._v" +
            std::to_string(k) + ")";
      StoreSql::exec(t, "INSERT INTO main." + row_table_name(id) + " SELECT " +
                            select + " FROM shard." + row_table_name(x.id) +
                            " r");
      StoreSql::exec(t, create_row_view_sql(id, view, x.schema));
      // The table's sorted row-hash runs (store ids are integers).
      StoreSql::exec(
          t, "INSERT INTO main.sql_row_hashes SELECT " + std::to_string(id) +
                 ", run, seq, count, hashes FROM shard.sql_row_hashes "
                 "WHERE table_id=" +
                 std::to_string(x.id));
      ++sum.sql_tables;
    }
    t.ensure_indexes();  // the copied tables' indexes
    sum.sources = StoreSql::scalar(t, "SELECT COUNT(*) FROM shard.sources");
    sum.items = StoreSql::scalar(t, "SELECT COUNT(*) FROM shard.items");
    sum.findings =
        StoreSql::scalar(t, "SELECT COUNT(*) FROM shard.finding_rows");
    t.commit();
  } catch (...) {
    try {
      t.rollback();
    } catch (...) {
    }
    StoreSql::exec(t, "DETACH DATABASE shard");
    throw;
  }
  StoreSql::exec(t, "DETACH DATABASE shard");
  return sum;
}

}  // namespace leakscope

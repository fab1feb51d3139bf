#include "ingest/mssql_source.hpp"

#include <map>

#include "catalog.hpp"
#include "mtf_format.hpp"
#include "mtf_reader.hpp"
#include "page.hpp"
#include "page_store.hpp"
#include "table_rows.hpp"

namespace leakscope {

std::string identify_mssql_file(std::string_view head) {
  mssql::PageHeader h;
  std::string why;
  if (head.size() < 2 * mssql::kPageSize) return "";
  if (!mssql::parse_page_header(head, &h, &why) ||
      h.type != mssql::kFileHeaderPage || h.page_id != 0)
    return "";
  mssql::PageHeader second;
  if (mssql::parse_page_header(head.substr(mssql::kPageSize), &second, &why) &&
      second.type == mssql::kPfsPage)
    return "mssql_data_file";
  return "mssql_log_file";
}

namespace {

// Adds a page to the store; damaged headers are reported with the offset.
void take_page(mssql::PageStore& store, std::string_view bytes, uint64_t offset,
               const std::string& display, Reporter& rep, uint64_t* pages) {
  mssql::PageHeader h;
  std::string why;
  if (!mssql::parse_page_header(bytes, &h, &why)) {
    rep.corruption(display, offset, "database page: " + why + "; page skipped");
    return;
  }
  std::string page(bytes);
  mssql::undo_torn_bits(page, h);
  store.add(h, page);
  ++*pages;
}

}  // namespace

void parse_mssql(const std::string& kind, const SourceRead& read,
                 const std::string& display, ItemSink& sink, Reporter& rep,
                 const std::function<void()>& on_progress) {
  mssql::PageStore store;
  uint64_t pages = 0;
  Item db;
  db.kind = "sql_database";
  std::string backup_type;
  if (kind == "mssql_backup") {
    mtf::MtfCallbacks cb;
    uint64_t since = 0;
    cb.on_block = [&](const mtf::BlockInfo& b) {
      if (b.type == "SSET" && backup_type.empty())
        backup_type =
            (b.attributes & mtf::kSsetDifferential) ? "differential" : "full";
      if (b.type == "MSTL" && backup_type.empty()) backup_type = "log";
    };
    cb.on_page = [&](const mtf::StreamInfo&, uint64_t offset,
                     std::string_view page) {
      take_page(store, page, offset, display, rep, &pages);
      if (on_progress && ++since % 256 == 0) on_progress();
    };
    mtf::MtfSummary s = mtf::read_mtf(read, cb, rep, display);
    if (!s.saw_tape)
      rep.corruption(display, 0, "no MTF TAPE block at the start");
    if (pages == 0 && s.log_bytes > 0) backup_type = "log";
    db.add("mtf.blocks", std::to_string(s.blocks));
    db.add("mtf.log_bytes", std::to_string(s.log_bytes));
    if (!s.saw_eset)
      rep.corruption(display, s.bytes,
                     "no ESET block: the backup is incomplete");
  } else {
    std::string buf(mssql::kPageSize, '\0');
    uint64_t offset = 0, unformatted = 0;
    for (;;) {
      size_t got = 0;
      while (got < buf.size()) {
        size_t n = read(buf.data() + got, buf.size() - got);
        if (n == 0) break;
        got += n;
      }
      if (got == 0) break;
      if (got < buf.size()) {
        rep.corruption(display, offset,
                       "file ends inside a page (" + std::to_string(got) +
                           " of 8192 bytes)");
        break;
      }
      bool zero = true;
      for (size_t i = 0; i < 96 && zero; ++i) zero = buf[i] == 0;
      mssql::PageHeader h;
      std::string why;
      if (zero) {
      } else if (!mssql::parse_page_header(buf, &h, &why)) {
        // Space the file reserved but SQL Server never formatted holds
        // whatever the disk held before: not damage, but counted.
        ++unformatted;
      } else {
        take_page(store, buf, offset, display, rep, &pages);
      }
      offset += got;
      if (on_progress && (offset >> 13) % 256 == 0) on_progress();
    }
    db.add("unformatted_pages", std::to_string(unformatted));
    if (unformatted)
      rep.note(
          display,
          std::to_string(unformatted) +
              " 8 KiB blocks are not formatted pages (space never written)");
  }
  mssql::Catalog catalog;
  bool have_catalog = pages > 0 && catalog.load(store, rep, display);
  std::string dbname =
      catalog.database_name().empty() ? "unknown" : catalog.database_name();
  db.locator = display + "#db=" + dbname;
  db.title = dbname;
  db.add("database", dbname);
  db.add("pages", std::to_string(pages));
  if (catalog.database_version())
    db.add("database_version", std::to_string(catalog.database_version()));
  if (!backup_type.empty()) db.add("backup_type", backup_type);
  db.add("tables", std::to_string(catalog.user_tables().size()));
  int64_t db_id = sink.emit(std::move(db));
  if (!have_catalog) return;
  for (const mssql::Table& t : catalog.user_tables()) {
    Item ti;
    ti.parent = db_id;
    ti.kind = "sql_table";
    std::string qualified = t.schema + "." + t.name;
    ti.locator = display + "#db=" + dbname + "/table=" + qualified;
    ti.title = qualified;
    ti.add("database", dbname);
    ti.add("schema", t.schema);
    ti.add("table", t.name);
    for (const auto& c : t.columns) {
      // Paired by position: the n-th column_type belongs to the n-th column.
      ti.add("column", c.name);
      ti.add("column_type",
             mssql::type_name(c.type) + (c.nullable ? " NULL" : " NOT NULL"));
    }
    if (t.declared_rows >= 0)
      ti.add("declared_rows", std::to_string(t.declared_rows));
    int64_t table_id = sink.emit(std::move(ti));
    std::string loc = display + "#db=" + dbname + "/table=" + qualified;
    mssql::for_each_row(
        t, store, rep, loc,
        [&](const mssql::RowRef& ref, const std::vector<mssql::RowValue>& v) {
          Item row;
          row.parent = table_id;
          row.kind = "sql_row";
          row.locator = loc + "/page=" + ref.page->id() +
                        "/slot=" + std::to_string(ref.slot);
          for (size_t i = 0; i < v.size(); ++i)
            if (!v[i].null) row.add(t.columns[i].name, v[i].text);
          if (ref.deleted) row.add("deleted", "true");
          sink.emit(std::move(row));
        });
  }
}

}  // namespace leakscope

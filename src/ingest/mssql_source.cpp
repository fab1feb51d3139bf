#include "ingest/mssql_source.hpp"

#include <algorithm>

#include "catalog.hpp"
#include "encryption.hpp"
#include "ingest/sql_values.hpp"
#include "leakscope/item_kinds.hpp"
#include "mtf_format.hpp"
#include "mtf_reader.hpp"
#include "page.hpp"
#include "page_store.hpp"
#include "table_rows.hpp"

namespace leakscope {

StripeInfo read_stripe_info(std::string_view head) {
  StripeInfo si;
  if (head.size() < 0xBC || head.substr(0, 4) != "TAPE") return si;
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < 16; ++i) {
    uint8_t c = static_cast<uint8_t>(head[0xA2 + i]);
    si.media_set_id += kHex[c >> 4];
    si.media_set_id += kHex[c & 15];
  }
  si.family_count = mtf::le16(head.data() + 0xB6);
  si.family_sequence = mtf::le16(head.data() + 0xBA);
  return si;
}

// The pages of one restorable state of the database: a full backup set,
// with the differential sets that follow it applied (later copies of a page
// replace earlier ones), or the pages of data files.
struct PageSet {
  mssql::PageStore store;
  uint64_t pages = 0;
  std::string backup_type;  // of the set that brought the first page
  int position = 1;         // 1-based, among the sets that hold pages
  int differentials = 0;    // differential sets applied
};

namespace {

// A PageSet's catalog. Encrypted pages (TDE) have plain headers and records
// that never parse: their catalog is not loaded at all (only the boot page
// is read), so no garbage becomes rows.
struct SetCatalog {
  mssql::Catalog catalog;
  bool loaded = false;
  bool encrypted = false;
  size_t checked = 0;  // catalog pages looked at for encryption
};

SetCatalog open_catalog(const PageSet& set, Reporter& rep,
                        const std::string& display) {
  SetCatalog c;
  if (set.pages == 0) return c;
  c.encrypted = mssql::catalog_pages_encrypted(set.store, &c.checked);
  if (c.encrypted)
    c.catalog.read_boot(set.store);
  else
    c.loaded = c.catalog.load(set.store, rep, display);
  return c;
}

}  // namespace

struct MssqlDatabaseReader::Impl {
  // Never empty; a backup file with several full sets (appended backups)
  // gets one PageSet per full set.
  std::vector<std::unique_ptr<PageSet>> sets;
  uint64_t not_pages = 0;
  uint64_t first_not_page = 0;
  size_t files_added = 0;  // add() calls so far (stripes of one media set)
  std::vector<Field> fields;
  Impl() { sets.push_back(std::make_unique<PageSet>()); }
};

MssqlDatabaseReader::MssqlDatabaseReader() : impl_(std::make_unique<Impl>()) {}
MssqlDatabaseReader::~MssqlDatabaseReader() = default;

void MssqlDatabaseReader::add_field(std::string name, std::string value) {
  impl_->fields.push_back({std::move(name), std::move(value)});
}

void MssqlDatabaseReader::add(const std::string& kind, const SourceRead& read,
                              const std::string& display, Reporter& rep,
                              const std::function<void()>& on_progress,
                              const std::string& plain_path) {
  Impl& m = *impl_;
  // This file's source index in the store of the set it is filling
  // (registered when the file's pages move on to a set).
  PageSet* source_set = nullptr;
  int source = -1;
  // The PageSet this file's pages go to: its k-th full set goes to the k-th
  // PageSet, so the files of a striped media set (each holding every set)
  // meet in the same PageSets.
  size_t current = 0;
  const bool first_file = m.files_added++ == 0;
  auto take = [&](std::string_view bytes, uint64_t offset, bool backup) {
    PageSet& set = *m.sets[current];
    if (&set != source_set) {
      source_set = &set;
      source = plain_path.empty() ? -1 : set.store.add_source(plain_path);
    }
    mssql::PageHeader h;
    std::string why;
    if (!mssql::parse_page_header(bytes, &h, &why)) {
      if (backup) {
        // Blocks of the data stream that are not pages: counted, reported once.
        if (m.not_pages++ == 0) m.first_not_page = offset;
      }
      return false;
    }
    try {
      if (source >= 0) {
        set.store.add_at_source(h, source, offset);
      } else {
        std::string page(bytes);
        mssql::undo_torn_bits(page, h);
        set.store.add(h, page);
      }
    } catch (const std::runtime_error& e) {
      rep.corruption(display, offset,
                     std::string("database page: ") + e.what());
      return false;
    }
    ++set.pages;
    return true;
  };
  uint64_t not_pages_before = m.not_pages;
  if (kind == "mssql_backup") {
    mtf::MtfCallbacks cb;
    uint64_t since = 0;
    // SSET attributes (the u32 after the common header): 0x8 differential.
    // A backup with no MSDA (data) block is a log backup. A file may hold
    // several sets, appended: a full set after one that brought pages (in
    // this file) moves on to the next PageSet; a differential set is
    // applied to the current one; a log set brings no pages.
    uint32_t sset_attributes = 0;
    int ssets = 0, set_of_last_page = 0;
    uint64_t pages_here = 0;  // this file's pages in m.sets[current]
    bool saw_sset = false, saw_msda = false, new_set_pending = false;
    cb.on_block = [&](const mtf::BlockInfo& b) {
      if (b.type == "SSET" && b.bytes.size() >= mtf::kCommonHeaderSize + 4) {
        saw_sset = true;
        ++ssets;
        sset_attributes = mtf::le32(b.bytes.data() + mtf::kCommonHeaderSize);
        new_set_pending =
            ssets > 1 && !(sset_attributes & mtf::kSsetDifferential);
      }
      if (b.type == "MSDA") saw_msda = true;
    };
    cb.on_page = [&](const mtf::StreamInfo&, uint64_t offset,
                     std::string_view page) {
      const bool differential = sset_attributes & mtf::kSsetDifferential;
      if (new_set_pending && pages_here > 0) {
        ++current;
        pages_here = 0;
      }
      new_set_pending = false;
      while (m.sets.size() <= current) {
        m.sets.push_back(std::make_unique<PageSet>());
        m.sets.back()->position = static_cast<int>(m.sets.size());
      }
      PageSet& set = *m.sets[current];
      if (set.pages == 0 && set.backup_type.empty())
        set.backup_type = differential ? "differential" : "full";
      else if (differential && set_of_last_page != ssets && first_file)
        ++set.differentials;
      set_of_last_page = ssets;
      ++pages_here;
      take(page, offset, true);
      if (on_progress && ++since % 256 == 0) on_progress();
    };
    mtf::MtfSummary s = mtf::read_mtf(read, cb, rep, display);
    if (!s.saw_tape)
      rep.corruption(display, 0, "no MTF TAPE block at the start");
    PageSet& last = *m.sets[current];
    if (last.backup_type.empty() && saw_sset)
      last.backup_type = (sset_attributes & mtf::kSsetDifferential)
                             ? "differential"
                         : saw_msda ? "full"
                                    : "log";
    if (ssets > 1)
      m.fields.push_back({"mtf.backup_sets", std::to_string(ssets)});
    if (!s.saw_eset)
      rep.corruption(display, s.bytes,
                     "no ESET block at the end: the backup is incomplete");
    m.fields.push_back({"mtf.blocks", std::to_string(s.blocks)});
    m.fields.push_back({"mtf.log_bytes", std::to_string(s.log_bytes)});
    if (m.not_pages > not_pages_before)
      rep.corruption(display, m.first_not_page,
                     std::to_string(m.not_pages - not_pages_before) +
                         " 8 KiB blocks of the data stream are not database "
                         "pages, the first "
                         "at this offset; skipped");
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
      // Space the file reserved but SQL Server never formatted holds
      // whatever the disk held before: not damage, but counted.
      if (!zero && !take(buf, offset, false)) ++unformatted;
      offset += got;
      if (on_progress && (offset >> 13) % 256 == 0) on_progress();
    }
    m.fields.push_back({"unformatted_pages", std::to_string(unformatted)});
    if (unformatted)
      rep.note(
          display,
          std::to_string(unformatted) +
              " 8 KiB blocks are not formatted pages (space never written)");
  }
}

void MssqlDatabaseReader::emit(RecordSink& sink, Reporter& rep,
                               const std::string& display, int64_t parent) {
  Impl& m = *impl_;
  for (const auto& set : m.sets) emit_set(*set, sink, rep, display, parent);
}

void MssqlDatabaseReader::emit_set(const PageSet& set, RecordSink& sink,
                                   Reporter& rep, const std::string& display,
                                   int64_t parent) {
  Impl& m = *impl_;
  // Set 1 keeps the plain locator; later sets of an appended file name
  // their position first.
  const std::string set_prefix =
      set.position > 1 ? "#set=" + std::to_string(set.position) + "/" : "#";
  SetCatalog opened = open_catalog(set, rep, display);
  const mssql::Catalog& catalog = opened.catalog;
  const bool encrypted = opened.encrypted;
  const bool have_catalog = opened.loaded;
  if (encrypted)
    rep.note(display,
             "database pages are encrypted (Transparent Data Encryption): "
             "none of the records of " +
                 std::to_string(opened.checked) +
                 " system catalog pages parse; the backup header and page "
                 "headers are recorded, tables and rows cannot be read "
                 "without the database encryption key");
  if (!have_catalog && set.backup_type == "differential")
    rep.note(
        display,
        "a differential backup carries only changed extents; without its base "
        "full backup the catalog may be missing");
  std::string dbname =
      catalog.database_name().empty() ? "unknown" : catalog.database_name();
  Item db;
  db.parent = parent;
  db.kind = kinds::kSqlDatabase;
  const std::string db_locator = display + set_prefix + "db=" + dbname;
  db.locator = db_locator;
  db.title = dbname;
  db.add("database", dbname);
  db.add("pages", std::to_string(set.pages));
  if (encrypted) db.add("encrypted", "true");
  if (catalog.database_version())
    db.add("database_version", std::to_string(catalog.database_version()));
  if (catalog.database_collation()) {
    std::string cname =
        mssql::describe_collation(catalog.database_collation()).name;
    if (!cname.empty()) db.add("collation", cname);
  }
  if (!set.backup_type.empty()) db.add("backup_type", set.backup_type);
  if (m.sets.size() > 1) {
    db.add("backup_set", std::to_string(set.position));
    db.add("backup_set_count", std::to_string(m.sets.size()));
  }
  if (set.differentials)
    db.add("differential_sets_applied", std::to_string(set.differentials));
  db.add("tables", std::to_string(catalog.user_tables().size()));
  for (auto& f : m.fields) db.fields.push_back(f);
  int64_t db_id = sink.emit(std::move(db));
  if (!have_catalog) return;
  for (const mssql::Table& t : catalog.user_tables()) {
    Item ti;
    ti.parent = db_id;
    ti.kind = kinds::kSqlTable;
    std::string qualified = t.schema + "." + t.name;
    ti.locator = db_locator + "/table=" + qualified;
    const std::string loc = ti.locator;
    ti.title = qualified;
    ti.add(fields::kDatabase, dbname);
    ti.add(fields::kSchema, t.schema);
    ti.add(fields::kTable, t.name);
    SqlTableSchema schema;
    schema.database = dbname;
    schema.schema = t.schema;
    schema.name = t.name;
    schema.declared_rows = t.declared_rows;
    for (const auto& c : t.columns) {
      SqlColumn col;
      col.name = c.name;
      col.sql_type = mssql::type_name(c.type);
      col.nullable = c.nullable;
      col.stored = c.stored;
      col.kind = sql_value_kind(c.type);
      schema.columns.push_back(std::move(col));
    }
    if (t.declared_rows >= 0)
      ti.add("declared_rows", std::to_string(t.declared_rows));
    if (t.compression)
      ti.add("compression", t.compression == 1 ? "row" : "page");
    ti.add("column_layout", t.layout_source);
    for (const auto& c : t.columns)
      if (!c.stored) ti.add("not_stored_column", c.name);
    int64_t table_id = sink.emit(std::move(ti));
    sink.begin_table(table_id, schema);
    // Per-row scratch, reused: the typed values and the bytes they point to.
    std::vector<SqlValue> values(schema.columns.size());
    std::vector<std::string> scratch(schema.columns.size());
    mssql::for_each_row(
        t, set.store, rep, loc,
        [&](const mssql::RowRef& ref, const std::vector<mssql::RowValue>& v) {
          SqlRowRef at;
          at.file = ref.page->file_id;
          at.page = ref.page->page_id;
          at.slot = ref.slot;
          at.state = !ref.deleted ? RowState::kLive
                     : ref.ghost  ? RowState::kGhost
                                  : RowState::kUnallocatedPage;
          size_t n = std::min(v.size(), values.size());
          for (size_t i = 0; i < n; ++i)
            values[i] = to_sql_value(schema.columns[i].kind, v[i], &scratch[i]);
          for (size_t i = n; i < values.size(); ++i) values[i] = SqlValue();
          sink.row(table_id, at, values);
        });
  }
}

bool MssqlDatabaseReader::decode_rows(Reporter& rep, const std::string& display,
                                      const RowVisitor& on_row) {
  Impl& m = *impl_;
  bool any = false;
  for (const auto& set : m.sets) {
    SetCatalog opened = open_catalog(*set, rep, display);
    if (!opened.loaded) continue;
    any = true;
    for (const mssql::Table& t : opened.catalog.user_tables())
      mssql::for_each_row(t, set->store, rep,
                          display + "#table=" + t.schema + "." + t.name,
                          on_row);
  }
  return any;
}

void parse_mssql(const std::string& kind, const SourceRead& read,
                 const std::string& display, RecordSink& sink, Reporter& rep,
                 const std::function<void()>& on_progress,
                 const std::string& plain_path, int64_t parent) {
  MssqlDatabaseReader reader;
  reader.add(kind, read, display, rep, on_progress, plain_path);
  reader.emit(sink, rep, display, parent);
}

}  // namespace leakscope

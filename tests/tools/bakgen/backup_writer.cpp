#include "backup_writer.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>

#include "compress.hpp"
#include "encode.hpp"
#include "mtf_writer.hpp"
#include "page_builder.hpp"

namespace leakscope::bakgen {

namespace {

// Pages with a fixed place: 0 file header, 1 PFS, 2 GAM, 3 SGAM, 6 DCM,
// 7 BCM, 9 boot; a PFS page every 8088 pages; GAM, SGAM, DCM, BCM again
// every 511232 pages (at +0, +1, +6, +7).
constexpr uint32_t kPfsInterval = 8088;
constexpr uint32_t kGamInterval = 511232;
constexpr uint32_t kBootPageId = 9;
constexpr uint64_t kSystemUnit = 99ull << 16;  // allocation pages' m_objId 99

constexpr uint8_t kPfsAllocated = 0x40, kPfsMixed = 0x20, kPfsIam = 0x10,
                  kPfsGhosts = 0x08;

// System table object ids and their rowsets / allocation units.
constexpr int32_t kSysRowsets = 5, kSysAllocUnits = 7, kSysSchObjs = 34,
                  kSysColPars = 41, kSysClsObjs = 64;

uint32_t gam_interval_start(uint32_t k) { return k * kGamInterval; }

bool extent_reserved(uint32_t e) {
  // Extents 0 and 1 (pages 0-15: allocation pages, boot page), the extents
  // of later PFS pages and of later GAM intervals' first pages.
  return e <= 1 || e % (kPfsInterval / 8) == 0 || e % (kGamInterval / 8) == 0;
}

std::string hex_of(std::string_view b) {
  static const char* k = "0123456789ABCDEF";
  std::string s = "0x";
  for (unsigned char c : b) {
    s.push_back(k[c >> 4]);
    s.push_back(k[c & 15]);
  }
  return s;
}

// binary(6) page pointer: page u32, file u16.
std::string page_pointer(uint32_t page) {
  std::string b;
  put32(b, page);
  put16(b, page ? kFileId : 0);
  return hex_of(b);
}

std::string datetime_text(const CivilTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.year,
                t.month, t.day, t.hour, t.minute, t.second);
  return buf;
}

bool is_character(uint8_t x) {
  return x == kChar || x == kVarChar || x == kText || x == kNChar ||
         x == kNVarChar || x == kNText;
}

struct Unit {
  uint64_t id = 0;
  uint8_t type = 1;    // sysallocunits.type: 1 in-row data, 2 LOB data
  uint64_t owner = 0;  // rowset
  std::vector<uint32_t> extents;  // first page of each extent, in order
  uint32_t used_in_extent = 8;
  std::deque<uint32_t> reserved;  // ids handed out before new ones
  uint32_t first_page = 0, root_page = 0;
  uint64_t data_pages = 0, index_pages = 0;
  std::vector<uint32_t> iam_pages;
};

struct TableState {
  TableSpec spec;
  PageContext page_ctx;  // PAGE compression: the current data page's
  Layout layout;
  bool system = false;
  uint64_t rowset = 0;
  size_t in_row = 0;
  size_t lob = SIZE_MAX;
  uint16_t pminlen = 0;
  size_t key_bytes = 0;
  PageBuilder data, forward, lob_page, overflow_page;
  size_t overflow = SIZE_MAX;  // ROW_OVERFLOW_DATA unit (type 3), if any
  uint32_t last_leaf = 0;
  // Clustered: the first key of every leaf page, and the page.
  std::string leaf_keys;
  std::vector<uint32_t> leaf_pages;
  uint64_t live_rows = 0;
  bool closed = false;
};

}  // namespace

struct BackupWriter::Impl {
  DatabaseSpec db;
  OutputFormat format;
  Output out;
  std::unique_ptr<MtfWriter> mtf;
  WriterStats stats;
  bool finished = false;

  std::deque<Unit> units;
  std::vector<std::unique_ptr<TableState>> tables;
  std::map<std::string, int32_t> schemas = {
      {"dbo", 1}, {"guest", 2}, {"INFORMATION_SCHEMA", 3}, {"sys", 4}};
  std::set<int32_t> object_ids;
  std::set<std::string> table_names;
  int32_t next_object = 245575913;
  uint32_t next_hobt = 10;
  uint64_t next_blob = 0x0000000173A40000ull;

  // Allocation state.
  uint32_t next_extent = 2;
  std::vector<uint8_t> extent_kind;  // 0 free, 1 uniform, 2 mixed
  uint32_t mixed_base = 0, mixed_used = 8;
  std::vector<uint8_t> pfs;  // one byte per page
  std::set<uint32_t> written_special;

  size_t sys_allocunits = 0, sys_rowsets = 0, sys_schobjs = 0, sys_colpars = 0,
         sys_clsobjs = 0;

  Impl(const std::string& path, const DatabaseSpec& d, OutputFormat f)
      : db(d), format(f), out(path) {}

  // ---- allocation ----
  uint8_t& pfs_of(uint32_t page) {
    if (pfs.size() <= page)
      pfs.resize(std::max<size_t>(page + 1, pfs.size() * 3 / 2), 0);
    return pfs[page];
  }
  uint32_t new_extent(uint8_t kind) {
    while (extent_reserved(next_extent)) ++next_extent;
    uint32_t e = next_extent++;
    if (extent_kind.size() <= e) extent_kind.resize(e + 1024, 0);
    extent_kind[e] = kind;
    return e;
  }
  uint32_t alloc(Unit& u) {
    uint32_t page;
    if (!u.reserved.empty()) {
      page = u.reserved.front();
      u.reserved.pop_front();
      return page;
    }
    if (u.used_in_extent == 8) {
      u.extents.push_back(new_extent(1) * 8);
      u.used_in_extent = 0;
    }
    page = u.extents.back() + u.used_in_extent++;
    pfs_of(page) |= kPfsAllocated;
    return page;
  }
  uint32_t alloc_mixed() {
    if (mixed_used == 8) {
      mixed_base = new_extent(2) * 8;
      mixed_used = 0;
    }
    uint32_t page = mixed_base + mixed_used++;
    pfs_of(page) |= kPfsAllocated | kPfsMixed;
    return page;
  }
  uint32_t file_pages() const { return next_extent * 8; }

  // ---- output ----
  void write_page(uint32_t id, std::string_view bytes) {
    if (format == OutputFormat::kBackup)
      mtf->page(bytes);
    else
      out.write_at(static_cast<uint64_t>(id) * kPageSize, bytes);
    ++stats.pages;
  }
  // Emits a page built with PageBuilder, noting its fullness in PFS.
  void emit(PageBuilder& pb) {
    uint32_t id = pb.id();
    size_t used = pb.used();
    uint8_t full = used == 0                 ? 0
                   : used * 100 <= 50 * 8096 ? 1
                   : used * 100 <= 80 * 8096 ? 2
                   : used * 100 <= 95 * 8096 ? 3
                                             : 4;
    uint8_t& b = pfs_of(id);
    b = static_cast<uint8_t>((b & ~7u) | full);
    if (pb.ghosts()) b |= kPfsGhosts;
    write_page(id, pb.finish());
    pb.clear();
  }
  // A page of allocation records (PFS, GAM, SGAM, DCM, BCM, IAM).
  void emit_allocation_page(uint8_t type, uint32_t id, uint64_t unit,
                            const std::vector<std::string>& records,
                            uint32_t prev = 0, uint32_t next = 0) {
    PageBuilder pb;
    pb.start(type, id, unit);
    if (records.size() == 2) pb.set_pminlen(90);
    pb.set_prev(prev);
    pb.set_next(next);
    for (const auto& r : records) pb.add(r);
    uint8_t& b = pfs_of(id);
    b = static_cast<uint8_t>(b | kPfsAllocated | 4);
    write_page(id, pb.finish());
  }
  // The two records of GAM-like pages: a header, then the extent bitmap.
  static std::vector<std::string> bitmap_page_records(std::string_view header,
                                                      std::string bitmap) {
    bitmap.resize(7988, '\0');
    std::string h(header);
    h.resize(90, '\0');
    return {allocation_record(h), allocation_record(bitmap)};
  }

  // ---- tables ----
  Unit& new_unit(uint64_t id, uint8_t type, uint64_t owner) {
    units.emplace_back();
    Unit& u = units.back();
    u.id = id;
    u.type = type;
    u.owner = owner;
    return u;
  }
  uint64_t new_hobt() { return unit_id(256, next_hobt++); }

  size_t add_table(TableSpec spec, bool system, uint64_t rowset,
                   uint64_t in_row_unit) {
    if (spec.name.empty()) throw std::invalid_argument("a table needs a name");
    auto bad = [&](const std::string& why) {
      throw std::invalid_argument("table " + spec.schema + "." + spec.name +
                                  ": " + why);
    };
    if (spec.columns.empty()) bad("no columns");
    if (spec.columns.size() > 1024) bad("more than 1024 columns");
    if (!system && (spec.schema == "sys" || spec.schema.empty()))
      bad("schema must be given and not be sys");
    if (!table_names.insert(spec.schema + "." + spec.name).second)
      bad("defined twice");
    std::set<std::string> names;
    for (Column& c : spec.columns) {
      if (c.name.empty()) bad("a column without a name");
      if (!names.insert(c.name).second) bad("column " + c.name + " twice");
      if (!c.xtype) bad("column " + c.name + " has no type");
      if (!c.collation && is_character(c.xtype)) c.collation = db.collation;
    }
    auto st = std::make_unique<TableState>();
    if (spec.clustered) {
      if (spec.key.empty()) bad("a clustered index needs key columns");
      for (size_t k : spec.key) {
        if (k >= spec.columns.size()) bad("key column out of range");
        const Column& c = spec.columns[k];
        if (!c.fixed() || c.xtype == kBit || c.nullable)
          bad("key column " + c.name +
              " must be fixed-length, not bit, and NOT NULL");
        st->key_bytes += c.fixed_size();
      }
    }
    if (!system) {
      if (spec.object_id == 0) {
        while (object_ids.count(next_object)) next_object += 16048057;
        spec.object_id = next_object;
        next_object += 16048057;
      }
      if (spec.object_id < 100 || object_ids.count(spec.object_id))
        bad("object id " + std::to_string(spec.object_id) +
            " is taken or reserved (< 100)");
      if (!schemas.count(spec.schema)) {
        int32_t id = 5;
        for (const auto& [n, i] : schemas) id = std::max(id, i + 1);
        schemas[spec.schema] = id;
      }
      rowset = new_hobt();
      in_row_unit = new_hobt();
    }
    object_ids.insert(spec.object_id);
    st->system = system;
    st->layout = Layout(spec.columns);
    st->pminlen = static_cast<uint16_t>(4 + st->layout.fixed_bytes);
    st->rowset = rowset;
    st->in_row = units.size();
    new_unit(in_row_unit, 1, rowset);
    // LOB_DATA for text/ntext/image and (max) values; ROW_OVERFLOW_DATA
    // for variable values moved off long rows (user tables only).
    bool lob = std::any_of(
        spec.columns.begin(), spec.columns.end(), [&](const Column& c) {
          return c.off_row() || (!system && c.length < 0 && !c.fixed());
        });
    bool overflow =
        !system && std::any_of(spec.columns.begin(), spec.columns.end(),
                               [](const Column& c) { return !c.fixed(); });
    if (lob) {
      st->lob = units.size();
      new_unit(new_hobt(), 2, rowset);
    }
    if (overflow) {
      st->overflow = units.size();
      new_unit(new_hobt(), 3, rowset);
    }
    st->spec = std::move(spec);
    tables.push_back(std::move(st));
    return tables.size() - 1;
  }

  // Makes room for a record of n bytes on the table's current page.
  void room(TableState& t, size_t n) {
    if (t.data.started() && t.data.fits(n)) return;
    Unit& u = units[t.in_row];
    uint32_t id = alloc(u);
    uint32_t prev = 0;
    if (t.data.started()) {
      prev = t.data.id();
      if (t.spec.clustered) t.data.set_next(id);
      emit(t.data);
      ++u.data_pages;
    }
    t.data.start(kDataPage, id, u.id);
    t.data.set_pminlen(t.pminlen);
    if (t.spec.clustered) t.data.set_prev(prev);
    if (!u.first_page) u.first_page = id;
  }

  // Places a blob fragment on the table's LOB pages; returns page << 16 |
  // slot.
  uint64_t place_lob(TableState& t, const std::string& record,
                     bool row_overflow = false) {
    Unit& u = units[row_overflow ? t.overflow : t.lob];
    PageBuilder& pb = row_overflow ? t.overflow_page : t.lob_page;
    if (!pb.started() || !pb.fits(record.size())) {
      if (pb.started()) {
        emit(pb);
        ++u.data_pages;
      }
      uint32_t id = alloc(u);
      pb.start(kTextMixPage, id, u.id);
      if (!u.first_page) u.first_page = id;
    }
    uint16_t slot = pb.add(record);
    return (static_cast<uint64_t>(pb.id()) << 16) | slot;
  }

  static std::string blob_header(uint64_t blob, uint16_t type, size_t length) {
    std::string r;
    r.push_back(static_cast<char>(kBlobFragment << 1));
    r.push_back(0);
    put16(r, static_cast<uint16_t>(length));
    put64(r, blob);
    put16(r, type);
    return r;
  }

  // Writes an off-row value; returns the 16-byte text pointer.
  std::string write_lob(TableState& t, const Column& c,
                        const std::string& bytes) {
    if (bytes.size() > kMaxLobBytes)
      throw std::invalid_argument(
          "column " + c.name + ": off-row values larger than " +
          std::to_string(kMaxLobBytes) + " bytes are not written");
    uint64_t blob = next_blob++;
    uint64_t where;
    constexpr size_t kChunk = 8000;
    if (bytes.size() <= kChunk) {
      // SMALL_ROOT: length, 6 bytes, the data.
      std::string r = blob_header(blob, 0, 14 + 8 + bytes.size());
      put16(r, static_cast<uint16_t>(bytes.size()));
      r.append(6, '\0');
      r += bytes;
      where = place_lob(t, r);
    } else {
      // DATA fragments, then a LARGE_ROOT_YUKON that links them.
      std::string links;
      size_t n = 0;
      for (size_t at = 0; at < bytes.size(); at += kChunk, ++n) {
        size_t len = std::min(kChunk, bytes.size() - at);
        std::string r = blob_header(blob, 3, 14 + len);
        r.append(bytes, at, len);
        uint64_t p = place_lob(t, r);
        put32(links, static_cast<uint32_t>(at + len));  // cumulative size
        put32(links, static_cast<uint32_t>(p >> 16));
        put16(links, kFileId);
        put16(links, static_cast<uint16_t>(p & 0xFFFF));
      }
      std::string r = blob_header(blob, 5, 14 + 10 + links.size());
      put16(r, static_cast<uint16_t>(std::max<size_t>(n, 5)));  // maxlinks
      put16(r, static_cast<uint16_t>(n));                       // curlinks
      put16(r, 0);                                              // level
      r.append(4, '\0');
      r += links;
      where = place_lob(t, r);
    }
    ++stats.lob_values;
    std::string ptr;
    put64(ptr, blob);  // the timestamp part of the text pointer
    put32(ptr, static_cast<uint32_t>(where >> 16));
    put16(ptr, kFileId);
    put16(ptr, static_cast<uint16_t>(where & 0xFFFF));
    return ptr;
  }

  // A value moved off-row as DATA fragments on the table's LOB pages, and
  // the in-row pointer to them: `kind` 2 (row-overflow, varchar(n) etc.)
  // or 4 (inline root of a (max) value): u16 kind, u8 level 0, u8 0,
  // u32 update sequence, u32 timestamp, then per fragment (cumulative size
  // u32, page u32, file u16, slot u16).
  std::string write_pointer(TableState& t, const std::string& bytes,
                            uint16_t kind) {
    uint64_t blob = next_blob++;
    constexpr size_t kChunk = 8000;
    std::string ptr;
    put16(ptr, kind);
    ptr.push_back(0);
    ptr.push_back(0);
    put32(ptr, 0);
    put32(ptr, static_cast<uint32_t>(blob));
    for (size_t at = 0; at < bytes.size(); at += kChunk) {
      size_t len = std::min(kChunk, bytes.size() - at);
      std::string r = blob_header(blob, 3, 14 + len);
      r.append(bytes, at, len);
      uint64_t p = place_lob(t, r, kind == 2);
      put32(ptr, static_cast<uint32_t>(at + len));
      put32(ptr, static_cast<uint32_t>(p >> 16));
      put16(ptr, kFileId);
      put16(ptr, static_cast<uint16_t>(p & 0xFFFF));
    }
    ++stats.lob_values;
    return ptr;
  }

  void add_row(size_t ti, const Row& row, RowState state) {
    if (finished) throw std::logic_error("add_row after finish");
    if (ti >= tables.size()) throw std::invalid_argument("no such table");
    TableState& t = *tables[ti];
    const auto& cols = t.spec.columns;
    auto bad = [&](const std::string& why) {
      throw std::invalid_argument("table " + t.spec.schema + "." + t.spec.name +
                                  ": " + why);
    };
    if (t.closed) bad("rows added after the table was closed");
    if (row.size() != cols.size())
      bad(std::to_string(row.size()) + " values for " +
          std::to_string(cols.size()) + " columns");
    if (state == RowState::kForwarded && t.spec.clustered)
      bad("forwarded records exist in heaps only");
    if (t.spec.compression > 2) bad("compression is 0, 1 (ROW) or 2 (PAGE)");
    for (const Column& c : cols)
      if (c.sparse && (c.off_row() || t.spec.compression))
        bad("sparse column " + c.name +
            " is text/ntext/image or in a compressed table");
    if (t.spec.compression && state == RowState::kForwarded)
      bad("compressed tables are written without forwarded rows");
    std::vector<std::optional<std::string>> values(cols.size());
    for (size_t i = 0; i < cols.size(); ++i) {
      if (!row[i]) {
        if (!cols[i].nullable) bad("NULL in NOT NULL column " + cols[i].name);
        continue;
      }
      values[i] = encode_value(cols[i], *row[i]);
    }
    // Off-row values after the row's own checks, so that a bad row leaves
    // nothing behind.
    uint8_t type = state == RowState::kGhost       ? kGhostDataRecord
                   : state == RowState::kForwarded ? kForwardedRecord
                                                   : kPrimaryRecord;
    std::optional<uint64_t> back;
    if (state == RowState::kForwarded) back = 0;
    // Values that go off-row: (max) values over 8000 bytes always; then,
    // while the row is too long for a page, the longest variable value
    // over 24 bytes (row-overflow, or off-row (max)).
    std::vector<uint16_t> pointer_kind(cols.size(), 0);
    {
      std::vector<std::optional<std::string>> probe = values;
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i].off_row() && probe[i]) probe[i] = std::string(16, '\0');
        if (!t.spec.compression && cols[i].length < 0 && !cols[i].off_row() &&
            probe[i] && probe[i]->size() > 8000) {
          pointer_kind[i] = 4;
          probe[i] =
              std::string(12 + 12 * ((probe[i]->size() + 7999) / 8000), '\0');
        }
      }
      size_t size = build_record(cols, t.layout, probe, type, back).size();
      while (size > kMaxRecord && !t.spec.compression) {
        size_t best = cols.size();
        for (size_t i = 0; i < cols.size(); ++i)
          if (!cols[i].fixed() && !cols[i].off_row() && !cols[i].sparse &&
              !pointer_kind[i] && probe[i] && probe[i]->size() > 24 &&
              (best == cols.size() || probe[i]->size() > probe[best]->size()))
            best = i;
        if (best == cols.size()) break;
        pointer_kind[best] = cols[best].length < 0 ? 4 : 2;
        probe[best] =
            std::string(12 + 12 * ((probe[best]->size() + 7999) / 8000), '\0');
        size = build_record(cols, t.layout, probe, type, back).size();
      }
      if (size > kMaxRecord)
        bad("a row of " + std::to_string(size) + " bytes; at most " +
            std::to_string(kMaxRecord) + " fit a page");
    }
    for (size_t i = 0; i < cols.size(); ++i)
      if (cols[i].off_row() && values[i])
        values[i] = write_lob(t, cols[i], *values[i]);
    std::vector<bool> complex(cols.size(), false);
    for (size_t i = 0; i < cols.size(); ++i)
      if (pointer_kind[i]) {
        values[i] = write_pointer(t, *values[i], pointer_kind[i]);
        complex[i] = true;
      }
    Unit& u = units[t.in_row];
    if (state == RowState::kForwarded) {
      // The stub stays here; the record goes to a page of its own.
      room(t, 9);
      uint64_t stub =
          (static_cast<uint64_t>(t.data.id()) << 16) | t.data.slots();
      std::string rec =
          build_record(cols, t.layout, values, type, stub, complex);
      if (!t.forward.started() || !t.forward.fits(rec.size())) {
        if (t.forward.started()) {
          emit(t.forward);
          ++u.data_pages;
        }
        t.forward.start(kDataPage, alloc(u), u.id);
        t.forward.set_pminlen(t.pminlen);
      }
      uint16_t slot = t.forward.add(rec);
      t.data.add(forwarding_stub(t.forward.id(), slot));
    } else {
      std::string rec;
      if (t.spec.compression) {
        std::vector<CdCell> cells;
        for (size_t i = 0; i < cols.size(); ++i) {
          if (cols[i].off_row()) bad("text/ntext/image in a compressed table");
          cells.push_back(row_compress(cols[i], values[i]));
        }
        uint8_t kind = state == RowState::kGhost ? 3 : 0;
        if (t.spec.compression == 2) {
          // A page's first row is its anchor and fills its dictionary.
          if (t.data.started())
            rec = build_cd_record(page_compress(cells, t.page_ctx), kind);
          if (!t.data.started() || !t.data.fits(rec.size())) {
            room(t, kPageSize);
            t.page_ctx = page_context(cells);
            t.data.set_compression_info(build_compression_info(t.page_ctx));
            rec = build_cd_record(page_compress(cells, t.page_ctx), kind);
          }
        } else {
          rec = build_cd_record(cells, kind);
        }
      } else {
        rec = build_record(cols, t.layout, values, type, back, complex);
      }
      room(t, rec.size());
      if (t.spec.clustered && t.data.slots() == 0) {
        for (size_t k : t.spec.key) t.leaf_keys += *values[k];
        t.leaf_pages.push_back(t.data.id());
      }
      t.data.add(rec);
      if (state == RowState::kGhost) t.data.count_ghost();
    }
    if (state != RowState::kGhost) ++t.live_rows;
    if (!t.system) ++stats.records;
  }

  // Index pages above a clustered table's leaf level; returns the root.
  uint32_t build_index(TableState& t) {
    Unit& u = units[t.in_row];
    std::string keys = t.leaf_keys;
    std::vector<uint32_t> pages = t.leaf_pages;
    if (pages.empty()) return 0;
    uint8_t level = 0;
    size_t kb = t.key_bytes;
    while (pages.size() > 1) {
      ++level;
      std::string up_keys;
      std::vector<uint32_t> up_pages;
      PageBuilder pb;
      for (size_t i = 0; i < pages.size(); ++i) {
        std::string r;
        r.push_back(static_cast<char>(kIndexRecord << 1));
        r.append(keys, i * kb, kb);
        put32(r, pages[i]);
        put16(r, kFileId);
        if (!pb.started() || !pb.fits(r.size())) {
          uint32_t id = alloc(u);
          if (pb.started()) {
            pb.set_next(id);
            uint32_t prev = pb.id();
            emit(pb);
            ++u.index_pages;
            pb.start(kIndexPage, id, u.id, level);
            pb.set_prev(prev);
          } else {
            pb.start(kIndexPage, id, u.id, level);
          }
          pb.set_pminlen(static_cast<uint16_t>(1 + kb + 6));
          up_keys.append(keys, i * kb, kb);
          up_pages.push_back(id);
        }
        pb.add(r);
      }
      emit(pb);
      ++u.index_pages;
      keys = std::move(up_keys);
      pages = std::move(up_pages);
    }
    return pages[0];
  }

  // Pages the sysallocunits table will take for `rows` rows: leaf pages,
  // then index pages, as build_index() allocates them.
  static std::vector<size_t> sysallocunits_pages(size_t rows) {
    const size_t leaf_per_page = (kPageSize - kHeaderSize) / (73 + 2);
    const size_t index_per_page = (kPageSize - kHeaderSize) / (15 + 2);
    std::vector<size_t> levels = {
        std::max<size_t>(1, (rows + leaf_per_page - 1) / leaf_per_page)};
    while (levels.back() > 1)
      levels.push_back((levels.back() + index_per_page - 1) / index_per_page);
    return levels;
  }

  void close_table(TableState& t) {
    if (t.closed) return;
    Unit& u = units[t.in_row];
    if (t.data.started()) {
      emit(t.data);
      ++u.data_pages;
    }
    if (t.forward.started()) {
      emit(t.forward);
      ++u.data_pages;
    }
    if (t.lob != SIZE_MAX && t.lob_page.started()) {
      emit(t.lob_page);
      ++units[t.lob].data_pages;
    }
    if (t.overflow != SIZE_MAX && t.overflow_page.started()) {
      emit(t.overflow_page);
      ++units[t.overflow].data_pages;
    }
    if (t.spec.clustered) u.root_page = build_index(t);
    t.leaf_keys.clear();
    t.leaf_keys.shrink_to_fit();
    t.leaf_pages = {};
    t.closed = true;
  }

  // ---- catalog ----
  size_t system_table(int32_t id, const char* name, std::vector<Column> columns,
                      std::vector<size_t> key, uint64_t rowset) {
    TableSpec s;
    s.schema = "sys";
    s.name = name;
    s.columns = std::move(columns);
    s.clustered = true;
    s.key = std::move(key);
    s.object_id = id;
    return add_table(std::move(s), true, rowset, rowset);
  }

  void define_system_tables() {
    auto nn = [](const char* n, const char* type) {
      return Column(n, std::string(type) + " NOT NULL");
    };
    uint64_t one = 1ull << 48;
    sys_rowsets = system_table(
        kSysRowsets, "sysrowsets",
        {nn("rowsetid", "bigint"), nn("ownertype", "tinyint"),
         nn("idmajor", "int"), nn("idminor", "int"), nn("numpart", "int"),
         nn("status", "int"), nn("fgidfs", "smallint"), nn("rcrows", "bigint"),
         nn("cmprlevel", "tinyint"), nn("fillfact", "tinyint"),
         nn("maxnullbit", "smallint"), nn("maxleaf", "int"),
         nn("maxint", "smallint"), nn("minleaf", "smallint"),
         nn("minint", "smallint"), Column("rsguid", "varbinary(16)"),
         Column("lockres", "varbinary(8)"), Column("scope_id", "int")},
        {0}, unit_id(0, kSysRowsets));
    sys_allocunits = system_table(
        kSysAllocUnits, "sysallocunits",
        {nn("auid", "bigint"), nn("type", "tinyint"), nn("ownerid", "bigint"),
         nn("status", "int"), nn("fgid", "smallint"),
         nn("pgfirst", "binary(6)"), nn("pgroot", "binary(6)"),
         nn("pgfirstiam", "binary(6)"), nn("pcused", "bigint"),
         nn("pcdata", "bigint"), nn("pcreserved", "bigint")},
        {0}, unit_id(0, kSysAllocUnits));
    Column type_col = nn("type", "char(2)");
    type_col.collation = 0x1008;  // as SQL Server declares these columns
    sys_schobjs =
        system_table(kSysSchObjs, "sysschobjs",
                     {nn("id", "int"), nn("name", "sysname"), nn("nsid", "int"),
                      nn("nsclass", "tinyint"), nn("status", "int"), type_col,
                      nn("pid", "int"), nn("pclass", "tinyint"),
                      nn("intprop", "int"), nn("created", "datetime"),
                      nn("modified", "datetime"), nn("status2", "int")},
                     {0}, one | unit_id(0, kSysSchObjs));
    sys_colpars = system_table(
        kSysColPars, "syscolpars",
        {nn("id", "int"), nn("number", "smallint"), nn("colid", "int"),
         Column("name", "sysname"), nn("xtype", "tinyint"), nn("utype", "int"),
         nn("length", "smallint"), nn("prec", "tinyint"),
         nn("scale", "tinyint"), nn("collationid", "int"), nn("status", "int"),
         nn("maxinrow", "smallint"), nn("xmlns", "int"), nn("dflt", "int"),
         nn("chk", "int"), Column("idtval", "varbinary(64)")},
        {0, 1, 2}, one | unit_id(0, kSysColPars));
    sys_clsobjs = system_table(
        kSysClsObjs, "sysclsobjs",
        {nn("class", "tinyint"), nn("id", "int"), nn("name", "sysname"),
         nn("status", "int"), type_col, nn("intprop", "int"),
         nn("created", "datetime"), nn("modified", "datetime")},
        {0, 1}, one | unit_id(0, kSysClsObjs));
  }

  void write_catalog() {
    std::string when = datetime_text(db.created);
    auto s = [](auto v) -> Cell { return std::to_string(v); };
    // Schemas.
    {
      std::vector<std::pair<int32_t, std::string>> rows;
      for (const auto& [name, id] : schemas) rows.emplace_back(id, name);
      std::sort(rows.begin(), rows.end());
      for (const auto& [id, name] : rows)
        add_row(
            sys_clsobjs,
            {s(50), s(id), name, s(0), std::string(2, '\0'), s(0), when, when},
            RowState::kLive);
    }
    // Objects: system tables, user tables, their primary keys.
    {
      struct Obj {
        int32_t id;
        std::string name, type;
        int32_t nsid, pid, status, intprop;
      };
      std::vector<Obj> objs;
      for (const auto& t : tables) {
        const TableSpec& sp = t->spec;
        int32_t cols = static_cast<int32_t>(sp.columns.size());
        if (t->system) {
          objs.push_back({sp.object_id, sp.name, "S ", 4, 0, 0xE0001, cols});
          continue;
        }
        int32_t ns = schemas[sp.schema];
        objs.push_back({sp.object_id, sp.name, "U ", ns, 0, 0xE0000, cols});
        if (sp.clustered) {
          while (object_ids.count(next_object)) next_object += 16048057;
          int32_t pk = next_object;
          object_ids.insert(pk);
          objs.push_back({pk, "PK_" + sp.name, "PK", ns, sp.object_id, 0, 0});
        }
      }
      std::sort(objs.begin(), objs.end(),
                [](const Obj& a, const Obj& b) { return a.id < b.id; });
      for (const Obj& o : objs)
        add_row(sys_schobjs,
                {s(o.id), o.name, s(o.nsid), s(0), s(o.status), o.type,
                 s(o.pid), s(1), s(o.intprop), when, when, s(0)},
                RowState::kLive);
    }
    // Columns of every table.
    {
      std::vector<std::pair<int32_t, size_t>> order;
      for (size_t i = 0; i < tables.size(); ++i)
        order.emplace_back(tables[i]->spec.object_id, i);
      std::sort(order.begin(), order.end());
      for (const auto& [id, i] : order) {
        const auto& cols = tables[i]->spec.columns;
        for (size_t c = 0; c < cols.size(); ++c) {
          const Column& col = cols[c];
          int32_t status = (col.nullable ? 0 : 1) |
                           (is_character(col.xtype) || !col.fixed() ? 2 : 0) |
                           (col.sparse ? 0x1000000 : 0);
          add_row(sys_colpars,
                  {s(id), s(0), s(c + 1), col.name, s(col.xtype),
                   s(col.utype ? col.utype : col.xtype), s(col.length),
                   s(col.precision), s(col.scale),
                   s(static_cast<int32_t>(col.collation)), s(status),
                   s(col.length < 0 ? 8000 : col.length), s(0), s(0), s(0),
                   std::nullopt},
                  RowState::kLive);
        }
      }
    }
    for (size_t i : {sys_clsobjs, sys_schobjs, sys_colpars})
      close_table(*tables[i]);
    // Rowsets: one per table (its heap or clustered index).
    {
      std::vector<std::pair<uint64_t, size_t>> order;
      for (size_t i = 0; i < tables.size(); ++i)
        order.emplace_back(tables[i]->rowset, i);
      std::sort(order.begin(), order.end());
      for (const auto& [rowset, i] : order) {
        const TableState& t = *tables[i];
        int64_t rows = static_cast<int64_t>(t.live_rows);
        if (i == sys_rowsets) rows = static_cast<int64_t>(tables.size());
        if (i == sys_allocunits) rows = static_cast<int64_t>(units.size());
        add_row(sys_rowsets,
                {s(static_cast<int64_t>(rowset)), s(1), s(t.spec.object_id),
                 s(t.spec.clustered ? 1 : 0), s(1), s(0), s(0), s(rows),
                 s(t.spec.compression), s(0), s(t.spec.columns.size()),
                 s(t.pminlen), s(0), s(t.pminlen), s(0), std::nullopt,
                 std::nullopt, std::nullopt},
                RowState::kLive);
      }
      close_table(*tables[sys_rowsets]);
    }
    // Allocation units. Their own pages are allocated first, so that every
    // row (their own included) can say where its unit's pages are.
    Unit& au = units[tables[sys_allocunits]->in_row];
    std::vector<size_t> levels = sysallocunits_pages(units.size());
    std::vector<uint32_t> reserved;
    for (size_t n : levels)
      for (size_t k = 0; k < n; ++k) reserved.push_back(alloc(au));
    au.reserved.assign(reserved.begin(), reserved.end());
    au.first_page = reserved.front();
    au.root_page = reserved.back();
    au.data_pages = levels[0];
    au.index_pages = reserved.size() - levels[0];
    for (Unit& u : units) {
      std::set<uint32_t> intervals;
      for (uint32_t e : u.extents) intervals.insert(e / kGamInterval);
      for (size_t k = 0; k < intervals.size(); ++k) {
        uint32_t p = alloc_mixed();
        pfs_of(p) |= kPfsIam;
        u.iam_pages.push_back(p);
      }
    }
    {
      std::vector<size_t> order(units.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(),
                [&](size_t a, size_t b) { return units[a].id < units[b].id; });
      for (size_t i : order) {
        const Unit& u = units[i];
        uint64_t iam = u.iam_pages.size();
        uint64_t used = u.data_pages + u.index_pages + iam;
        add_row(sys_allocunits,
                {s(static_cast<int64_t>(u.id)), s(u.type),
                 s(static_cast<int64_t>(u.owner)), s(0), s(1),
                 page_pointer(u.first_page), page_pointer(u.root_page),
                 page_pointer(iam ? u.iam_pages[0] : 0), s(used),
                 s(u.data_pages), s(u.extents.size() * 8 + iam)},
                RowState::kLive);
      }
    }
    // The prediction must hold: every reserved page was used, and no more.
    TableState& at = *tables[sys_allocunits];
    if (at.data.started()) {
      emit(at.data);
      ++au.data_pages;
    }
    au.data_pages = levels[0];
    uint32_t root = build_index(at);
    at.closed = true;
    if (!au.reserved.empty() || root != au.root_page)
      throw std::logic_error("sysallocunits took other pages than foreseen");
  }

  void write_iam_pages() {
    for (const Unit& u : units) {
      std::vector<uint32_t> intervals;
      for (uint32_t e : u.extents) {
        uint32_t k = e / kGamInterval;
        if (intervals.empty() || intervals.back() != k) intervals.push_back(k);
      }
      std::sort(intervals.begin(), intervals.end());
      intervals.erase(std::unique(intervals.begin(), intervals.end()),
                      intervals.end());
      for (size_t i = 0; i < intervals.size(); ++i) {
        uint32_t start = gam_interval_start(intervals[i]);
        std::string header(90, '\0');
        set32(header, 0, static_cast<uint32_t>(i));  // sequence number
        set32(header, 36, start);                    // start page
        set16(header, 40, kFileId);
        std::string bitmap(7988, '\0');
        for (uint32_t e : u.extents) {
          if (e / kGamInterval != intervals[i]) continue;
          uint32_t bit = (e - start) / 8;
          bitmap[bit / 8] =
              static_cast<char>(bitmap[bit / 8] | (1 << (bit % 8)));
        }
        emit_allocation_page(
            kIamPage, u.iam_pages[i], u.id, bitmap_page_records(header, bitmap),
            i ? u.iam_pages[i - 1] : 0,
            i + 1 < u.iam_pages.size() ? u.iam_pages[i + 1] : 0);
      }
    }
  }

  void write_allocation_pages(bool first_interval_only) {
    uint32_t pages = file_pages();
    if (extent_kind.size() < next_extent) extent_kind.resize(next_extent, 0);
    for (uint32_t k = 0; k * kGamInterval < pages; ++k) {
      uint32_t start = gam_interval_start(k);
      if (first_interval_only && k > 0) break;
      std::string gam(7988, '\0'), sgam(7988, '\0'), zero(7988, '\0');
      if (!first_interval_only) {
        for (uint32_t i = 0; i < kGamInterval / 8; ++i) {
          uint32_t e = start / 8 + i;
          if (e >= next_extent) break;
          bool used = extent_reserved(e) || extent_kind[e] != 0;
          if (!used)
            gam[i / 8] = static_cast<char>(gam[i / 8] | (1 << (i % 8)));
          bool open_mixed = e * 8 == mixed_base && mixed_used < 8;
          if (open_mixed)
            sgam[i / 8] = static_cast<char>(sgam[i / 8] | (1 << (i % 8)));
        }
      }
      std::string header(90, '\0');
      set32(header, 36, start);
      set16(header, 40, kFileId);
      uint32_t base = k == 0 ? 0 : start;
      if (first_interval_only || k > 0) {
        emit_allocation_page(kDiffMapPage, base + 6, kSystemUnit,
                             bitmap_page_records(header, zero));
        emit_allocation_page(kMlMapPage, base + 7, kSystemUnit,
                             bitmap_page_records(header, zero));
      }
      if (!first_interval_only) {
        emit_allocation_page(kGamPage, k == 0 ? 2 : start, kSystemUnit,
                             bitmap_page_records(header, gam));
        emit_allocation_page(kSgamPage, k == 0 ? 3 : start + 1, kSystemUnit,
                             bitmap_page_records(header, sgam));
      }
    }
    if (first_interval_only) return;
    for (uint32_t k = 0; k * kPfsInterval < pages; ++k) {
      uint32_t id = k == 0 ? 1 : k * kPfsInterval;
      pfs_of(id) |= kPfsAllocated | 4;
    }
    for (uint32_t k = 0; k * kPfsInterval < pages; ++k) {
      uint32_t id = k == 0 ? 1 : k * kPfsInterval;
      std::string bytes(kPfsInterval, '\0');
      for (uint32_t i = 0; i < kPfsInterval; ++i) {
        uint32_t p = k * kPfsInterval + i;
        if (p < pfs.size()) bytes[i] = static_cast<char>(pfs[p]);
      }
      PageBuilder pb;
      pb.start(kPfsPage, id, kSystemUnit);
      pb.add(allocation_record(bytes));
      write_page(id, pb.finish());
    }
  }

  void write_fixed_pages() {
    // File header (page 0): one record naming the file.
    {
      std::vector<Column> cols = {Column("fileid", "smallint"),
                                  Column("logical", "nvarchar(128)"),
                                  Column("physical", "nvarchar(260)")};
      Layout l(cols);
      std::vector<std::optional<std::string>> v = {
          encode_value(cols[0], "1"), encode_value(cols[1], db.name),
          encode_value(cols[2], db.data_directory + db.name + ".mdf")};
      PageBuilder pb;
      pb.start(kFileHeaderPage, 0, kSystemUnit);
      pb.add(build_record(cols, l, v, kPrimaryRecord, std::nullopt));
      pfs_of(0) |= kPfsAllocated | 4;
      write_page(0, pb.finish());
    }
    // Boot page (9): database version at +0 and name at +48 of the fixed
    // data, padded with 0x20 bytes as SQL Server pads it.
    {
      std::string fixed(1764, '\0');
      set16(fixed, 0, db.database_version);
      set16(fixed, 2, db.database_version);  // version at creation
      std::string name = utf8_to_utf16le(db.name);
      if (name.size() > 256)
        throw std::invalid_argument("database name longer than 128 characters");
      name.resize(256, ' ');
      fixed.replace(48, 256, name);
      std::string r(2, '\0');
      put16(r, static_cast<uint16_t>(4 + fixed.size()));
      r += fixed;
      put16(r, 0);
      PageBuilder pb;
      pb.start(kBootPage, kBootPageId, kSystemUnit);
      pb.add(r);
      pfs_of(kBootPageId) |= kPfsAllocated | 4;
      write_page(kBootPageId, pb.finish());
    }
    write_allocation_pages(true);  // DCM and BCM of the first interval
  }

  void finish() {
    if (finished) return;
    for (auto& t : tables)
      if (!t->system) close_table(*t);
    write_catalog();
    write_iam_pages();
    write_allocation_pages(false);
    stats.file_pages = file_pages();
    if (format == OutputFormat::kBackup) {
      mtf->end(file_pages());
    } else {
      // The file ends with its last extent (unwritten pages read as zeros).
      uint64_t end = static_cast<uint64_t>(file_pages()) * kPageSize;
      out.write_at(end - 1, std::string(1, '\0'));
    }
    out.close();
    finished = true;
  }
};

BackupWriter::BackupWriter(const std::string& path, const DatabaseSpec& db,
                           OutputFormat format)
    : impl_(std::make_unique<Impl>(path, db, format)) {
  if (db.name.empty()) throw std::invalid_argument("a database needs a name");
  if (db.collation != kSqlLatin1Cp1CiAs && db.collation != kLatin1GeneralCiAs &&
      db.collation != kModernSpanishCiAs)
    throw std::invalid_argument("database collation not supported");
  if (format == OutputFormat::kBackup) {
    impl_->mtf = std::make_unique<MtfWriter>(impl_->out, db);
    impl_->mtf->begin();
  }
  impl_->define_system_tables();
  impl_->write_fixed_pages();
}

BackupWriter::~BackupWriter() = default;

size_t BackupWriter::add_table(const TableSpec& table) {
  if (impl_->finished) throw std::logic_error("add_table after finish");
  return impl_->add_table(table, false, 0, 0);
}

void BackupWriter::add_row(size_t table, const Row& row, RowState state) {
  if (table < impl_->tables.size() && impl_->tables[table]->system)
    throw std::invalid_argument("system tables are written by the writer");
  impl_->add_row(table, row, state);
}

void BackupWriter::finish() { impl_->finish(); }

int32_t BackupWriter::object_id(size_t table) const {
  return impl_->tables.at(table)->spec.object_id;
}

const WriterStats& BackupWriter::stats() const { return impl_->stats; }

WriterStats write_database(const std::string& path, const DatabaseSpec& db,
                           const std::vector<TableContents>& tables,
                           OutputFormat format) {
  BackupWriter w(path, db, format);
  for (const TableContents& t : tables) {
    size_t id = w.add_table(t.spec);
    for (size_t i = 0; i < t.rows.size(); ++i)
      w.add_row(id, t.rows[i],
                i < t.states.size() ? t.states[i] : RowState::kLive);
  }
  w.finish();
  return w.stats();
}

}  // namespace leakscope::bakgen

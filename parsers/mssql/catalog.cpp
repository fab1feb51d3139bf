#include "catalog.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "boot_page.hpp"
#include "cd_record.hpp"
#include "compressed_value.hpp"
#include "record.hpp"

namespace leakscope::mssql {

namespace {

template <typename T>
T rd(std::string_view b, size_t off) {
  T v{};
  if (off + sizeof v <= b.size()) std::memcpy(&v, b.data() + off, sizeof v);
  return v;
}

constexpr uint64_t kSysAllocUnitsUnit = 7ull << 16;  // sysallocunits' own unit
constexpr int64_t kSysRowsetsRowset = 5ll << 16;     // sysrowsets' rowset id
constexpr int32_t kSysRsCols = 3, kSysSchObjs = 34, kSysColPars = 41,
                  kSysClsObjs = 64;
constexpr uint8_t kInRowData = 1;  // sysallocunits.type; 2 LOB, 3 row-overflow

// Calls f(page, header, offset, record) for every primary/forwarded record of
// every data page of an allocation unit. Damaged records are reported.
template <typename F>
void for_each_record(const PageStore& store, uint64_t au, Reporter& rep,
                     const std::string& loc, F&& f,
                     bool include_ghosts = false) {
  std::string page;
  for (uint64_t k : store.pages_of(au)) {
    if (!store.read(k, &page)) continue;
    PageHeader h;
    std::string why;
    if (!parse_page_header(page, &h, &why) || h.type != kDataPage) continue;
    for (uint16_t s = 0; s < h.slot_count; ++s) {
      uint16_t off = slot_offset(page, s);
      if (!off) continue;
      Record r;
      if (!r.parse(page, off, &why)) {
        rep.corruption(loc + "/page=" + h.id() + "/slot=" + std::to_string(s),
                       off, "record: " + why);
        continue;
      }
      RecordType t = r.type();
      bool live = t == kPrimary || t == kForwarded;
      if (live || (include_ghosts && t == kGhostData)) f(page, h, s, off, r);
    }
  }
}

// Parses row[name] as a decimal integer; false when absent (NULL) or not
// one (or out of Int's range).
template <typename Int>
bool int_field(const std::map<std::string, std::string>& row,
               const std::string& name, Int* out) {
  auto it = row.find(name);
  if (it == row.end() || it->second.empty()) return false;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

void lay_out(std::vector<Column>& cols) {
  std::sort(cols.begin(), cols.end(),
            [](const Column& a, const Column& b) { return a.colid < b.colid; });
  size_t offset = 0, var = 0, stored = 0;
  int bit_byte = -1, bits_used = 8;
  for (size_t i = 0; i < cols.size(); ++i) {
    Column& c = cols[i];
    if (c.sparse) continue;  // in the sparse vector
    c.null_index = stored++;
    c.fixed = is_fixed_length(c.type.xtype);
    if (c.type.xtype == kBit) {
      if (bits_used == 8) {
        bit_byte = static_cast<int>(offset);
        offset += 1;
        bits_used = 0;
      }
      c.fixed_offset = static_cast<size_t>(bit_byte);
      c.bit = bits_used++;
    } else if (c.fixed) {
      c.fixed_offset = offset;
      c.fixed_len = fixed_size(c.type);
      offset += c.fixed_len;
    } else {
      c.var_index = var++;
    }
  }
}

bool apply_rowset_layout(std::vector<Column>& columns,
                         const std::map<int32_t, RowsetColumn>& layout) {
  std::vector<Column> out = columns;
  std::set<int> null_bits, var_slots;
  for (Column& c : out) {
    auto it = layout.find(c.colid);
    if (it == layout.end() || it->second.dropped) {
      if (c.sparse) continue;
      c.stored = false;  // computed, not persisted
      continue;
    }
    const RowsetColumn& rc = it->second;
    if (rc.sparse || c.sparse) {
      c.sparse = true;
      continue;
    }
    if (rc.leaf_null_bit < 1 || !null_bits.insert(rc.leaf_null_bit).second)
      return false;
    c.null_index = static_cast<size_t>(rc.leaf_null_bit - 1);
    if (rc.leaf_offset < 0) {
      if (is_fixed_length(c.type.xtype)) return false;  // bits included
      c.fixed = false;
      c.var_index = static_cast<size_t>(-rc.leaf_offset - 1);
      if (!var_slots.insert(-rc.leaf_offset).second) return false;
    } else if (rc.leaf_offset >= 4) {
      if (!is_fixed_length(c.type.xtype)) return false;
      c.fixed = true;
      c.fixed_offset = static_cast<size_t>(rc.leaf_offset - 4);
      c.fixed_len = fixed_size(c.type);
      if (c.type.xtype == kBit) {
        if (rc.leaf_bit_position > 7) return false;
        c.bit = rc.leaf_bit_position;
      }
    } else {
      return false;
    }
  }
  columns = std::move(out);
  return true;
}

namespace {

// Reads a LOB value whose root is at (file, page, slot). Handles the inline
// root, data fragments and the (large) root/internal link lists. Returns
// false with *why on any structure it does not recognise.
bool read_lob(const PageStore& store, uint16_t file, uint32_t page_id,
              uint16_t slot, std::string* out, std::string* why, int depth = 0,
              size_t limit = 64u << 20) {
  if (depth > 8) {
    *why = "LOB tree deeper than 8 levels";
    return false;
  }
  std::string page;
  if (!store.read(PageStore::key(file, page_id), &page)) {
    *why = "LOB page " + std::to_string(file) + ":" + std::to_string(page_id) +
           " is not in this backup";
    return false;
  }
  PageHeader h;
  if (!parse_page_header(page, &h, why)) return false;
  uint16_t off = slot_offset(page, slot);
  if (!off) {
    *why = "LOB slot " + std::to_string(slot) + " empty";
    return false;
  }
  std::string_view p(page);
  // Blob fragment: status(2) + fixed length(2) + blob id(8) + type(2).
  uint16_t fixed_len = rd<uint16_t>(p, off + 2u);
  if (off + 14u > kPageSize || fixed_len < 14 ||
      off + static_cast<size_t>(fixed_len) > kPageSize) {
    *why = "LOB record header beyond the page";
    return false;
  }
  uint16_t type = rd<uint16_t>(p, off + 12u);
  size_t body = off + 14u;
  switch (type) {
    case 0: {  // SMALL_ROOT: length(2) + 6 unused + data
      uint16_t len = rd<uint16_t>(p, body);
      size_t start = body + 8;
      if (start + len > kPageSize) {
        *why = "small LOB root longer than its page";
        return false;
      }
      out->append(p.substr(start, len));
      return true;
    }
    case 3: {  // DATA: the bytes up to the record's end
      size_t end = off + static_cast<size_t>(fixed_len);
      if (end < body) end = body;
      out->append(p.substr(body, end - body));
      return true;
    }
    case 2:  // INTERNAL
    case 4:  // LARGE_ROOT_SHILOH (text/ntext/image written by SQL Server 2000)
    case 5: {  // LARGE_ROOT_YUKON
      // maxlinks(2) curlinks(2) level(2) [unused(4) in Yukon roots], then
      // links of (cumulative size(4), page(4), file(2), slot(2)).
      uint16_t cur = rd<uint16_t>(p, body + 2);
      size_t links = body + (type == 2 ? 6 : 10);
      size_t node_start = out->size();
      for (uint16_t i = 0; i < cur; ++i) {
        size_t l = links + 12u * i;
        if (l + 12 > kPageSize) {
          *why = "LOB link list beyond the page";
          return false;
        }
        uint32_t size = rd<uint32_t>(p, l);
        uint32_t pg = rd<uint32_t>(p, l + 4);
        uint16_t fl = rd<uint16_t>(p, l + 8), sl = rd<uint16_t>(p, l + 10);
        if (!read_lob(store, fl, pg, sl, out, why, depth + 1, limit))
          return false;
        // Link sizes are cumulative offsets within this node: a fragment
        // never contributes past its link's end.
        if (out->size() > node_start + size) out->resize(node_start + size);
        if (out->size() > limit) {
          *why =
              "LOB larger than " + std::to_string(limit) + " bytes; truncated";
          return false;
        }
      }
      return true;
    }
    default:
      *why = "LOB record type " + std::to_string(type) + " not understood";
      return false;
  }
}

}  // namespace

// Reads an off-row value (16-byte text pointer, row-overflow or inline LOB
// root) into *out as text, or a bracketed note saying why it cannot.
static void off_row_value(const Column& c, std::string_view bytes, bool textptr,
                          const PageStore& pages, std::string* out) {
  std::string lob, err;
  bool ok = false;
  if (textptr) {
    ok = read_lob(pages, rd<uint16_t>(bytes, 12), rd<uint32_t>(bytes, 8),
                  rd<uint16_t>(bytes, 14), &lob, &err);
  } else if (bytes.size() >= 12 &&
             (rd<uint16_t>(bytes, 0) == 2 || rd<uint16_t>(bytes, 0) == 4)) {
    // Row-overflow (2) or inline LOB root (4): type(2) level(1) unused(1)
    // seq(4) timestamp(4)?, then (cumulative size u32, page u32, file u16,
    // slot u16) links.
    ok = true;
    for (size_t l = 12; l + 12 <= bytes.size() && ok; l += 12) {
      ok = read_lob(pages, rd<uint16_t>(bytes, l + 8),
                    rd<uint32_t>(bytes, l + 4), rd<uint16_t>(bytes, l + 10),
                    &lob, &err);
      uint32_t end = rd<uint32_t>(bytes, l);
      if (ok && lob.size() > end) lob.resize(end);
    }
  } else {
    err = "off-row pointer of " + std::to_string(bytes.size()) +
          " bytes not understood";
  }
  if (!ok) {
    *out = "[off-row value not readable: " + err + "]";
    return;
  }
  decode_value(c.type, lob, out);
}

bool decode_row(const Table& t, std::string_view page, uint16_t offset,
                const PageStore& pages, std::vector<RowValue>* values,
                std::string* why) {
  Record r;
  if (!r.parse(page, offset, why)) return false;
  decode_row(t, r, pages, values);
  return true;
}

void decode_row(const Table& t, const Record& r, const PageStore& pages,
                std::vector<RowValue>* values) {
  // Values are overwritten, not replaced: their strings keep their capacity
  // from row to row (no allocation per value once the widest row has been
  // seen). Every column below sets both `null` and `text`.
  values->resize(t.columns.size());
  std::string_view fixed = r.fixed();
  // Sparse vector: a complex variable column starting with u16 5, then a
  // u16 count, count x u16 column ids, count x u16 end offsets (from the
  // vector's start), then the values.
  std::string_view sparse;
  if (t.has_sparse)
    for (uint16_t k = r.var_count(); k-- > 0;) {
      bool complex = false;
      std::string_view b = r.var(k, &complex);
      if (complex && b.size() >= 4 && rd<uint16_t>(b, 0) == 5) {
        sparse = b;
        break;
      }
    }
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    RowValue& v = (*values)[i];
    auto set_null = [&v] {
      v.null = true;
      v.text.clear();
    };
    v.null = false;
    if (!c.stored) {
      set_null();
      continue;
    }
    if (c.sparse) {
      set_null();
      const size_t n = rd<uint16_t>(sparse, 2);
      if (sparse.size() < 4 + 4 * n) continue;
      size_t start = 4 + 4 * n;
      for (size_t k = 0; k < n; ++k) {
        size_t end = rd<uint16_t>(sparse, 4 + 2 * n + 2 * k);
        if (rd<uint16_t>(sparse, 4 + 2 * k) == static_cast<uint16_t>(c.colid) &&
            end >= start && end <= sparse.size()) {
          v.null = false;
          decode_value(c.type, sparse.substr(start, end - start), &v.text);
          break;
        }
        start = end;
      }
      continue;
    }
    if (r.has_null_bitmap() && r.is_null(c.null_index)) {
      set_null();
      continue;
    }
    if (c.type.xtype == kBit) {
      if (c.fixed_offset >= fixed.size()) {
        set_null();
        continue;
      }
      v.text = (static_cast<uint8_t>(fixed[c.fixed_offset]) >> c.bit) & 1 ? "1"
                                                                          : "0";
      continue;
    }
    if (c.fixed) {
      const size_t n = c.fixed_len;
      if (c.fixed_offset + n > fixed.size()) {
        set_null();  // column added after this row was written
        continue;
      }
      if (!decode_fixed_fast(c.type.xtype, fixed.data() + c.fixed_offset,
                             &v.text))
        decode_value(c.type, fixed.substr(c.fixed_offset, n), &v.text);
      continue;
    }
    if (c.var_index >= r.var_count()) {
      // Trailing variable columns left out are NULL or empty.
      v.null = !r.has_null_bitmap();
      v.text.clear();
      continue;
    }
    bool complex = false;
    std::string_view bytes = r.var(c.var_index, &complex);
    bool textptr = (c.type.xtype == kText || c.type.xtype == kNText ||
                    c.type.xtype == kImage) &&
                   bytes.size() == 16;
    if (textptr || complex) {
      off_row_value(c, bytes, textptr, pages, &v.text);
      continue;
    }
    if (!decode_text_fast(c.type.xtype, bytes, &v.text))
      decode_value(c.type, bytes, &v.text);
  }
}

void Catalog::read_boot(const PageStore& pages) {
  // Database name, version and collation from the boot page when present
  // (the page store has undone its torn bits).
  std::string boot;
  if (!pages.boot_page(&boot)) return;
  if (auto r = read_boot_record(boot)) {
    db_version_ = r->database_version;
    database_ = r->database;
    collation_ = r->collation;
  }
}

bool Catalog::load(const PageStore& pages, Reporter& rep,
                   const std::string& loc) {
  read_boot(pages);
  // 1. sysallocunits: unit -> (type, owning rowset).
  struct Unit {
    uint8_t type;
    int64_t owner;
    uint64_t first_page;  // file<<32 | page
  };
  std::map<uint64_t, Unit> units;
  std::multimap<int64_t, uint64_t> units_of_rowset;
  for_each_record(pages, kSysAllocUnitsUnit, rep, loc,
                  [&](std::string_view, const PageHeader&, uint16_t, uint16_t,
                      const Record& r) {
                    std::string_view f = r.fixed();
                    if (f.size() < 17) return;
                    uint64_t au = rd<uint64_t>(f, 0);
                    uint64_t first = f.size() >= 29
                                         ? PageStore::key(rd<uint16_t>(f, 27),
                                                          rd<uint32_t>(f, 23))
                                         : 0;
                    Unit u{rd<uint8_t>(f, 8), rd<int64_t>(f, 9), first};
                    units[au] = u;
                    units_of_rowset.emplace(u.owner, au);
                  });
  if (units.empty()) {
    rep.corruption(
        loc, kNoOffset,
        "system table sysallocunits (allocation unit 458752) not found; "
        "tables cannot be located");
    return false;
  }
  auto in_row_unit = [&](int64_t rowset) -> uint64_t {
    auto range = units_of_rowset.equal_range(rowset);
    for (auto it = range.first; it != range.second; ++it)
      if (units[it->second].type == kInRowData) return it->second;
    return 0;
  };
  // 2. sysrowsets: rowset -> (object, index, rows).
  struct Rowset {
    int32_t object, index;
    int64_t rows;
    uint8_t compression;  // sysrowsets.cmprlevel: 0 none, 1 row, 2 page
  };
  std::map<int64_t, Rowset> rowsets;
  uint64_t rowsets_unit = in_row_unit(kSysRowsetsRowset);
  for_each_record(pages, rowsets_unit, rep, loc,
                  [&](std::string_view, const PageHeader&, uint16_t, uint16_t,
                      const Record& r) {
                    std::string_view f = r.fixed();
                    if (f.size() < 17) return;
                    Rowset rs{rd<int32_t>(f, 9), rd<int32_t>(f, 13),
                              f.size() >= 35 ? rd<int64_t>(f, 27) : -1,
                              f.size() >= 36 ? rd<uint8_t>(f, 35) : uint8_t{0}};
                    rowsets[rd<int64_t>(f, 0)] = rs;
                  });
  if (rowsets.empty()) {
    rep.corruption(
        loc, kNoOffset,
        "system table sysrowsets not found; tables cannot be located");
    return false;
  }
  auto unit_of_object = [&](int32_t object, int32_t index) -> uint64_t {
    for (const auto& [id, rs] : rowsets)
      if (rs.object == object && rs.index == index) return in_row_unit(id);
    return 0;
  };
  // 3. syscolpars, with its built-in layout.
  std::map<int32_t, std::vector<Column>> columns;
  uint64_t colpars_unit = unit_of_object(kSysColPars, 1);
  for_each_record(pages, colpars_unit, rep, loc,
                  [&](std::string_view, const PageHeader&, uint16_t, uint16_t,
                      const Record& r) {
                    std::string_view f = r.fixed();
                    if (f.size() < 27) return;
                    Column c;
                    int32_t id = rd<int32_t>(f, 0);
                    int16_t number = rd<int16_t>(f, 4);
                    if (number != 0) return;  // procedure parameters
                    c.colid = rd<int32_t>(f, 6);
                    c.type.xtype = rd<uint8_t>(f, 10);
                    c.type.utype = rd<int32_t>(f, 11);
                    c.type.length = rd<int16_t>(f, 15);
                    c.type.precision = rd<uint8_t>(f, 17);
                    c.type.scale = rd<uint8_t>(f, 18);
                    c.type.collation = rd<uint32_t>(f, 19);
                    uint32_t status = rd<uint32_t>(f, 23);
                    c.nullable = !(status & 1) ? true : false;
                    c.sparse = status & 0x1000000;
                    bool complex = false;
                    std::string_view name = r.var(0, &complex);
                    ColumnType nt;
                    nt.xtype = kNVarChar;
                    decode_value(nt, name, &c.name);
                    columns[id].push_back(std::move(c));
                  });
  if (columns.empty()) {
    rep.corruption(loc, kNoOffset,
                   "system table syscolpars not found; columns unknown");
    return false;
  }
  for (auto& [id, cols] : columns) lay_out(cols);
  // Character data under a collation the tables do not know is read as
  // windows-1252: said once per collation id.
  std::set<uint32_t> noted;
  for (const auto& [id, cols] : columns)
    for (const Column& c : cols) {
      uint8_t x = c.type.xtype;
      if (x != kChar && x != kVarChar && x != kText) continue;
      CollationInfo ci = describe_collation(c.type.collation);
      if ((ci.known && !ci.unicode_only) ||
          !noted.insert(c.type.collation).second)
        continue;
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%08X", c.type.collation);
      rep.note(loc, std::string("collation id ") + hex + " (column \"" +
                        c.name + "\"): " +
                        (ci.known ? ci.name + " has no code page"
                                  : std::string("not a known collation")) +
                        "; char data read as windows-1252");
    }
  // A system table read with the layout syscolpars gives for it.
  auto read_system = [&](int32_t object, auto&& f) {
    auto it = columns.find(object);
    if (it == columns.end()) return false;
    Table sys;
    sys.columns = it->second;
    uint64_t unit = unit_of_object(object, 1);
    if (!unit) return false;
    std::vector<RowValue> vals;
    for_each_record(pages, unit, rep, loc,
                    [&](std::string_view page, const PageHeader& h,
                        uint16_t slot, uint16_t off, const Record&) {
                      std::string why;
                      if (!decode_row(sys, page, off, pages, &vals, &why))
                        return;
                      std::map<std::string, std::string> row;
                      for (size_t i = 0; i < sys.columns.size(); ++i)
                        if (!vals[i].null)
                          row[sys.columns[i].name] = vals[i].text;
                      const std::string where = loc + "/page=" + h.id() +
                                                "/slot=" + std::to_string(slot);
                      f(row, where, off);
                    });
    return true;
  };
  // 4. Schemas (sysclsobjs class 50).
  std::map<int32_t, std::string> schemas = {{1, "dbo"}, {4, "sys"}};
  read_system(kSysClsObjs, [&](std::map<std::string, std::string>& row,
                               const std::string& where, uint16_t off) {
    if (row["class"] != "50") return;
    int32_t id = 0;
    if (!int_field(row, "id", &id)) {
      rep.corruption(where, off,
                     "sysclsobjs schema row: id is NULL or not an integer "
                     "(\"" +
                         row["id"] + "\"); row skipped");
      return;
    }
    schemas[id] = row["name"];
  });
  // 5. The physical layout of every rowset (sysrscols, SQL Server 2005 on):
  //    rsid -> rscolid -> position.
  std::map<int64_t, std::map<int32_t, RowsetColumn>> rowset_columns;
  read_system(kSysRsCols, [&](std::map<std::string, std::string>& row,
                              const std::string&, uint16_t) {
    int64_t rsid = 0;
    int32_t rscolid = 0, status = 0, offset = 0, nullbit = 0, bitpos = 0;
    if (!int_field(row, "rsid", &rsid) ||
        !int_field(row, "rscolid", &rscolid) ||
        !int_field(row, "offset", &offset) ||
        !int_field(row, "nullbit", &nullbit))
      return;
    int_field(row, "status", &status);
    int_field(row, "bitpos", &bitpos);
    RowsetColumn rc;
    rc.leaf_offset = static_cast<int16_t>(offset & 0xFFFF);
    rc.leaf_null_bit = static_cast<int16_t>(nullbit & 0xFFFF);
    rc.leaf_bit_position = static_cast<uint8_t>(bitpos & 0xFF);
    rc.dropped = status & 0x2;
    rc.sparse = status & 0x100;
    rowset_columns[rsid][rscolid] = rc;
  });
  // 6. User tables from sysschobjs.
  bool found =
      read_system(kSysSchObjs, [&](std::map<std::string, std::string>& row,
                                   const std::string& where, uint16_t off) {
        if (row["type"] != "U ") return;
        int32_t nsid = 1;
        if (row.count("nsid") && !int_field(row, "nsid", &nsid)) {
          rep.corruption(where, off,
                         "sysschobjs row of table \"" + row["name"] +
                             "\": nsid is not an integer (\"" + row["nsid"] +
                             "\"); schema taken as dbo");
          nsid = 1;
        }
        if (nsid == 4) return;  // the sys schema: shipped with SQL Server
        Table t;
        if (!int_field(row, "id", &t.object_id)) {
          rep.corruption(where, off,
                         "sysschobjs row of table \"" + row["name"] +
                             "\": object id is NULL or not an integer (\"" +
                             row["id"] + "\"); table skipped");
          return;
        }
        t.name = row["name"];
        t.schema = schemas.count(nsid) ? schemas[nsid]
                                       : "schema" + std::to_string(nsid);
        auto cit = columns.find(t.object_id);
        if (cit != columns.end()) t.columns = cit->second;
        bool laid_out = false;
        for (const auto& [rsid, rs] : rowsets) {
          if (rs.object != t.object_id || rs.index > 1) continue;
          // The first partition's layout (partitions share one in practice).
          auto rl = rowset_columns.find(rsid);
          if (!laid_out && rl != rowset_columns.end()) {
            laid_out = true;
            if (apply_rowset_layout(t.columns, rl->second)) {
              t.layout_source = "sysrscols";
            } else {
              rep.note(loc, "table " + t.name +
                                ": sysrscols rows do not describe its "
                                "columns; declaration order used");
            }
          }
          if (t.declared_rows < 0) t.declared_rows = 0;
          t.declared_rows += rs.rows;
          t.compression = std::max(t.compression, rs.compression);
          auto range = units_of_rowset.equal_range(rsid);
          for (auto it = range.first; it != range.second; ++it) {
            if (units[it->second].type == kInRowData) {
              t.in_row_units.push_back(it->second);
              t.first_pages.push_back(units[it->second].first_page);
            } else
              t.lob_units.push_back(it->second);
          }
        }
        for (const Column& c : t.columns) t.has_sparse |= c.sparse;
        tables_.push_back(std::move(t));
      });
  if (!found) {
    rep.corruption(loc, kNoOffset,
                   "system table sysschobjs not found; tables unknown");
    return false;
  }
  std::sort(tables_.begin(), tables_.end(), [](const Table& a, const Table& b) {
    return a.schema + "." + a.name < b.schema + "." + b.name;
  });
  return true;
}

}  // namespace leakscope::mssql

namespace leakscope::mssql {

bool decode_cd_row(const Table& t, std::string_view page, uint16_t offset,
                   const PageCompressionInfo* ci, const PageStore& pages,
                   CdRecord* rec, std::vector<RowValue>* values,
                   std::string* why) {
  if (!rec->parse(page, offset, why)) return false;
  values->resize(t.columns.size());
  for (RowValue& v : *values) {
    v.null = false;
    v.text.clear();
  }
  std::string expanded;  // prefix + suffix of a page-compressed value
  // CD columns are the stored ones, in order: `i` counts those.
  size_t i = 0;
  for (size_t col = 0; col < t.columns.size(); ++col) {
    const Column& c = t.columns[col];
    RowValue& v = (*values)[col];
    if (!c.stored) {
      v.null = true;  // computed, not persisted
      continue;
    }
    const size_t cd_index = i++;
    if (cd_index >= rec->columns()) {
      v.null = true;  // column added after this row was written
      continue;
    }
    const CdValue& cv = rec->value(cd_index);
    if (cv.descriptor == kCdNull) {
      v.null = true;
      continue;
    }
    std::string_view bytes = cv.bytes;
    if (cv.descriptor == kCdSymbol) {
      size_t k = static_cast<uint8_t>(bytes[0]);
      if (bytes.size() == 2)
        k = ((k & 0x7F) << 8) | static_cast<uint8_t>(bytes[1]);
      if (!ci || !ci->symbol(k, &bytes)) {
        *why = "column " + c.name + ": dictionary symbol " + std::to_string(k) +
               " not on this page";
        return false;
      }
    }
    if (ci && ci->anchor_present() && ci->has_anchor(cd_index) &&
        !bytes.empty() && !cv.complex) {
      // Column prefix: how many leading bytes of the anchor value (1 or 2
      // bytes, as a CD count), then the rest of the value.
      size_t p = static_cast<uint8_t>(bytes[0]), skip = 1;
      if (p & 0x80) {
        if (bytes.size() < 2) {
          *why = "column " + c.name + ": prefix length truncated";
          return false;
        }
        p = ((p & 0x7F) << 8) | static_cast<uint8_t>(bytes[1]);
        skip = 2;
      }
      std::string_view anchor = ci->anchor(cd_index);
      if (p > anchor.size()) {
        *why = "column " + c.name + ": prefix of " + std::to_string(p) +
               " bytes, anchor has " + std::to_string(anchor.size());
        return false;
      }
      expanded.assign(anchor.substr(0, p));
      expanded.append(bytes.substr(skip));
      bytes = expanded;
    }
    if (cv.complex || ((c.type.xtype == kText || c.type.xtype == kNText ||
                        c.type.xtype == kImage) &&
                       bytes.size() == 16)) {
      off_row_value(c, bytes, !cv.complex, pages, &v.text);
      continue;
    }
    if (!decode_compressed_value(c.type, bytes, cv.descriptor == kCdBitTrue,
                                 &v.text))
      v.text = "[not decodable: " + v.text + "]";
  }
  return true;
}

}  // namespace leakscope::mssql

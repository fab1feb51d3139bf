#include "table_rows.hpp"

#include <set>

#include "record.hpp"

namespace leakscope::mssql {

bool page_allocated(const PageStore& pages, uint64_t key, PfsCache& cache) {
  // One PFS page per 8088 pages: page 1, then 8088, 16176, ...; its single
  // record holds one byte per page after a 4-byte record header.
  constexpr uint32_t kInterval = 8088;
  uint32_t page = static_cast<uint32_t>(key & 0xFFFFFFFF);
  uint32_t pfs = page < kInterval ? 1 : page / kInterval * kInterval;
  uint64_t pfs_key = (key & ~0xFFFFFFFFull) | pfs;
  std::string& cached = cache.page;
  if (cache.key != pfs_key) {
    cache.key = pfs_key;
    if (!pages.read(pfs_key, &cached)) cached.clear();
  }
  if (cached.size() != kPageSize) return true;
  PageHeader h;
  std::string why;
  if (!parse_page_header(cached, &h, &why) || h.type != kPfsPage) return true;
  uint16_t off = slot_offset(cached, 0);
  size_t at = off + 4u + (page % kInterval);
  if (!off || at >= kPageSize) return true;
  return static_cast<uint8_t>(cached[at]) & 0x40;
}

void for_each_row(
    const Table& t, const PageStore& pages, Reporter& rep,
    const std::string& loc,
    const std::function<void(const RowRef&, const std::vector<RowValue>&)>& f) {
  std::string page_copy;  // a page that had to be copied (torn bits, spill)
  std::vector<RowValue> values;
  CdRecord cd_rec;         // scratch for compressed records
  PageCompressionInfo ci;  // of the current page (PAGE compression)
  PfsCache pfs;
  for (size_t u = 0; u < t.in_row_units.size(); ++u) {
    // The unit's pages by their headers, plus the leaf chain from pgfirst:
    // in databases upgraded from SQL Server 2000 the header ids of a
    // clustered table's data pages can differ from its allocation unit.
    std::vector<uint64_t> keys = pages.pages_of(t.in_row_units[u]);
    std::set<uint64_t> seen(keys.begin(), keys.end());
    uint64_t next = u < t.first_pages.size() ? t.first_pages[u] : 0;
    uint64_t unit = t.in_row_units[u];
    bool upgraded =
        ((unit >> 16) & 0xFFFFFFFFull) == static_cast<uint32_t>(t.object_id);
    if (upgraded && next && !pages.has(next)) {
      // The chain's first page is not here (a missing stripe): in databases
      // upgraded from SQL Server 2000 the data pages carry the object id in
      // their headers, so take the data pages that name this table.
      uint64_t oid = static_cast<uint32_t>(t.object_id);
      for (uint64_t au : {oid << 16, (uint64_t{1} << 48) | (oid << 16)})
        for (uint64_t k : pages.pages_of(au))
          if (seen.insert(k).second) keys.push_back(k);
    }
    for (int hops = 0; next && hops < 1000000; ++hops) {
      PageHeader h;
      if (!pages.read_header(next, &h) || h.type != kDataPage) break;
      if (seen.insert(next).second) keys.push_back(next);
      next = h.next_page ? PageStore::key(h.next_file, h.next_page) : 0;
      if (next && seen.count(next)) break;  // a loop in the chain
    }
    for (uint64_t k : keys) {
      std::string_view page;
      PageHeader h;
      std::string why;
      if (!pages.read_view(k, &page, &h, &page_copy, &why)) {
        if (!why.empty())
          rep.corruption(loc + "/page=" + std::to_string(k >> 32) + ":" +
                             std::to_string(k & 0xFFFFFFFF),
                         0, why);
        continue;
      }
      if (h.type != kDataPage) continue;
      bool allocated = page_allocated(pages, k, pfs);
      const bool cd = t.compression != 0;
      const PageCompressionInfo* page_ci = nullptr;
      if (cd && t.compression == 2) {
        if (!ci.parse(page, &why)) {
          rep.corruption(loc + "/page=" + h.id(), 96,
                         "page compression information: " + why);
          continue;
        }
        if (ci.present()) page_ci = &ci;
      }
      for (uint16_t s = 0; s < h.slot_count; ++s) {
        uint16_t off = slot_offset(page, s);
        if (!off) continue;
        // Built only for a damage report: this loop runs once per row.
        auto where = [&] {
          return loc + "/page=" + h.id() + "/slot=" + std::to_string(s);
        };
        RecordType type;
        if (cd) {
          if (!decode_cd_row(t, page, off, page_ci, pages, &cd_rec, &values,
                             &why)) {
            rep.corruption(where(), off, "compressed record: " + why);
            continue;
          }
          // CD record kinds: 0 primary, 3 ghost data, 4 forwarded.
          uint8_t kind = cd_rec.record_type();
          if (kind != 0 && kind != 3 && kind != 4) continue;
          type = kind == 3 ? kGhostData : kind == 4 ? kForwarded : kPrimary;
        } else {
          Record r;
          if (!r.parse(page, off, &why)) {
            rep.corruption(where(), off, "record: " + why);
            continue;
          }
          type = r.type();
          if (type != kPrimary && type != kForwarded && type != kGhostData)
            continue;
          decode_row(t, r, pages, &values);
        }
        RowRef ref;
        ref.page = &h;
        ref.slot = s;
        ref.offset = off;
        ref.ghost = type == kGhostData;
        ref.page_deallocated = !allocated;
        ref.deleted = ref.ghost || ref.page_deallocated;
        ref.forwarded = type == kForwarded;
        f(ref, values);
      }
    }
  }
}

}  // namespace leakscope::mssql

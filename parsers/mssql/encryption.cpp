#include "encryption.hpp"

#include <string>

#include "record.hpp"

namespace leakscope::mssql {

namespace {
// In-row allocation units of the bootstrap tables: sysallocunits (7 << 16),
// sysrowsets (5 << 16), sysschobjs (1 << 48 | 34 << 16), syscolpars
// (1 << 48 | 41 << 16).
constexpr uint64_t kBootstrapUnits[] = {7ull << 16, 5ull << 16,
                                        (1ull << 48) | (34ull << 16),
                                        (1ull << 48) | (41ull << 16)};
}  // namespace

bool is_bootstrap_catalog_page(const PageHeader& h) {
  if (h.type != kDataPage) return false;
  for (uint64_t u : kBootstrapUnits)
    if (h.allocation_unit() == u) return true;
  return false;
}

RecordHealth record_health(std::string_view page, const PageHeader& h) {
  RecordHealth r;
  for (uint16_t s = 0; s < h.slot_count; ++s) {
    ++r.slots;
    uint16_t off = slot_offset(page, s);
    if (!off) continue;
    Record rec;
    std::string why;
    if (!rec.parse(page, off, &why)) continue;
    RecordType t = rec.type();
    if (t == kForwardingStub ||
        ((t == kPrimary || t == kForwarded || t == kGhostData) &&
         rec.has_null_bitmap()))
      ++r.readable;
  }
  return r;
}

bool catalog_pages_encrypted(const PageStore& pages, size_t* checked) {
  size_t slots = 0, readable = 0, n = 0;
  std::string page;
  for (uint64_t u : kBootstrapUnits) {
    for (uint64_t k : pages.pages_of(u)) {
      if (n >= 64) break;
      if (!pages.read(k, &page)) continue;
      PageHeader h;
      std::string why;
      if (!parse_page_header(page, &h, &why) || h.type != kDataPage) continue;
      RecordHealth rh = record_health(page, h);
      if (!rh.slots) continue;
      ++n;
      slots += rh.slots;
      readable += rh.readable;
    }
  }
  *checked = n;
  // Plain catalog pages parse (nearly) entirely; a few damaged records do
  // not make a database encrypted.
  return n > 0 && slots >= 4 && readable * 10 < slots;
}

}  // namespace leakscope::mssql

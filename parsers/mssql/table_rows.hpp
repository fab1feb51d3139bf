// Iterates the rows of a user table: every record of its in-row data pages,
// live ones and ghosts (deleted, still on the page). Forwarding stubs are
// skipped; the forwarded record is read where it lives, so each row is read
// once.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "leakscope/reporter.hpp"
#include "page.hpp"
#include "page_store.hpp"

namespace leakscope::mssql {

struct RowRef {
  const PageHeader* page = nullptr;
  uint16_t slot = 0;
  uint16_t offset = 0;
  bool deleted = false;  // a ghost record, or any record on a deallocated page
  bool ghost = false;    // the record itself is a ghost
  bool page_deallocated = false;  // PFS says the page is not allocated
  bool forwarded = false;
};

// The last PFS page read, so consecutive lookups cost nothing.
struct PfsCache {
  uint64_t key = ~0ull;
  std::string page;
};
// Whether PFS marks the page allocated (bit 0x40 of its PFS byte); true when
// the PFS page is not available.
bool page_allocated(const PageStore& pages, uint64_t file_page,
                    PfsCache& cache);

// `loc` prefixes damage locators ("x.bak#db=N/table=dbo.T").
void for_each_row(
    const Table& t, const PageStore& pages, Reporter& rep,
    const std::string& loc,
    const std::function<void(const RowRef&, const std::vector<RowValue>&)>& f);

}  // namespace leakscope::mssql

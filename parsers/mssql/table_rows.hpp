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
  bool deleted = false;  // a ghost record
  bool forwarded = false;
};

// `loc` prefixes damage locators ("x.bak#db=N/table=dbo.T").
void for_each_row(
    const Table& t, const PageStore& pages, Reporter& rep,
    const std::string& loc,
    const std::function<void(const RowRef&, const std::vector<RowValue>&)>& f);

}  // namespace leakscope::mssql

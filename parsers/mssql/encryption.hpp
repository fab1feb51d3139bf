// Recognising database pages whose contents are encrypted (Transparent Data
// Encryption): their 96-byte headers are plain, their records are not, so
// every record of the system catalog's own pages fails to parse. See
// FORMAT.md ("Encrypted databases").
#pragma once

#include <cstddef>
#include <string_view>

#include "page.hpp"
#include "page_store.hpp"

namespace leakscope::mssql {

// Whether a page (header already parsed) is a data page of one of the
// bootstrap system tables (sysallocunits, sysrowsets, sysschobjs,
// syscolpars): pages that exist in every database and always hold records.
bool is_bootstrap_catalog_page(const PageHeader& h);

// Slots of a data page and how many hold a record that parses as a FixedVar
// data record (primary, forwarded, stub or ghost, with a null bitmap).
struct RecordHealth {
  size_t slots = 0, readable = 0;
};
RecordHealth record_health(std::string_view page, const PageHeader& h);

// True when the store holds bootstrap catalog pages and (nearly) none of
// their records parse: the database's pages are encrypted. *checked: how
// many such pages were looked at.
bool catalog_pages_encrypted(const PageStore& pages, size_t* checked);

}  // namespace leakscope::mssql

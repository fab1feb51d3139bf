// SQL Server sources: a backup (.bak/.trn, MTF) or a data file (.mdf/.ndf)
// read once into a spill PageStore, then the catalog, then one item per
// database, table and row. Log files (.ldf) are recognised and recorded.
#pragma once

#include <functional>
#include <string>

#include "leakscope/item.hpp"
#include "leakscope/reporter.hpp"

namespace leakscope {

// Reads up to n bytes of the source's logical stream into dst; 0 at end.
using SourceRead = std::function<size_t(char* dst, size_t n)>;

// kind: "mssql_backup" or "mssql_data_file". `on_progress` is called as
// bytes are consumed (may be empty).
void parse_mssql(const std::string& kind, const SourceRead& read,
                 const std::string& display, ItemSink& sink, Reporter& reporter,
                 const std::function<void()>& on_progress);

// What `identify` calls a file whose first page is a SQL Server file header.
std::string identify_mssql_file(std::string_view head);

}  // namespace leakscope

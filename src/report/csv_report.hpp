// The report's CSV files (RFC 4180, UTF-8, CRLF): organizations.csv,
// people.csv, government_contacts.csv, documents.csv, tables.csv. Personal
// data masked unless `unmask`.
#pragma once

#include <string>
#include <vector>

#include "leakscope/store.hpp"

namespace leakscope {

// Writes the files into `dir`; returns their paths.
std::vector<std::string> write_csv_reports(const Store& store,
                                           const std::string& dir, bool unmask);

}  // namespace leakscope

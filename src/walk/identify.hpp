// Identifies content by its leading bytes, never by file name. Kinds:
//   zstd, mbox, message, tnef, pdf, zip, ole2, rtf, gzip, mssql_backup
//   (MTF "TAPE"), mssql_backup_compressed ("MSSQLBAK"), png, jpeg, gif,
//   html, text, empty, unknown.
#pragma once

#include <string>
#include <string_view>

namespace leakscope {

std::string identify(std::string_view head);

}  // namespace leakscope

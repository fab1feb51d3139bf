// `leakscope info` for SQL Server files: what RESTORE HEADERONLY and
// FILELISTONLY would say, read from the first blocks of a backup (never the
// whole file), or from the boot page of a data file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace leakscope {

// JSON keys: kind, database, server, backup_type, backup_name, user_name,
// sql_server_version, database_version, compressed, encrypted,
// password_protected, stripe {family_count, family_sequence, media_set_id},
// backup_start, backup_finish, collation, files [{logical_name,
// physical_name, type, size}], notes. Unknown values are null.
nlohmann::json mssql_info(const std::string& path, const std::string& kind);

}  // namespace leakscope

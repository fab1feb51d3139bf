// SQL Server column types to the record path's typed values (the decoder
// gives canonical text for every type; here integers and reals become
// numbers, binary becomes bytes, the rest keeps its text).
#pragma once

#include <string>

#include "catalog.hpp"
#include "leakscope/sql_records.hpp"

namespace leakscope {

SqlValueKind sql_value_kind(const mssql::ColumnType& t);

// `v` as a value of `kind`. A value whose text does not parse as its kind
// (the decoder's "[not decodable: ...]") is kept as text. `scratch` holds
// decoded bytes; the result's text points into `v.text` or `*scratch`.
SqlValue to_sql_value(SqlValueKind kind, const mssql::RowValue& v,
                      std::string* scratch);

}  // namespace leakscope

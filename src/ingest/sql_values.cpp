#include "ingest/sql_values.hpp"

#include <charconv>

namespace leakscope {

SqlValueKind sql_value_kind(const mssql::ColumnType& t) {
  using namespace mssql;
  switch (t.xtype) {
    case kTinyInt:
    case kSmallInt:
    case kInt:
    case kBigInt:
    case kBit:
      return SqlValueKind::kInteger;
    case kReal:
    case kFloat:
      return SqlValueKind::kReal;
    case kDecimal:
    case kNumeric:
    case kMoney:
    case kSmallMoney:
      return SqlValueKind::kDecimal;
    case kDate:
    case kTime:
    case kDateTime2:
    case kDateTimeOffset:
    case kSmallDateTime:
    case kDateTime:
      return SqlValueKind::kDateTime;
    case kBinary:
    case kVarBinary:
    case kImage:
    case kTimestamp:
      return SqlValueKind::kBytes;
    default:
      return SqlValueKind::kText;
  }
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

SqlValue to_sql_value(SqlValueKind kind, const mssql::RowValue& v,
                      std::string* scratch) {
  SqlValue out;
  if (v.null) return out;
  const std::string& t = v.text;
  out.kind = SqlValueKind::kText;
  out.text = t;
  switch (kind) {
    case SqlValueKind::kInteger: {
      auto r = std::from_chars(t.data(), t.data() + t.size(), out.integer);
      if (r.ec == std::errc() && r.ptr == t.data() + t.size())
        out.kind = SqlValueKind::kInteger;
      break;
    }
    case SqlValueKind::kReal: {
      auto r = std::from_chars(t.data(), t.data() + t.size(), out.real);
      if (r.ec == std::errc() && r.ptr == t.data() + t.size())
        out.kind = SqlValueKind::kReal;
      break;
    }
    case SqlValueKind::kBytes: {
      // The decoder's "0x" + upper-case hex.
      if (t.size() < 2 || t[0] != '0' || t[1] != 'x' || t.size() % 2) break;
      scratch->resize((t.size() - 2) / 2);
      bool ok = true;
      for (size_t i = 0; i < scratch->size() && ok; ++i) {
        int hi = hex_digit(t[2 + 2 * i]), lo = hex_digit(t[3 + 2 * i]);
        ok = hi >= 0 && lo >= 0;
        (*scratch)[i] = static_cast<char>(hi << 4 | lo);
      }
      if (!ok) break;
      out.kind = SqlValueKind::kBytes;
      out.text = *scratch;
      break;
    }
    case SqlValueKind::kDecimal:
    case SqlValueKind::kDateTime:
      if (!t.empty() && t[0] != '[') out.kind = kind;
      break;
    default:
      break;
  }
  return out;
}

}  // namespace leakscope

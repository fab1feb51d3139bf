// SQL Server collation ids as stored on disk (syscolpars.collationid, the
// boot page's dbi_collation, sql_variant values) and what they mean: the
// collation's name and the Windows code page of its char/varchar/text data.
// The id is SQL Server's internal collation id, NOT a TDS LCID; its layout is
// documented in FORMAT.md ("Collation ids").
#pragma once

#include <cstdint>
#include <string>

namespace leakscope::mssql {

struct CollationInfo {
  std::string name;        // e.g. "SQL_Latin1_General_CP1_CI_AS"; "" unknown
  uint16_t code_page = 0;  // Windows code page of char data; 0: none known
  // False when the id's designator or SQL sort order is not in the tables:
  // char data is then read as windows-1252 (a guess the caller should note).
  bool known = false;
  // True for Windows collations with no code page (Unicode-only designators
  // such as Indic_General): char data is then read as windows-1252 too.
  bool unicode_only = false;
};

CollationInfo describe_collation(uint32_t id);

// ICU converter name for char data under collation `id`: never null;
// "windows-1252" when the id is unknown or Unicode-only. No allocation.
const char* code_page_for(uint32_t id);

// Whether char data under `id` may be UTF-8 (SQL Server 2019's _UTF8
// collations): a Windows collation whose id carries flag bits the tables do
// not account for (UTF-8 is the only option SQL Server 2019 added to
// collation names), or whose designator has no code page (Unicode-only
// designators store char data only under _UTF8). The caller decodes a value
// as UTF-8 only if its bytes are valid UTF-8, else by code_page_for().
bool char_data_may_be_utf8(uint32_t id);

// ICU converter name of a Windows code page ("windows-1252" if unknown).
const char* icu_name_of_code_page(uint16_t code_page);

}  // namespace leakscope::mssql

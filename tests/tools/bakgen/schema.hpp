// What a synthetic database holds: columns (SQL Server types written as in
// DDL), tables (heap or clustered), rows of values as text, and the facts of
// the database and server that the backup's header records.
//
// Values are text, in the form the reader (parsers/mssql/sql_types.cpp)
// prints them: "42", "18.0000", "1948-12-08T00:00:00.000", "0x01AB",
// "00112233-4455-6677-8899-AABBCCDDEEFF". Looser input is accepted where it is
// unambiguous ("2021-03-04" for a datetime, "18.5" for money, lower-case hex);
// a value the column cannot hold throws std::invalid_argument.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::bakgen {

// Collation ids as syscolpars stores them (not TDS collation info).
inline constexpr uint32_t kSqlLatin1Cp1CiAs = 0x3400D008;  // SQL_Latin1_...
inline constexpr uint32_t kLatin1GeneralCiAs = 0x0000D008;
inline constexpr uint32_t kModernSpanishCiAs = 0x0000D028;

struct Column {
  std::string name;
  uint8_t xtype = 0;   // system type id (mssql::XType)
  uint16_t utype = 0;  // user type id; 0: the same as xtype (256: sysname)
  int16_t length = 0;  // bytes, as syscolpars.length; -1 for (max)
  uint8_t precision = 0;
  uint8_t scale = 0;
  uint32_t collation = 0;  // character types; 0: the database's
  bool nullable = true;
  // SPARSE: stored in the record's sparse vector, not in its fixed or
  // variable part; syscolpars.status 0x1000000. Nullable, no text/ntext/image.
  bool sparse = false;

  Column() = default;
  // `type` as in DDL, case-insensitive: "int", "nvarchar(50)",
  // "decimal(12,2)", "varchar(max)", "datetime2(3)", "char(3) NOT NULL",
  // "varchar(20) COLLATE Latin1_General_CI_AS", "int SPARSE NULL",
  // "sysname". Throws
  // std::invalid_argument for anything else.
  Column(std::string name, std::string_view type);

  // Stored in the fixed-length part of a record (bit included).
  bool fixed() const;
  // Bytes in the fixed-length part (0 for bit and variable-length types).
  size_t fixed_size() const;
  // text, ntext, image: stored off-row behind a 16-byte text pointer.
  bool off_row() const;
};

struct TableSpec {
  std::string schema = "dbo";
  std::string name;
  std::vector<Column> columns;
  // false: a heap (index 0); true: a clustered index (index 1) on `key`.
  bool clustered = false;
  // Clustered: positions of the key columns (fixed-length, NOT NULL). Rows
  // are expected in key order; the writer does not sort them.
  std::vector<size_t> key = {0};
  int32_t object_id = 0;  // 0: the writer assigns one
  // sysrowsets.cmprlevel: 0 none, 1 ROW (CD records). Compressed tables
  // hold no text/ntext/image columns and no forwarded rows.
  uint8_t compression = 0;
};

// One value per column; nullopt is NULL.
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

enum class RowState {
  kLive,
  // Deleted, still on its page: a ghost record (record type 6).
  kGhost,
  // Heaps only: moved off its page. A forwarding stub (type 2) stays in its
  // place; the record (type 1, with a back pointer) lives on another page.
  kForwarded,
};

// Calendar time without zone, as SQL Server records it (server local time).
struct CivilTime {
  int year = 2000, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
// "YYYY-MM-DD[ HH:MM[:SS]]" (or 'T'); throws std::invalid_argument.
CivilTime parse_civil_time(std::string_view text);

struct DatabaseSpec {
  std::string name = "Sample";
  std::string server = "SQL01";            // "MACHINE\\INSTANCE" or "MACHINE"
  std::string user_name = "SQL01\\admin";  // who took the backup
  std::string backup_name;                 // "": "<name>-Full Database Backup"
  // SQL Server 2019 (15.0.2000), database version 904, level 150.
  int major_version = 15, minor_version = 0, build = 2000;
  uint16_t database_version = 904;
  uint8_t compatibility_level = 150;
  uint32_t collation = kSqlLatin1Cp1CiAs;  // one of the three above
  CivilTime created{2019, 3, 4, 9, 12, 0};
  CivilTime backup_start{2021, 6, 16, 10, 3, 26};
  CivilTime backup_finish{2021, 6, 16, 10, 3, 28};
  int utc_offset_minutes = 60;  // of the server's local time
  // File paths the file list names (logical names are <name> and
  // <name>_log).
  std::string data_directory =
      "C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\"
      "DATA\\";
};

}  // namespace leakscope::bakgen

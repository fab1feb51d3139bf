// What RESTORE HEADERONLY and RESTORE FILELISTONLY would say about a SQL
// Server backup, read from its first bytes without SQL Server.
//
// The facts come from the MTF descriptor blocks at the start of the backup
// (TAPE, SSET, VOLB) and from SQL Server's configuration records in the MQCI
// stream of the MSCI block ("SCIN" database/server, "SFIN" one per file).
// HEADER_FORMAT.md beside this file gives every offset used and the corpus
// files that confirmed it.
//
// Usage:
//   std::string head = first_bytes(file, 64 * 1024);   // 64 KiB suffices
//   BackupHeader h = parse_backup_header(head);
//   // optional: the finish time is only written near the end of the backup
//   read_backup_trailer(last_bytes(file, 64 * 1024), file_size - 65536, h);
//
// Neither function throws or reads outside the bytes given; damaged or
// missing fields stay empty (or 0) and a note says which and at what offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::mtf {

// One database file of the backup (a row of RESTORE FILELISTONLY).
struct BackupFile {
  std::string logical_name;   // e.g. "Northwind_log"
  std::string physical_name;  // path on the server that took the backup
  std::string type;           // "D" data, "L" log; "" if not recognised
  uint64_t size = 0;          // bytes, if recorded; 0 if unknown
};

// A row of RESTORE HEADERONLY plus the file list. Strings are UTF-8.
struct BackupHeader {
  std::string kind = "mssql_backup";
  std::string database, server, backup_name, user_name;
  std::string backup_type;         // "full", "differential", "log" or "unknown"
  std::string sql_server_version;  // "15.0.2080"
  int database_version = 0;        // e.g. 904; 0 if unknown
  int compatibility_level = 0;     // e.g. 140; 0 if unknown
  std::string collation;  // e.g. "SQL_Latin1_General_CP1_CI_AS"; "" unknown
  bool compressed = false, encrypted = false, password_protected = false;
  // Striped backups: how many files make up the media set, which of them
  // this is (1-based), and the media set GUID they share (lower-case,
  // 8-4-4-4-12, Windows GUID byte order). 0 / "" when not read.
  uint32_t family_count = 0, family_sequence = 0;
  std::string media_set_id;
  // ISO 8601 local time of the server with its UTC offset, e.g.
  // "2021-06-16T10:03:26+03:00"; without an offset when the backup did not
  // record one; "" if unknown. The finish time is only recorded at the end
  // of the backup (see read_backup_trailer).
  std::string backup_start, backup_finish;
  std::vector<BackupFile> files;
  std::vector<std::string> notes;  // what could not be read and why

  // Further facts the same blocks give (not needed by the JSON mapping).
  std::string backup_description;  // SSET; usually empty
  std::string machine_name;        // VOLB: the computer, without instance
  std::string database_created;    // same form as backup_start
  std::optional<int> utc_offset_minutes;  // of the server's local time
};

// `head`: the first bytes of the (decompressed) backup, ideally up to the
// end of the MSCI block (64 KiB suffices for every backup seen; the MSCI
// block ends before 16 KiB). Shorter input gives what it holds, with notes.
// A compressed backup ("MSSQLBAK" container) gives kind, compressed = true
// and a note: decompress it and pass the decompressed stream instead.
BackupHeader parse_backup_header(std::string_view head);

// `tail`: bytes from the end of the same (decompressed) backup, starting at
// stream offset `tail_offset` (64 KiB suffices). Reads the closing copy of
// the configuration (the MSLS block) for backup_finish, fills any field the
// head left empty, and notes a missing end-of-set (ESET) block.
void read_backup_trailer(std::string_view tail, uint64_t tail_offset,
                         BackupHeader& header);

}  // namespace leakscope::mtf

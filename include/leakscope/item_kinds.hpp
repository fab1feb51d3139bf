// The contract between parsers, classifier, store and reports: the item
// kinds and the field names more than one layer relies on. A layer that
// tests a kind or reads a field by name uses these constants, so a rename
// is one edit here and a compile error everywhere it matters.
#pragma once

namespace leakscope::kinds {

// Items (items.kind).
inline constexpr const char* kMessage = "message";        // one e-mail
inline constexpr const char* kMbox = "mbox";              // a mailbox file
inline constexpr const char* kAttachment = "attachment";  // a MIME part
inline constexpr const char* kDocument = "document";  // a loose PDF/Office file
inline constexpr const char* kArchive = "archive";    // a zip and its entries
inline constexpr const char* kTnef = "tnef";          // winmail.dat
inline constexpr const char* kFile = "file";          // bytes not opened
inline constexpr const char* kFolder = "folder";      // a directory entry
inline constexpr const char* kSqlDatabase = "sql_database";
inline constexpr const char* kSqlTable = "sql_table";  // rows: sql_tables

}  // namespace leakscope::kinds

namespace leakscope::fields {

// Messages.
inline constexpr const char* kDedupKey = "dedup_key";  // same message, once
inline constexpr const char* kMessageId = "message_id";
inline constexpr const char* kFromAddress = "from.address";
// Attachments and documents.
inline constexpr const char* kFilename = "filename";
inline constexpr const char* kAuthor = "author";
// SQL databases and tables (items of kind sql_database / sql_table).
inline constexpr const char* kDatabase = "database";
inline constexpr const char* kSchema = "schema";
inline constexpr const char* kTable = "table";
inline constexpr const char* kBackupType = "backup_type";

}  // namespace leakscope::fields

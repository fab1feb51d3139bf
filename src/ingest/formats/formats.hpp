// The descriptors of every format ingest knows (leakscope/format.hpp), one
// group per file of this folder; registry.cpp lists them in identification
// order. Helpers shared by the descriptors live here too.
#pragma once

#include <string>
#include <string_view>

#include "leakscope/format.hpp"
#include "util/text.hpp"

namespace leakscope::formats {

// mail.cpp
extern const FormatDescriptor kMessage, kMbox, kTnef;
// msg.cpp
extern const FormatDescriptor kMsg;
// pst.cpp
extern const FormatDescriptor kPst;
// A .msg's bytes (the input's own, or read from it) into items.
void read_msg_bytes(const FormatInput& in, std::string_view bytes,
                    FormatContext& ctx);
// documents.cpp
extern const FormatDescriptor kPdf, kZip, kOle2, kRtf, kHtml, kText;
// archives.cpp (libarchive)
extern const FormatDescriptor k7z, kRar, kXz, kBzip2, kCab, kAr, kCpio, kTar,
    kIso9660, kGzip, kLzma, kZstd;
// mssql.cpp
extern const FormatDescriptor kMssqlBackup, kMssqlBackupCompressed,
    kMssqlDataFile, kMssqlLogFile;
// dumps.cpp: data dumps into typed tables
extern const FormatDescriptor kCsv, kSqlDump, kSqlite, kJson;
// recorded.cpp: recognised, recorded by kind, not parsed
extern const FormatDescriptor kPng, kJpeg, kGif;

// True when `b` begins with `magic` (every byte of it, NULs included).
inline bool starts(std::string_view b, std::string_view magic) {
  return b.substr(0, magic.size()) == magic;
}

// A source file past the loose-document limit (documents.cpp): one damage
// line and a file item of what was read; not parsed.
void record_too_large(const FormatInput& in, FormatContext& ctx, uint64_t read);

// Calls f with every piece of the input (the pulled pieces, or the bytes in
// memory as one piece).
template <typename F>
void for_each_piece(const FormatInput& in, F&& f) {
  if (!in.pull) {
    if (!in.bytes.empty()) f(in.bytes);
    return;
  }
  for (;;) {
    std::string_view piece = in.pull();
    if (piece.empty()) return;
    f(piece);
  }
}

}  // namespace leakscope::formats

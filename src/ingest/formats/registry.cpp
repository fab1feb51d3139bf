// The registry of formats (leakscope/format.hpp): one line per format, in
// the order identification tries them. Order matters where signatures
// overlap: containers with an exact magic first, then the SQL Server page
// check, then the text formats whose recognition is a heuristic (mbox,
// message, html, text).
#include <algorithm>

#include "ingest/formats/formats.hpp"

namespace leakscope {

const std::vector<const FormatDescriptor*>& registered_formats() {
  // One format per line (a comment keeps the list from being packed).
  static const std::vector<const FormatDescriptor*> kFormats = {
      &formats::kZstd,                   // exact magics first
      &formats::k7z,                     //
      &formats::kRar,                    //
      &formats::kXz,                     //
      &formats::kBzip2,                  //
      &formats::kCab,                    //
      &formats::kAr,                     //
      &formats::kCpio,                   //
      &formats::kTar,                    // ustar at offset 257
      &formats::kIso9660,                // CD001 at 0x8001
      &formats::kPst,                    // !BDN then SM or SO
      &formats::kSqlite,                 //
      &formats::kTnef,                   //
      &formats::kPdf,                    //
      &formats::kZip,                    //
      &formats::kMsg,                    // an OLE2 naming MAPI streams
      &formats::kOle2,                   // any other OLE2
      &formats::kRtf,                    //
      &formats::kGzip,                   //
      &formats::kLzma,                   // a weaker magic
      &formats::kMssqlBackup,            //
      &formats::kMssqlBackupCompressed,  //
      &formats::kPng,                    //
      &formats::kJpeg,                   //
      &formats::kGif,                    //
      &formats::kMssqlDataFile,          // page checks
      &formats::kMssqlLogFile,           //
      &formats::kMbox,                   // heuristics on text last
      &formats::kMessage,                //
      &formats::kSqlDump,                // SQL before delimited text
      &formats::kJson,                   //
      &formats::kHtml,                   //
      &formats::kCsv,                    //
      &formats::kText,                   // any other text
  };
  return kFormats;
}

const FormatDescriptor* format_named(std::string_view name) {
  for (const FormatDescriptor* f : registered_formats())
    if (name == f->name) return f;
  return nullptr;
}

std::string identify(std::string_view head) {
  if (head.empty()) return "empty";
  for (const FormatDescriptor* f : registered_formats())
    if (f->recognise(head)) return f->name;
  return "unknown";
}

std::string FormatInput::read_all(uint64_t limit, bool* truncated) const {
  *truncated = false;
  if (!pull) {
    if (bytes.size() > limit) {
      *truncated = true;
      return std::string(bytes.substr(0, limit));
    }
    return std::string(bytes);
  }
  std::string out;
  for (;;) {
    std::string_view piece = pull();
    if (piece.empty()) break;
    if (out.size() + piece.size() > limit) {
      out.append(piece.substr(0, limit - out.size()));
      *truncated = true;
      break;
    }
    out.append(piece);
  }
  return out;
}

}  // namespace leakscope

#include "walk/identify.hpp"

#include <cstring>

#include "mbox.hpp"
#include "message_parser.hpp"
#include "tnef.hpp"
#include "util/bytes.hpp"
#include "util/text.hpp"

namespace leakscope {

namespace {
// Page 0 of a SQL Server file: header version 1, type 15, page id 0.
std::string mssql_file_kind(std::string_view b) {
  if (le32(b, 32) != 0) return "";
  std::string_view second = b.substr(8192);
  if (static_cast<uint8_t>(second[0]) == 1 &&
      static_cast<uint8_t>(second[1]) == 11 && le32(second, 32) == 1)
    return "mssql_data_file";
  return "mssql_log_file";
}

bool starts(std::string_view b, std::string_view magic) {
  return b.size() >= magic.size() &&
         std::memcmp(b.data(), magic.data(), magic.size()) == 0;
}

bool mostly_text(std::string_view b) {
  size_t n = std::min<size_t>(b.size(), 4096), bad = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(b[i]);
    if (c < 9 || (c > 13 && c < 32)) ++bad;
  }
  return n > 0 && bad * 100 < n;
}
}  // namespace

std::string identify(std::string_view b) {
  if (b.empty()) return "empty";
  if (starts(b, "\x28\xB5\x2F\xFD")) return "zstd";
  if (mime::looks_like_tnef(b)) return "tnef";
  if (starts(b, "%PDF-")) return "pdf";
  if (starts(b, "PK\x03\x04") || starts(b, "PK\x05\x06")) return "zip";
  if (starts(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return "ole2";
  if (starts(b, "{\\rtf")) return "rtf";
  if (starts(b, "\x1F\x8B")) return "gzip";
  if (starts(b, "TAPE")) return "mssql_backup";
  if (starts(b, "MSSQLBAK")) return "mssql_backup_compressed";
  if (starts(b, "\x89PNG\r\n\x1A\n")) return "png";
  if (starts(b, "\xFF\xD8\xFF")) return "jpeg";
  if (starts(b, "GIF87a") || starts(b, "GIF89a")) return "gif";
  if (b.size() >= 16384 && static_cast<uint8_t>(b[0]) == 1 &&
      static_cast<uint8_t>(b[1]) == 15) {
    // A SQL Server file header page (type 15, page 0); the next page tells
    // a data file (PFS page) from a log file.
    std::string k = mssql_file_kind(b);
    if (!k.empty()) return k;
  }
  if (mime::looks_like_mbox(b)) return "mbox";
  if (mime::looks_like_message(b)) return "message";
  std::string_view t = trim(b.substr(0, 512));
  if (istarts_with(t, "<!doctype html") || istarts_with(t, "<html"))
    return "html";
  if (mostly_text(b)) return "text";
  return "unknown";
}

}  // namespace leakscope

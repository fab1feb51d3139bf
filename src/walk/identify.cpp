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

// A tar header block: "ustar" at offset 257 (POSIX and GNU tar).
bool looks_like_tar(std::string_view b) {
  return b.size() >= 512 && b.substr(257, 5) == "ustar";
}

// An ISO 9660 volume descriptor ("CD001") at sector 16.
bool looks_like_iso9660(std::string_view b) {
  return b.size() >= 0x8006 && b.substr(0x8001, 5) == "CD001";
}

// A .lzma ("LZMA alone") header as the lzma tool writes it: the usual
// properties byte, and an unknown (all ones) or plausible expanded size.
bool looks_like_lzma(std::string_view b) {
  if (b.size() < 13 || static_cast<uint8_t>(b[0]) != 0x5D) return false;
  if (b[1] != 0 || b[2] != 0) return false;
  uint64_t size = 0;
  for (int i = 12; i >= 5; --i)
    size = size << 8 | static_cast<uint8_t>(b[static_cast<size_t>(i)]);
  return size == ~uint64_t{0} || size < (uint64_t{1} << 40);
}
}  // namespace

std::string identify(std::string_view b) {
  if (b.empty()) return "empty";
  if (starts(b, "\x28\xB5\x2F\xFD")) return "zstd";
  if (starts(b, "7z\xBC\xAF\x27\x1C")) return "7z";
  if (starts(b, "Rar!\x1A\x07")) return "rar";
  if (starts(b,
             "\xFD"
             "7zXZ\x00"))
    return "xz";
  if (b.size() >= 4 && starts(b, "BZh") && b[3] >= '1' && b[3] <= '9')
    return "bzip2";
  if (starts(b, std::string_view("MSCF\0\0\0\0", 8))) return "cab";
  if (starts(b, "!<arch>\n")) return "ar";
  if (starts(b, "070701") || starts(b, "070702") || starts(b, "070707"))
    return "cpio";
  if (looks_like_tar(b)) return "tar";
  if (looks_like_iso9660(b)) return "iso9660";
  if (mime::looks_like_tnef(b)) return "tnef";
  if (starts(b, "%PDF-")) return "pdf";
  if (starts(b, "PK\x03\x04") || starts(b, "PK\x05\x06")) return "zip";
  if (starts(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return "ole2";
  if (starts(b, "{\\rtf")) return "rtf";
  if (starts(b, "\x1F\x8B")) return "gzip";
  if (looks_like_lzma(b)) return "lzma";
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

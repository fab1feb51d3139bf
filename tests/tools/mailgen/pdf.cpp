#include "pdf.hpp"

#include <unicode/ustring.h>

#include <algorithm>
#include <cstdio>

#include "charset_encode.hpp"
#include "civil_time.hpp"
#include "pdf_file.hpp"

namespace mailgen {
namespace {

constexpr size_t kLinesPerPage = 48;

// A PDF literal string of WinAnsi bytes: ( ) \ escaped, 8-bit as octal.
std::string literal(const std::string& utf8) {
  std::string bytes;
  if (is_ascii(utf8)) {
    bytes = utf8;
  } else {
    for (size_t i = 0; i < utf8.size();) {
      size_t n = utf8_seq_len(static_cast<unsigned char>(utf8[i]));
      auto one = encode_charset(utf8.substr(i, n), "windows-1252");
      bytes += one ? *one : "?";
      i += n;
    }
  }
  std::string out = "(";
  for (unsigned char c : bytes) {
    if (c == '(' || c == ')' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x80) {
      char oct[5];
      std::snprintf(oct, sizeof oct, "\\%03o", c);
      out += oct;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + ")";
}

// A PDF text string as UTF-16BE with byte order mark, hex form.
std::string utf16_hex(const std::string& utf8) {
  std::vector<UChar> u(utf8.size() + 1);
  int32_t n = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(u.data(), static_cast<int32_t>(u.size()), &n, utf8.data(),
                static_cast<int32_t>(utf8.size()), &status);
  std::string out = "<FEFF";
  char hex[8];
  for (int32_t i = 0; U_SUCCESS(status) && i < n; ++i) {
    std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(u[i]));
    out += hex;
  }
  return out + ">";
}

}  // namespace

std::string make_pdf(const PdfDoc& doc) {
  // Object numbers: 1 catalog, 2 page tree, 3 font, 4 info, then for page k
  // (0-based) 5+2k the page and 6+2k its content stream.
  size_t pages = std::max<size_t>(
      1, (doc.lines.size() + kLinesPerPage - 1) / kLinesPerPage);
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (size_t k = 0; k < pages; ++k)
    kids += (k ? " " : "") + std::to_string(5 + 2 * k) + " 0 R";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " +
                    std::to_string(pages) + " >>");
  objects.push_back(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
      "/Encoding /WinAnsiEncoding >>");
  std::string date = "(" + pdf_date(doc.created_utc, doc.offset_minutes) + ")";
  objects.push_back("<< /Title " + utf16_hex(doc.title) + " /Author " +
                    utf16_hex(doc.author) + " /Producer " +
                    utf16_hex(doc.producer) + " /CreationDate " + date +
                    " /ModDate " + date + " >>");
  for (size_t k = 0; k < pages; ++k) {
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 3 0 R >> >> /Contents " +
        std::to_string(6 + 2 * k) + " 0 R >>");
    std::string text = "BT\n/F1 10 Tf\n14 TL\n56 790 Td\n";
    for (size_t i = k * kLinesPerPage;
         i < std::min(doc.lines.size(), (k + 1) * kLinesPerPage); ++i)
      text += literal(doc.lines[i]) + " Tj T*\n";
    text += "ET\n";
    objects.push_back("<< /Length " + std::to_string(text.size()) +
                      " >>\nstream\n" + text + "endstream");
  }

  return pdf_file(objects, " /Info 4 0 R");
}

}  // namespace mailgen

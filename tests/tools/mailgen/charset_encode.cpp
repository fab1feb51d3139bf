#include "charset_encode.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <map>
#include <memory>
#include <vector>

namespace mailgen {
namespace {

using ConverterPtr = std::unique_ptr<UConverter, decltype(&ucnv_close)>;

// One strict converter per charset name, opened on first use and kept for
// the life of the thread (opening one per call dominated run time).
UConverter* converter(const std::string& name) {
  thread_local std::map<std::string, ConverterPtr> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(name.c_str(), &status), &ucnv_close);
  if (U_FAILURE(status)) conv.reset();
  if (conv) {
    ucnv_setFallback(conv.get(), false);
    ucnv_setFromUCallBack(conv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr,
                          nullptr, nullptr, &status);
  }
  return cache.emplace(name, std::move(conv)).first->second.get();
}

}  // namespace

bool is_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

size_t utf8_seq_len(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

std::optional<std::string> encode_charset(std::string_view text,
                                          std::string_view charset) {
  std::string name(charset);
  if (ucnv_compareNames(name.c_str(), "UTF-8") == 0) return std::string(text);
  if (ucnv_compareNames(name.c_str(), "us-ascii") == 0) {
    if (!is_ascii(text)) return std::nullopt;
    return std::string(text);
  }
  UErrorCode status = U_ZERO_ERROR;
  std::vector<UChar> utf16(text.size() + 1);
  int32_t len16 = 0;
  u_strFromUTF8(utf16.data(), static_cast<int32_t>(utf16.size()), &len16,
                text.data(), static_cast<int32_t>(text.size()), &status);
  if (U_FAILURE(status)) return std::nullopt;

  UConverter* conv = converter(name);
  if (!conv) return std::nullopt;
  ucnv_resetFromUnicode(conv);
  std::string out(static_cast<size_t>(len16) * 8 + 16, '\0');
  int32_t n =
      ucnv_fromUChars(conv, out.data(), static_cast<int32_t>(out.size()),
                      utf16.data(), len16, &status);
  if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
    return std::nullopt;
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace mailgen

#include "charset.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <memory>

#include "util/text.hpp"

namespace leakscope::mime {

namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Names seen in real mail that ICU does not know under that spelling.
std::string canonical_alias(std::string_view declared) {
  std::string name = ascii_lower(trim(declared));
  // Quotes and trailing junk from sloppy headers: charset="utf-8;"
  while (!name.empty() &&
         (name.back() == ';' || name.back() == '"' || name.back() == '\''))
    name.pop_back();
  while (!name.empty() && (name.front() == '"' || name.front() == '\''))
    name.erase(name.begin());
  if (name == "ks_c_5601-1987" || name == "ks_c_5601" || name == "ksc5601")
    return "windows-949";
  if (name == "x-sjis" || name == "shift-jis") return "Shift_JIS";
  if (name == "x-gbk" || name == "gb2312") return "GBK";  // GBK ⊇ GB2312
  if (name == "unicode-1-1-utf-7") return "UTF-7";
  if (name == "x-unknown" || name == "unknown" || name == "unknown-8bit" ||
      name == "x-user-defined" || name == "default")
    return "";
  if (name == "iso-8859-8-i") return "ISO-8859-8";
  return name;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Strict conversion: fails on any ill-formed byte sequence.
bool convert_strict(std::string_view bytes, const std::string& charset,
                    std::string* out, std::string* canonical) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(
      ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err) || !conv) return false;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                      nullptr, &err);
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()),
                       conv.get(), err);
  if (U_FAILURE(err)) return false;
  out->clear();
  u.toUTF8String(*out);
  UErrorCode e2 = U_ZERO_ERROR;
  const char* name = ucnv_getName(conv.get(), &e2);
  *canonical = U_SUCCESS(e2) && name ? name : charset;
  return true;
}

std::string detect(std::string_view bytes, int32_t* confidence) {
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return "";
  // The detector only needs a sample; 8 KiB keeps it fast on big parts.
  int32_t len = static_cast<int32_t>(std::min<size_t>(bytes.size(), 8192));
  ucsdet_setText(det, bytes.data(), len, &err);
  const UCharsetMatch* m = ucsdet_detect(det, &err);
  std::string name;
  if (U_SUCCESS(err) && m) {
    const char* n = ucsdet_getName(m, &err);
    if (U_SUCCESS(err) && n) name = n;
    *confidence = ucsdet_getConfidence(m, &err);
  }
  ucsdet_close(det);
  return name;
}

}  // namespace

bool convert_with(std::string_view bytes, std::string_view charset,
                  std::string* utf8, bool* lossy) {
  UErrorCode err = U_ZERO_ERROR;
  std::string name(charset);
  std::unique_ptr<UConverter, ConverterCloser> conv(
      ucnv_open(name.c_str(), &err));
  if (U_FAILURE(err) || !conv) return false;
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()),
                       conv.get(), err);
  if (U_FAILURE(err)) return false;
  utf8->clear();
  u.toUTF8String(*utf8);
  *lossy = utf8->find("\xEF\xBF\xBD") != std::string::npos;
  return true;
}

DecodedText decode_text(std::string_view bytes, std::string_view declared) {
  DecodedText r;
  std::string want = canonical_alias(declared);
  bool ascii = is_ascii(bytes);
  bool want_utf8 = want == "utf-8" || want == "utf8";
  bool want_ascii = want == "us-ascii" || want == "ascii";

  // Fast paths: ASCII and UTF-8 need no converter.
  if (ascii &&
      (want.empty() || want_ascii || want_utf8 ||
       want.rfind("iso-8859", 0) == 0 || want.rfind("windows-125", 0) == 0)) {
    r.utf8.assign(bytes);
    r.charset = want.empty() ? "US-ASCII" : (want_utf8 ? "UTF-8" : want);
    r.how = want.empty() ? "detected" : "declared";
    return r;
  }
  if (want_utf8 && is_valid_utf8(bytes)) {
    r.utf8.assign(bytes);
    r.charset = "UTF-8";
    r.how = "declared";
    return r;
  }
  if (!want.empty() && !want_ascii && !want_utf8) {
    std::string canonical;
    if (convert_strict(bytes, want, &r.utf8, &canonical)) {
      r.charset = canonical;
      r.how = "declared";
      return r;
    }
  }
  // Declared charset missing, unknown or wrong for these bytes.
  if (is_valid_utf8(bytes)) {
    r.utf8.assign(bytes);
    r.charset = "UTF-8";
    r.how = "detected";
    return r;
  }
  // Mostly-ASCII text with a few scattered 8-bit bytes that are not UTF-8 is
  // Western European in practice (accented letters, €, quotes); the n-gram
  // detector costs more than the rest of the message and says the same.
  size_t high = 0;
  for (unsigned char c : bytes) high += c >= 0x80;
  if (high * 50 < bytes.size()) {
    std::string canonical;
    if (convert_strict(bytes, "windows-1252", &r.utf8, &canonical)) {
      r.charset = "windows-1252";
      r.how = "detected";
      return r;
    }
  }
  int32_t confidence = 0;
  std::string guess = detect(bytes, &confidence);
  if (!guess.empty()) {
    std::string canonical;
    if (convert_strict(bytes, guess, &r.utf8, &canonical)) {
      r.charset = canonical;
      r.how = "detected";
      return r;
    }
    if (convert_with(bytes, guess, &r.utf8, &r.lossy)) {
      r.charset = guess;
      r.how = "detected";
      return r;
    }
  }
  convert_with(bytes, "windows-1252", &r.utf8, &r.lossy);
  r.charset = "windows-1252";
  r.how = "fallback";
  return r;
}

}  // namespace leakscope::mime

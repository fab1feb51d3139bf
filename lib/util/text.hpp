// Small ASCII/UTF-8 string helpers shared by parsers and the pipeline.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leakscope {

std::string ascii_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::string_view trim(std::string_view s);
// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view s);
// Appends UTF-16LE `bytes` to `out` as UTF-8: surrogate pairs joined, an
// unpaired surrogate as U+FFFD, an odd last byte dropped. NULs are kept
// (callers that read NUL-terminated or NUL-padded fields cut them first).
void append_utf16le(std::string& out, std::string_view bytes);
// Evidence bytes made safe for a terminal, a log line or a JSON string, and
// lossless: a byte that is not part of well-formed UTF-8, a C0 control
// character (tab and newline included) and DEL become \xNN, a C1 control
// (U+0080..U+009F) and the line/paragraph separators become \u0085 etc.,
// and a backslash becomes \\, so that unescape_printable gives the bytes
// back. Everything else passes unchanged.
std::string printable(std::string_view s);
// The inverse of printable(): \xNN, \uNNNN and \\ decoded.
std::string unescape_printable(std::string_view s);
// True when printable(s) == s (no byte needs escaping).
bool is_printable(std::string_view s);
// Appends code point `cp` as UTF-8; NUL, surrogates and values past
// U+10FFFF become U+FFFD.
void append_utf8(std::string& out, uint32_t cp);
// Replaces every ill-formed UTF-8 sequence with U+FFFD.
std::string sanitize_utf8(std::string_view s);
// The last component of a path ("a/b\\c.pdf" -> "c.pdf"; '/' and '\\' both
// separate, since evidence paths come from either world).
std::string base_name(std::string_view path);
// Collapses runs of whitespace to one space and trims.
std::string collapse_whitespace(std::string_view s);
// Splits on a single character, keeping empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);

// f(key), remembered in `seen` (one map per caller and thread); the map is
// emptied when it holds 4096 answers, so memory stays bounded.
template <typename F>
std::string memoized(std::unordered_map<std::string, std::string>& seen,
                     std::string_view key, F&& f) {
  std::string k(key);
  auto it = seen.find(k);
  if (it != seen.end()) return it->second;
  if (seen.size() >= 4096) seen.clear();
  std::string answer = f(key);
  seen.emplace(std::move(k), answer);
  return answer;
}

}  // namespace leakscope

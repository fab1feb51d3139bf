#include "util/rtf_text.hpp"

#include <cstdint>
#include <vector>

#include "util/text.hpp"

namespace leakscope {

namespace {

// Windows-1252 0x80..0x9F (0 where the code page has no character); the
// rest of the upper half is Latin-1.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Destinations whose text is not part of the body.
bool hidden_destination(std::string_view w) {
  for (std::string_view d :
       {"fonttbl",   "colortbl",     "stylesheet", "info",
        "pict",      "object",       "themedata",  "colorschememapping",
        "datastore", "latentstyles", "listtable",  "listoverridetable",
        "rsidtbl",   "generator",    "xmlnstbl",   "mmathPr",
        "header",    "footer",       "headerl",    "headerr",
        "footerl",   "footerr",      "fldinst",    "filetbl",
        "revtbl"})
    if (w == d) return true;
  return false;
}

struct State {
  bool skip = false;
  int uc = 1;  // characters after \uN that are its fallback
};

}  // namespace

std::string rtf_rough_text(std::string_view r) {
  std::string out;
  std::vector<State> stack;
  State st;
  int fallback = 0;        // fallback characters still to drop after \uN
  bool html_only = false;  // inside \htmlrtf ... \htmlrtf0
  auto emit_cp = [&](uint32_t cp) {
    if (fallback > 0) {
      --fallback;
      return;
    }
    if (st.skip || html_only) return;
    append_utf8(out, cp);
  };
  auto emit_byte = [&](unsigned char b) {
    if (b < 0x80) return emit_cp(b);
    if (b < 0xA0) {
      const uint16_t cp = kCp1252High[b - 0x80];
      return emit_cp(cp ? cp : 0xFFFD);
    }
    emit_cp(b);
  };
  size_t i = 0;
  while (i < r.size()) {
    const char c = r[i];
    if (c == '{') {
      if (stack.size() < 1000) stack.push_back(st);
      ++i;
      continue;
    }
    if (c == '}') {
      if (!stack.empty()) {
        st = stack.back();
        stack.pop_back();
      }
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c != '\\') {
      emit_byte(static_cast<unsigned char>(c));
      ++i;
      continue;
    }
    // A control word or symbol.
    ++i;
    if (i >= r.size()) break;
    const char s = r[i];
    if (!is_alpha(s)) {
      ++i;
      if (s == '\'') {
        auto hex = [](char h) -> int {
          if (h >= '0' && h <= '9') return h - '0';
          if (h >= 'a' && h <= 'f') return h - 'a' + 10;
          if (h >= 'A' && h <= 'F') return h - 'A' + 10;
          return -1;
        };
        if (i + 1 < r.size() && hex(r[i]) >= 0 && hex(r[i + 1]) >= 0) {
          emit_byte(static_cast<unsigned char>(hex(r[i]) * 16 + hex(r[i + 1])));
          i += 2;
        }
      } else if (s == '*') {
        st.skip = true;
      } else if (s == '\\' || s == '{' || s == '}') {
        emit_cp(static_cast<unsigned char>(s));
      } else if (s == '~') {
        emit_cp(' ');
      } else if (s == '_') {
        emit_cp('-');
      } else if (s == '\r' || s == '\n') {
        emit_cp('\n');
      }
      continue;
    }
    const size_t w0 = i;
    while (i < r.size() && is_alpha(r[i]) && i - w0 < 32) ++i;
    const std::string_view word = r.substr(w0, i - w0);
    bool has_param = false;
    bool negative = false;
    int64_t param = 0;
    if (i < r.size() && r[i] == '-') {
      negative = true;
      ++i;
    }
    while (i < r.size() && is_digit(r[i])) {
      has_param = true;
      if (param < 100000000) param = param * 10 + (r[i] - '0');
      ++i;
    }
    if (negative) param = -param;
    if (i < r.size() && r[i] == ' ') ++i;  // the delimiter belongs to it
    if (word == "par" || word == "line" || word == "row" || word == "sect" ||
        word == "page") {
      emit_cp('\n');
    } else if (word == "tab" || word == "cell") {
      emit_cp('\t');
    } else if (word == "u" && has_param) {
      const uint32_t cp = static_cast<uint16_t>(static_cast<int16_t>(param));
      emit_cp(cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp);
      fallback = st.uc;
    } else if (word == "uc" && has_param) {
      st.uc =
          static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(param, 8)));
    } else if (word == "bin" && has_param && param > 0) {
      i += std::min<size_t>(static_cast<size_t>(param), r.size() - i);
    } else if (word == "htmlrtf") {
      html_only = !has_param || param != 0;
    } else if (hidden_destination(word)) {
      st.skip = true;
    }
  }
  return sanitize_utf8(out);
}

}  // namespace leakscope

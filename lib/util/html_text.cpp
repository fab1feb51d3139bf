#include "util/html_text.hpp"

#include <cstdint>

#include "util/text.hpp"

namespace leakscope {

namespace {

struct Entity {
  const char* name;
  uint32_t cp;
};
// The named references common in mail; others are kept literally.
constexpr Entity kEntities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},    {"nbsp", 0xA0},    {"copy", 0xA9},     {"reg", 0xAE},
    {"euro", 0x20AC},  {"pound", 0xA3},   {"yen", 0xA5},      {"cent", 0xA2},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018},  {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"hellip", 0x2026}, {"bull", 0x2022},
    {"middot", 0xB7},  {"deg", 0xB0},     {"times", 0xD7},    {"eacute", 0xE9},
    {"egrave", 0xE8},  {"ecirc", 0xEA},   {"agrave", 0xE0},   {"aacute", 0xE1},
    {"acirc", 0xE2},   {"auml", 0xE4},    {"ouml", 0xF6},     {"uuml", 0xFC},
    {"Auml", 0xC4},    {"Ouml", 0xD6},    {"Uuml", 0xDC},     {"szlig", 0xDF},
    {"ccedil", 0xE7},  {"ntilde", 0xF1},  {"oacute", 0xF3},   {"iacute", 0xED},
    {"uacute", 0xFA},  {"Eacute", 0xC9},  {"zwnj", 0x200C},   {"shy", 0xAD},
};

// Decodes the reference at s[i] == '&'; returns bytes consumed (0 if none).
size_t decode_reference(std::string_view s, size_t i, std::string& out) {
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 12) return 0;
  std::string_view ref = s.substr(i + 1, semi - i - 1);
  if (ref.empty()) return 0;
  if (ref[0] == '#') {
    uint32_t cp = 0;
    bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
    size_t k = hex ? 2 : 1;
    if (k >= ref.size()) return 0;
    for (; k < ref.size(); ++k) {
      char c = ref[k];
      int v;
      if (c >= '0' && c <= '9')
        v = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
      else
        return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      if (cp > 0x10FFFF) cp = 0xFFFD;
    }
    append_utf8(out, cp);
    return semi - i + 1;
  }
  for (const auto& e : kEntities) {
    if (ref == e.name) {
      append_utf8(out, e.cp == 0xA0 ? ' ' : e.cp);
      return semi - i + 1;
    }
  }
  return 0;
}

bool is_block(std::string_view tag) {
  static const char* kBlocks[] = {"p",   "br",    "div",   "tr", "li",
                                  "h1",  "h2",    "h3",    "h4", "h5",
                                  "h6",  "table", "ul",    "ol", "blockquote",
                                  "pre", "hr",    "title", "dd", "dt"};
  for (const char* b : kBlocks)
    if (iequals(tag, b)) return true;
  return false;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  size_t i = 0;
  auto newline = [&]() {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
  };
  bool last_space = true;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, end - i - 1);
      bool closing = !tag.empty() && tag[0] == '/';
      if (closing) tag.remove_prefix(1);
      size_t name_end = 0;
      while (name_end < tag.size() && tag[name_end] != ' ' &&
             tag[name_end] != '\t' && tag[name_end] != '\n' &&
             tag[name_end] != '\r' && tag[name_end] != '/' &&
             tag[name_end] != '>')
        ++name_end;
      std::string_view name = tag.substr(0, name_end);
      i = end + 1;
      if (!closing && (iequals(name, "script") || iequals(name, "style"))) {
        // Skip to the matching close tag.
        std::string close = "</" + ascii_lower(name);
        size_t k = i;
        for (;;) {
          size_t lt = html.find("</", k);
          if (lt == std::string_view::npos) {
            i = html.size();
            break;
          }
          if (istarts_with(html.substr(lt), close)) {
            size_t gt = html.find('>', lt);
            i = gt == std::string_view::npos ? html.size() : gt + 1;
            break;
          }
          k = lt + 2;
        }
        continue;
      }
      if (is_block(name)) {
        newline();
        last_space = true;
      } else if (iequals(name, "td") || iequals(name, "th")) {
        if (!last_space) out.push_back(' ');
        last_space = true;
      }
      continue;
    }
    if (c == '&') {
      size_t n = decode_reference(html, i, out);
      if (n) {
        i += n;
        last_space = false;
        continue;
      }
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!last_space) out.push_back(' ');
      last_space = true;
    } else {
      out.push_back(c);
      last_space = false;
    }
    ++i;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n'))
    out.pop_back();
  return out;
}

std::string html_meta_charset(std::string_view html) {
  std::string head = ascii_lower(html.substr(0, 4096));
  size_t p = head.find("charset=");
  while (p != std::string::npos) {
    // Only inside a <meta ...> tag.
    size_t lt = head.rfind('<', p);
    if (lt != std::string::npos && head.compare(lt, 5, "<meta") == 0) {
      size_t b = p + 8;
      while (b < head.size() && (head[b] == '"' || head[b] == '\'')) ++b;
      size_t e = b;
      while (e < head.size() && head[e] != '"' && head[e] != '\'' &&
             head[e] != ';' && head[e] != '>' && head[e] != ' ' &&
             head[e] != '/')
        ++e;
      if (e > b) return head.substr(b, e - b);
    }
    p = head.find("charset=", p + 8);
  }
  return "";
}

}  // namespace leakscope

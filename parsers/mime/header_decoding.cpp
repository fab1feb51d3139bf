#include "header_decoding.hpp"

#include <algorithm>
#include <map>

#include "charset.hpp"
#include "transfer_decoding.hpp"
#include "util/text.hpp"

namespace leakscope::mime {

std::string unfold(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n') continue;
    if (c == '\n') continue;
    out.push_back(c);
  }
  return out;
}

namespace {

std::string to_utf8_lenient(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  return decode_text(bytes, "").utf8;
}

struct EncodedWord {
  size_t begin = 0, end = 0;  // span in the input, end exclusive
  std::string charset;        // lower-case, RFC 2231 language stripped
  std::string bytes;          // decoded octets
};

// Parses an encoded word starting at `pos` ("=?"). Returns false if the text
// there is not a well-formed encoded word.
bool parse_encoded_word(std::string_view s, size_t pos, EncodedWord* w) {
  size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 == pos + 2) return false;
  if (q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
  char enc = s[q1 + 1];
  size_t end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos) return false;
  std::string_view charset = s.substr(pos + 2, q1 - pos - 2);
  if (charset.find_first_of(" \t\r\n") != std::string_view::npos) return false;
  std::string_view text = s.substr(q1 + 3, end - q1 - 3);
  if (text.find_first_of(" \t") != std::string_view::npos) {
    // Encoded words never contain spaces; sloppy senders do. Accept for Q
    // only when the word still closes on the same line.
    if (text.find_first_of("\r\n") != std::string_view::npos) return false;
  }
  size_t star = charset.find('*');
  if (star != std::string_view::npos) charset = charset.substr(0, star);
  w->charset = ascii_lower(charset);
  if (enc == 'B' || enc == 'b') {
    w->bytes = decode_base64(text);
  } else if (enc == 'Q' || enc == 'q') {
    w->bytes = decode_quoted_printable(text, /*header=*/true);
  } else {
    return false;
  }
  w->begin = pos;
  w->end = end + 2;
  return true;
}

}  // namespace

std::string decode_rfc2047(std::string_view value, bool* malformed) {
  if (value.find("=?") == std::string_view::npos) return to_utf8_lenient(value);
  std::string out;
  size_t pos = 0;
  // Pending run of adjacent encoded words sharing a charset.
  std::string run_charset, run_bytes;
  auto flush_run = [&]() {
    if (run_charset.empty() && run_bytes.empty()) return;
    out += decode_text(run_bytes, run_charset).utf8;
    run_charset.clear();
    run_bytes.clear();
  };
  size_t last_word_end = std::string_view::npos;
  while (pos < value.size()) {
    size_t start = value.find("=?", pos);
    if (start == std::string_view::npos) break;
    EncodedWord w;
    if (!parse_encoded_word(value, start, &w)) {
      if (malformed) *malformed = true;
      flush_run();
      out += to_utf8_lenient(value.substr(pos, start + 2 - pos));
      pos = start + 2;
      last_word_end = std::string_view::npos;
      continue;
    }
    std::string_view between = value.substr(pos, start - pos);
    bool only_space = trim(between).empty();
    if (last_word_end == pos && only_space) {
      // Adjacent encoded words: drop the whitespace between them.
    } else {
      flush_run();
      out += to_utf8_lenient(between);
    }
    if (!run_bytes.empty() && w.charset != run_charset) flush_run();
    run_charset = w.charset;
    run_bytes += w.bytes;
    pos = w.end;
    last_word_end = pos;
  }
  flush_run();
  if (pos < value.size()) out += to_utf8_lenient(value.substr(pos));
  return out;
}

const std::string* HeaderParams::get(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      auto hv = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      int hi = hv(s[i + 1]), lo = hv(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

struct RawParam {
  std::string name;  // lower-case, without RFC 2231 section/star suffix
  int section = -1;  // -1 when not a continuation
  bool extended = false;
  std::string value;
};

}  // namespace

HeaderParams parse_header_params(std::string_view raw_in) {
  std::string raw = unfold(raw_in);
  HeaderParams out;
  size_t i = 0;
  // Main value: up to the first ';' outside quotes.
  {
    bool quoted = false;
    size_t j = 0;
    for (; j < raw.size(); ++j) {
      if (raw[j] == '"') quoted = !quoted;
      if (raw[j] == ';' && !quoted) break;
    }
    out.value = ascii_lower(trim(std::string_view(raw).substr(0, j)));
    i = j;
  }
  std::vector<RawParam> raws;
  while (i < raw.size()) {
    // Skip separators.
    while (i < raw.size() && (raw[i] == ';' || raw[i] == ' ' || raw[i] == '\t'))
      ++i;
    if (i >= raw.size()) break;
    size_t eq = raw.find_first_of("=;", i);
    if (eq == std::string::npos || raw[eq] == ';') {
      // A bare token with no value; skip it.
      i = eq == std::string::npos ? raw.size() : eq;
      continue;
    }
    std::string name =
        ascii_lower(trim(std::string_view(raw).substr(i, eq - i)));
    i = eq + 1;
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i;
    std::string value;
    if (i < raw.size() && raw[i] == '"') {
      ++i;
      while (i < raw.size() && raw[i] != '"') {
        if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
        value.push_back(raw[i]);
        ++i;
      }
      ++i;  // closing quote
      // Junk after the closing quote up to ';' is ignored.
      while (i < raw.size() && raw[i] != ';') ++i;
    } else {
      size_t end = raw.find(';', i);
      if (end == std::string::npos) end = raw.size();
      value = std::string(trim(std::string_view(raw).substr(i, end - i)));
      i = end;
    }
    RawParam p;
    if (!name.empty() && name.back() == '*') {
      p.extended = true;
      name.pop_back();
    }
    size_t star = name.rfind('*');
    if (star != std::string::npos && star + 1 < name.size() &&
        std::all_of(name.begin() + static_cast<long>(star) + 1, name.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      p.section = std::stoi(name.substr(star + 1, 6));
      name.resize(star);
    }
    p.name = name;
    p.value = std::move(value);
    raws.push_back(std::move(p));
  }
  // Join RFC 2231 continuations per parameter name, in section order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const RawParam*>> by_name;
  for (const auto& p : raws) {
    if (!by_name.count(p.name)) order.push_back(p.name);
    by_name[p.name].push_back(&p);
  }
  for (const auto& name : order) {
    auto parts = by_name[name];
    bool any_2231 = std::any_of(parts.begin(), parts.end(), [](auto* p) {
      return p->extended || p->section >= 0;
    });
    if (!any_2231) {
      // Plain parameter; senders often put RFC 2047 words in file names.
      out.params.emplace_back(name, decode_rfc2047(parts.front()->value));
      continue;
    }
    std::stable_sort(parts.begin(), parts.end(),
                     [](auto* a, auto* b) { return a->section < b->section; });
    // A plain value alongside the RFC 2231 form is a fallback; prefer 2231.
    std::string charset, bytes;
    bool first_extended = true;
    for (const auto* p : parts) {
      if (p->section < 0 && !p->extended) continue;
      if (p->extended) {
        std::string_view v = p->value;
        if (first_extended) {
          first_extended = false;
          size_t q1 = v.find('\'');
          size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
          if (q2 != std::string_view::npos) {
            charset = std::string(v.substr(0, q1));
            v = v.substr(q2 + 1);
          }
        }
        bytes += percent_decode(v);
      } else {
        bytes += p->value;
      }
    }
    std::string value = charset.empty() ? decode_rfc2047(bytes)
                                        : decode_text(bytes, charset).utf8;
    out.params.emplace_back(name, std::move(value));
  }
  return out;
}

}  // namespace leakscope::mime

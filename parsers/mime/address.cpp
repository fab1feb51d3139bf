#include "address.hpp"

#include "header_decoding.hpp"
#include "util/text.hpp"

namespace leakscope::mime {

namespace {

// One mailbox's raw text (no top-level commas) to a Mailbox.
Mailbox parse_mailbox(std::string_view raw) {
  Mailbox m;
  std::string display, addr, comment;
  bool in_angle = false, saw_angle = false;
  bool quoted = false;
  int paren = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (quoted) {
      if (c == '\\' && i + 1 < raw.size()) {
        display.push_back(raw[++i]);
      } else if (c == '"') {
        quoted = false;
      } else {
        display.push_back(c);
      }
      continue;
    }
    if (paren > 0) {
      if (c == '(') ++paren;
      if (c == ')') --paren;
      if (paren > 0) comment.push_back(c);
      continue;
    }
    if (c == '(') {
      paren = 1;
      continue;
    }
    if (in_angle) {
      if (c == '>') {
        in_angle = false;
      } else if (c != ' ' && c != '\t') {
        addr.push_back(c);
      }
      continue;
    }
    if (c == '<') {
      in_angle = true;
      saw_angle = true;
      addr.clear();
      continue;
    }
    if (c == '"') {
      quoted = true;
      continue;
    }
    display.push_back(c);
  }
  if (saw_angle) {
    // Source routes "<@a,@b:user@host>" keep only the addr-spec.
    size_t colon = addr.rfind(':');
    if (!addr.empty() && addr[0] == '@' && colon != std::string::npos)
      addr = addr.substr(colon + 1);
    m.address = addr;
    m.name = collapse_whitespace(decode_rfc2047(trim(display)));
  } else {
    // Bare addr-spec; a trailing comment is the old way to give a name.
    m.address = std::string(trim(display));
    std::string compact;
    for (char c : m.address)
      if (c != ' ' && c != '\t') compact.push_back(c);
    m.address = compact;
    m.name = collapse_whitespace(decode_rfc2047(trim(comment)));
  }
  return m;
}

}  // namespace

std::vector<Mailbox> parse_address_list(std::string_view value_in) {
  std::string value = unfold(value_in);
  std::vector<Mailbox> out;
  size_t start = 0;
  bool quoted = false, in_angle = false;
  int paren = 0;
  auto flush = [&](size_t end) {
    std::string_view piece = std::string_view(value).substr(start, end - start);
    // Group syntax "Name: a, b;" — the group label precedes ':'.
    if (!trim(piece).empty()) {
      Mailbox m = parse_mailbox(piece);
      if (!m.address.empty()) out.push_back(std::move(m));
    }
    start = end + 1;
  };
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (paren > 0) {
      if (c == '(') ++paren;
      if (c == ')') --paren;
      continue;
    }
    switch (c) {
      case '"':
        quoted = true;
        break;
      case '(':
        paren = 1;
        break;
      case '<':
        in_angle = true;
        break;
      case '>':
        in_angle = false;
        break;
      case ',':
        if (!in_angle) flush(i);
        break;
      case ':':
        // Start of a group: drop the label. Not inside <> (source routes).
        if (!in_angle) start = i + 1;
        break;
      case ';':
        if (!in_angle) flush(i);
        break;
      default:
        break;
    }
  }
  flush(value.size());
  return out;
}

}  // namespace leakscope::mime

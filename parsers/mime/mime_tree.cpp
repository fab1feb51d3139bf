#include "mime_tree.hpp"

#include <algorithm>

#include "header_decoding.hpp"
#include "util/text.hpp"

namespace leakscope::mime {

const HeaderField* Entity::find(std::string_view name) const {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return &h;
  return nullptr;
}

std::string Entity::get(std::string_view name) const {
  const HeaderField* h = find(name);
  return h ? h->value : std::string();
}

namespace {

// End of the line starting at pos (index of '\n', or `end`).
size_t line_end(std::string_view s, size_t pos, size_t end) {
  size_t nl = s.find('\n', pos);
  return nl == std::string_view::npos || nl >= end ? end : nl;
}

bool valid_field_name(std::string_view n) {
  if (n.empty()) return false;
  for (unsigned char c : n)
    if (c <= 32 || c >= 127) return false;
  return true;
}

}  // namespace

namespace {

// A field value longer than kMaxHeaderValue bytes (continuations included)
// is cut there, once, with a defect naming the field and its offset.
void cut_header_value(Entity& e, HeaderField& f) {
  if (f.value.size() <= kMaxHeaderValue) return;
  // Never half a UTF-8 sequence.
  size_t cut = kMaxHeaderValue;
  while (cut > 0 && (static_cast<unsigned char>(f.value[cut]) & 0xC0) == 0x80)
    --cut;
  f.value.resize(cut);
  e.defects.push_back("offset " + std::to_string(f.offset) + ": header field " +
                      f.name + " is longer than " +
                      std::to_string(kMaxHeaderValue) + " bytes; cut there");
}

}  // namespace

void parse_header_block(std::string_view msg, size_t begin, size_t end,
                        Entity& e) {
  e.begin = begin;
  size_t pos = begin;
  while (pos < end) {
    size_t eol = line_end(msg, pos, end);
    std::string_view line = msg.substr(pos, eol - pos);
    size_t next = eol < end ? eol + 1 : end;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {  // the blank line ending the header block
      e.body_begin = next;
      e.end = end;
      return;
    }
    if ((line[0] == ' ' || line[0] == '\t')) {
      if (!e.headers.empty()) {
        std::string& v = e.headers.back().value;
        if (v.size() < kMaxHeaderValue) {
          v += ' ';
          v += trim(line);
          cut_header_value(e, e.headers.back());
        }
        pos = next;
        continue;
      }
      // Whitespace before any field: tolerated (and skipped) at the start.
      if (trim(line).empty()) {
        pos = next;
        continue;
      }
    }
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos
                                ? std::string_view()
                                : trim(line.substr(0, colon));
    if (colon == std::string_view::npos || !valid_field_name(name)) {
      if (e.headers.empty() && line.rfind("From ", 0) == 0) {
        // An mbox "From " line left at the top of a single message.
        pos = next;
        continue;
      }
      e.defects.push_back(
          "offset " + std::to_string(pos) +
          ": line is not a header field; header block ends here");
      e.body_begin = pos;
      e.end = end;
      return;
    }
    HeaderField f;
    f.name = std::string(name);
    std::string_view value = trim(line.substr(colon + 1));
    f.value = std::string(value.substr(0, kMaxHeaderValue + 1));
    f.offset = pos;
    e.headers.push_back(std::move(f));
    cut_header_value(e, e.headers.back());
    pos = next;
  }
  e.body_begin = end;
  e.end = end;
}

namespace {

struct Builder {
  std::string_view msg;
  TreeLimits limits;
  size_t count = 0;

  // Is the line [pos, eol) a delimiter for `boundary`? Sets *close.
  bool is_delimiter(size_t pos, size_t eol, const std::string& boundary,
                    bool* close) const {
    std::string_view line = msg.substr(pos, eol - pos);
    if (line.size() < boundary.size() + 2 || line[0] != '-' || line[1] != '-')
      return false;
    if (line.compare(2, boundary.size(), boundary) != 0) return false;
    std::string_view rest = line.substr(2 + boundary.size());
    *close = rest.size() >= 2 && rest[0] == '-' && rest[1] == '-';
    if (*close) rest.remove_prefix(2);
    for (char c : rest)
      if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
  }

  void build(Entity& e, size_t begin, size_t end, int depth,
             bool digest_child) {
    ++count;
    parse_header_block(msg, begin, end, e);
    HeaderParams ct = parse_header_params(e.get("Content-Type"));
    bool multipart = istarts_with(ct.value, "multipart/");
    if (!multipart) return;
    const std::string* b = ct.get("boundary");
    if (!b || b->empty()) {
      e.defects.push_back(ct.value +
                          " without a boundary parameter; body read as text");
      return;
    }
    if (depth >= limits.max_depth) {
      e.defects.push_back("multipart nesting deeper than " +
                          std::to_string(limits.max_depth) +
                          " levels; not expanded");
      return;
    }
    std::string boundary = *b;
    bool digest = ct.value == "multipart/digest";
    // Scan lines for delimiters.
    size_t pos = e.body_begin;
    size_t part_start = std::string_view::npos;
    bool closed = false, found_any = false;
    while (pos < end) {
      size_t eol = line_end(msg, pos, end);
      size_t next = eol < end ? eol + 1 : end;
      bool close = false;
      if (msg[pos] == '-' && is_delimiter(pos, eol, boundary, &close)) {
        found_any = true;
        if (part_start != std::string_view::npos) {
          // The line break before a delimiter belongs to the delimiter.
          size_t part_end = pos;
          if (part_end > part_start && msg[part_end - 1] == '\n') --part_end;
          if (part_end > part_start && msg[part_end - 1] == '\r') --part_end;
          add_child(e, part_start, part_end, depth, digest);
        }
        if (close) {
          closed = true;
          break;
        }
        part_start = next;
      }
      pos = next;
    }
    if (!found_any) {
      e.defects.push_back("start boundary \"--" + boundary +
                          "\" not found; body read as text");
      e.headers.erase(std::remove_if(e.headers.begin(), e.headers.end(),
                                     [](const HeaderField& h) {
                                       return iequals(h.name, "Content-Type");
                                     }),
                      e.headers.end());
      HeaderField f{"Content-Type", "text/plain", 0};
      e.headers.push_back(f);
      return;
    }
    if (!closed) {
      e.defects.push_back("close boundary \"--" + boundary + "--\" not found");
      if (part_start != std::string_view::npos && part_start < end)
        add_child(e, part_start, end, depth, digest);
    }
  }

  void add_child(Entity& parent, size_t begin, size_t end, int depth,
                 bool digest) {
    if (begin >= end) return;  // an empty part carries nothing
    if (count >= limits.max_parts) {
      if (count == limits.max_parts) {
        parent.defects.push_back("more than " +
                                 std::to_string(limits.max_parts) +
                                 " parts; the rest not read");
        ++count;
      }
      return;
    }
    Entity child;
    build(child, begin, end, depth + 1, digest);
    if (digest && !child.find("Content-Type")) {
      child.headers.push_back({"Content-Type", "message/rfc822", 0});
    }
    parent.children.push_back(std::move(child));
  }
};

}  // namespace

Entity parse_mime_tree(std::string_view msg, TreeLimits limits) {
  Builder b{msg, limits};
  Entity root;
  size_t start = 0;
  // A byte-order mark before the header block.
  if (msg.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  b.build(root, start, msg.size(), 0, false);
  return root;
}

}  // namespace leakscope::mime

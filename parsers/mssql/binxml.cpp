#include "binxml.hpp"

#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace leakscope::mssql {

namespace {

// Token bytes.
enum : uint8_t {
  kSqlSmallInt = 1,
  kSqlInt = 2,
  kSqlReal = 3,
  kSqlFloat = 4,
  kSqlMoney = 5,
  kSqlBit = 6,
  kSqlTinyInt = 7,
  kSqlBigInt = 8,
  kSqlUuid = 9,
  kSqlNChar = 14,
  kSqlNVarChar = 17,
  kSqlSmallMoney = 20,
  kSqlNText = 24,
  kXsdBoolean = 134,
  kNmFlush = 0xE9,
  kEndNest = 0xEB,
  kNest = 0xEC,
  kQName = 0xEF,
  kName = 0xF0,
  kEndCData = 0xF1,
  kCData = 0xF2,
  kComment = 0xF3,
  kPi = 0xF4,
  kEndAttrs = 0xF5,
  kAttr = 0xF6,
  kEndElem = 0xF7,
  kElement = 0xF8,
  kXmlDecl = 0xFE,
};

class Decoder {
 public:
  explicit Decoder(std::string_view b) : b_(b) {}

  bool run(std::string* out) {
    if (b_.size() < 5 || static_cast<uint8_t>(b_[0]) != 0xDF ||
        static_cast<uint8_t>(b_[1]) != 0xFF)
      return fail("no binary XML signature (DF FF)", 0);
    uint8_t version = static_cast<uint8_t>(b_[2]);
    if (version != 1 && version != 2)
      return fail("binary XML version " + std::to_string(version), 2);
    uint16_t cp = static_cast<uint16_t>(static_cast<uint8_t>(b_[3]) |
                                        (static_cast<uint8_t>(b_[4]) << 8));
    if (cp != 1200)
      return fail("binary XML text encoding " + std::to_string(cp) +
                      " (expected 1200, UTF-16LE)",
                  3);
    pos_ = 5;
    names_.assign(1, std::string());  // name 0: the empty name
    qnames_.assign(1, QN{});
    while (pos_ < b_.size())
      if (!token()) return false;
    if (!open_.empty()) return fail("element not closed at the end", pos_);
    *out = std::move(text_);
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  struct QN {
    size_t ns = 0, prefix = 0, local = 0;
  };
  struct Open {
    size_t qname;
    bool start_tag_open;  // "<name attrs" written, ">" not yet
    size_t bindings;      // bindings_ size before this element
  };

  // Writes xmlns[:prefix]="uri" when the name's prefix is not yet bound to
  // its namespace in scope (the binary form names namespaces per name, the
  // text form declares them on elements).
  void declare(const QN& q, bool element) {
    const std::string& prefix = names_[q.prefix];
    const std::string& uri = names_[q.ns];
    if (prefix == "xml" || prefix == "xmlns") return;
    if (uri.empty() && (!element || prefix.empty())) {
      // No namespace: only an element whose default namespace is bound
      // elsewhere needs xmlns="".
      bool bound = false;
      for (size_t i = bindings_.size(); i-- > 0;)
        if (bindings_[i].first.empty()) {
          bound = !bindings_[i].second.empty();
          break;
        }
      if (!element || !bound) return;
    } else {
      for (size_t i = bindings_.size(); i-- > 0;)
        if (bindings_[i].first == prefix) {
          if (bindings_[i].second == uri) return;
          break;
        }
      if (!element && prefix.empty()) return;  // attributes: no default ns
    }
    bindings_.emplace_back(prefix, uri);
    text_ +=
        prefix.empty() ? std::string(" xmlns=\"") : " xmlns:" + prefix + "=\"";
    escape(uri, true, &text_);
    text_ += '"';
  }

  bool fail(const std::string& what, size_t at) {
    error_ = what + " at byte " + std::to_string(at);
    return false;
  }

  bool byte(uint8_t* v) {
    if (pos_ >= b_.size()) return fail("truncated", pos_);
    *v = static_cast<uint8_t>(b_[pos_++]);
    return true;
  }
  // Little-endian base-128 with continuation bit (mb32/mb64).
  bool mb(uint64_t* v, int max_bytes) {
    *v = 0;
    for (int i = 0; i < max_bytes; ++i) {
      uint8_t c = 0;
      if (!byte(&c)) return false;
      *v |= static_cast<uint64_t>(c & 0x7F) << (7 * i);
      if (!(c & 0x80)) return true;
    }
    return fail("multi-byte integer too long", pos_);
  }
  bool utf16(uint64_t cch, std::string* out) {
    if (cch > (b_.size() - pos_) / 2)
      return fail("string of " + std::to_string(cch) + " characters truncated",
                  pos_);
    icu::UnicodeString u(reinterpret_cast<const UChar*>(b_.data() + pos_),
                         static_cast<int32_t>(cch));
    pos_ += static_cast<size_t>(cch) * 2;
    out->clear();
    u.toUTF8String(*out);
    return true;
  }
  bool fixed(size_t n, const char** p) {
    if (b_.size() - pos_ < n) return fail("value truncated", pos_);
    *p = b_.data() + pos_;
    pos_ += n;
    return true;
  }

  std::string qname_text(size_t q) const {
    const QN& n = qnames_[q];
    if (n.prefix && !names_[n.prefix].empty())
      return names_[n.prefix] + ":" + names_[n.local];
    return names_[n.local];
  }

  static void escape(std::string_view s, bool attr, std::string* out) {
    for (char c : s) {
      switch (c) {
        case '&':
          *out += "&amp;";
          break;
        case '<':
          *out += "&lt;";
          break;
        case '>':
          *out += attr ? ">" : "&gt;";
          break;
        case '"':
          *out += attr ? "&quot;" : "\"";
          break;
        default:
          *out += c;
      }
    }
  }

  // Reads one value token (`t` already read) as text into *v.
  bool value(uint8_t t, std::string* v) {
    uint64_t n = 0;
    const char* p = nullptr;
    auto le = [&](size_t k) {
      uint64_t x = 0;
      for (size_t i = k; i-- > 0;) x = (x << 8) | static_cast<uint8_t>(p[i]);
      return x;
    };
    auto sgn = [&](size_t k) {
      uint64_t x = le(k);
      if (k < 8 && (x >> (8 * k - 1)) & 1) x |= ~uint64_t{0} << (8 * k);
      return static_cast<int64_t>(x);
    };
    switch (t) {
      case kSqlNVarChar:
      case kSqlNChar:
      case kSqlNText:
        return mb(&n, 10) && utf16(n, v);
      case kSqlTinyInt:
        if (!fixed(1, &p)) return false;
        *v = std::to_string(le(1));
        return true;
      case kSqlBit:
      case kXsdBoolean:
        if (!fixed(1, &p)) return false;
        *v = p[0] ? (t == kXsdBoolean ? "true" : "1")
                  : (t == kXsdBoolean ? "false" : "0");
        return true;
      case kSqlSmallInt:
        if (!fixed(2, &p)) return false;
        *v = std::to_string(sgn(2));
        return true;
      case kSqlInt:
        if (!fixed(4, &p)) return false;
        *v = std::to_string(sgn(4));
        return true;
      case kSqlBigInt:
        if (!fixed(8, &p)) return false;
        *v = std::to_string(sgn(8));
        return true;
      case kSqlMoney:
      case kSqlSmallMoney: {
        size_t k = t == kSqlMoney ? 8 : 4;
        if (!fixed(k, &p)) return false;
        int64_t x = sgn(k);
        // MONEY is stored as two 32-bit halves, high half first.
        if (k == 8) {
          uint64_t u = le(8);
          x = static_cast<int64_t>((u << 32) | (u >> 32));
        }
        bool neg = x < 0;
        uint64_t m =
            neg ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
        std::string frac = std::to_string(m % 10000);
        *v = (neg ? "-" : "") + std::to_string(m / 10000) + "." +
             std::string(4 - frac.size(), '0') + frac;
        return true;
      }
      case kSqlReal:
      case kSqlFloat: {
        size_t k = t == kSqlReal ? 4 : 8;
        if (!fixed(k, &p)) return false;
        char buf[64];
        if (k == 4) {
          float f;
          std::memcpy(&f, p, 4);
          std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
        } else {
          double d;
          std::memcpy(&d, p, 8);
          std::snprintf(buf, sizeof buf, "%.17g", d);
        }
        *v = buf;
        return true;
      }
      case kSqlUuid: {
        if (!fixed(16, &p)) return false;
        static const int order[16] = {3, 2, 1,  0,  5,  4,  7,  6,
                                      8, 9, 10, 11, 12, 13, 14, 15};
        static const char* hex = "0123456789ABCDEF";
        v->clear();
        for (int i = 0; i < 16; ++i) {
          if (i == 4 || i == 6 || i == 8 || i == 10) v->push_back('-');
          uint8_t c = static_cast<uint8_t>(p[order[i]]);
          v->push_back(hex[c >> 4]);
          v->push_back(hex[c & 15]);
        }
        return true;
      }
      default:
        return fail(
            "binary XML value token " + std::to_string(t) + " not decoded",
            pos_ - 1);
    }
  }

  static bool is_value(uint8_t t) {
    return t == kSqlNVarChar || t == kSqlNChar || t == kSqlNText ||
           (t >= 1 && t <= 9) || t == kSqlSmallMoney || t == kXsdBoolean;
  }

  // Closes the start tag of the innermost element if still open.
  void close_start_tag() {
    if (!open_.empty() && open_.back().start_tag_open) {
      text_ += '>';
      open_.back().start_tag_open = false;
    }
  }

  bool token() {
    const size_t at = pos_;
    uint8_t t = 0;
    if (!byte(&t)) return false;
    uint64_t n = 0;
    std::string s;
    switch (t) {
      case kName:
        if (!mb(&n, 5) || !utf16(n, &s)) return false;
        names_.push_back(std::move(s));
        return true;
      case kQName: {
        QN q;
        uint64_t a = 0, b = 0, c = 0;
        if (!mb(&a, 5) || !mb(&b, 5) || !mb(&c, 5)) return false;
        if (a >= names_.size() || b >= names_.size() || c >= names_.size())
          return fail("qualified name refers to an undefined name", at);
        q.ns = a;
        q.prefix = b;
        q.local = c;
        qnames_.push_back(q);
        return true;
      }
      case kNmFlush:
        names_.assign(1, std::string());
        qnames_.assign(1, QN{});
        return true;
      case kElement: {
        if (!mb(&n, 5)) return false;
        if (n == 0 || n >= qnames_.size())
          return fail("element refers to an undefined name", at);
        if (open_.size() > 1000) return fail("elements nested too deep", at);
        close_start_tag();
        text_ += '<';
        text_ += qname_text(n);
        open_.push_back({n, true, bindings_.size()});
        declare(qnames_[n], true);
        return true;
      }
      case kAttr: {
        if (open_.empty() || !open_.back().start_tag_open)
          return fail("attribute outside a start tag", at);
        if (!mb(&n, 5)) return false;
        if (n == 0 || n >= qnames_.size())
          return fail("attribute refers to an undefined name", at);
        declare(qnames_[n], false);
        text_ += ' ';
        text_ += qname_text(n);
        text_ += "=\"";
        // One or more value tokens make up the attribute's value.
        while (pos_ < b_.size() && is_value(static_cast<uint8_t>(b_[pos_]))) {
          uint8_t vt = static_cast<uint8_t>(b_[pos_++]);
          if (!value(vt, &s)) return false;
          escape(s, true, &text_);
        }
        text_ += '"';
        return true;
      }
      case kEndAttrs:
        close_start_tag();
        return true;
      case kEndElem:
        if (open_.empty()) return fail("end of an element never opened", at);
        if (open_.back().start_tag_open) {
          text_ += "/>";
        } else {
          text_ += "</";
          text_ += qname_text(open_.back().qname);
          text_ += '>';
        }
        bindings_.resize(open_.back().bindings);
        open_.pop_back();
        return true;
      case kComment:
      case kCData:
      case kPi: {
        std::string target;
        if (t == kPi) {
          if (!mb(&n, 5)) return false;
          if (n >= names_.size())
            return fail("processing instruction name undefined", at);
          target = names_[n];
        }
        uint8_t vt = 0;
        if (!byte(&vt) || !is_value(vt)) return fail("expected text", pos_);
        if (!value(vt, &s)) return false;
        close_start_tag();
        if (t == kComment) {
          text_ += "<!--" + s + "-->";
        } else if (t == kCData) {
          text_ += "<![CDATA[" + s + "]]>";
          if (pos_ < b_.size() && static_cast<uint8_t>(b_[pos_]) == kEndCData)
            ++pos_;
        } else {
          text_ += "<?" + target + (s.empty() ? "" : " " + s) + "?>";
        }
        return true;
      }
      case kEndCData:
        return true;
      case kXmlDecl: {
        // version text, then optional encoding text, then standalone byte.
        uint8_t vt = 0;
        if (!byte(&vt) || !is_value(vt) || !value(vt, &s))
          return fail("XML declaration version expected", pos_);
        std::string decl = "<?xml version=\"" + s + "\"";
        if (pos_ < b_.size() && static_cast<uint8_t>(b_[pos_]) == 0xFD) {
          ++pos_;
          if (!byte(&vt) || !is_value(vt) || !value(vt, &s))
            return fail("XML declaration encoding expected", pos_);
          decl += " encoding=\"" + s + "\"";
        }
        uint8_t standalone = 0;
        if (!byte(&standalone)) return false;
        if (standalone == 1) decl += " standalone=\"yes\"";
        if (standalone == 2) decl += " standalone=\"no\"";
        text_ += decl + "?>";
        return true;
      }
      case kNest:
      case kEndNest:
        return true;
      default:
        if (is_value(t)) {
          if (!value(t, &s)) return false;
          close_start_tag();
          escape(s, false, &text_);
          return true;
        }
        return fail("binary XML token " + std::to_string(t) + " not known", at);
    }
  }

  std::string_view b_;
  size_t pos_ = 0;
  std::vector<std::string> names_;
  std::vector<QN> qnames_;
  std::vector<Open> open_;
  std::vector<std::pair<std::string, std::string>> bindings_;
  std::string text_;
  std::string error_;
};

}  // namespace

bool binxml_to_text(std::string_view bytes, std::string* out) {
  Decoder d(bytes);
  if (d.run(out)) return true;
  *out = d.error();
  return false;
}

}  // namespace leakscope::mssql

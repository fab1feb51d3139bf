#include "classify/checks.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "classify/card_ranges.hpp"

namespace leakscope::classify {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int prefix_num(std::string_view d, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n && i < d.size(); ++i) v = v * 10 + (d[i] - '0');
  return v;
}

// IBAN lengths by country (ISO 13616 registry).
struct IbanLength {
  const char* cc;
  int length;
};
constexpr IbanLength kIbanLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20},
    {"BE", 16}, {"BG", 22}, {"BH", 22}, {"BR", 29}, {"BY", 28}, {"CH", 21},
    {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"DO", 28},
    {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27},
    {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28},
    {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
    {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32},
    {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MD", 24},
    {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18},
    {"NO", 15}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29},
    {"RO", 24}, {"RS", 22}, {"SA", 24}, {"SC", 31}, {"SE", 24}, {"SI", 19},
    {"SK", 24}, {"SM", 27}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24},
    {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
};

}  // namespace

bool luhn_ok(std::string_view d) {
  if (!all_digits(d)) return false;
  int sum = 0;
  bool dbl = false;
  for (size_t i = d.size(); i-- > 0;) {
    int v = d[i] - '0';
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

namespace {

struct CardRange {
  std::string network;
  uint64_t from = 0, to = 0;  // prefixes of `digits` digits
  size_t digits = 0;
  uint32_t lengths = 0;  // bit n: n digits allowed
};

// card_ranges.tsv parsed once; a malformed line is a build-time mistake
// (the table is the project's own) and stops the program.
const std::vector<CardRange>& card_ranges() {
  static const std::vector<CardRange> k = [] {
    std::vector<CardRange> out;
    const std::string_view tsv = card_ranges_tsv();
    size_t pos = 0;
    while (pos < tsv.size()) {
      size_t eol = tsv.find('\n', pos);
      if (eol == std::string_view::npos) eol = tsv.size();
      const std::string_view line = tsv.substr(pos, eol - pos);
      pos = eol + 1;
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> cells;
      size_t at = 0;
      for (;;) {
        const size_t tab = line.find('\t', at);
        cells.emplace_back(line.substr(at, tab == std::string_view::npos
                                               ? std::string_view::npos
                                               : tab - at));
        if (tab == std::string_view::npos) break;
        at = tab + 1;
      }
      if (cells.size() != 4 || cells[1].size() != cells[2].size())
        throw std::logic_error("card_ranges.tsv: bad line: " +
                               std::string(line));
      CardRange r;
      r.network = cells[0];
      r.from = std::stoull(cells[1]);
      r.to = std::stoull(cells[2]);
      r.digits = cells[1].size();
      size_t p = 0;
      while (p < cells[3].size()) {
        size_t comma = cells[3].find(',', p);
        if (comma == std::string::npos) comma = cells[3].size();
        const std::string part = cells[3].substr(p, comma - p);
        const size_t dash = part.find('-');
        const int lo = std::stoi(part.substr(0, dash));
        const int hi =
            dash == std::string::npos ? lo : std::stoi(part.substr(dash + 1));
        for (int n = lo; n <= hi && n < 32; ++n) r.lengths |= 1u << n;
        p = comma + 1;
      }
      out.push_back(std::move(r));
    }
    return out;
  }();
  return k;
}

}  // namespace

std::string card_network(std::string_view d) {
  const size_t n = d.size();
  if (!all_digits(d) || n < 12 || n > 19) return "";
  // The longest matching prefix; between equal lengths, the earlier row.
  const CardRange* best = nullptr;
  for (const auto& r : card_ranges()) {
    if (!(r.lengths & (1u << n)) || r.digits > n) continue;
    if (best && r.digits <= best->digits) continue;
    const uint64_t p = static_cast<uint64_t>(prefix_num(d, r.digits));
    if (p >= r.from && p <= r.to) best = &r;
  }
  if (!best) return "";
  return best->network == "visa_electron" ? "visa" : best->network;
}

bool test_card_number(std::string_view d) {
  // Numbers the networks and payment processors publish for testing.
  static const char* const kTest[] = {
      "4111111111111111",   "4012888888881881", "4222222222222",
      "4000056655665556",   "4242424242424242", "4012000033330026",
      "5555555555554444",   "5105105105105100", "5200828282828210",
      "2223003122003222",   "2221000000000009", "378282246310005",
      "371449635398431",    "378734493671000",  "6011111111111117",
      "6011000990139424",   "6011000400000000", "3530111333300000",
      "3566002020360505",   "30569309025904",   "38520000023237",
      "36227206271667",     "6200000000000005", "6759649826438453",
      "6799990100000000019"};
  for (const char* t : kTest)
    if (d == t) return true;
  // Sequences: all one digit apart from the check digit, or counting up.
  const std::string_view body = d.substr(0, d.size() - 1);
  bool same = true, rising = true;
  for (size_t i = 1; i < body.size(); ++i) {
    same = same && body[i] == body[0];
    rising = rising && (body[i] - '0') == (body[i - 1] - '0' + 1) % 10;
  }
  return same || rising;
}

bool iban_ok(std::string_view s) {
  if (s.size() < 15 || s.size() > 34) return false;
  int want = 0;
  for (const auto& l : kIbanLengths)
    if (s[0] == l.cc[0] && s[1] == l.cc[1]) want = l.length;
  if (want == 0 || static_cast<int>(s.size()) != want) return false;
  if (!std::isdigit(static_cast<unsigned char>(s[2])) ||
      !std::isdigit(static_cast<unsigned char>(s[3])))
    return false;
  // Rearranged (first four characters moved to the end), letters as 10..35,
  // reduced mod 97 digit by digit.
  int rem = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    char c = s[(k + 4) % s.size()];
    if (c >= '0' && c <= '9') {
      rem = (rem * 10 + (c - '0')) % 97;
    } else if (c >= 'A' && c <= 'Z') {
      rem = (rem * 100 + (c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return rem == 1;
}

bool ssn_ok(std::string_view d) {
  if (d.size() != 9 || !all_digits(d)) return false;
  int area = prefix_num(d, 3);
  int group = prefix_num(d.substr(3), 2);
  int serial = prefix_num(d.substr(5), 4);
  if (area == 0 || area == 666 || area >= 900) return false;
  if (group == 0 || serial == 0) return false;
  // Numbers published in advertising and never valid.
  if (d == "078051120" || d == "219099999") return false;
  return true;
}

bool nino_ok(std::string_view s) {
  if (s.size() != 9) return false;
  char a = s[0], b = s[1];
  if (!std::isupper(static_cast<unsigned char>(a)) ||
      !std::isupper(static_cast<unsigned char>(b)))
    return false;
  if (std::strchr("DFIQUV", a) || std::strchr("DFIOQUV", b)) return false;
  std::string_view pre = s.substr(0, 2);
  for (const char* bad : {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
    if (pre == bad) return false;
  if (!all_digits(s.substr(2, 6))) return false;
  return s[8] >= 'A' && s[8] <= 'D';
}

bool dni_ok(std::string_view s) {
  static const char* kLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
  if (s.size() != 9) return false;
  std::string num(s.substr(0, 8));
  if (num[0] == 'X' || num[0] == 'Y' || num[0] == 'Z')
    num[0] = static_cast<char>('0' + (num[0] - 'X'));
  if (!all_digits(num)) return false;
  long v = std::stol(num);
  return s[8] == kLetters[v % 23];
}

bool bsn_ok(std::string_view d) {
  if (d.size() != 9 || !all_digits(d)) return false;
  int sum = 0;
  for (int i = 0; i < 8; ++i)
    sum += (9 - i) * (d[static_cast<size_t>(i)] - '0');
  sum -= d[8] - '0';
  return sum % 11 == 0 && d != "000000000";
}

bool codice_fiscale_ok(std::string_view s) {
  if (s.size() != 16) return false;
  // Pattern: 6 letters, 2 digits, letter, 2 digits, letter, 3 digits, letter
  // (digits may be replaced by letters for homonyms: omocodia).
  static const char* kPattern = "LLLLLLNNLNNLNNNL";
  static const char* kOmocodia = "LMNPQRSTUV";
  for (size_t i = 0; i < 16; ++i) {
    char c = s[i];
    bool letter = c >= 'A' && c <= 'Z';
    bool digit = c >= '0' && c <= '9';
    if (kPattern[i] == 'L' && !letter) return false;
    if (kPattern[i] == 'N' && !digit && !(letter && std::strchr(kOmocodia, c)))
      return false;
  }
  // Values of characters in odd (1st, 3rd, ...) positions.
  static const int kOdd[36] = {1,  0, 5, 7,  9,  13, 15, 17, 19, 21, 1,  0,
                               5,  7, 9, 13, 15, 17, 19, 21, 2,  4,  18, 20,
                               11, 3, 6, 8,  12, 14, 16, 10, 22, 25, 24, 23};
  int sum = 0;
  for (size_t i = 0; i < 15; ++i) {
    char c = s[i];
    int idx = c >= '0' && c <= '9' ? c - '0' : 10 + (c - 'A');
    if (i % 2 == 0) {
      sum += kOdd[idx];
    } else {
      sum += c >= '0' && c <= '9' ? c - '0' : c - 'A';
    }
  }
  return s[15] == static_cast<char>('A' + sum % 26);
}

bool aadhaar_ok(std::string_view d) {
  if (d.size() != 12 || !all_digits(d) || d[0] < '2') return false;
  static const int kD[10][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
      {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
      {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
      {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static const int kP[8][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
      {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
      {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  int c = 0;
  for (size_t i = 0; i < d.size(); ++i)
    c = kD[c][kP[i % 8][d[d.size() - 1 - i] - '0']];
  return c == 0;
}

}  // namespace leakscope::classify

// leakscope-classify-bench --mb N --corpus FILE --patterns FILE
// Generates N MiB of text (seeded: the same on every run): mail bodies with
// identifiers of every recognised type among prose, document prose with
// dates and amounts, and CSV rows of people; writes it to FILE, and the
// candidate patterns (ripgrep syntax) to the patterns FILE. Then, on one
// thread, over 64 KiB pieces of the corpus (an item's text):
//   candidates  find_candidates() alone (vectorscan, one database)
//   classifier  scan_all(): candidates and every recognizer they call for
// and prints one JSON line with MB/s (MiB/s) and counts.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "classify/candidates.hpp"
#include "classify/recognizers.hpp"

namespace {

const char* kWords[] = {
    "the",      "project",  "meeting", "report",  "please", "review",
    "budget",   "customer", "supply",  "quality", "update", "schedule",
    "delivery", "contract", "team",    "office",  "next",   "week",
    "Angebot",  "Termin",   "prix",    "réunion", "данные", "отчет",
    "and",      "with",     "from",    "about",   "for",    "regards"};
const char* kFirst[] = {"anna", "bob", "carol", "dmitri", "elena", "hugo"};
const char* kLast[] = {"berg", "stone", "king", "ivanov", "rossi", "moreau"};
const char* kDomains[] = {"contoso.com", "fabrikam.de", "northwind.co.uk",
                          "adatum.fr", "litware.es"};

std::string luhn(std::mt19937& r, const char* prefix, int len) {
  std::string d = prefix;
  while (static_cast<int>(d.size()) < len - 1)
    d += static_cast<char>('0' + r() % 10);
  int sum = 0;
  for (int i = static_cast<int>(d.size()) - 1, k = 0; i >= 0; --i, ++k) {
    int v = d[static_cast<size_t>(i)] - '0';
    if (k % 2 == 0) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return d + static_cast<char>('0' + (10 - sum % 10) % 10);
}

void prose(std::mt19937& r, std::string& out, int words) {
  for (int i = 0; i < words; ++i) {
    out += kWords[r() % (sizeof kWords / sizeof *kWords)];
    out += (r() % 12 == 0) ? ". " : " ";
  }
}

std::string email(std::mt19937& r) {
  return std::string(kFirst[r() % 6]) + "." + kLast[r() % 6] + "@" +
         kDomains[r() % 5];
}

std::string corpus(size_t bytes) {
  std::mt19937 r(42);
  std::string out;
  out.reserve(bytes + 4096);
  char buf[128];
  while (out.size() < bytes) {
    const unsigned kind = r() % 10;
    if (kind < 5) {  // a mail body
      out += "Hello " + std::string(kFirst[r() % 6]) + ",\n";
      prose(r, out, 40);
      std::snprintf(buf, sizeof buf, "\nCall me on +49 30 %08u or write to ",
                    static_cast<unsigned>(r() % 100000000));
      out += buf + email(r) + ".\n";
      if (r() % 4 == 0) out += "Card " + luhn(r, "4", 16) + " exp 04/27\n";
      if (r() % 4 == 0) out += "IBAN DE89 3704 0044 0532 0130 00\n";
      prose(r, out, 30);
      out += "\nRegards\n\n";
    } else if (kind < 8) {  // document prose
      prose(r, out, 120);
      std::snprintf(
          buf, sizeof buf, "\nDue %02u.%02u.20%02u, total EUR %u,%02u\n",
          static_cast<unsigned>(1 + r() % 28),
          static_cast<unsigned>(1 + r() % 12), static_cast<unsigned>(r() % 30),
          static_cast<unsigned>(r() % 100000),
          static_cast<unsigned>(r() % 100));
      out += buf;
    } else {  // CSV rows
      for (int i = 0; i < 8; ++i) {
        std::snprintf(buf, sizeof buf, "%u;%s %s;", static_cast<unsigned>(r()),
                      kFirst[r() % 6], kLast[r() % 6]);
        out += buf + email(r);
        std::snprintf(buf, sizeof buf, ";+44 20 7946 %04u;London;%u.%02u\n",
                      static_cast<unsigned>(r() % 10000),
                      static_cast<unsigned>(r() % 5000),
                      static_cast<unsigned>(r() % 100));
        out += buf;
      }
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = 256;
  std::string corpus_path, patterns_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mb"))
      mb = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--corpus"))
      corpus_path = argv[i + 1];
    else if (!std::strcmp(argv[i], "--patterns"))
      patterns_path = argv[i + 1];
  }
  const std::string text = corpus(mb << 20);
  if (!corpus_path.empty())
    std::ofstream(corpus_path, std::ios::binary) << text;
  if (!patterns_path.empty()) {
    // ripgrep's default engine: (?-u) makes \x80-\xff bytes, as vectorscan
    // reads them; the caseless pattern gets (?i).
    std::ofstream p(patterns_path);
    for (const auto& [family, re] : leakscope::classify::candidate_patterns())
      p << (re.rfind("passw", 0) == 0 ? "(?i-u)" : "(?-u)") << re << "\n";
  }
  constexpr size_t kPiece = 64 << 10;
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  size_t with_candidates = 0;
  for (size_t at = 0; at < text.size(); at += kPiece)
    with_candidates += leakscope::classify::find_candidates(
                           std::string_view(text).substr(at, kPiece)) != 0;
  const double cand_s =
      std::chrono::duration<double>(clock::now() - t0).count();
  t0 = clock::now();
  size_t findings = 0;
  std::vector<leakscope::Finding> out;
  leakscope::classify::ScanContext ctx;
  for (size_t at = 0; at < text.size(); at += kPiece) {
    out.clear();
    leakscope::classify::scan_all(std::string_view(text).substr(at, kPiece),
                                  ctx, out);
    findings += out.size();
  }
  const double all_s = std::chrono::duration<double>(clock::now() - t0).count();
  const double mib = static_cast<double>(text.size()) / (1 << 20);
  // Each recognizer alone over every piece: where the classifier's time
  // goes.
  namespace c = leakscope::classify;
  using Finder = void (*)(std::string_view, const c::ScanContext&,
                          std::vector<leakscope::Finding>&);
  const std::pair<const char*, Finder> finders[] = {
      {"emails", c::find_emails},
      {"phones", c::find_phones},
      {"cards", c::find_cards},
      {"ibans", c::find_ibans},
      {"ip_addresses", c::find_ip_addresses},
      {"dates_of_birth", c::find_dates_of_birth},
      {"national_ids", c::find_national_ids},
      {"secrets", c::find_secrets}};
  std::string per;
  for (const auto& [name, fn] : finders) {
    t0 = clock::now();
    for (size_t at = 0; at < text.size(); at += kPiece) {
      out.clear();
      fn(std::string_view(text).substr(at, kPiece), ctx, out);
    }
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    char b[64];
    std::snprintf(b, sizeof b, "%s\"%s\":%.1f", per.empty() ? "" : ",", name,
                  mib / s);
    per += b;
  }
  std::printf(
      "{\"mib\":%.1f,\"candidates_mib_s\":%.1f,\"classifier_mib_s\":%.1f,"
      "\"pieces_with_candidates\":%zu,\"findings\":%zu,"
      "\"recognizer_mib_s\":{%s}}\n",
      mib, mib / cand_s, mib / all_s, with_candidates, findings, per.c_str());
  return 0;
}

#include "classify/candidates.hpp"

#include <hs/hs.h>

#include <mutex>
#include <stdexcept>

namespace leakscope::classify {

namespace {

struct Pattern {
  uint32_t family;
  const char* regex;
  unsigned flags;
};

// Written for vectorscan's PCRE subset; each pattern fires at most once per
// scan (HS_FLAG_SINGLEMATCH): the question is whether, not where.
const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> k = {
      {kCandEmail,
       R"(@[A-Za-z0-9\x80-\xff][A-Za-z0-9\x80-\xff-]*\.[A-Za-z\x80-\xff])", 0},
      {kCandNumber, R"([0-9+(][0-9 ()./-]{5,}[0-9])", 0},
      {kCandIban, R"([A-Za-z]{2}[0-9]{2} ?[A-Za-z0-9]{4})", 0},
      {kCandIp, R"([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})", 0},
      {kCandIp, R"([0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{1,4})", 0},
      {kCandNational, R"([0-9]{8}[A-Za-z])", 0},
      {kCandNational, R"([XYZxyz][0-9]{7}[A-Za-z])", 0},
      {kCandNational,
       R"([A-Za-z]{6}[0-9]{2}[A-Za-z][0-9]{2}[A-Za-z][0-9]{3}[A-Za-z])", 0},
      {kCandNational, R"([A-Za-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d])",
       0},
      {kCandNational, R"([0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{4})", 0},
      {kCandNational, R"([0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4})", 0},
      {kCandSecret,
       R"(AKIA|ASIA|-----BEGIN |ghp_|gho_|ghs_|github_pat_|xox[bpa]-|[sr]k_live_|AIza|eyJ[A-Za-z0-9_-]*\.eyJ)",
       0},
      {kCandSecret, R"(passw(or)?d ?=|pwd=)", HS_FLAG_CASELESS},
      {kCandDate, R"([0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4})", 0},
  };
  return k;
}

struct Databases {
  hs_database_t* block = nullptr;
  hs_database_t* stream = nullptr;
};

hs_database_t* compile(unsigned mode) {
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < patterns().size(); ++i) {
    exprs.push_back(patterns()[i].regex);
    flags.push_back(patterns()[i].flags | HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(exprs.size()), mode, nullptr, &db,
                       &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown error";
    const int which = err ? err->expression : -1;
    hs_free_compile_error(err);
    throw std::logic_error("vectorscan: candidate pattern " +
                           std::to_string(which) + ": " + msg);
  }
  return db;
}

const Databases& databases() {
  static const Databases d = [] {
    Databases x;
    x.block = compile(HS_MODE_BLOCK);
    x.stream = compile(HS_MODE_STREAM);
    return x;
  }();
  return d;
}

// Scratch space for this thread, valid for both databases.
hs_scratch_t* scratch() {
  thread_local struct Holder {
    hs_scratch_t* s = nullptr;
    ~Holder() {
      if (s) hs_free_scratch(s);
    }
  } holder;
  if (!holder.s) {
    const Databases& d = databases();
    if (hs_alloc_scratch(d.block, &holder.s) != HS_SUCCESS ||
        hs_alloc_scratch(d.stream, &holder.s) != HS_SUCCESS)
      throw std::bad_alloc();
  }
  return holder.s;
}

int on_match(unsigned int id, unsigned long long, unsigned long long,
             unsigned int, void* ctx) {
  auto* mask = static_cast<uint32_t*>(ctx);
  *mask |= patterns()[id].family;
  return *mask == kAllCandidates ? 1 : 0;  // every family seen: stop
}

}  // namespace

uint32_t find_candidates(std::string_view text) {
  uint32_t mask = 0;
  if (text.empty()) return 0;
  const Databases& d = databases();
  hs_scratch_t* s = scratch();
  if (text.size() <= kStreamThreshold) {
    hs_scan(d.block, text.data(), static_cast<unsigned>(text.size()), 0, s,
            on_match, &mask);
    return mask;
  }
  hs_stream_t* st = nullptr;
  if (hs_open_stream(d.stream, 0, &st) != HS_SUCCESS) return kAllCandidates;
  for (size_t at = 0; at < text.size() && mask != kAllCandidates;
       at += kStreamThreshold) {
    const size_t n = std::min(kStreamThreshold, text.size() - at);
    if (hs_scan_stream(st, text.data() + at, static_cast<unsigned>(n), 0, s,
                       on_match, &mask) != HS_SUCCESS)
      break;
  }
  hs_close_stream(st, s, on_match, &mask);
  return mask;
}

std::vector<std::pair<uint32_t, std::string>> candidate_patterns() {
  std::vector<std::pair<uint32_t, std::string>> out;
  for (const auto& p : patterns()) out.emplace_back(p.family, p.regex);
  return out;
}

}  // namespace leakscope::classify

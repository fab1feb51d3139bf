// Candidate finding: one libvectorscan database holds a pattern for every
// recognizer family; a scan over a value (block mode) or a long text
// (streaming mode, in pieces) says which families have a candidate in it,
// and only those families' recognizers (with their checks: Luhn, mod 97,
// libphonenumber, check letters, the public suffix list) then run.
//
// Thread safety: the databases are compiled once per process (immutable,
// shared); each thread has its own scratch space.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::classify {

// Bits of a Candidates mask.
enum CandidateFamily : uint32_t {
  kCandEmail = 1u << 0,     // "@" then a domain-like label and a dot
  kCandNumber = 1u << 1,    // 7+ digits with the separators numbers use:
                            // phones, cards, account numbers, SSN, dates
  kCandIban = 1u << 2,      // two letters, two digits, then groups
  kCandIp = 1u << 3,        // dotted quad, or an IPv6 group pair
  kCandNational = 1u << 4,  // DNI/NIE, codice fiscale, NINO shapes; 9-12
                            // digit runs (SSN, BSN, Aadhaar)
  kCandSecret = 1u << 5,    // key and token prefixes, PEM, JWT, passwords
  kCandDate = 1u << 6,      // day/month/year shapes (dates of birth)
};
inline constexpr uint32_t kAllCandidates = 0x7F;

// The families with a candidate in `text` (0: none). Texts longer than
// kStreamThreshold are scanned in streaming mode, 1 MiB at a time.
uint32_t find_candidates(std::string_view text);
inline constexpr size_t kStreamThreshold = 1u << 20;

// The patterns with their family bits, for a peer tool (ripgrep) to run
// the same set in scripts/bench classify.
std::vector<std::pair<uint32_t, std::string>> candidate_patterns();

}  // namespace leakscope::classify

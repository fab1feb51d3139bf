// Parsers report damage here and carry on. A Reporter never throws; it only
// records. Every report names where the damage is (locator + byte offset
// within that locator's bytes when known) and what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leakscope {

inline constexpr uint64_t kNoOffset = UINT64_MAX;

struct Damage {
  std::string locator;          // where: same form as Item::locator
  uint64_t offset = kNoOffset;  // byte offset inside that locator, if known
  std::string what;             // what was found and what was expected
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void corruption(const std::string& locator, uint64_t offset,
                          const std::string& what) = 0;
  // A recoverable note that is not damage (an unknown stream skipped, a
  // charset guessed). Defaults to dropping it.
  virtual void note(const std::string& locator, const std::string& what) {}
};

// Collects everything in memory; the ingest pipeline stores these with the
// source, tests assert on them.
class CollectingReporter : public Reporter {
 public:
  void corruption(const std::string& locator, uint64_t offset,
                  const std::string& what) override {
    damages.push_back({locator, offset, what});
  }
  void note(const std::string& locator, const std::string& what) override {
    notes.push_back({locator, kNoOffset, what});
  }
  std::vector<Damage> damages;
  std::vector<Damage> notes;
};

}  // namespace leakscope
